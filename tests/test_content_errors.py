"""Bad input: every mistake is reported in Danish with file, line, column and key."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from brevgen.cli import main
from brevgen.errors import ContentError
from brevgen.plans.documents import plan_documents
from brevgen.render import Options
from helpers import APPENDIX, LETTER, ROUND, make_project


def plan(root):
    return plan_documents(root, Options())


def problems(tmp_path, files):
    make_project(tmp_path, files)
    with pytest.raises(ContentError) as info:
        plan(tmp_path)
    return [str(p) for p in info.value.problems]


def test_yaml_syntax_error_is_located(tmp_path):
    broken = LETTER.replace("dato: 2016-03-14", "dato: 2016-03-14\nfejl: [ikke lukket")
    found = problems(tmp_path, {"test/brev.yaml": broken})
    assert len(found) == 1
    assert found[0].startswith("content/test/brev.yaml:5:")
    assert "kan ikke læses som YAML" in found[0]


def test_unreadable_content_file_is_named_not_a_traceback(tmp_path):
    """A dangling link (e.g. a cloud-synced file not on this machine) cannot be read."""
    make_project(tmp_path)
    (tmp_path / "content" / "test" / "bilag-2.yaml").symlink_to(tmp_path / "ikke-hentet.yaml")
    with pytest.raises(ContentError) as info:
        plan(tmp_path)
    [found] = [str(p) for p in info.value.problems]
    assert found.startswith("content/test/bilag-2.yaml: filen kan ikke læses (teknisk: ")
    assert found.endswith("tjek, at den findes og ikke er låst, og kør igen")


def test_missing_key(tmp_path):
    found = problems(tmp_path, {"test/brev.yaml": LETTER.replace("dato: 2016-03-14\n", "")})
    assert found == ["content/test/brev.yaml:1:1: nøglen 'dato' mangler"]


def test_misspelt_key_suggests_the_right_one(tmp_path):
    found = problems(tmp_path, {"test/brev.yaml": LETTER.replace("tekst:", "tekts:")})
    assert any(
        p.startswith("content/test/brev.yaml:6:1: ukendt nøgle 'tekts'; mente du 'tekst'? ")
        for p in found
    )
    # The real key is then missing too: both are reported in the same run.
    assert "content/test/brev.yaml:1:1: nøglen 'tekst' mangler" in found


def test_wrong_type(tmp_path):
    found = problems(tmp_path, {"test/brev.yaml": LETTER.replace("2016-03-14", "1. april")})
    assert found == [
        "content/test/brev.yaml:3:1: 'dato' '1. april' er ikke en dato; "
        "skriv datoen som ÅÅÅÅ-MM-DD, fx 2016-04-01"
    ]


def test_unknown_provider_lists_valid_ones(tmp_path):
    found = problems(tmp_path, {"test/runde.yaml": ROUND.replace("[nfa, ruc]", "[nfa, rambøll]")})
    assert found == [
        "content/test/runde.yaml:5:17: udbyderen 'rambøll' findes ikke; "
        "gyldige: alectia, cbs, nfa, niras-joblife, ruc"
    ]


def test_unknown_region_lists_valid_ones(tmp_path):
    letter = LETTER.replace("modtagere: regioner", "modtagere: [region-syddanmark, region-fyn]")
    found = problems(tmp_path, {"test/brev.yaml": letter})
    assert found == [
        "content/test/brev.yaml:5:32: regionen 'region-fyn' findes ikke; gyldige: "
        "region-hovedstaden, region-midtjylland, region-nordjylland, region-sjaelland, "
        "region-syddanmark"
    ]


def test_undefined_merge_field_points_at_the_line(tmp_path):
    letter = LETTER.replace("  - vold og trusler.", "  - vold og {{ modtagr.navn }}.")
    found = problems(tmp_path, {"test/brev.yaml": letter})
    assert found == [
        "content/test/brev.yaml:10: flettefeltet 'modtagr' findes ikke; kendte navne: "
        "modtager, parter, personer, regioner, runde, temaer, udbydere"
    ]


def test_unknown_enclosure(tmp_path):
    found = problems(tmp_path, {"test/brev.yaml": LETTER.replace("[bilag-1]", "[bilag-9]")})
    assert found == [
        "content/test/brev.yaml:13:9: bilaget 'bilag-9' findes ikke i runden test; gyldige: bilag-1"
    ]


def test_all_errors_in_one_run(tmp_path):
    found = problems(
        tmp_path,
        {
            "test/runde.yaml": ROUND.replace("[nfa, ruc]", "[nfa, rambøll]"),
            "test/bilag-1.yaml": "type: bilag\nnummer: nul\ntitel: x\ntekst: y\n",
            "test/brev.yaml": LETTER.replace("ak", "xyz"),
        },
    )
    assert len(found) == 3
    assert any("nummer" in p and "helt tal" in p for p in found)
    assert any("personen 'xyz' findes ikke" in p for p in found)
    assert any("rambøll" in p for p in found)


def test_cli_reports_without_traceback_and_writes_nothing(tmp_path):
    make_project(tmp_path, {"test/brev.yaml": LETTER.replace("tekst:", "tekts:")})
    result = CliRunner().invoke(main, ["build", "--projekt", str(tmp_path)])
    assert result.exit_code == 1
    assert "Fejl i indholdet (2 fejl):" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "build").exists()
    check = CliRunner().invoke(main, ["check", "--projekt", str(tmp_path)])
    assert check.exit_code == 1 and "mente du 'tekst'?" in check.output


def test_template_error_names_template_and_line(tmp_path):
    make_project(tmp_path)
    layout = tmp_path / "templates" / "html" / "brev.html"
    layout.write_text(layout.read_text().replace("{{ hilsen }}", "{{ hilsen | ukendtfilter }}"))
    result = CliRunner().invoke(main, ["check", "--projekt", str(tmp_path)])
    assert result.exit_code == 1
    assert "templates/html/brev.html:" in result.output
    assert "ukendtfilter" in result.output


def test_cli_help_is_danish():
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    assert top.output.startswith("Brug: brevgen [VALG] KOMMANDO [ARGUMENTER]...")
    assert "Valgmuligheder:" in top.output and "Kommandoer:" in top.output
    assert "Vis denne hjælp og afslut." in top.output
    for command in ("build", "check", "verify"):
        text = runner.invoke(main, [command, "--help"]).output
        assert text.startswith(f"Brug: brevgen {command} [VALG]")
        assert "Options" not in text and "Show this" not in text
    wrong = runner.invoke(main, ["build", "--nope"])
    assert wrong.exit_code == 2
    assert "Fejl: Valgmuligheden '--nope' findes ikke." in wrong.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["build", "--round"], "Fejl: Valgmuligheden '--round' skal have en værdi."),
        (["contracts", "r.xlsx", "-j", "0"], "'-j': 0 er ikke i intervallet x>=1."),
        (["contracts", "r.xlsx", "-j", "to"], "'-j': 'to' er ikke et tal."),
        (["buld"], "Fejl: Kommandoen 'buld' findes ikke. Mente du 'build'?"),
    ],
)
def test_cli_usage_mistakes_are_danish(args, said):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert said in result.output
    assert " is not " not in result.output and "requires" not in result.output


def test_undefined_value_through_a_filter_is_located_not_a_crash(tmp_path):
    # StrictUndefined passed into dato() used to reach Babel and end in a traceback.
    letter = LETTER.replace("{{ runde.tilbudsperiode.fra | dato }}", "{{ runde.periode | dato }}")
    found = problems(tmp_path, {"test/brev.yaml": letter})
    assert len(found) == 1
    assert found == [
        "content/test/brev.yaml:7: flettefeltet 'runde.periode' findes ikke; 'runde' har kun: "
        "datoer, id, navn, opsummerer, overenskomst, ramme, temaer, tilbudsperiode, udbydere"
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2016-02-30", "'dato' '2016-02-30' er ikke en gyldig dato: februar 2016 har 29 dage"),
        ("2016-13-01", "'dato' '2016-13-01' er ikke en gyldig dato: måned 13 findes ikke"),
        ("2016-02-31x", "'dato' '2016-02-31x' er ikke en dato"),
        ("2016-02-30 10:00", "'dato' '2016-02-30 10:00' er ikke en dato"),
    ],
)
def test_a_date_that_does_not_exist_is_located_not_an_unexpected_error(tmp_path, typed, message):
    found = problems(tmp_path, {"test/brev.yaml": LETTER.replace("2016-03-14", typed)})
    assert found == [
        f"content/test/brev.yaml:3:1: {message}; skriv datoen som ÅÅÅÅ-MM-DD, fx 2016-04-01"
    ]


def test_a_value_that_does_not_fit_its_yaml_tag_is_located(tmp_path):
    found = problems(tmp_path, {"test/brev.yaml": LETTER.replace("2016-03-14", "!!int 14. marts")})
    assert found == [
        "content/test/brev.yaml:3:7: værdien '14. marts' passer ikke til mærket !!int (teknisk: "
        "invalid literal for int() with base 10: '14. marts'); ret værdien, eller fjern mærket"
    ]


def test_a_character_yaml_forbids_is_located(tmp_path):
    found = problems(tmp_path, {"test/bilag-1.yaml": APPENDIX.replace("Vilkår", "Vil\x07kår")})
    assert found == [
        "content/test/bilag-1.yaml:3:11: filen indeholder tegnet U+0007, som ikke må stå i en "
        "YAML-fil; slet det"
    ]


def test_a_merge_field_names_the_path_that_failed(tmp_path):
    letter = LETTER.replace("runde.tilbudsperiode.fra |", "runde.tilbudsperiode.fraa |")
    assert problems(tmp_path, {"test/brev.yaml": letter}) == [
        "content/test/brev.yaml:7: flettefeltet 'runde.tilbudsperiode.fraa' findes ikke; "
        "'runde.tilbudsperiode' har kun: fra, til"
    ]


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("{% if modtager.att %}att.", "{% if %} er ikke lukket; skriv {% endif %} efter den "
         "tekst, den gælder for"),
        ("{% if modtager.att %}att.{% endfor %}", "{% endfor %} står, hvor {% endif %} skulle "
         "lukke {% if %}"),
        ("{% endif %}", "{% endif %} lukker intet; der er ingen {% if %} før den"),
        ("{{ modtager.navn ", "et flettefelt er ikke lukket med }}"),
        ("{{ modtager navn }}", "der står 'navn' for meget i flettefeltet; skriv fx "
         "{{ modtager.navn }}"),
        ("{{ modtager.navn | fed }}", "filteret 'fed' findes ikke; kendte filtre: beloeb, dato, "
         "email, link, tal, telefon"),
    ],
)  # fmt: skip
def test_a_broken_merge_field_is_explained_in_danish(tmp_path, broken, message):
    letter = LETTER.replace("  - vold og trusler.", f"  - vold og trusler {broken}")
    assert problems(tmp_path, {"test/brev.yaml": letter}) == [
        f"content/test/brev.yaml:10: flettefeltet kan ikke læses: {message}"
    ]


def test_every_kind_of_problem_in_one_run(tmp_path):
    """A wrong amount, an unknown sender, an unknown merge field and a broken {% if %}: one
    run shows all four, not one phase per run."""
    round_ = (
        ROUND + "ramme:\n  beloeb: 900.000 kr.\n  aar:\n    - {fra: 2016-04-01, til: 2017-03-31}\n"
    )
    letter = LETTER.replace("[danske-regioner, forhandlingsfaellesskabet]", "[danske-regioner, lo]")
    letter = letter.replace("  - vold og trusler.", "  - vold og {{ modtager.navnn }}.")
    appendix = APPENDIX.replace("rekvirere", "rekvirere {% if runde.navn %}")
    found = problems(
        tmp_path,
        {"test/runde.yaml": round_, "test/brev.yaml": letter, "test/bilag-1.yaml": appendix},
    )
    assert found == [
        "content/test/runde.yaml:7:3: 'beloeb' skal være et tal uden punktummer og 'kr.', fx "
        "900000",
        "content/test/brev.yaml:4:30: afsenderen 'lo' findes ikke; gyldige: danske-regioner, "
        "forhandlingsfaellesskabet, kl, rltn",
        "content/test/bilag-1.yaml:5: flettefeltet kan ikke læses: {% if %} er ikke lukket; "
        "skriv {% endif %} efter den tekst, den gælder for",
        "content/test/brev.yaml:10: flettefeltet 'modtager.navnn' findes ikke; 'modtager' har "
        "kun: adresse, att, by, id, navn, postnr, region",
    ]


def test_a_wrong_key_in_the_round_is_not_reported_again_through_a_merge_field(tmp_path):
    round_ = ROUND + "ramme:\n  beloeb: mange\n  aar:\n    - {fra: 2016-04-01, til: 2017-03-31}\n"
    letter = LETTER.replace("  - vold og trusler.", "  - {{ runde.ramme.beloeb | beloeb }}.")
    found = problems(tmp_path, {"test/runde.yaml": round_, "test/brev.yaml": letter})
    assert found == [
        "content/test/runde.yaml:7:3: 'beloeb' skal være et tal uden punktummer og 'kr.', fx 900000"
    ]


@pytest.mark.parametrize("field", ["{{ range(10**9) }}", "{{ 1/0 }}", "{{ 'a' + 1 }}"])
def test_a_calculation_in_a_merge_field_is_located_not_a_crash(tmp_path, field):
    letter = LETTER.replace("  - vold og trusler.", f"  - vold og {field}.")
    (found,) = problems(tmp_path, {"test/brev.yaml": letter})
    assert found.startswith("content/test/brev.yaml:10: flettefeltet kan ikke udfyldes (teknisk: ")
    assert found.endswith("et flettefelt henter en værdi, fx {{ modtager.navn }}, og regner ikke")
