"""Accessibility checks on PDFs rendered by WeasyPrint and on hand-broken ones."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from brevgen.render.pdf.check import check_pdf
from weasydocs import TITLE, html, render

NOT_TAGGED = "PDF-filen er ikke angivet som tagget PDF (/MarkInfo /Marked er ikke sand)."
NO_TREE = (
    "PDF-filen har intet strukturtræ (/StructTreeRoot), så skærmlæsere kan ikke finde "
    "overskrifter, lister og tabeller."
)
NO_DISPLAY_TITLE = (
    "PDF-læseren er ikke sat til at vise dokumentets titel i stedet for filnavnet "
    "(/ViewerPreferences /DisplayDocTitle er ikke sand)."
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdfcheck")


@pytest.fixture(scope="module")
def good_pdf(folder) -> bytes:
    return render(folder, html(), pdf_variant="pdf/ua-1")


def test_good_document_has_no_faults(good_pdf, folder):
    assert check_pdf(good_pdf, expect_title=TITLE) == []
    path = folder / "god.pdf"
    path.write_bytes(good_pdf)
    assert check_pdf(path, expect_title=TITLE) == []
    assert check_pdf(str(path)) == []


def test_regional_danish_is_accepted(folder):
    pdf = render(folder, html(lang="da-DK"), pdf_variant="pdf/ua-1")
    assert check_pdf(pdf) == []


def test_missing_lang(folder):
    pdf = render(folder, html(lang=None), pdf_variant="pdf/ua-1")
    assert check_pdf(pdf, expect_title=TITLE) == [
        "Dokumentsproget (/Lang) mangler, men skal være 'da'."
    ]


def test_wrong_lang(folder):
    pdf = render(folder, html(lang="en"), pdf_variant="pdf/ua-1")
    assert check_pdf(pdf) == ["Dokumentsproget (/Lang) er 'en', men skal være 'da'."]


def test_missing_title(folder):
    pdf = render(folder, html(title=None), pdf_variant="pdf/ua-1")
    assert check_pdf(pdf) == ["Dokumentet har ingen titel (hverken /Title eller dc:title i XMP)."]


def test_unexpected_title(good_pdf):
    assert check_pdf(good_pdf, expect_title="Bilag 1") == [
        f"Dokumentets titel (/Title) er '{TITLE}', men skal være 'Bilag 1'.",
        f"Dokumentets titel (dc:title) er '{TITLE}', men skal være 'Bilag 1'.",
    ]


def test_image_without_alt(folder):
    pdf = render(folder, html(alt=None), pdf_variant="pdf/ua-1")
    assert check_pdf(pdf) == [
        "Et billede (strukturelement /Figure) på side 1 har ingen alternativ tekst (/Alt)."
    ]


def test_plain_pdf_is_not_accessible(folder):
    pdf = render(folder, html())
    assert check_pdf(pdf, expect_title=TITLE) == [
        NOT_TAGGED,
        NO_TREE,
        NO_DISPLAY_TITLE,
        "PDF-filen har ingen XMP-metadata (/Metadata).",
    ]


@pytest.mark.parametrize(("variant", "part"), [("pdf/a-3a", "3"), ("pdf/a-2a", "2")])
def test_pdf_a_level_a_keeps_tagging(folder, variant, part):
    pdf = render(folder, html(), pdf_variant=variant)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.Root.StructTreeRoot.K) == 1  # the /Document element
        assert doc.Root.StructTreeRoot.K[0].S == "/Document"
    assert check_pdf(pdf, expect_title=TITLE, variant=variant) == []
    # WeasyPrint does not declare PDF/UA in a PDF/A file (pdfmeta adds it).
    assert check_pdf(pdf, variant="pdf/ua-1") == [
        "XMP-metadata mangler pdfuaid:part = 1, som erklærer PDF/UA-1."
    ]


def test_pdf_a_level_b_drops_tagging(folder):
    pdf = render(folder, html(), pdf_variant="pdf/a-3b")
    assert check_pdf(pdf, variant="pdf/a-3a") == [
        NOT_TAGGED,
        NO_TREE,
        NO_DISPLAY_TITLE,
        "XMP-metadata erklærer pdfaid:conformance = B, men skal være A (PDF/A-3a).",
    ]


def test_variant_mismatch(folder, good_pdf):
    pdf = render(folder, html(), pdf_variant="pdf/a-2a")
    assert check_pdf(pdf, variant="pdf/a-3a") == [
        "XMP-metadata erklærer pdfaid:part = 2, men skal være 3 (PDF/A-3a)."
    ]
    assert check_pdf(good_pdf, variant="pdf/a-3a") == [
        "XMP-metadata mangler pdfaid:part = 3, som erklærer PDF/A-3a.",
        "XMP-metadata mangler pdfaid:conformance = A, som erklærer PDF/A-3a.",
    ]


def test_font_not_embedded_and_without_unicode_map(good_pdf):
    with pikepdf.open(io.BytesIO(good_pdf)) as doc:
        (font,) = doc.pages[0].Resources.Font.values()
        assert font.Subtype == "/Type0"
        del font.DescendantFonts[0].FontDescriptor["/FontFile2"]
        del font["/ToUnicode"]
        out = io.BytesIO()
        doc.save(out)
    assert check_pdf(out.getvalue()) == [
        "Skrifttypen 'Lato' er ikke indlejret i PDF-filen.",
        "Skrifttypen 'Lato' har ingen /ToUnicode-tabel, så teksten kan ikke kopieres eller "
        "læses op korrekt.",
    ]


def test_fonts_inside_form_xobjects_are_checked(good_pdf):
    with pikepdf.open(io.BytesIO(good_pdf)) as doc:
        helvetica = doc.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            )
        )
        form = doc.make_stream(b"BT /F1 9 Tf (x) Tj ET")
        form.Type = pikepdf.Name.XObject
        form.Subtype = pikepdf.Name.Form
        form.BBox = [0, 0, 10, 10]
        form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica))
        resources = doc.pages[0].Resources
        resources.XObject.Fx = form
        out = io.BytesIO()
        doc.save(out)
    assert check_pdf(out.getvalue()) == [
        "Skrifttypen 'Helvetica' er ikke indlejret i PDF-filen.",
        "Skrifttypen 'Helvetica' har ingen /ToUnicode-tabel, så teksten kan ikke kopieres "
        "eller læses op korrekt.",
    ]


def test_unreadable_file():
    (fault,) = check_pdf(b"%PDF-1.7 not really")
    assert fault.startswith("Filen kan ikke læses som PDF: ")


def test_check_names_every_fault_of_a_file(folder):
    path = folder / "uden-titel.pdf"
    path.write_bytes(render(folder, html(title=None, lang="en"), pdf_variant="pdf/ua-1"))
    assert check_pdf(path) == [
        "Dokumentsproget (/Lang) er 'en', men skal være 'da'.",
        "Dokumentet har ingen titel (hverken /Title eller dc:title i XMP).",
    ]


def test_unknown_variant_is_a_programming_error(good_pdf):
    with pytest.raises(ValueError, match="pdf/x-4"):
        check_pdf(good_pdf, variant="pdf/x-4")
