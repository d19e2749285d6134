"""WeasyPrint's log records during a render become a Danish BuildError."""

from __future__ import annotations

import logging
import threading

import pytest
import weasyprint.pdf.fonts

from brevgen.errors import BuildError, Problem
from brevgen.render.pdf.log import fail_on_weasyprint_warnings, translate
from weasydocs import html, render

WEASYPRINT = logging.getLogger("weasyprint")


def problems_of(folder, source, **options) -> list[Problem]:
    with pytest.raises(BuildError) as caught:
        with fail_on_weasyprint_warnings("brev.pdf"):
            render(folder, source, pdf_variant="pdf/ua-1", **options)
    return caught.value.problems


def test_good_document_renders_quietly(tmp_path):
    handlers = list(WEASYPRINT.handlers)
    with fail_on_weasyprint_warnings("brev.pdf") as records:
        render(tmp_path, html(), pdf_variant="pdf/ua-1")
    assert records == []
    assert WEASYPRINT.handlers == handlers


def test_image_without_alt(tmp_path):
    assert problems_of(tmp_path, html(alt=None)) == [
        Problem(
            "brev.pdf",
            "Billedet 'firkant.png' mangler alternativ tekst (alt), som PDF/UA kræver af "
            "tilgængelige dokumenter.",
        )
    ]


def test_missing_lang(tmp_path):
    assert problems_of(tmp_path, html(lang=None)) == [
        Problem(
            "brev.pdf",
            "Dokumentet mangler sprogangivelse (lang på <html>), som PDF/UA kræver; "
            'skabelonen skal have <html lang="da">.',
        )
    ]


def test_missing_image(tmp_path):
    assert problems_of(tmp_path, html(src="mangler.png")) == [
        Problem(
            "brev.pdf",
            f"Billedet '{tmp_path / 'mangler.png'}' kunne ikke indlæses (filen findes ikke).",
        )
    ]


def test_ignored_css(tmp_path):
    head = "<style>p { colr: red; margin: banana; }</style>"
    assert [p.message for p in problems_of(tmp_path, html(head=head))] == [
        "CSS-erklæringen 'colr: red' (linje 1, kolonne 5) blev ignoreret: ukendt egenskab.",
        "CSS-erklæringen 'margin: banana' (linje 1, kolonne 16) blev ignoreret: ugyldig værdi.",
    ]


def test_unloadable_font_face(tmp_path):
    head = "<style>@font-face { font-family: Brand; src: url(mangler.ttf) }</style>"
    assert [p.message for p in problems_of(tmp_path, html(head=head))] == [
        "Skrifttypen 'Brand' fra en @font-face-regel kunne ikke indlæses."
    ]


def test_character_missing_from_fonts(tmp_path):
    source = html().replace("Første punkt", "Første punkt \u4e2d")
    assert [p.message for p in problems_of(tmp_path, source)] == [
        "Tegnet '\u4e2d' (U+4E2D) findes ikke i skrifttyperne og vises som en tom firkant."
    ]


def test_fonttools_fallback_is_a_working_fallback(tmp_path, monkeypatch):
    """Without HarfBuzz-Subset the build still works (fontTools subsets the fonts)."""
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    with fail_on_weasyprint_warnings("brev.pdf") as records:
        data = render(tmp_path, html(), pdf_variant="pdf/ua-1")
    assert records == []
    assert data.startswith(b"%PDF")


def test_fonttools_fallback_message_is_translated():
    record = logging.LogRecord(
        "weasyprint",
        logging.WARNING,
        "",
        0,
        'Using fontTools instead of HarfBuzz-Subset for font "%s". This will be unsupported.',
        ("Lato",),
        None,
    )
    assert translate(record) in [
        "Skrifttypen 'Lato' blev skåret ned til de brugte tegn med fontTools, fordi "
        "HarfBuzz-Subset ikke er installeret; installér HarfBuzz-Subset 4.1.0 eller nyere "
        "(Debian/Ubuntu: libharfbuzz-subset0), så PDF-filerne bliver ens ved hver kørsel "
        "og på alle maskiner."
    ]


def test_unknown_records_pass_through_once_and_progress_is_ignored():
    with pytest.raises(BuildError) as caught:
        with fail_on_weasyprint_warnings("bilag-2.pdf"):
            logging.getLogger("weasyprint.progress").warning("Step 1 - Fetching")
            WEASYPRINT.info("Not a warning")
            WEASYPRINT.warning("Something new: %s", 42)
            WEASYPRINT.warning("Something new: %s", 42)
    assert caught.value.problems == [Problem("bilag-2.pdf", "WeasyPrint: Something new: 42")]


def test_exception_in_block_propagates_and_handler_is_removed():
    handlers = list(WEASYPRINT.handlers)
    with pytest.raises(KeyError):
        with fail_on_weasyprint_warnings("brev.pdf"):
            WEASYPRINT.error("Failed to load image at %r: %s", "x.png", "boom")
            raise KeyError("x")
    assert WEASYPRINT.handlers == handlers
    with pytest.raises(BuildError):
        with fail_on_weasyprint_warnings("brev.pdf"):
            WEASYPRINT.warning("x")
    assert WEASYPRINT.handlers == handlers


def test_warnings_are_collected_under_a_quiet_logging_setup():
    WEASYPRINT.setLevel(logging.ERROR)
    try:
        with pytest.raises(BuildError):
            with fail_on_weasyprint_warnings("brev.pdf"):
                WEASYPRINT.warning("Subgrids are unsupported")
        assert WEASYPRINT.level == logging.ERROR
    finally:
        WEASYPRINT.setLevel(logging.NOTSET)


def test_records_from_other_threads_are_not_counted():
    with fail_on_weasyprint_warnings("brev.pdf") as records:
        other = threading.Thread(target=WEASYPRINT.warning, args=("from another render",))
        other.start()
        other.join()
    assert records == []


@pytest.mark.parametrize(
    ("template", "args", "danish"),
    [
        (
            "Ignored `%s:%s` at %d:%d, prefix on this attribute is not supported, use %r instead.",
            ("-webkit-hyphens", " auto", 3, 5, "hyphens"),
            "CSS-erklæringen '-webkit-hyphens: auto' (linje 3, kolonne 5) blev ignoreret: "
            "præfikset understøttes ikke, brug 'hyphens'.",
        ),
        (
            "Failed to load stylesheet at %s : %s",
            ("file:///skabeloner/brev.css", FileNotFoundError(2, "No such file or directory")),
            "Stilarket '/skabeloner/brev.css' kunne ikke indlæses (filen findes ikke).",
        ),
        (
            'Invalid date in <meta name="%s"> %r',
            ("dcterms.created", "14-03-2016"),
            'Datoen i <meta name="dcterms.created"> er ugyldig: 14-03-2016.',
        ),
        (
            "Unknown PDF option: %s.",
            ("pdf_tagz",),
            "WeasyPrint kender ikke indstillingen 'pdf_tagz' (fejl i brevgen).",
        ),
        (
            'Image "%s" has no required alt description',
            (),  # wrong arguments: passed through rather than crash
            'WeasyPrint: Image "%s" has no required alt description',
        ),
    ],
)
def test_translate(template, args, danish):
    record = logging.LogRecord("weasyprint", logging.WARNING, __file__, 1, template, args, None)
    assert translate(record) == danish
