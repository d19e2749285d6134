"""Atomic writes: whole files or none, ordinary permissions, reproducible zips."""

from __future__ import annotations

import errno
import io
import zipfile

import pytest
from click.testing import CliRunner

from brevgen import output
from brevgen.cli import main
from brevgen.errors import BuildError
from helpers import make_project


def test_write_is_atomic_and_skips_equal_bytes(tmp_path):
    target = tmp_path / "a" / "brev.pdf"
    assert output.write_bytes(target, b"one") is True
    assert output.write_bytes(target, b"one") is False
    assert target.stat().st_mode & 0o777 == output.FILE_MODE
    assert [p.name for p in target.parent.iterdir()] == ["brev.pdf"]


def replace_failing(tmp_path, monkeypatch, error: OSError) -> tuple:
    """Write brev.pdf, then try to replace it while the move fails with ``error``."""
    target = tmp_path / "brev.pdf"
    output.write_bytes(target, b"old")

    def broken(src, dst):
        raise error

    monkeypatch.setattr(output.os, "replace", broken)
    with pytest.raises(BuildError) as caught:
        output.write_bytes(target, b"new")
    return target, caught.value


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path, monkeypatch):
    full = OSError(errno.ENOSPC, "No space left on device")
    target, error = replace_failing(tmp_path, monkeypatch, full)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["brev.pdf"]
    assert error.problems[0].where == str(target)
    assert "ikke er plads nok på drevet" in error.problems[0].message
    assert "Frigør plads, og kør igen." in error.problems[0].message


def test_a_file_open_in_another_program_is_named_with_what_to_do(tmp_path, monkeypatch):
    """On Windows, replacing a PDF that a reader holds open is a PermissionError."""
    held_open = PermissionError(errno.EACCES, "Permission denied")
    target, error = replace_failing(tmp_path, monkeypatch, held_open)
    assert str(error).startswith("Fejl under dannelsen:\n  - " + str(target) + ": ")
    assert "åben i fx Word, Excel eller en PDF-læser, så luk den, og kør igen" in str(error)


@pytest.mark.parametrize("command", ["build", "contracts"])
def test_an_output_folder_that_cannot_be_made_is_a_danish_message(tmp_path, command):
    root = make_project(tmp_path / "projekt", real_content=True)
    blocker = tmp_path / "fil.txt"
    blocker.write_text("en fil, ikke en mappe")
    args = ["--out", str(blocker / "ud"), "--projekt", str(root)]
    if command == "build":
        args = ["build", "--round", "ok15-kl", *args]
    else:
        sample = root / "content" / "ok15-regioner" / "kontrakter-eksempel.xlsx"
        args = ["contracts", str(sample), "--round", "ok15-regioner", "--workers", "1", *args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"  - {blocker / 'ud'}/" in result.output
    assert "fordi en del af stien er en fil og ikke en mappe" in result.output
    assert "Vælg en anden mappe at skrive i." in result.output
    assert blocker.read_text() == "en fil, ikke en mappe"


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
