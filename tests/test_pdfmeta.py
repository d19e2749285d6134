"""Reproducible, accessible write_pdf options."""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

import brevgen
from brevgen.render.pdf.check import check_pdf
from brevgen.render.pdf.log import fail_on_weasyprint_warnings
from brevgen.render.pdf.meta import data_uri, pdf_options
from weasydocs import TITLE, html, png, render

DATE = datetime.date(2016, 3, 14)


def xmp_values(pdf: bytes, *keys: str) -> list:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        meta = doc.open_metadata()
        return [meta.get(key) for key in keys]


def test_options():
    options = pdf_options(TITLE, DATE)
    assert {k: v for k, v in options.items() if k != "finisher"} == {
        "pdf_variant": "pdf/ua-1",
        "pdf_identifier": hashlib.sha256(f"{TITLE}\n2016-03-14".encode()).hexdigest()[:32].encode(),
        "pdf_tags": True,
        "full_fonts": False,
        "hinting": False,
        "uncompressed_pdf": False,
    }
    assert callable(options["finisher"])
    assert pdf_options("Bilag 1", DATE)["pdf_identifier"] != options["pdf_identifier"]
    given = pdf_options(TITLE, DATE, identifier=b"\x00\r\n(")["pdf_identifier"]
    assert given == hashlib.sha256(b"\x00\r\n(").hexdigest()[:32].encode()


def test_unknown_variant():
    with pytest.raises(ValueError, match="pdf/a-3b"):
        pdf_options(TITLE, DATE, "pdf/a-3b")


def test_two_renders_are_byte_identical(tmp_path):
    first = render(tmp_path, html(), **pdf_options(TITLE, DATE))
    second = render(tmp_path, html(), **pdf_options(TITLE, DATE))
    assert first == second


SCRIPT = """
import datetime, hashlib, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from weasydocs import TITLE, html, render
from brevgen.render.pdf.meta import pdf_options
pdf = render(Path(sys.argv[2]), html(), **pdf_options(TITLE, datetime.date(2016, 3, 14)))
print(hashlib.sha256(pdf).hexdigest())
"""


def test_renders_in_two_processes_are_byte_identical(tmp_path):
    src = str(Path(brevgen.__file__).parents[1])
    digests = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": src}
        tests = str(Path(__file__).parent)
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, tests, str(tmp_path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.append(done.stdout.strip())
    expected = render(tmp_path, html(), **pdf_options(TITLE, DATE))
    assert digests == [hashlib.sha256(expected).hexdigest()] * 2


def test_identifier_and_dates(tmp_path):
    options = pdf_options(TITLE, DATE)
    with fail_on_weasyprint_warnings("brev.pdf"):
        pdf = render(tmp_path, html(), **options)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert bytes(doc.trailer.ID[0]) == options["pdf_identifier"]
        assert str(doc.docinfo.CreationDate) == "D:20160314"
        assert str(doc.docinfo.ModDate) == "D:20160314"
    assert xmp_values(pdf, "xmp:CreateDate", "xmp:ModifyDate") == ["2016-03-14", "2016-03-14"]
    assert check_pdf(pdf, expect_title=TITLE) == []


def test_dates_in_html_win(tmp_path):
    head = '<meta name="dcterms.created" content="2016-03-01">'
    pdf = render(tmp_path, html(head=head), **pdf_options(TITLE, DATE))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.docinfo.CreationDate) == "D:20160301"
        assert str(doc.docinfo.ModDate) == "D:20160314"
        assert doc.Root.Metadata.read_bytes().count(b"CreateDate") == 2  # open + close tag
    assert xmp_values(pdf, "xmp:CreateDate") == ["2016-03-01"]


@pytest.mark.parametrize("variant", ["pdf/a-3a", "pdf/a-2a"])
def test_pdf_a_is_also_declared_pdf_ua(tmp_path, variant):
    with fail_on_weasyprint_warnings("brev.pdf"):
        pdf = render(tmp_path, html(), **pdf_options(TITLE, DATE, variant))
    assert check_pdf(pdf, expect_title=TITLE, variant=variant) == []
    assert check_pdf(pdf, expect_title=TITLE, variant="pdf/ua-1") == []
    assert xmp_values(pdf, "pdfuaid:part", "pdfaid:part", "pdfaid:conformance") == [
        "1",
        variant[6],
        "A",
    ]
    assert render(tmp_path, html(), **pdf_options(TITLE, DATE, variant)) == pdf


def test_image_paths_change_bytes_data_uris_do_not(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    options = pdf_options(TITLE, DATE)
    assert render(first, html(), **options) != render(second, html(), **options)
    inline = html(src=data_uri(png(), "image/png"))
    assert render(first, inline, **options) == render(second, inline, **options)
