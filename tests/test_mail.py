"""Covering e-mails as drafts: content checked with its place, .eml files that the email
package (and so Outlook and Thunderbird) reads, carrying the build's files, the same bytes
every time."""

from __future__ import annotations

import re
import shutil
from email import policy
from email.parser import BytesParser

import pytest
from click.testing import CliRunner

from brevgen.cli import main
from brevgen.commands.build import build
from brevgen.mailing.send import send_round
from brevgen.markup import to_text
from helpers import REPO, make_project
from test_send import ADDRESSES, FILES, MAIL, with_addresses

ODD = "Hovedudvalget <Syd> & {{ 7*7 }}"


def parse(path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """A built project whose Syddanmark register entry has an odd name, and its drafts."""
    regions = with_addresses(ADDRESSES).replace(
        "hovedudvalg: Hovedudvalget i Region Syddanmark", f'hovedudvalg: "{ODD}"'
    )
    mail = MAIL.replace("Hermed brevet", "Hermed *brevet*,\n  og mere")
    root = make_project(
        tmp_path_factory.mktemp("kladder"),
        {"registre/regioner.yaml": regions, "test/mail.yaml": mail},
    )
    build(root, root / "build")
    result = send_round(root, "test", root / "build")
    return root, result


def test_a_draft_per_recipient_opens_as_a_message_ready_to_send(drafted):
    root, result = drafted
    post = root / "build/test/post"
    assert sorted(p.name for p in post.glob("*.eml")) == [
        f"region-{r}.eml"
        for r in ("hovedstaden", "midtjylland", "nordjylland", "sjaelland", "syddanmark")
    ]
    message = parse(post / "region-hovedstaden.eml")
    assert message["X-Unsent"] == "1"
    assert str(message["To"]) == "Hovedudvalget i Region Hovedstaden <hovedudvalg@regionh.example>"
    assert str(message["From"]) == "Laura Thors Calaña <ltc@regioner.dk>"
    assert message["Subject"] == "Et bedre psykisk arbejdsmiljø"
    assert message["Date"] == "Mon, 14 Mar 2016 12:00:00 +0100"  # the letter's date
    assert re.fullmatch(r"<[0-9a-f]{32}@regioner\.dk>", message["Message-ID"])
    assert message["Content-Language"] == "da"
    assert message.get_content_type() == "multipart/mixed"
    body, *files = message.iter_parts()
    assert body.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in body.iter_parts()] == ["text/plain", "text/html"]
    assert [f.get_filename() for f in files] == list(FILES)
    folder = root / "build/test/region-hovedstaden"
    for part in files:
        assert part.get_content_disposition() == "attachment"
        assert part.get_content() == (folder / part.get_filename()).read_bytes()
    assert [f.get_content_type() for f in files] == [
        "application/pdf",
        *["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] * 2,
    ]
    raw = (post / "region-hovedstaden.eml").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    # Text and files in lines of 76 (RFC 2045); only a few headers are longer (not folded).
    long = [line for line in raw.split(b"\r\n") if len(line) > 76]
    assert long and all(line.startswith((b"Content-Type: ", b"Subject: ")) for line in long)


def test_text_and_html_say_the_same_and_keep_values_as_data(drafted):
    root, _ = drafted
    message = parse(root / "build/test/post/region-syddanmark.eml")
    assert message["To"].addresses[0].display_name == ODD
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content()
    assert plain.startswith(f"Til {ODD}\n\nHermed brevet, og mere om")
    assert "1.\u00a0april 2016." in plain
    assert plain.endswith(
        "Med venlig hilsen\n\nLaura Thors Calaña\nDanske Regioner\n"
        "Tlf.\u00a035\u00a029\u00a082\u00a030\nltc@regioner.dk\n"
    )
    assert "<p>Til Hovedudvalget &lt;Syd&gt; &amp; {{ 7*7 }}</p>" in html
    assert "<em>brevet</em>," in html
    assert '<a href="mailto:ltc@regioner.dk"' in html
    assert "\u00ad" not in plain + html  # no soft hyphens in an e-mail


def test_drafts_are_the_same_bytes_in_every_run_and_every_folder(drafted, tmp_path):
    root, first = drafted
    assert len(first.drafts.written) == 5
    again = send_round(root, "test", root / "build")
    assert not again.drafts.written and len(again.drafts.unchanged) == 5
    other = tmp_path / "andet-sted"
    shutil.copytree(root, other)
    shutil.rmtree(other / "build/test/post")
    send_round(other, "test", other / "build")
    for path in (root / "build/test/post").glob("*.eml"):
        assert (other / "build/test/post" / path.name).read_bytes() == path.read_bytes()


def test_the_list_of_what_would_be_sent(drafted):
    root, _ = drafted
    text = (root / "build/test/post/udsendelse.txt").read_text(encoding="utf-8")
    assert text.startswith("Udsendelse af runden test: kladderne ligger i denne mappe")
    assert "Med 'brevgen send --round test --smtp VÆRT:PORT' sker dette:" in text
    assert (
        "  - Hovedudvalget i Region Sjælland <hu@regionsjaelland.example>: sendes: "
        "brev-med-bilag.pdf, brev.docx, bilag-1.docx"
    ) in text
    assert not (root / "build/test/post/sendelog.json").exists()


def test_send_without_smtp_writes_drafts_and_sends_nothing(drafted):
    root, _ = drafted
    result = CliRunner().invoke(main, ["send", "--round", "test", "--projekt", str(root)])
    assert result.exit_code == 0, result.output
    assert f"Kladder: 5 filer i {root / 'build/test/post'}/ (uændrede)." in result.output
    assert "Intet er sendt; brug --smtp VÆRT:PORT for at sende." in result.output


def test_the_shipped_content_checks_and_names_who_has_no_address(tmp_path):
    make_project(tmp_path, real_content=True)
    result = CliRunner().invoke(main, ["check", "--projekt", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Alt er i orden: indholdet kan danne ")
    assert lines[1] == "Bemærk (10):"  # the 9 of sending, and a brochure card
    text = (REPO / "content/registre/regioner.yaml").read_text(encoding="utf-8").splitlines()
    sjaelland = text.index("  - id: region-sjaelland") + 1
    assert (
        f"  - content/registre/regioner.yaml:{sjaelland}:5: Hovedudvalget i Region Sjælland har "
        "ingen e-mailadresse og får derfor ikke brevet i runden ok15-regioner med e-mail "
        "(content/ok15-regioner/mail.yaml); skriv adressen her, fx "
        "'email: postkasse@eksempel.dk'"
    ) in lines
    assert (
        "  - content/ok18-regioner/mail.yaml:5:1: content/ok18-regioner/cirkulaere.yaml nævner "
        "3 bilag, som brevgen ikke danner, og som e-mailen derfor ikke har med; læg filerne i "
        "content/ok18-regioner/, og skriv deres navne under 'vedhaeft_filer:', eller send dem "
        "på anden vis"
    ) in lines


def test_a_round_without_addresses_gets_no_drafts_and_says_why(tmp_path):
    root = make_project(tmp_path, {"test/mail.yaml": MAIL})
    build(root, root / "build")
    result = CliRunner().invoke(main, ["send", "-r", "test", "--projekt", str(root)])
    assert result.exit_code == 3
    assert "(ingen e-mails at sende)" in result.output
    assert "Får ingen e-mail (5):" in result.output
    nowhere = CliRunner().invoke(main, ["send", "--projekt", str(root), "-r", "oversigt"])
    assert nowhere.exit_code == 1


def test_the_shipped_circular_as_a_draft(tmp_path):
    root = make_project(tmp_path, real_content=True)
    circular = root / "content/ok18-regioner/cirkulaere.yaml"
    text = circular.read_text(encoding="utf-8")
    circular.write_text(
        text.replace(
            "  - navn: Forhandlingsfællesskabets medlemsorganisationer\n",
            "  - navn: Forhandlingsfællesskabets medlemsorganisationer\n"
            "    email: medlemsorganisationer@ff.example\n",
        ),
        encoding="utf-8",
    )
    build(root, root / "build", "ok18-regioner")
    result = send_round(root, "ok18-regioner", root / "build")
    assert [n.message for n in result.notes][0].startswith(
        "content/ok18-regioner/cirkulaere.yaml nævner 3 bilag"
    )
    slug = "forhandlingsfaellesskabets-medlemsorganisationer"
    message = parse(root / f"build/ok18-regioner/post/{slug}.eml")
    assert message["Subject"] == (
        "Cirkulære: Et bedre psykisk arbejdsmiljø – tilbud om ekspertrådgivning og inspiration "
        "i regionerne åbner 7.\u00a0januar 2019"
    )
    assert str(message["From"]) == "Henrik Carlsen <hc@forhandlingsfaellesskabet.dk>"
    assert [p.get_filename() for p in message.iter_attachments()] == ["cirkulaere.pdf"]
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain.startswith(
        "Til Forhandlingsfællesskabets medlemsorganisationer\n\nHermed følger "
        "Forhandlingsfællesskabets cirkulære"
    )
    assert "fra den 7.\u00a0januar 2019 til den 31.\u00a0marts 2021." in plain


def test_a_file_of_the_rounds_folder_goes_along(tmp_path):
    mail = MAIL + "vedhaeft_filer: [opslag/stilling.pdf]\n"
    root = make_project(
        tmp_path, {"registre/regioner.yaml": with_addresses(ADDRESSES), "test/mail.yaml": mail}
    )
    (root / "content/test/opslag").mkdir()
    (root / "content/test/opslag/stilling.pdf").write_bytes(b"%PDF-1.7 stillingsopslag")
    build(root, root / "build")
    send_round(root, "test", root / "build")
    message = parse(root / "build/test/post/region-nordjylland.eml")
    attached = {p.get_filename(): p.get_content() for p in message.iter_attachments()}
    assert attached["stilling.pdf"] == b"%PDF-1.7 stillingsopslag"


MAIL_ERRORS = [
    ("afsender: ltc", "afsender: xyz", "mail.yaml:3:11", "personen 'xyz' findes ikke; gyldige:"),
    (
        "afsender: ltc",
        "afsender: hb",
        "mail.yaml:3:11",
        "afsenderen 'hb' (Helle Basse) har ingen e-mailadresse; skriv den som 'email:' i "
        "content/registre/personer.yaml, eller vælg en anden afsender",
    ),
    (
        "type: mail\n",
        "type: mail\nbrev: brevet\n",
        "mail.yaml:2:7",
        "brevet 'brevet' findes ikke i runden test; gyldige: brev",
    ),
    (
        '"{{ brev.titel }}"',
        '"{{ brev.tittel }}"',
        "mail.yaml:2",
        "flettefeltet 'brev.tittel' findes ikke; 'brev' har kun: dato, emne_praefiks, titel",
    ),
    (
        "vedhaeft_docx: true",
        "vedhaeft_docx: true\nvedhaeft_filer: [../runde.yaml]",
        "mail.yaml:5:18",
        "filen '../runde.yaml' findes ikke i content/test/",
    ),
    ("vedhaeft_docx: true", "vedhaeft_docx: ja tak", "mail.yaml:4:1", "skal være ja eller nej"),
]


@pytest.mark.parametrize(("old", "new", "where", "message"), MAIL_ERRORS)
def test_mistakes_in_the_mail_are_located(tmp_path, old, new, where, message):
    make_project(tmp_path, {"test/mail.yaml": MAIL.replace(old, new)})
    result = CliRunner().invoke(main, ["check", "--projekt", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert f"content/test/{where}" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_markdown_as_plain_text():
    text = (
        "Til [NFA](https://nfa.dk) og [www.ruc.dk](http://www.ruc.dk/).\nNy linje.\n\n"
        "- en,\n- to\n  - under\n\n3. tre\n4. fire\n\n> citat\n>\n> - i citat\n\n"
        "## Overskrift\n\nSlut\\\nefter brud, 7\\. januar, hoved\u00adudvalg."
    )
    assert to_text(text) == (
        "Til NFA (https://nfa.dk) og www.ruc.dk. Ny linje.\n\n"
        "- en,\n- to\n  - under\n\n3. tre\n4. fire\n\n> citat\n>\n> - i citat\n\n"
        "Overskrift\n\nSlut\nefter brud, 7.\u00a0januar, hovedudvalg."
    )
