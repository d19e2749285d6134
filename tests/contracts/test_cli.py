"""``brevgen contracts`` as staff use it: the bundled sample register, the blank register,
and unusable input refused in Danish with nothing written.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from brevgen.cli import main
from helpers import REPO, docx_text, make_project, pdf_text, words

SAMPLE = "content/ok15-regioner/kontrakter-eksempel.xlsx"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("projekt"), real_content=True)


@pytest.fixture(scope="module")
def sample_run(project):
    result = CliRunner().invoke(
        main,
        ["contracts", str(project / SAMPLE), "--round", "ok15-regioner", "--projekt", str(project)],
    )
    return project / "build/ok15-regioner/kontrakter", result


def test_second_run_skips_what_is_made_and_force_makes_it_again(sample_run):
    out, _ = sample_run
    project = out.parents[2]
    args = [
        "contracts",
        str(project / SAMPLE),
        "--round",
        "ok15-regioner",
        "--projekt",
        str(project),
    ]
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    assert (
        "(45 filer: 1 dannet igen uden ændringer, 44 sprunget over, fordi hverken "
        "rækken eller skabelonerne er ændret)" in again.output
    )
    forced = CliRunner().invoke(main, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert "(45 filer: alle dannet igen uden ændringer)" in forced.output


def report_rows(path) -> list[dict]:
    sheet = openpyxl.load_workbook(path, read_only=True)["Rapport"]
    rows = sheet.iter_rows(values_only=True)
    headings = next(rows)
    return [dict(zip(headings, row, strict=False)) for row in rows]


def test_sample_run_summarises_in_danish(sample_run):
    out, result = sample_run
    assert result.exit_code == 0, result.output
    assert "udstedt 22, afvist 8, advarsler 2, tomme rækker sprunget over 0" in result.output
    assert "build/ok15-regioner/kontrakter/ (45 filer: alle skrevet)" in result.output
    assert "Traceback" not in result.output


def test_sample_run_accounts_for_every_row_and_claims_only_real_files(sample_run):
    out, _ = sample_run
    source = openpyxl.load_workbook(REPO / SAMPLE, read_only=True)["Henvendelser"]
    case_numbers = [row[0] for row in source.iter_rows(min_row=2, values_only=True) if row[0]]
    rows = report_rows(out / "rapport.xlsx")
    assert sorted(r["Sagsnr"] for r in rows) == sorted(case_numbers)
    claimed = {name for r in rows if r["Filer"] for name in r["Filer"].split("\n")}
    on_disk = {p.name for p in out.iterdir()} - {"rapport.xlsx", "manifest.json"}
    assert claimed == on_disk
    for row in rows:
        if row["Status"] == "afvist":
            assert row["Begrundelse"] and not row["Filer"], row
            assert "Henvendelser!" in row["Begrundelse"], row


def test_sample_contract_carries_the_row_in_both_formats(sample_run):
    out, _ = sample_run
    source = openpyxl.load_workbook(REPO / SAMPLE, read_only=True)["Henvendelser"]
    sheet = source.iter_rows(values_only=True)
    headings = [str(h).strip() for h in next(sheet)]
    first = dict(zip(headings, next(sheet), strict=False))
    slug = first["Sagsnr"].lower()
    for text in (docx_text(out / f"{slug}.docx"), pdf_text(out / f"{slug}.pdf")):
        flat = " ".join(words(text.replace("\u00ad", "")))
        for key in ("Sagsnr", "Arbejdsplads", "Leder", "Medarbejderrepræsentant", "Målgruppe"):
            assert " ".join(words(str(first[key]))) in flat, key


def test_blank_register_has_lists_from_the_round(project, tmp_path):
    path = tmp_path / "tom.xlsx"
    result = CliRunner().invoke(
        main,
        ["contracts", "--blank", str(path), "--round", "ok15-regioner", "--projekt", str(project)],
    )
    assert result.exit_code == 0, result.output
    assert f"Tomt kontraktregister skrevet til {path}." in result.output
    book = openpyxl.load_workbook(path)
    sheet = book["Henvendelser"]
    headings = [c.value for c in sheet[1]]
    assert headings[:2] == ["Sagsnr", "Arbejdsplads"] and "Beløb inkl. moms" in headings
    assert sheet.max_row == 1  # no rows, only headings
    formulas = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert len(formulas) >= 4
    listed = {c.value for row in book.worksheets[-1].iter_rows() for c in row if c.value}
    assert {"NFA", "Alectia", "CBS", "RUC", "Region Syddanmark", "Vold og trusler", "Ja"} <= listed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ikke-her.xlsx"], "Filen findes ikke"),
        (["tekst.xlsx"], "Filen er ikke en Excel-projektmappe (.xlsx)"),
        (["--round", "ok15-kl", SAMPLE], "runden ok15-kl har ingen kontrakt"),
        (["--round", "ok99", SAMPLE], "runden 'ok99' findes ikke under content/"),
        (["--blank", "tom.txt"], "Filnavnet skal ende på .xlsx"),
    ],
)
def test_unusable_input_is_refused_and_nothing_is_written(project, tmp_path, args, message):
    (tmp_path / "tekst.xlsx").write_text("ikke et regneark", encoding="utf-8")
    args = [str(project / a) if a == SAMPLE else str(tmp_path / a) if "." in a else a for a in args]
    before = sorted(tmp_path.rglob("*"))
    result = CliRunner().invoke(
        main, ["contracts", *args, "--out", str(tmp_path / "ud"), "--projekt", str(project)]
    )
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert sorted(tmp_path.rglob("*")) == before


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has stopped


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_sigterm_stops_the_workers_and_keeps_what_was_written(tmp_path):
    from brevgen.content.project import load_project
    from brevgen.contracts.round_terms import round_terms
    from sample_register import make_register

    project = load_project(REPO, "ok15-regioner")
    terms = round_terms(project, project.rounds["ok15-regioner"])
    register = make_register(tmp_path / "r.xlsx", terms, rows=200, seed=3)
    out = tmp_path / "ud"
    command = [sys.executable, "-m", "brevgen.cli", "contracts", str(register)]
    command += ["--round", "ok15-regioner", "--projekt", str(REPO), "--out", str(out), "-j", "2"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not (out.is_dir() and list(out.glob("*.pdf"))):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert workers
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert "Afbrudt" in err.decode() and "Traceback" not in err.decode()
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in workers):  # no worker left running on its own
        assert time.monotonic() < deadline
        time.sleep(0.1)
    made = {p.name for p in out.iterdir()}
    assert "rapport.xlsx" not in made and not [n for n in made if n.startswith(".")]
    recorded = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["filer"]
    assert sorted(recorded) == sorted(made - {"manifest.json"})


def test_the_exit_status_says_whether_rows_need_correcting(project, tmp_path):
    """Rows refused by the conditions of Bilag 1 are business as usual (exit 0); a value that
    cannot be used as typed needs someone to correct the register (exit 3)."""
    from brevgen.commands.contracts import EXIT_ROWS_REFUSED
    from register_rows import good_row, write_workbook

    def run(rows):
        workbook = write_workbook(tmp_path / "r.xlsx", rows)
        args = ["contracts", str(workbook), "--round", "ok15-regioner", "--projekt", str(project)]
        return CliRunner().invoke(main, [*args, "--out", str(tmp_path / "ud"), "-j", "1"])

    conditions = run([good_row(), good_row(case_no="2016-R-002", agreement="Nej")])
    assert conditions.exit_code == 0, conditions.output
    assert "udstedt 1, afvist 1" in conditions.output
    typed = run([good_row(), good_row(case_no="2016-R-002", workplace="x" * 400)])
    assert typed.exit_code == EXIT_ROWS_REFUSED, typed.output
    assert "1 række kan ikke bruges, som den står, og skal rettes i registret" in typed.output
    assert "udstedt 1, afvist 1" in typed.output
