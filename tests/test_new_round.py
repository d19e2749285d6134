"""``brevgen new-round NY --from GAMMEL``: a new round from the last, with markers where the
facts must change, and nothing half-written after a mistake."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from brevgen.cli import main
from brevgen.commands.build import build
from brevgen.content.project import load_project
from brevgen.errors import ContentError
from brevgen.rounds.new import new_round
from helpers import ROUND, docx_text, make_project


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--projekt", str(root)])


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, real_content=True)


def _markers(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


def test_the_new_round_is_the_old_with_markers_for_what_changes(project):
    result = run(project, "new-round", "ok21-regioner", "--from", "ok15-regioner")
    assert result.exit_code == 0, result.output
    new = project / "content" / "ok21-regioner"
    old = project / "content" / "ok15-regioner"
    assert sorted(p.name for p in new.iterdir()) == sorted(p.name for p in old.glob("*.yaml")), (
        "every document and runde.yaml, and nothing else"
    )
    round_text = (new / "runde.yaml").read_text(encoding="utf-8")
    assert 'fra: "UDFYLD: første dag i tilbudsperioden, ÅÅÅÅ-MM-DD (var: 2016-04-01)"' in round_text
    assert 'overenskomst: "UDFYLD: overenskomsten (var: OK15)"' in round_text
    # Themes and providers stay references to the registers; comments stay.
    assert "  - {id: alectia, listenavn: Alectia}" in round_text
    assert "# I brevets rækkefølge." in round_text
    letter = (new / "brev.yaml").read_text(encoding="utf-8")
    assert "\nforgaenger: ok15-regioner/brev\n" in letter
    assert 'dato: "UDFYLD: brevets dato, ÅÅÅÅ-MM-DD (var: 2016-03-14)"' in letter
    assert "forgaenger: ok15-regioner/kontrakt" in (new / "kontrakt.yaml").read_text("utf-8")
    # The listing says what to fill in, in order, each marker with its file and place.
    listed = re.findall(r"^  \d+\. (\S+)  ", result.output, re.M)
    assert listed == [
        "content/ok21-regioner/runde.yaml:3:7",
        "content/ok21-regioner/runde.yaml:4:15",
        "content/ok21-regioner/runde.yaml:6:8",
        "content/ok21-regioner/runde.yaml:7:8",
        "content/ok21-regioner/brev.yaml:7:7",
    ]
    assert "Ikke kopieret (hører til ok15-regioner): kontrakter-eksempel.xlsx." in result.output
    assert "  - content/oversigt/runde.yaml:6:23 (opsummerer: ok15-regioner)" in result.output
    # check reports exactly those markers, at those places.
    reported = [p.split(": ", 1)[0] for p in _markers(project)]
    assert reported == listed


def test_filled_in_the_new_round_builds(project, tmp_path):
    assert run(project, "new-round", "ok21-regioner", "--from", "ok15-regioner").exit_code == 0
    new = project / "content" / "ok21-regioner"
    fills = {
        "runde.yaml": {
            "rundens navn": '"OK21 – de regionale arbejdspladser"',
            "overenskomsten": "OK21",
            "første dag": "2021-04-01",
            "sidste dag": "2023-03-31",
        },
        "brev.yaml": {"brevets dato": "2021-03-15"},
    }
    for name, values in fills.items():
        text = (new / name).read_text(encoding="utf-8")
        for what, value in values.items():
            text = re.sub(rf'"UDFYLD: {what}[^"]*"', value, text)
        assert "UDFYLD" not in text
        (new / name).write_text(text, encoding="utf-8")
    result = build(project, tmp_path / "ud", "ok21-regioner")
    assert not result.failed
    assert len(result.written) > 20
    letter = docx_text(tmp_path / "ud" / "ok21-regioner" / "region-sjaelland" / "brev.docx")
    assert "15. marts 2021" in letter.replace("\u00a0", " ")
    appendix = docx_text(tmp_path / "ud" / "ok21-regioner" / "region-sjaelland" / "bilag-1.docx")
    # The budget years follow from the new period.
    assert "1. april 2022 – 31. marts 2023" in appendix.replace("\u00a0", " ")


def test_an_existing_round_is_never_overwritten(project):
    before = (project / "content" / "ok18-regioner" / "runde.yaml").read_bytes()
    result = run(project, "new-round", "ok18-regioner", "--from", "ok15-regioner")
    assert result.exit_code == 1
    assert "content/ok18-regioner findes allerede, og brevgen skriver ikke over en runde" in (
        result.output
    )
    assert (project / "content" / "ok18-regioner" / "runde.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "name", ["OK 21/regioner", "../ok21", "ok21_regioner", "Ok21", "registre", ""]
)
def test_a_name_that_is_no_folder_name_is_a_danish_message(project, name):
    result = run(project, "new-round", name, "--from", "ok15-regioner")
    assert result.exit_code != 0
    assert "kan ikke bruges som navn på en runde" in result.output or (
        "er mappen med de fælles registre" in result.output
    )
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (project / "content").iterdir()) == sorted(
        p.name for p in (Path(__file__).parents[1] / "content").iterdir()
    )


def test_an_unknown_old_round_names_the_rounds_there_are(project):
    result = run(project, "new-round", "ok21", "--from", "ok99")
    assert result.exit_code == 1
    assert "runden 'ok99' findes ikke under content/" in result.output
    assert "gyldige: ok15-kl, ok15-regioner, ok18-regioner, oversigt" in result.output


def test_nothing_is_half_written_after_an_error(project, monkeypatch):
    written = []
    original = Path.write_text

    def failing(self, *args, **kwargs):
        if written:
            raise OSError(28, "No space left on device")
        written.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(ContentError) as info:
        new_round(project, "ok21-regioner", "ok15-regioner")
    assert "der ikke er plads nok på drevet" in str(info.value)
    monkeypatch.undo()
    assert written, "the failure came after a file was written"
    left = [p.name for p in (project / "content").iterdir() if "ok21" in p.name]
    assert left == [], "no round folder and no hidden staging folder"


def test_a_broken_old_file_is_a_located_message_and_nothing_is_written(tmp_path):
    root = make_project(tmp_path, {"test/bilag-1.yaml": "type: bilag\nnummer: [1\n"})
    with pytest.raises(ContentError) as info:
        new_round(root, "ny", "test")
    assert str(info.value.problems[0]).startswith("content/test/bilag-1.yaml:")
    assert not (root / "content" / "ny").exists()


def test_written_budget_years_and_round_dates_become_derived_and_markers(tmp_path):
    rnd = (
        ROUND
        + "ramme: {beloeb: 5, aar: [{fra: 2016-04-01, til: 2018-03-31}]}\n"
        + "datoer: {frist: 2016-05-01}\n"
    )
    root = make_project(tmp_path, {"test/runde.yaml": rnd})
    made = new_round(root, "ny", "test")
    text = (root / "content" / "ny" / "runde.yaml").read_text(encoding="utf-8")
    assert "aar" not in text.split("ramme:")[1].split("datoer:")[0]
    assert "ramme:\n  beloeb: 5\n" in text
    assert "  frist: \"UDFYLD: datoen 'frist', ÅÅÅÅ-MM-DD (var: 2016-05-01)\"" in text
    assert [item.key for item in made.to_fill] == [
        "navn", "overenskomst", "tilbudsperiode.fra", "tilbudsperiode.til", "datoer.frist",
        "dato",
    ]  # fmt: skip
