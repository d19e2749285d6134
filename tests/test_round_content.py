"""What a new round's content brings: markers to fill in, budget years derived from the offer
period, and the predecessor a document declares."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from brevgen.cli import main
from brevgen.content.budget_years import budget_years
from brevgen.content.project import load_project
from brevgen.errors import ContentError
from helpers import APPENDIX, LETTER, ROUND, make_project


def problems(tmp_path, files) -> list[str]:
    make_project(tmp_path, files)
    with pytest.raises(ContentError) as info:
        load_project(tmp_path)
    return [str(p) for p in info.value.problems]


# --- markers --------------------------------------------------------------------------------


MARKED_ROUND = ROUND.replace(
    "tilbudsperiode: {fra: 2016-04-01, til: 2018-03-31}",
    'tilbudsperiode:\n  fra: "UDFYLD: første dag"\n  til: 2018-03-31',
)


def test_a_marker_is_reported_where_it_stands_and_nothing_else_about_it(tmp_path):
    found = problems(tmp_path, {"test/runde.yaml": MARKED_ROUND})
    assert found == [
        "content/test/runde.yaml:4:8: 'tilbudsperiode.fra' skal udfyldes: første dag. "
        "Skriv værdien i stedet for teksten, der begynder med UDFYLD"
    ]


def test_other_mistakes_are_reported_with_the_markers(tmp_path):
    letter = LETTER.replace("dato: 2016-03-14", 'dato: "UDFYLD: brevets dato"').replace(
        "- person: ak", "- person: xx"
    )
    rnd = MARKED_ROUND.replace("organisatoriske-forandringer", "ukendt-tema")
    found = problems(tmp_path, {"test/runde.yaml": rnd, "test/brev.yaml": letter})
    assert any(p.startswith("content/test/brev.yaml:3:7: 'dato' skal udfyldes") for p in found)
    assert any("temaet 'ukendt-tema' findes ikke" in p for p in found)
    assert any("personen 'xx' findes ikke" in p for p in found)
    # The merge field {{ runde.tilbudsperiode.fra | dato }} is not checked with a stand-in.
    assert not any("flettefelt" in p for p in found), found


def test_a_marker_in_a_register_or_a_text_is_reported(tmp_path):
    make_project(tmp_path)
    people = tmp_path / "content" / "registre" / "personer.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace('"35 29 82 30"', "UDFYLD ny telefon"),
        encoding="utf-8",
    )
    appendix = APPENDIX.replace("  De lokale", "  UDFYLD: vilkårene\n  De lokale")
    (tmp_path / "content" / "test" / "bilag-1.yaml").write_text(appendix, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_project(tmp_path)
    found = [str(p) for p in info.value.problems]
    assert any(p.startswith("content/registre/personer.yaml:20:14: 'personer, punkt 4, "
               "telefon' skal udfyldes: ny telefon. ") for p in found), found  # fmt: skip
    assert any(p.startswith("content/test/bilag-1.yaml:4:8: 'tekst' skal udfyldes: vilkårene. ")
               for p in found), found  # fmt: skip


def test_check_and_build_refuse_a_round_with_markers(tmp_path):
    make_project(tmp_path, {"test/runde.yaml": MARKED_ROUND})
    runner = CliRunner()
    for args in (["check"], ["build", "--out", str(tmp_path / "ud")]):
        result = runner.invoke(main, [*args, "--projekt", str(tmp_path)])
        assert result.exit_code == 1
        assert "content/test/runde.yaml:4:8: 'tilbudsperiode.fra' skal udfyldes" in result.output
    assert not (tmp_path / "ud" / "test").exists()


# --- budget years ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        ("2016-04-01", "2018-03-31", [("2016-04-01", "2017-03-31"), ("2017-04-01", "2018-03-31")]),
        (
            "2019-01-07",
            "2021-03-31",
            [
                ("2019-01-07", "2019-03-31"),
                ("2019-04-01", "2020-03-31"),
                ("2020-04-01", "2021-03-31"),
            ],
        ),  # fmt: skip
        ("2020-05-01", "2020-06-30", [("2020-05-01", "2020-06-30")]),
        ("2020-03-31", "2020-04-01", [("2020-03-31", "2020-03-31"), ("2020-04-01", "2020-04-01")]),
    ],
)
def test_budget_years_run_from_april_and_are_cut_to_the_offer(start, end, years):
    day = dt.date.fromisoformat
    assert budget_years(day(start), day(end)) == [(day(a), day(b)) for a, b in years]


def test_the_ok15_frame_derives_the_years_it_used_to_write(tmp_path):
    project = load_project(make_project(tmp_path, real_content=True))
    frame = project.rounds["ok15-regioner"].info.frame
    assert [(y.start, y.end) for y in frame.years] == [
        (dt.date(2016, 4, 1), dt.date(2017, 3, 31)),
        (dt.date(2017, 4, 1), dt.date(2018, 3, 31)),
    ]


def test_written_budget_years_are_kept(tmp_path):
    rnd = ROUND + "ramme:\n  beloeb: 5\n  aar:\n    - {fra: 2016-01-01, til: 2018-12-31}\n"
    project = load_project(make_project(tmp_path, {"test/runde.yaml": rnd}))
    years = project.rounds["test"].info.frame.years
    assert [(y.start, y.end) for y in years] == [(dt.date(2016, 1, 1), dt.date(2018, 12, 31))]


def test_a_frame_without_years_or_period_is_located(tmp_path):
    rnd = "navn: Testrunde\nramme:\n  beloeb: 5\n"
    found = problems(tmp_path, {"test/runde.yaml": rnd, "test/brev.yaml": None,
                                "test/bilag-1.yaml": None})  # fmt: skip
    assert found == [
        "content/test/runde.yaml:2:1: rammens budgetår kan ikke udledes, fordi runden ingen "
        "tilbudsperiode har; skriv 'tilbudsperiode' eller budgetårene under 'ramme' som 'aar'"
    ]


# --- predecessors ---------------------------------------------------------------------------


def _with_predecessor(link: str) -> dict[str, str]:
    return {
        "ny/runde.yaml": ROUND,
        "ny/brev.yaml": LETTER.replace("type: brev\n", f"type: brev\nforgaenger: {link}\n"),
        "ny/bilag-1.yaml": APPENDIX,
    }


def test_a_known_predecessor_is_accepted(tmp_path):
    project = load_project(make_project(tmp_path, _with_predecessor("test/brev")))
    assert project.rounds["ny"].documents["brev"].model.predecessor == "test/brev"


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("test/brv", "dokumentet 'brv' findes ikke i runden test; gyldige: bilag-1, brev"),
        ("tset/brev", "runden 'tset' findes ikke; gyldige: test"),
        ("ny/bilag-1", "forgængeren skal være et dokument i en anden runde end ny"),
        ("brev", "'brev' skal skrives som runde/dokument, fx ok15-regioner/brev"),
    ],
)
def test_an_unknown_predecessor_is_located(tmp_path, link, message):
    found = problems(tmp_path, _with_predecessor(link))
    assert found == [f"content/ny/brev.yaml:2:13: {message}"]
