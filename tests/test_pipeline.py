"""The engine under stress: dying workers, killed runs, two runs at once, options kept."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time

import pikepdf
import pytest
from click.testing import CliRunner
from docx import Document

import crashing
from brevgen.cli import main
from brevgen.commands.build import build
from brevgen.commands.contracts import contracts
from brevgen.commands.verify import verify
from brevgen.content.project import load_project
from brevgen.contracts.round_terms import round_terms
from brevgen.pipeline import engine
from brevgen.pipeline.lock import folder_lock
from brevgen.pipeline.pool import CRASHED, Pool
from brevgen.plans.contracts import REPORT, prepare
from brevgen.render import Options
from helpers import REPO, make_project
from sample_register import make_register

ROUND = "ok15-regioner"


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    project = load_project(REPO, ROUND)
    terms = round_terms(project, project.rounds[ROUND])
    path = make_register(tmp_path_factory.mktemp("r") / "r.xlsx", terms, rows=14, seed=4)
    return project, path


def folder_files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_dying_worker_costs_only_the_item_it_was_rendering():
    pool = Pool(2, crashing.setup, (), crashing.work, tasks_per_worker=3)
    tasks = [[1, 2], [3, "boom", 4], [5], [6, 7], [8]]
    done = {}
    for items, result in pool.run(tasks):
        values = [CRASHED] * len(items) if result == CRASHED else result
        done.update(zip(items, values, strict=True))
    # The task with "boom" was tried again item by item: only "boom" is lost.
    assert done == {1: 2, 2: 4, 3: 6, "boom": CRASHED, 4: 8, 5: 10, 6: 12, 7: 14, 8: 16}
    assert pool.workers == []  # all stopped


def test_a_row_that_kills_its_worker_is_refused_and_the_run_finishes(
    register, tmp_path, monkeypatch
):
    monkeypatch.setattr(engine, "POOL_FROM", 1)
    project, path = register
    prepared = prepare(project, ROUND, path)
    clean = contracts(prepared, tmp_path / "ren", workers=1)
    victim = prepared.outcome.issued[1]
    views = crashing.KillingViews(project, project.rounds[ROUND], victim.slug)
    killing = dataclasses.replace(prepared, views=views)
    run = contracts(killing, tmp_path / "ud", workers=2)
    assert list(run.failed) == [victim.slug]
    [problem] = run.failed[victim.slug].problems
    assert problem.message == (
        "processen, der dannede den, stoppede uventet (fx fordi der ikke var hukommelse nok)"
    )
    made, expected = folder_files(tmp_path / "ud"), folder_files(clean.out)
    assert set(expected) - set(made) == {f"{victim.slug}.docx", f"{victim.slug}.pdf"}
    for name, data in made.items():
        if name not in (REPORT, "manifest.json"):
            assert data == expected[name], name
    assert run.outcome.counts.issued == clean.outcome.counts.issued - 1
    refused = next(r for r in run.outcome.rejected if r.row == victim.row)
    assert [p.message for p in refused.reasons] == [
        f"kontrakten kunne ikke dannes: {problem.message}"
    ]


def test_a_run_killed_outright_leaves_whole_files_and_the_next_run_finishes(register, tmp_path):
    project, path = register
    out = tmp_path / "ud"
    command = [
        sys.executable, "-m", "brevgen", "contracts", str(path), "--round", ROUND,
        "--projekt", str(REPO), "--out", str(out), "--workers", "2",
    ]  # fmt: skip
    runner = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.pdf"))) < 3:
        time.sleep(0.05)
    os.killpg(runner.pid, signal.SIGKILL)  # the run and its workers, at once
    runner.wait()
    time.sleep(0.5)
    left = sorted(out.iterdir())
    assert 3 <= len([p for p in left if p.suffix == ".pdf"])
    assert REPORT not in {p.name for p in left}
    assert not [p for p in left if p.name.startswith(".")]  # no half-written temporary file
    for file in left:
        if file.suffix == ".pdf":
            pikepdf.open(file).close()
        elif file.suffix == ".docx":
            Document(str(file))
    again = CliRunner().invoke(main, command[3:])
    assert again.exit_code == 0, again.output
    clean = contracts(prepare(project, ROUND, path), tmp_path / "ren", workers=1)
    assert folder_files(out) == folder_files(clean.out)


def test_a_second_run_into_the_same_folder_stops_with_a_danish_message(register, tmp_path):
    project, path = register
    out = tmp_path / "ud"
    with folder_lock(out):
        args = ["contracts", str(path), "--round", ROUND, "--projekt", str(REPO), "--out", str(out)]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert (
        f"  - {out}/: en anden brevgen-kørsel skriver allerede i mappen. Vent, til den er "
        "færdig, og kør så igen (eller skriv i en anden mappe med --out)."
    ) in result.output
    assert list(out.iterdir()) == []
    assert CliRunner().invoke(main, args).exit_code == 0  # the lock went with the first run


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("projekt"))


def test_the_same_bytes_with_one_worker_and_two(project, tmp_path, monkeypatch):
    one = build(project, tmp_path / "1", workers=1)
    two = build(project, tmp_path / "2", workers=2)
    assert len(one.written) == len(two.written) == 25
    for path in one.written:
        relative = path.relative_to(tmp_path / "1")
        assert path.read_bytes() == (tmp_path / "2" / relative).read_bytes(), relative
    manifest = (tmp_path / "1" / "manifest.json").read_bytes()
    assert manifest == (tmp_path / "2" / "manifest.json").read_bytes()


def test_verify_makes_each_file_again_the_way_it_was_made(project, tmp_path):
    out = tmp_path / "build"
    build(project, out, options=Options(pdf="pdf/a-3a"))
    assert verify(project, out) == []
    build(project, out)  # the default again: every PDF made anew as PDF/UA
    assert verify(project, out) == []
    recorded = json.loads((out / "manifest.json").read_text())["filer"]
    assert recorded["test/region-syddanmark/brev.pdf"]["valg"] == {"pdf": "pdf/ua-1"}
    assert recorded["test/region-syddanmark/brev.docx"]["valg"] == {}


def test_a_build_with_nothing_to_do_still_sees_another_variant_made_in_between(project, tmp_path):
    out = tmp_path / "build"
    build(project, out)
    ua = (out / "test/region-hovedstaden/brev.pdf").read_bytes()
    assert len(build(project, out).skipped) == 25  # answered from the manifest
    archived = build(project, out, "test", options=Options(pdf="pdf/a-3a"))
    assert len(archived.written) == 15  # the PDFs
    again = build(project, out)
    assert (
        len(again.written) == 15 and (out / "test/region-hovedstaden/brev.pdf").read_bytes() == ua
    )
