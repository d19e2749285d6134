"""Atomic writes: whole files or none, ordinary permissions, reproducible zips."""

from __future__ import annotations

import io
import zipfile

import pytest

from brevgen import output


def test_write_is_atomic_and_skips_equal_bytes(tmp_path):
    target = tmp_path / "a" / "brev.pdf"
    assert output.write_bytes(target, b"one") is True
    assert output.write_bytes(target, b"one") is False
    assert target.stat().st_mode & 0o777 == output.FILE_MODE
    assert [p.name for p in target.parent.iterdir()] == ["brev.pdf"]


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "brev.pdf"
    output.write_bytes(target, b"old")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", broken)
    with pytest.raises(OSError):
        output.write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["brev.pdf"]


def test_normalized_zip_is_independent_of_time_and_order():
    def make(order):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for name in order:
                z.writestr(name, name * 3)
        return buffer.getvalue()

    a = output.normalize_zip(make(["word/document.xml", "[Content_Types].xml"]))
    b = output.normalize_zip(make(["[Content_Types].xml", "word/document.xml"]))
    assert a == b
    names = zipfile.ZipFile(io.BytesIO(a)).namelist()
    assert names[0] == "[Content_Types].xml"
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(a)).infolist()} == {
        (1980, 1, 1, 0, 0, 0)
    }
