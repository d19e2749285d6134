"""Contracts runs: the same bytes with any number of workers, and stops that leave no mess."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from brevgen.commands.contracts import contracts
from brevgen.content.project import load_project
from brevgen.contracts.round_terms import round_terms
from brevgen.pipeline import engine
from brevgen.pipeline.pool import MAX_WORKERS, default_workers
from brevgen.plans.contracts import REPORT, prepare
from brevgen.render import Renderer
from brevgen.views.contracts import ContractViews
from helpers import REPO
from sample_register import make_register

ROUND = "ok15-regioner"
MANIFEST = "manifest.json"


@pytest.fixture(autouse=True)
def pool_for_few(monkeypatch):
    """Worker processes even for the few rows of these registers, as for a large one."""
    monkeypatch.setattr(engine, "POOL_FROM", 1)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    project = load_project(REPO, ROUND)
    terms = round_terms(project, project.rounds[ROUND])
    register = make_register(tmp_path_factory.mktemp("r") / "r.xlsx", terms, rows=9, seed=4)
    return prepare(project, ROUND, register)


@pytest.fixture(scope="module")
def one_worker(prepared, tmp_path_factory):
    out = tmp_path_factory.mktemp("ud-1")
    return contracts(prepared, out, workers=1)


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
    two = contracts(prepared, tmp_path, workers=2)
    issued = len(prepared.outcome.issued)
    assert issued >= 4
    assert len(two.written) == len(one_worker.written) == 2 * issued + 1
    assert files(tmp_path) == files(one_worker.out)


def test_the_report_lists_exactly_the_files_written(one_worker):
    listed = report_names(one_worker.out / REPORT)
    assert listed == {p.name for p in one_worker.written} - {REPORT}


def counting(real, calls: list):
    def render(self, fmt, views, identity):
        calls.append((fmt, views[0].slug))
        return real(self, fmt, views, identity)

    return render


def test_a_rerun_renders_only_what_changed_or_is_missing(
    prepared, one_worker, tmp_path, monkeypatch
):
    out = tmp_path / "ud"
    shutil.copytree(one_worker.out, out)
    calls: list = []
    monkeypatch.setattr(Renderer, "render", counting(Renderer.render, calls))
    issued = prepared.outcome.issued
    same = contracts(prepared, out, workers=1)
    assert calls == [("xlsx", "rapport")] and len(same.skipped) == 2 * len(issued)
    assert [p.name for p in same.unchanged] == [REPORT]  # the report is always made anew
    assert report_names(out / REPORT) == {p.name for p in same.skipped}

    # A file deleted or damaged by hand: that file (only) is made again.
    first, second = issued[0].slug, issued[1].slug
    (out / f"{first}.pdf").unlink()
    (out / f"{second}.docx").write_bytes(b"damaged")
    calls.clear()
    again = contracts(prepared, out, workers=1)
    assert sorted(calls) == [("docx", second), ("pdf", first), ("xlsx", "rapport")]
    assert files(out) == files(one_worker.out)
    assert {p.name for p in again.written} == {f"{first}.pdf", f"{second}.docx"}

    # A changed row (here: its merged text) changes its fingerprint, so it is made again.
    calls.clear()
    view = ContractViews.view
    target = issued[2]

    def changed(self, row):
        result = view(self, row)
        if row is target:
            result.context["sag"] = {**result.context["sag"], "leder": "Ny Leder"}
        return result

    monkeypatch.setattr(ContractViews, "view", changed)
    contracts(prepared, out, workers=1)
    assert sorted(calls) == [("docx", target.slug), ("pdf", target.slug), ("xlsx", "rapport")]

    # --force renders every row; the bytes are the same, so nothing is rewritten.
    monkeypatch.setattr(ContractViews, "view", view)
    calls.clear()
    forced = contracts(prepared, out, workers=1, force=True)
    assert len(calls) == 2 * len(issued) + 1 and forced.skipped == []


def test_a_row_that_cannot_be_made_is_refused_in_the_report_and_the_run_goes_on(
    prepared, one_worker, tmp_path, monkeypatch
):
    real = Renderer.render
    third = prepared.outcome.issued[2]

    def failing(self, fmt, views, identity):
        if fmt == "pdf" and views[0].slug == third.slug:
            raise RuntimeError("stop in row 3")
        return real(self, fmt, views, identity)

    monkeypatch.setattr(Renderer, "render", failing)
    run = contracts(prepared, tmp_path, workers=1)
    assert list(run.failed) == [third.slug]
    made = files(tmp_path)
    recorded = json.loads(made.pop(MANIFEST))["filer"]  # what was written, and only that
    assert sorted(recorded) == sorted(made)
    assert f"{third.slug}.docx" not in made and f"{third.slug}.pdf" not in made
    expected = files(one_worker.out)
    for name, data in made.items():
        if name != REPORT:
            assert data == expected[name], name  # the other rows: the bytes of a clean run
    sheet = openpyxl.load_workbook(tmp_path / REPORT).worksheets[0]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == third.case_no)
    assert "afvist" in row
    reason = next(v for v in row if isinstance(v, str) and "kunne ikke dannes" in v)
    assert reason.startswith("kontrakten kunne ikke dannes: ")
    assert reason == (
        "kontrakten kunne ikke dannes: en fejl i brevgen stoppede den "
        "(teknisk: RuntimeError: stop in row 3)"
    )
    assert report_names(tmp_path / REPORT) == set(made) - {REPORT}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files

    # Once the row can be made, the next run makes it (only it) and the report is whole.
    calls: list = []
    monkeypatch.setattr(Renderer, "render", counting(real, calls))
    again = contracts(prepared, tmp_path, workers=1)
    assert sorted(calls) == [("docx", third.slug), ("pdf", third.slug), ("xlsx", "rapport")]
    assert not again.failed
    assert files(tmp_path) == expected


def test_stopping_a_parallel_run_leaves_whole_files_and_no_report(prepared, one_worker, tmp_path):
    seen = []

    def progress(path):
        seen.append(path)
        if len(seen) == 4:
            raise KeyboardInterrupt  # as Ctrl-C while the parent writes

    with pytest.raises(KeyboardInterrupt):
        contracts(prepared, tmp_path, workers=2, progress=progress)
    made = files(tmp_path)
    expected = files(one_worker.out)
    assert sorted(json.loads(made.pop(MANIFEST))["filer"]) == sorted(made)
    assert len(made) == 4 and REPORT not in made
    for name, data in made.items():
        assert data == expected[name], name
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_default_workers_is_sensible():
    assert 1 <= default_workers() <= MAX_WORKERS


def test_workers_leave_no_temporary_folders_and_no_tracebacks(
    prepared, tmp_path, monkeypatch, capfd
):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # where the spawned workers' fonts go
    contracts(prepared, tmp_path / "ud", workers=2)
    assert list(scratch.iterdir()) == []
    assert "Traceback" not in capfd.readouterr().err
