"""``brevgen diff A B``: the change report and the Word files, between two rounds and between
a round's git history and its working tree."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import html_audit
import revisions
from brevgen.cli import main
from brevgen.commands.diff import diff
from helpers import APPENDIX, LETTER, ROUND, make_project, pdf_text
from ooxml_check import docx_problems

REPO = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u00ad", "")


@pytest.fixture(scope="module")
def ok15_ok18(tmp_path_factory):
    out = tmp_path_factory.mktemp("aendringer")
    result, comparison = diff(REPO, "ok15-regioner", "ok18-regioner", out)
    assert not result.failed, result.problems
    return out, result, comparison


def test_the_report_names_the_new_period_providers_and_theme(ok15_ok18):
    out, _, _ = ok15_ok18
    for text in (
        plain((out / "aendringer.html").read_text(encoding="utf-8")),
        plain(pdf_text(out / "aendringer.pdf")),
    ):
        text = " ".join(text.split())
        assert "7. januar 2019 – 31. marts 2021" in text
        assert "Ny: NIRAS-Joblife. Udgået: Alectia A/S og Copenhagen Business School (CBS)." in text
        assert "Ny: Samarbejde, arbejdspladskultur og mobning." in text


def test_the_report_is_an_accessible_page(ok15_ok18):
    out, _, _ = ok15_ok18
    page = (out / "aendringer.html").read_text(encoding="utf-8")
    assert html_audit.problems(page) == []
    assert '<del><span class="skjult">[slettet: </span>' in page


def test_the_circular_is_compared_with_the_letter_it_succeeds(ok15_ok18):
    out, _, comparison = ok15_ok18
    names = sorted(p.name for p in out.glob("*.docx"))
    assert names == [
        "bilag-1-udgaaet.docx", "bilag-2-udgaaet.docx", "brev--cirkulaere.docx",
        "kontrakt-udgaaet.docx", "mail.docx",
    ]  # fmt: skip
    pairs = [
        (c.pair.a.id, c.pair.b.id, c.pair.how) for c in comparison.compared if c.pair.a and c.pair.b
    ]
    # The circular by the predecessor it declares; the covering e-mails by name.
    assert pairs == [("brev", "cirkulaere", "forgænger"), ("mail", "mail", "navn")]
    data = (out / "brev--cirkulaere.docx").read_bytes()
    assert docx_problems(data) == []
    accepted = plain(" ".join(t for _, t in revisions.paragraphs(data, accept=True)))
    rejected = plain(" ".join(t for _, t in revisions.paragraphs(data, accept=False)))
    assert "NIRAS-Joblife" in accepted and "Alectia" not in accepted
    assert "Alectia" in rejected and "NIRAS-Joblife" not in rejected
    # The date of the changes is the circular's, never today's.
    assert {m.get("date") for m in revisions.revisions(data)} == {"2018-12-10T00:00:00Z"}


def test_a_second_run_with_nothing_changed_makes_nothing(ok15_ok18):
    out, first, _ = ok15_ok18
    result, comparison = diff(REPO, "ok15-regioner", "ok18-regioner", out)
    assert comparison is None
    assert sorted(result.skipped) == sorted(first.written)


# --- a round at two points of its history -----------------------------------------------------

PHONE_LETTER = LETTER.replace(
    "  - vold og trusler.",
    "  - vold og trusler.\n\n  Ring på {{ personer.ltc.telefon | telefon }}.",
)
PHONE_APPENDIX = APPENDIX + "  Kontakt: tlf. {{ personer.ltc.telefon | telefon }}.\n"


def git(root: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(command, cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def history(tmp_path, monkeypatch):
    """A project in git whose register then gets a new phone number in the working tree."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    root = make_project(
        tmp_path / "projekt", {"test/brev.yaml": PHONE_LETTER, "test/bilag-1.yaml": PHONE_APPENDIX}
    )
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sendt")
    people = root / "content" / "registre" / "personer.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("35 29 82 30", "35 29 82 31"), "utf-8"
    )
    return root


def test_a_register_change_shows_in_every_document_that_prints_it(history):
    status = git(history, "status", "--porcelain")
    short = git(history, "rev-parse", "--short", "HEAD").strip()
    result = CliRunner().invoke(main, ["diff", "test@HEAD", "test", "--projekt", str(history)])
    assert result.exit_code == 0, result.output
    out = history / "build" / "aendringer" / f"test@{short}--test"
    assert sorted(p.name for p in out.glob("*.docx")) == ["bilag-1.docx", "brev.docx"]
    for name in ("brev.docx", "bilag-1.docx"):
        data = (out / name).read_bytes()
        for accept, phone in ((True, "35 29 82 31"), (False, "35 29 82 30")):
            paragraphs = revisions.paragraphs(data, accept=accept)
            assert phone in plain(" ".join(text for _, text in paragraphs))
        dates = {m.get("date") for m in revisions.revisions(data)}
        assert len(dates) == 1 and dates != {None}, "the commit's date, one for all"
    page = plain((out / "aendringer.html").read_text(encoding="utf-8"))
    assert "Personen Laura Thors Calaña: telefon: 35 29 82 30 → 35 29 82 31" in page
    assert f"test, som den var i version {short}" in page
    # The user's working tree is as it was (build/ aside).
    assert git(history, "status", "--porcelain").replace("?? build/\n", "") == status


def test_the_same_comparison_gives_the_same_bytes(history, tmp_path):
    first, _ = diff(history, "test@HEAD", "test", tmp_path / "a")
    again, _ = diff(history, "test@HEAD", "test", tmp_path / "a", force=True)
    assert sorted(again.unchanged) == sorted(first.written)


def test_an_unknown_revision_is_a_danish_message(history):
    result = CliRunner().invoke(main, ["diff", "test@v9", "test", "--projekt", str(history)])
    assert result.exit_code == 1
    assert "versionen 'v9' findes ikke i projektets git-historik" in result.output


def test_without_git_two_rounds_compare_and_the_at_form_says_why_not(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    root = make_project(
        tmp_path / "projekt",
        {"ny/runde.yaml": ROUND, "ny/brev.yaml": LETTER.replace("Til ", "Kære "),
         "ny/bilag-1.yaml": APPENDIX},
    )  # fmt: skip
    runner = CliRunner()
    result = runner.invoke(main, ["diff", "test@HEAD", "ny", "--projekt", str(root)])
    assert result.exit_code == 1
    assert "er ikke et git-arkiv, så versionen i 'test@HEAD' kan ikke findes" in result.output
    monkeypatch.setenv("PATH", str(tmp_path / "ingen-git"))  # no git at all
    result = runner.invoke(main, ["diff", "test@HEAD", "ny", "--projekt", str(root)])
    assert "git er ikke installeret" in result.output
    result = runner.invoke(main, ["diff", "test", "ny", "--projekt", str(root)])
    assert result.exit_code == 0, result.output
    assert "brev.docx: brev, 1 ord slettet, 1 ord indsat" in result.output
