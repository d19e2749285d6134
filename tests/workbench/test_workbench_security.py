"""The workbench keeps to itself: paths stay in their folder, POSTs carry the session's CSRF
token, a password guards it off loopback, uploads are limited and checked before parsing,
two sessions never see each other's uploads, and content is text in every page."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient
from workbench_helpers import SAMPLE, csrf_of

from brevgen.cli import main
from brevgen.errors import BrevgenError
from brevgen.workbench import contract_pages
from brevgen.workbench.app import create_app
from brevgen.workbench.security import inside, is_loopback, start_check

LETTER = "ok15-regioner/region-hovedstaden/brev.pdf"


def started(app) -> TestClient:
    client = TestClient(app, base_url="http://127.0.0.1")
    client.__enter__()
    assert app.state.workbench.previews.wait(1, 180), "the first run did not finish"
    return client


@pytest.fixture(scope="module")
def app(module_project):
    app = create_app(module_project, watch=False)
    client = started(app)
    yield app
    client.__exit__(None, None, None)


@pytest.fixture
def client(app) -> TestClient:
    """A fresh session on the module's app."""
    return TestClient(app, base_url="http://127.0.0.1")


# --- paths ------------------------------------------------------------------------------------


def test_a_listed_document_is_served(client):
    response = client.get(f"/filer/{LETTER}")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response.headers["content-disposition"].startswith("inline")
    download = client.get(f"/filer/{LETTER}?hent=1")
    assert download.headers["content-disposition"] == (
        'attachment; filename="ok15-regioner-region-hovedstaden-brev.pdf"'
    )


@pytest.mark.parametrize(
    "url",
    [
        "/filer/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/filer/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/filer/ok15-regioner/%2e%2e/%2e%2e/content/registre/personer.yaml",
        "/filer/..%2f..%2fcontent%2fregistre%2fpersoner.yaml",
        "/filer//etc/passwd",
        "/filer/%2Fetc%2Fpasswd",
        "/filer/ok15-regioner%5C..%5C..%5Ccontent%5Cregistre%5Cpersoner.yaml",
        "/filer/ok15-regioner/region-hovedstaden/brev.pdf%00.html",
        "/filer/manifest.json",
        "/filer/ok15-regioner/kontrakter-eksempel/rapport.xlsx",
        "/dokument/%2e%2e/%2e%2e/etc/passwd",
        "/miniature/%2e%2e/%2e%2e/etc/passwd",
        "/side/%2e%2e%2f%2e%2e%2fetc%2fpasswd?nr=1",
        "/static/%2e%2e/security.py",
        "/static/..%2fsecurity.py",
        "/kontrakter/%2e%2e/fil/passwd",
    ],
)
def test_no_url_reaches_a_file_outside(client, url):
    response = client.get(url)
    assert response.status_code == 404, url
    assert b"root:" not in response.content and b"personer:" not in response.content
    assert b"def inside" not in response.content


def test_a_symlink_out_of_the_build_folder_is_refused(client, app, tmp_path):
    out = app.state.workbench.out
    secret = tmp_path / "hemmelig.pdf"
    secret.write_bytes(b"%PDF hemmeligt")
    target = out / LETTER
    saved = target.read_bytes()
    target.unlink()
    target.symlink_to(secret)
    try:
        assert client.get(f"/filer/{LETTER}").status_code == 404
    finally:
        target.unlink()
        target.write_bytes(saved)
    assert client.get(f"/filer/{LETTER}").status_code == 200


def test_inside_resolves_and_refuses(tmp_path):
    base = tmp_path / "build"
    (base / "a").mkdir(parents=True)
    (base / "a" / "fil.pdf").write_bytes(b"x")
    (tmp_path / "ude.pdf").write_bytes(b"y")
    (base / "a" / "ud.pdf").symlink_to(tmp_path / "ude.pdf")
    (base / "a" / "ind.pdf").symlink_to(base / "a" / "fil.pdf")
    assert inside(base, "a/fil.pdf") == (base / "a" / "fil.pdf").resolve()
    assert inside(base, "a/ind.pdf") == (base / "a" / "fil.pdf").resolve()  # stays inside
    for refused in (
        "a/ud.pdf",
        "../ude.pdf",
        "a/../../ude.pdf",
        "a/./fil.pdf",
        str(tmp_path / "ude.pdf"),
        "/etc/passwd",
        "a\\fil.pdf",
        "a/fil.pdf\x00",
        "",
        "a",
        "a/mangler.pdf",
    ):
        assert inside(base, refused) is None, refused


# --- CSRF, origins and host names ---------------------------------------------------------------


def post_routes(app) -> list[str]:
    paths = []
    for route in app.routes:
        if "POST" in (getattr(route, "methods", None) or ()):
            paths.append(route.path.replace("{job_id}", "x" * 22))
    return paths


def test_every_post_needs_the_csrf_token(app, client):
    routes = post_routes(app)
    assert {"/kontrakter", "/log-ud", "/login", f"/kontrakter/{'x' * 22}/slet"} <= set(routes)
    token = csrf_of(client.get("/kontrakter").text)
    for path in routes:
        if path == "/login":
            continue  # without a password there is nothing to log in to (tested below)
        for data in ({}, {"csrf": "forkert"}, {"csrf": token + "x"}, {"csrf": "gæt ø"}):
            files = {"register": ("r.xlsx", b"PK")} if path == "/kontrakter" else None
            response = client.post(path, data=data, files=files)
            assert response.status_code == 403, (path, data)
            assert "sikkerhedsmærke" in response.text
    # A session's token does not work in another session.
    other = TestClient(app, base_url="http://127.0.0.1")
    other.get("/")
    assert other.post("/log-ud", data={"csrf": token}).status_code == 403


def test_a_post_from_another_site_is_refused(client):
    token = csrf_of(client.get("/kontrakter").text)
    response = client.post(
        "/log-ud", data={"csrf": token}, headers={"Origin": "http://ond.example"}
    )
    assert response.status_code == 403
    assert client.post("/log-ud", data={"csrf": token}, follow_redirects=False).status_code == 303


def test_on_loopback_only_loopback_names_are_answered(client):
    # A page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding) gets nothing.
    assert client.get("/", headers={"Host": "ond.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200


def test_pages_say_what_the_browser_may_load(client):
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    web = client.get("/filer/oversigt/stoette-til-psykisk-arbejdsmiljoe.html")
    assert web.status_code == 200
    assert web.headers["content-security-policy"].startswith("sandbox")
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


# --- a password off loopback --------------------------------------------------------------------


def test_loopback_names():
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.10", "::", "vaerksted.local"))


def test_no_password_no_start_off_loopback():
    with pytest.raises(BrevgenError) as refused:
        start_check("0.0.0.0", None)
    assert "BREVGEN_ADGANGSKODE" in str(refused.value)
    with pytest.raises(BrevgenError, match="mindst 8"):
        start_check("0.0.0.0", "kort")
    start_check("0.0.0.0", "en lang adgangskode")
    start_check("127.0.0.1", None)


def test_the_command_refuses_in_danish(tmp_path, monkeypatch):
    monkeypatch.delenv("BREVGEN_ADGANGSKODE", raising=False)
    (tmp_path / "content").mkdir()
    result = CliRunner().invoke(
        main, ["serve", "--host", "0.0.0.0", "--projekt", str(tmp_path)], env={}
    )
    assert result.exit_code == 1
    assert "kræver en adgangskode" in result.output
    assert "BREVGEN_ADGANGSKODE" in result.output
    assert "Traceback" not in result.output


def test_a_port_in_use_is_a_danish_message(tmp_path, monkeypatch):
    import socket

    monkeypatch.delenv("BREVGEN_ADGANGSKODE", raising=False)
    (tmp_path / "content").mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            main, ["serve", "--port", str(port), "--projekt", str(tmp_path)], env={}
        )
    assert result.exit_code == 1
    assert f"kan ikke lytte på 127.0.0.1:{port}" in result.output and "--port" in result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def guarded(module_project):
    app = create_app(module_project, password="hemmelig-kode-42", loopback=False, watch=False)
    client = started(app)
    yield app
    client.__exit__(None, None, None)


def test_without_the_password_nothing_but_the_login(guarded):
    client = TestClient(guarded, base_url="http://vaerksted.example")
    page = client.get("/", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?videre=%2F"
    for url in (f"/filer/{LETTER}", "/begivenheder", "/kontrakter", f"/miniature/{LETTER}"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 401, url
        assert b"%PDF" not in response.content
    assert client.get("/", headers={"Authorization": "Bearer forkert"}).status_code == 401
    bearer = client.get(f"/filer/{LETTER}", headers={"Authorization": "Bearer hemmelig-kode-42"})
    assert bearer.status_code == 200 and bearer.content.startswith(b"%PDF")
    assert client.get("/static/vaerksted.css").status_code == 200  # the login page's own CSS


def test_logging_in(guarded):
    client = TestClient(guarded, base_url="http://vaerksted.example")
    login = client.get("/login?videre=/kontrakter")
    token = csrf_of(login.text)
    wrong = client.post("/login", data={"csrf": token, "adgangskode": "gæt", "videre": "/"})
    assert wrong.status_code == 401 and "Adgangskoden er forkert" in wrong.text
    assert client.post("/login", data={"adgangskode": "hemmelig-kode-42"}).status_code == 403
    right = client.post(
        "/login",
        data={"csrf": token, "adgangskode": "hemmelig-kode-42", "videre": "//ond.example/"},
        follow_redirects=False,
    )
    assert right.status_code == 303 and right.headers["location"] == "/"  # never elsewhere
    assert client.get(f"/filer/{LETTER}").status_code == 200
    assert "Log ud" in client.get("/").text
    # Logging in made a new CSRF token: the one from before is worth nothing now.
    assert client.post("/log-ud", data={"csrf": token}).status_code == 403


def test_guessing_is_stopped(guarded):
    client = TestClient(guarded, base_url="http://vaerksted.example", client=("10.9.8.7", 1))
    token = csrf_of(client.get("/login").text)
    codes = [
        client.post("/login", data={"csrf": token, "adgangskode": f"gæt {n}"}).status_code
        for n in range(6)
    ]
    assert codes == [401] * 5 + [429]
    right = client.post("/login", data={"csrf": token, "adgangskode": "hemmelig-kode-42"})
    assert right.status_code == 429 and "Vent fem minutter" in right.text


# --- uploads ------------------------------------------------------------------------------------


def upload(client: TestClient, name: str, data: bytes, **extra):
    token = csrf_of(client.get("/kontrakter").text)
    return client.post(
        "/kontrakter",
        data={"csrf": token, "runde": "ok15-regioner", **extra},
        files={"register": (name, data)},
        follow_redirects=False,
    )


def upload_folders() -> set[str]:
    import tempfile

    return {p.name for p in Path(tempfile.gettempdir()).glob("brevgen-kontrakter-*")}


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 2**20))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bombe.xlsx", None, "pakker sig ud til 300 MB"),
        ("gammel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "gamle Excel-format"),
        ("regneark.ods", b"mimetypeapplication/vnd.oasis", "OpenDocument-regneark"),
        ("billede.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "ikke en Excel-projektmappe"),
    ],
)
def test_only_spreadsheets_are_parsed(client, name, data, message):
    before = upload_folders()
    response = upload(client, name, zip_bomb() if data is None else data)
    assert response.status_code == 422
    assert message in response.text
    assert upload_folders() == before  # the upload's folder is gone again


def test_an_upload_is_cut_off_at_the_limit(client, monkeypatch):
    monkeypatch.setattr(contract_pages, "UPLOAD_LIMIT", 64 * 1024)
    before = upload_folders()
    response = upload(client, "stor.xlsx", b"PK\x03\x04" + b"x" * (200 * 1024))
    assert response.status_code == 413
    assert "Filen er større end" in response.text
    assert upload_folders() == before


def small_register(tmp_path: Path, case_numbers: list[str]) -> bytes:
    """The sample register cut to its first rows, with other case numbers."""
    workbook = openpyxl.load_workbook(SAMPLE)
    sheet = workbook["Henvendelser"]
    sheet.delete_rows(2 + len(case_numbers), sheet.max_row)
    for row, case in enumerate(case_numbers, start=2):
        sheet.cell(row=row, column=1, value=case)
    if "Aktiviteter" in workbook.sheetnames:
        del workbook["Aktiviteter"]
    path = tmp_path / "lille.xlsx"
    workbook.save(path)
    return path.read_bytes()


def job_done(client: TestClient, location: str, timeout: float = 120.0) -> str:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = client.get(location)
        if "Hent kontrakterne og rapport.xlsx" in page.text or "kunne ikke dannes" in page.text:
            return page.text
        time.sleep(0.3)
    raise AssertionError("the contracts run did not finish")


def test_two_sessions_never_see_each_others_uploads(app, tmp_path):
    anne, bo = (TestClient(app, base_url="http://127.0.0.1") for _ in range(2))
    first = upload(anne, "annes.xlsx", small_register(tmp_path, ["A-1", "A-2"]))
    second = upload(bo, "bos.xlsx", small_register(tmp_path, ["B-1"]))
    assert first.status_code == second.status_code == 303
    annes, bos = first.headers["location"], second.headers["location"]
    assert annes != bos
    annes_page, bos_page = job_done(anne, annes), job_done(bo, bos)
    assert "a-1.pdf" in annes_page and "b-1.pdf" not in annes_page
    assert "b-1.pdf" in bos_page and "a-1.pdf" not in bos_page
    for path in (annes, f"{annes}/kontrakter.zip", f"{annes}/fil/rapport.xlsx"):
        assert bo.get(path).status_code == 404, path
    assert "annes.xlsx" not in bo.get("/kontrakter").text
    folder = app.state.workbench.jobs._jobs[annes.rsplit("/", 1)[1]].folder
    assert folder.is_dir() and (folder / "annes.xlsx").is_file()
    token = csrf_of(anne.get(annes).text)
    deleted = anne.post(f"{annes}/slet", data={"csrf": token}, follow_redirects=False)
    assert deleted.status_code == 303
    assert not folder.exists()  # its temporary folder is removed
    assert anne.get(annes).status_code == 404
    assert bo.get(bos).status_code == 200


def test_finished_uploads_are_removed_after_a_time(app, tmp_path):
    client = TestClient(app, base_url="http://127.0.0.1")
    location = upload(client, "gammel.xlsx", small_register(tmp_path, ["C-1"])).headers["location"]
    job_done(client, location)
    jobs = app.state.workbench.jobs
    job = jobs._jobs[location.rsplit("/", 1)[1]]
    assert job.folder.is_dir()
    jobs.sweep(now=job.finished + 60)
    assert job.folder.is_dir()
    jobs.sweep(now=job.finished + 3601)
    assert not job.folder.exists()
    assert client.get(location).status_code == 404


# --- content is text ----------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & {{ 7*7 }}'


def test_register_values_are_text_in_the_report(app, tmp_path):
    workbook = openpyxl.load_workbook(io.BytesIO(small_register(tmp_path, ["D-1", "D-2"])))
    sheet = workbook["Henvendelser"]
    sheet.cell(row=3, column=1, value="<b>D-2</b>")  # a Sagsnr that is markup
    sheet.cell(row=3, column=15, value=HOSTILE)  # an unknown provider, quoted in the reason
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = TestClient(app, base_url="http://127.0.0.1")
    location = upload(client, "<i>navn</i>.xlsx", buffer.getvalue()).headers["location"]
    page = job_done(client, location)
    table = page.split("Rækkerne")[1].split("Rammer")[0]
    assert "&lt;b&gt;D-2&lt;/b&gt;" in table and "<b>D-2" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in table
    assert "<script>" not in page and "<img src=x" not in page and "<i>navn" not in page
    assert "{{ 7*7 }}" in table and "49" not in table


def test_content_values_are_text_in_the_pages(tmp_path):
    from helpers import LETTER as BASE_LETTER
    from helpers import make_project

    letter = (
        BASE_LETTER.replace(
            "titel: Et bedre psykisk arbejdsmiljø", f"titel: '{HOSTILE.replace(chr(39), '')}'"
        )
        .replace("modtagere: regioner", "modtagere: [region-hovedstaden]")
        .replace("bilag: [bilag-1]", "")
    )
    root = make_project(tmp_path, {"test/brev.yaml": letter, "test/bilag-1.yaml": None})
    app = create_app(root, watch=False)
    client = started(app)
    try:
        page = client.get("/").text
        assert "&lt;script&gt;" in page and "<script>alert" not in page
        assert "onerror=alert(1)&gt;" in page and "<img src=x" not in page
        document = client.get("/dokument/test/region-hovedstaden/brev.pdf").text
        assert "&lt;script&gt;" in document and "<script>alert" not in document
    finally:
        client.__exit__(None, None, None)


def test_the_page_never_inlines_scripts_or_styles(client):
    for url in ("/", f"/dokument/{LETTER}", "/kontrakter", "/kontrol"):
        html = client.get(url).text
        assert "<script>" not in html and "<style" not in html and " style=" not in html, url
        assert "onclick" not in html and "javascript:" not in html, url


def test_a_bug_is_a_danish_page_and_its_details_a_file(app, monkeypatch, capsys):
    from brevgen.workbench import pages

    def broken(previews):
        raise RuntimeError("a bug")

    monkeypatch.setattr(pages, "status_text", broken)
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    response = client.get("/")
    assert response.status_code == 500
    assert "Det er en fejl i brevgen, ikke i dit indhold" in response.text
    assert "brevgen-fejl.txt" in response.text and "Traceback" not in response.text
    assert "brevgen stødte på en uventet fejl (/)" in capsys.readouterr().err


def test_a_blank_register_and_the_checks(client):
    blank = client.get("/kontrakter/tomt-register/ok15-regioner")
    assert blank.status_code == 200
    assert blank.headers["content-disposition"] == (
        'attachment; filename="kontraktregister-ok15-regioner.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(blank.content))
    assert workbook["Henvendelser"]["A1"].value == "Sagsnr"
    assert client.get("/kontrakter/tomt-register/ok15-kl").status_code == 404  # no contract
    checks = client.get("/kontrol").text
    assert "Alt er i orden: indholdet kan danne 86 filer." in checks
    # What check notes (recipients without an e-mail address) stands under Bemærk, located.
    assert '<h2 id="bemaerk-overskrift">Bemærk</h2>' in checks
    assert "content/registre/regioner.yaml:" in checks
