"""The builders' run-long caches give exactly the bytes of the obvious, uncached way."""

from __future__ import annotations

import dataclasses
import functools
import io
import zipfile

import pytest
from docxtpl import DocxTemplate
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from brevgen.content.project import load_project
from brevgen.contracts.round_terms import round_terms
from brevgen.output import normalize_zip, zip_entries
from brevgen.plans.contracts import identity as contract_identity
from brevgen.plans.contracts import prepare
from brevgen.render import docx_blocks
from brevgen.render.docx import DocxBuilder
from brevgen.render.docx_package import DocumentInfo, Packager
from brevgen.render.pdf import PdfBuilder
from brevgen.templating import docx_env
from helpers import REPO
from sample_register import make_register

LINKS = [
    "Se [Danske Regioner](https://www.regioner.dk) og [KL](https://www.kl.dk).",
    "Først [KL](https://www.kl.dk), så [Danske Regioner](https://www.regioner.dk).",
    "Skriv til [os](mailto:info@regioner.dk) eller se [KL](https://www.kl.dk).",
]


@functools.cache
def _packager(templates) -> Packager:
    return Packager(templates / "fonts")


def fresh_docx(templates, view) -> bytes:
    """What DocxBuilder did before its caches: a fresh DocxTemplate for every document,
    saved, then finished like every brevgen DOCX (metadata, embedded fonts)."""
    template = DocxTemplate(templates / "docx" / f"{view.layout}.docx")
    env = docx_env()
    docx_blocks.install(env, templates / "fonts")  # letterhead, signatures, links
    template.render({**view.template_context(), "_docx": template}, jinja_env=env, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    info = DocumentInfo(title=view.title, author=view.author, date=view.date)
    return _packager(templates).finish_docx(buffer.getvalue(), info)


@pytest.fixture(scope="module")
def contracts(tmp_path_factory):
    project = load_project(REPO, "ok15-regioner")
    terms = round_terms(project, project.rounds["ok15-regioner"])
    register = make_register(
        tmp_path_factory.mktemp("r") / "r.xlsx", terms, rows=16, seed=3, nasty=True
    )
    prepared = prepare(project, "ok15-regioner", register)
    views = [prepared.views.view(issued) for issued in prepared.outcome.issued]
    # Hyperlinks in different orders and repeated texts: cached fields must keep their ids.
    linked = []
    for i, view in enumerate(views[:6]):
        context = dict(view.context)
        context["indledning"] = LINKS[i % len(LINKS)]
        context["underskrift"] = LINKS[(i + 1) % len(LINKS)]
        linked.append(dataclasses.replace(view, context=context))
    return prepared, views + linked


def test_docx_builder_gives_the_bytes_of_a_fresh_docxtemplate(contracts):
    prepared, views = contracts
    templates = REPO / "templates"
    builder = DocxBuilder(templates)
    for view in views:
        assert builder.render([view]) == fresh_docx(templates, view), view.slug
    # The same builder again (every cache warm) still gives the same bytes.
    for view in views[-4:]:
        assert builder.render([view]) == fresh_docx(templates, view), view.slug
    for layout in builder._layouts.values():
        layout.check_shared()  # the parts shared between renders were never changed


def test_docx_builder_for_letters_and_appendices():
    from brevgen.views.letters import letter_views

    project = load_project(REPO, "ok15-regioner")
    rnd = project.rounds["ok15-regioner"]
    mailings = letter_views(project, rnd, rnd.documents["brev"])[:2]
    views = [v for m in mailings for v in (m.letter, *m.appendices)]
    builder = DocxBuilder(REPO / "templates")
    for view in views:
        assert builder.render([view]) == fresh_docx(REPO / "templates", view), view.slug


def test_zip_entries_match_normalize_zip():
    entries = {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document/>" * 500,
        "tom.xml": b"",
        "mappe/æøå.txt": "blåbærgrød".encode(),
    }
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        for name, data in reversed(entries.items()):
            archive.writestr(name, data)
    cache: dict = {}
    assert zip_entries(entries, cache) == normalize_zip(raw.getvalue())
    assert zip_entries(dict(entries), cache) == normalize_zip(raw.getvalue())
    changed = {**entries, "word/document.xml": b"<w:document>2</w:document>"}
    assert zip_entries(changed, cache) == zip_entries(changed)
    assert len(cache) == len(entries)  # one entry per name, however many documents


def test_pdf_builder_parsed_stylesheets_give_the_bytes_of_linked_ones(contracts):
    prepared, views = contracts
    builder = PdfBuilder(REPO / "templates")
    fonts = FontConfiguration()
    for issued, view in list(zip(prepared.outcome.issued, views, strict=False))[:3]:
        identity = contract_identity(prepared.round_id, issued)
        ours = builder.write([builder.layout(view, identity)], identity, view.title, view.date)
        source = builder.html.source(view)
        assert '<link rel="stylesheet"' in source
        plain = HTML(string=source, base_url=builder.base_url).render(font_config=fonts)
        theirs = builder.write([plain], identity, view.title, view.date)
        assert ours == theirs, view.slug
    # Both of the contract's stylesheets were parsed once and handed over in link order.
    assert [u.rsplit("/", 1)[1] for u in builder._parsed] == ["style.css", "kontrakt.css"]


def test_pdf_builder_leaves_documents_with_their_own_styles_alone():
    builder = PdfBuilder(REPO / "templates")
    source = '<html><head><link rel="stylesheet" href="style.css"><style>p{}</style></head>'
    assert builder._stylesheets(source, []) == (source, [])
    inline = '<link rel="stylesheet" href="style.css"><p style="color: red">x</p>'
    assert builder._stylesheets(inline, []) == (inline, [])
