"""brevgen send against a real SMTP server (aiosmtpd on 127.0.0.1): the letters arrive with
the build's files byte for byte, each recipient once, whatever the server does midway."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from brevgen.cli import main
from brevgen.commands.build import build
from brevgen.mailing.log import FAILED, REFUSED, SENT
from brevgen.mailing.send import send_round
from brevgen.mailing.smtp import Secret, Server
from helpers import REPO, make_project
from smtp_server import Inbox, smtp_server

ADDRESSES = {
    "Hillerød": "hovedudvalg@regionh.example",
    "Sorø": "hu@regionsjaelland.example",
    "Vejle": "hovedudvalg@rsyd.example",
    "Viborg": "hu@rm.example",
    "Aalborg Øst": "hovedudvalg@rn.example",
}
MAIL = """\
type: mail
emne: "{{ brev.titel }}"
afsender: ltc
vedhaeft_docx: true
tekst: |
  Til {{ modtager.navn }}

  Hermed brevet om tilbuddet fra den {{ runde.tilbudsperiode.fra | dato }}.
"""
PASSWORD = "Hemmelig-kode-42!"
# The test server takes a login without TLS on 127.0.0.1 (brevgen allows that only there).
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
FILES = ("brev-med-bilag.pdf", "brev.docx", "bilag-1.docx")


def with_addresses(addresses: dict[str, str]) -> str:
    """The real regions register with an ``email:`` after each town named in ``addresses``."""
    text = (REPO / "content/registre/regioner.yaml").read_text(encoding="utf-8")
    for town, address in addresses.items():
        text = text.replace(f"    by: {town}\n", f"    by: {town}\n    email: {address}\n")
    return text


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(
        tmp_path_factory.mktemp("bygget"),
        {"registre/regioner.yaml": with_addresses(ADDRESSES), "test/mail.yaml": MAIL},
    )
    build(root, root / "build")
    return root


@pytest.fixture
def project(built, tmp_path):
    """A copy of the built project of its own (the send log is per project)."""
    root = tmp_path / "projekt"
    shutil.copytree(built, root)
    return root


def send(root, server: str | None = None, **options):
    return send_round(
        root,
        "test",
        root / "build",
        server=Server.parse(server) if server else None,
        timeout=options.pop("timeout", 10),
        **options,
    )


def log_of(root) -> list[dict]:
    path = root / "build/test/post/sendelog.json"
    return json.loads(path.read_text(encoding="utf-8"))["forsendelser"]


def region_of(address: str) -> str:
    town = next(t for t, a in ADDRESSES.items() if a == address)
    return {
        "Hillerød": "region-hovedstaden",
        "Sorø": "region-sjaelland",
        "Vejle": "region-syddanmark",
        "Viborg": "region-midtjylland",
        "Aalborg Øst": "region-nordjylland",
    }[town]


def test_the_five_letters_arrive_with_the_builds_files(project):
    with smtp_server() as (inbox, address):
        result = send(project, address)
    assert {r.recipients[0] for r in inbox.received} == set(ADDRESSES.values())
    assert len(inbox.received) == 5 and result.unserved == 0
    for received in inbox.received:
        message = received.message
        assert received.sender == "ltc@regioner.dk"
        assert message["X-Unsent"] is None  # a draft's mark, not on a sent message
        assert message["Subject"] == "Et bedre psykisk arbejdsmiljø"
        assert str(message["From"]) == "Laura Thors Calaña <ltc@regioner.dk>"
        folder = project / "build/test" / region_of(received.recipients[0])
        attached = {p.get_filename(): p.get_content() for p in message.iter_attachments()}
        assert list(attached) == list(FILES)
        for name, data in attached.items():
            assert data == (folder / name).read_bytes(), name
        plain = message.get_body(("plain",)).get_content()
        assert plain.startswith("Til Hovedudvalget i Region ")
    entries = log_of(project)
    assert [e["status"] for e in entries] == [SENT] * 5
    for item in entries:
        folder = project / "build/test" / item["modtager"]
        for attached in item["vedhaeftninger"]:
            data = (folder / attached["fil"]).read_bytes()
            assert attached["sha256"] == hashlib.sha256(data).hexdigest()
        assert item["svar"] == "250 2.0.0 Modtaget" and item["server"] == address
    ids = [r.message["Message-ID"] for r in inbox.received]
    assert sorted(ids) == sorted(e["message_id"] for e in entries)


def test_a_second_run_sends_nothing_and_says_so(project):
    with smtp_server() as (inbox, address):
        send(project, address)
        again = CliRunner().invoke(
            main, ["send", "--round", "test", "--smtp", address, "--projekt", str(project)]
        )
    assert again.exit_code == 0, again.output
    assert len(inbox.received) == 5
    assert len(log_of(project)) == 5
    line = re.search(
        r"Hovedudvalget i Region Sjælland <hu@regionsjaelland\.example> fik .*", again.output
    )
    assert line and "og får den ikke igen (brug --igen for at sende den alligevel)." in line[0]
    assert "Færdig: 0 sendt, 0 afvist af serveren." in again.output


def test_igen_sends_again_under_a_new_message_id(project):
    with smtp_server() as (inbox, address):
        send(project, address)
        send(project, address, again=True)
    assert len(inbox.received) == 10
    first, second = inbox.received[0].message["Message-ID"], inbox.received[5].message["Message-ID"]
    assert second == first.replace("@", ".2@")
    assert [e["igen"] for e in log_of(project)] == [False] * 5 + [True] * 5


@pytest.mark.parametrize("mode", ["refuse", "drop", "stall"])
def test_a_server_failing_on_the_third_message_then_a_rerun_serves_everyone_once(project, mode):
    inbox = Inbox(fail_on=3, mode=mode, stall=3.0)
    with smtp_server(inbox) as (_, address):
        first = send(project, address, timeout=1.5)
        entries = log_of(project)
        if mode == "refuse":  # the server said no to one; the others went on
            assert [e["status"] for e in entries] == [SENT, SENT, REFUSED, SENT, SENT]
            assert entries[2]["svar"] == "554 5.7.1 Afvist af testserveren"
            assert first.lost is None
        else:  # the connection broke: what was accepted is logged, the rest reported
            assert [e["status"] for e in entries] == [SENT, SENT, FAILED]
            why = {"drop": "serveren lukkede forbindelsen"}
            assert entries[2]["svar"] == why.get(
                mode, "serveren svarede ikke inden for 1,5 sekunder"
            )
            assert first.lost == entries[2]["svar"]
            untried = [s for s in first.sendings if s.outcome is None]
            assert len(untried) == 2
        assert first.unserved == (1 if mode == "refuse" else 3)
        second = send(project, address, timeout=1.5)
    assert second.unserved == 0
    recipients = sorted(r.recipients[0] for r in inbox.received)
    assert recipients == sorted(ADDRESSES.values())  # every recipient exactly once
    assert sum(e["status"] == SENT for e in log_of(project)) == 5


def test_a_changed_letter_is_sent_again_and_replaces_the_first(project):
    with smtp_server() as (inbox, address):
        send(project, address)
        letter = project / "content/test/brev.yaml"
        letter.write_text(letter.read_text().replace("vold og trusler", "vold, trusler"))
        stale = CliRunner().invoke(
            main, ["send", "--round", "test", "--smtp", address, "--projekt", str(project)]
        )
        assert stale.exit_code == 1
        assert "byg først: indholdet eller skabelonerne er ændret" in stale.output
        assert "kør 'brevgen build --round test'" in stale.output
        assert len(inbox.received) == 5  # nothing left the machine
        build(project, project / "build", "test")
        send(project, address)
    entries = log_of(project)
    assert len(inbox.received) == 10 and len(entries) == 10
    for old, new in zip(entries[:5], entries[5:], strict=True):
        assert new["erstatter"] == old["message_id"] and new["message_id"] != old["message_id"]
    book = load_workbook(project / "build/test/post/sendelog.xlsx")
    remarks = [row[9] for row in book["Sendelog"].iter_rows(min_row=2, values_only=True)]
    assert remarks[5].startswith("Brevet er ændret; erstatter <")


def test_the_password_is_in_no_file_and_no_output(project, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("BREVGEN_SMTP_ADGANGSKODE", PASSWORD)
    args = ["send", "--round", "test", "--bruger", "hr-post", "--projekt", str(project)]
    with smtp_server(password=PASSWORD) as (inbox, address):
        sent = CliRunner().invoke(main, [*args, "--smtp", address])
        monkeypatch.setenv("BREVGEN_SMTP_ADGANGSKODE", PASSWORD + "x")
        refused = CliRunner().invoke(main, [*args, "--smtp", address, "--igen"])
    assert sent.exit_code == 0, sent.output
    assert len(inbox.received) == 5 and inbox.logins[0][0] == "hr-post"
    assert refused.exit_code == 1
    assert (
        f"serveren {address} afviste brugernavnet eller adgangskoden (535 5.7.8 Authentication "
        "credentials invalid); intet er sendt"
    ) in refused.output
    forms = [PASSWORD, base64.b64encode(PASSWORD.encode()).decode()]
    for output in (sent.output, refused.output):
        assert not any(form in output for form in forms)
    for path in [*project.rglob("*"), *tmp_path.glob("brevgen-fejl*")]:
        if path.is_file():
            data = path.read_bytes()
            assert not any(form.encode() in data for form in forms), path


def test_starttls_with_a_certificate_the_system_trusts(project, tmp_path, monkeypatch):
    trustme = pytest.importorskip("trustme")
    import ssl

    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    options = {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
    with smtp_server(password=PASSWORD, **options) as (inbox, address):
        untrusted = CliRunner().invoke(
            main,
            ["send", "-r", "test", "--smtp", address, "--bruger", "hr", "--projekt", str(project)],
            env={"BREVGEN_SMTP_ADGANGSKODE": PASSWORD, "SSL_CERT_FILE": str(tmp_path / "x")},
        )
        assert untrusted.exit_code == 1
        assert "serverens certifikat kunne ikke godkendes" in untrusted.output
        assert not inbox.received and not inbox.logins
        monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
        result = send(project, address, user="hr", password=Secret(PASSWORD))
    assert result.unserved == 0 and len(inbox.received) == 5


def test_no_password_over_an_unencrypted_connection_to_another_machine():
    from brevgen.errors import SendError
    from brevgen.mailing.smtp import Connection

    assert Server.parse("127.0.0.1:25").local and Server.parse("[::1]:25").local
    assert not Server.parse("smtp.regioner.dk:587").local
    with pytest.raises(SendError, match="skriv den som VÆRT:PORT"):
        Server.parse("smtp.regioner.dk")
    with pytest.raises(SendError, match="der kunne ikke oprettes forbindelse"):
        with Connection(Server.parse("127.0.0.1:1"), "hr", Secret(PASSWORD), timeout=2):
            pass
    assert PASSWORD not in repr(Secret(PASSWORD)) and PASSWORD not in str(Secret(PASSWORD))


def test_a_bad_address_is_refused_before_anything_is_sent(tmp_path):
    addresses = {**ADDRESSES, "Vejle": "hovedudvalg@rsyd", "Viborg": "hu rm@rm.example"}
    root = make_project(
        tmp_path, {"registre/regioner.yaml": with_addresses(addresses), "test/mail.yaml": MAIL}
    )
    build(root, root / "build")
    lines = (root / "content/registre/regioner.yaml").read_text().splitlines()
    vejle = next(i for i, line in enumerate(lines, 1) if "hovedudvalg@rsyd" in line)
    with smtp_server() as (inbox, address):
        result = CliRunner().invoke(
            main, ["send", "-r", "test", "--smtp", address, "--projekt", str(root)]
        )
    assert result.exit_code == 3
    assert (
        f"content/registre/regioner.yaml:{vejle}:12: 'hovedudvalg@rsyd' er ikke en gyldig "
        "e-mailadresse: delen efter @ skal have et punktum, fx region.dk; ret adressen"
    ) in result.output
    assert (
        "'hu rm@rm.example' er ikke en gyldig e-mailadresse: adressen indeholder et mellemrum"
        in result.output
    )
    assert len(inbox.received) == 3
    check = CliRunner().invoke(main, ["check", "--projekt", str(root)])
    assert check.exit_code == 1 and f"regioner.yaml:{vejle}:12" in check.output


def test_a_server_that_cannot_be_reached_sends_nothing_and_logs_nothing(project):
    result = CliRunner().invoke(
        main, ["send", "-r", "test", "--smtp", "127.0.0.1:1", "--projekt", str(project)]
    )
    assert result.exit_code == 1
    assert "der kunne ikke oprettes forbindelse til SMTP-serveren 127.0.0.1:1" in result.output
    assert "intet er sendt" in result.output and "Traceback" not in result.output
    assert not (project / "build/test/post/sendelog.json").exists()


def test_the_send_log_workbook(project):
    with smtp_server(Inbox(fail_on=2)) as (_, address):
        send(project, address)
    book = load_workbook(project / "build/test/post/sendelog.xlsx")
    sheet = book["Sendelog"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Tidspunkt", "Modtager", "E-mailadresse", "Emne", "Status", "Serverens svar"
    )  # fmt: skip
    assert [r[4] for r in rows[1:]] == [SENT, REFUSED, SENT, SENT, SENT]
    assert rows[2][5] == "554 5.7.1 Afvist af testserveren"
    assert rows[1][6].split("\n") == list(FILES) and len(rows[1][7].split("\n")[0]) == 64
    assert sheet["A2"].number_format == "dd-mm-yyyy hh:mm:ss"


def test_a_send_log_that_cannot_be_read_stops_the_run_before_anything_is_sent(project):
    post = project / "build/test/post"
    post.mkdir(parents=True)
    (post / "sendelog.json").write_text("{ikke json", encoding="utf-8")
    with smtp_server() as (inbox, address):
        result = CliRunner().invoke(
            main, ["send", "-r", "test", "--smtp", address, "--projekt", str(project)]
        )
    assert result.exit_code == 1 and not inbox.received
    assert "sendeloggen kan ikke læses" in result.output
    assert "brevgen kan ikke vide, hvad der allerede er sendt; intet er sendt" in result.output


def test_a_send_log_workbook_open_in_excel_does_not_hold_up_the_sending(project):
    (project / "build/test/post/sendelog.xlsx").mkdir(parents=True)  # cannot be written
    with smtp_server() as (inbox, address):
        result = CliRunner().invoke(
            main, ["send", "-r", "test", "--smtp", address, "--projekt", str(project)]
        )
    assert result.exit_code == 0, result.output
    assert len(inbox.received) == 5 and len(log_of(project)) == 5
    assert "Bemærk: " in result.output
    assert "Loggen står i sendelog.json; sendelog.xlsx skrives igen ved næste kørsel." in (
        result.output
    )


def test_send_help_is_danish():
    text = CliRunner().invoke(main, ["send", "--help"]).output
    assert text.startswith("Brug: brevgen send [VALG]")
    assert "BREVGEN_SMTP_ADGANGSKODE" in text and "--igen" in text and "Options" not in text
