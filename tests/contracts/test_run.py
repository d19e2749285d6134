"""Contracts runs: the same bytes with any number of workers, and stops that leave no mess."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from brevgen.content.project import load_project
from brevgen.contracts import run as contracts_run
from brevgen.contracts.round_terms import round_terms
from brevgen.contracts.run import REPORT, prepare, write_contracts
from brevgen.contracts.sample import make_register
from helpers import REPO

ROUND = "ok15-regioner"
MANIFEST = "manifest.json"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    project = load_project(REPO, ROUND)
    terms = round_terms(project, project.rounds[ROUND])
    register = make_register(tmp_path_factory.mktemp("r") / "r.xlsx", terms, rows=9, seed=4)
    return prepare(project, ROUND, register)


@pytest.fixture(scope="module")
def one_worker(prepared, tmp_path_factory):
    out = tmp_path_factory.mktemp("ud-1")
    return write_contracts(prepared, out, workers=1)


def files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def report_names(path) -> set[str]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    names: set[str] = set()
    for row in sheet.iter_rows(values_only=True):
        for value in row:
            if isinstance(value, str) and value.endswith((".docx", ".pdf")):
                names.update(value.split("\n"))
    return names


def test_same_bytes_with_one_and_two_workers(prepared, one_worker, tmp_path):
    two = write_contracts(prepared, tmp_path, workers=2)
    issued = len(prepared.outcome.issued)
    assert issued >= 4
    assert len(two.written) == len(one_worker.written) == 2 * issued + 1
    assert files(tmp_path) == files(one_worker.out)


def test_the_report_lists_exactly_the_files_written(one_worker):
    listed = report_names(one_worker.out / REPORT)
    assert listed == {p.name for p in one_worker.written} - {REPORT}


def counting(real, calls: list):
    def render(self, view, identity):
        calls.append(identity)
        return real(self, view, identity)

    return render


def test_a_rerun_renders_only_rows_whose_inputs_or_files_changed(
    prepared, one_worker, tmp_path, monkeypatch
):
    out = tmp_path / "ud"
    shutil.copytree(one_worker.out, out)
    calls: list[str] = []
    monkeypatch.setattr(
        contracts_run.ContractRenderer,
        "render",
        counting(contracts_run.ContractRenderer.render, calls),
    )
    issued = prepared.outcome.issued
    same = write_contracts(prepared, out, workers=1)
    assert calls == [] and len(same.skipped) == 2 * len(issued)
    assert [p.name for p in same.unchanged] == [REPORT]  # the report is always made anew
    assert report_names(out / REPORT) == {p.name for p in same.skipped}

    # A file deleted or damaged by hand: that row (only) is made again.
    first, second = issued[0].slug, issued[1].slug
    (out / f"{first}.pdf").unlink()
    (out / f"{second}.docx").write_bytes(b"damaged")
    again = write_contracts(prepared, out, workers=1)
    assert len(calls) == 2
    assert files(out) == files(one_worker.out)
    assert {p.name for p in again.written} == {
        f"{first}.pdf",
        f"{second}.docx",
    }  # the other file of each row is the same bytes: left as it was

    # A changed row (here: its merged text) changes its fingerprint, so it is made again.
    calls.clear()
    view = contracts_run.ContractViews.view
    target = issued[2]

    def changed(self, row):
        result = view(self, row)
        if row is target:
            result.context["sag"] = {**result.context["sag"], "leder": "Ny Leder"}
        return result

    monkeypatch.setattr(contracts_run.ContractViews, "view", changed)
    write_contracts(prepared, out, workers=1)
    assert calls == [contracts_run.contract_identity(prepared, target)]

    # --force renders every row; the bytes are the same, so nothing is rewritten.
    monkeypatch.setattr(contracts_run.ContractViews, "view", view)
    calls.clear()
    forced = write_contracts(prepared, out, workers=1, force=True)
    assert len(calls) == len(issued) and forced.skipped == []


def test_a_crash_in_one_row_leaves_earlier_files_whole_and_no_report(
    prepared, one_worker, tmp_path, monkeypatch
):
    real = contracts_run.ContractRenderer.render
    calls = []

    def failing(self, view, identity):
        calls.append(identity)
        if len(calls) == 3:
            raise RuntimeError("stop in row 3")
        return real(self, view, identity)

    monkeypatch.setattr(contracts_run.ContractRenderer, "render", failing)
    with pytest.raises(RuntimeError, match="stop in row 3"):
        write_contracts(prepared, tmp_path, workers=1)
    made = files(tmp_path)
    recorded = json.loads(made.pop(MANIFEST))["filer"]  # what was written, and only that
    assert sorted(recorded) == sorted(made)
    first_two = [i.slug for i in prepared.outcome.issued[:2]]
    assert sorted(made) == sorted(f"{s}.{x}" for s in first_two for x in ("docx", "pdf"))
    expected = files(one_worker.out)
    for name, data in made.items():
        assert data == expected[name], name  # whole, the same bytes as a complete run
    assert REPORT not in made  # no report claiming files that are not there
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files

    # The next run picks up where it stopped: the first two rows are not rendered again.
    monkeypatch.setattr(contracts_run.ContractRenderer, "render", real)
    calls.clear()
    monkeypatch.setattr(contracts_run.ContractRenderer, "render", counting(real, calls))
    again = write_contracts(prepared, tmp_path, workers=1)
    assert {p.name for p in again.skipped} == set(made)
    assert len(calls) == len(prepared.outcome.issued) - 2
    assert files(tmp_path) == expected


def test_stopping_a_parallel_run_leaves_whole_files_and_no_report(prepared, one_worker, tmp_path):
    seen = []

    def progress(case_no):
        seen.append(case_no)
        if len(seen) == 2:
            raise KeyboardInterrupt  # as Ctrl-C while the parent writes

    with pytest.raises(KeyboardInterrupt):
        write_contracts(prepared, tmp_path, workers=2, progress=progress)
    made = files(tmp_path)
    expected = files(one_worker.out)
    assert sorted(json.loads(made.pop(MANIFEST))["filer"]) == sorted(made)
    assert len(made) == 4 and REPORT not in made
    for name, data in made.items():
        assert data == expected[name], name
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_default_workers_is_sensible():
    assert 1 <= contracts_run.default_workers() <= contracts_run.MAX_WORKERS


def test_workers_leave_no_temporary_folders_and_no_tracebacks(
    prepared, tmp_path, monkeypatch, capfd
):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # where the spawned workers' fonts go
    write_contracts(prepared, tmp_path / "ud", workers=2)
    assert list(scratch.iterdir()) == []
    assert "Traceback" not in capfd.readouterr().err
