"""The workbench as staff use it: ``brevgen serve`` in a process of its own, Debian's
Chromium driving it (Playwright). Every round on the overview, a letter opened and
downloaded, a saved change refreshing the open preview, a broken file shown as the same
located message as the command line, the sample register's 22 contracts and 8 refusals, the
zip, refused paths, the password off loopback, and every page through an accessibility
audit (axe-core, the structural audit and the keyboard)."""

from __future__ import annotations

import http.client
import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from workbench_helpers import SAMPLE, Server, copy_project

from brevgen.commands.check import check
from brevgen.content.project import load_project
from brevgen.errors import ContentError
from helpers import docx_text, pdf_text
from html_audit import problems as structural_problems

LETTER = "ok15-regioner/region-hovedstaden/brev.pdf"
RECIPIENT = "Hovedudvalget i Region Hovedstaden"
AXE = Path(__file__).parent / "axe" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SEEN: dict[str, str] = {}  # pages found by one test and audited by the last


@pytest.fixture(scope="module")
def served(built_project, tmp_path_factory):
    root = copy_project(built_project, tmp_path_factory.mktemp("vaerksted-browser") / "projekt")
    server = Server(root)
    server.wait_ready()
    server.root = root
    yield server
    output = server.stop()
    assert "Traceback" not in output, output


@pytest.fixture
def page(browser, served):
    context = browser.new_context(base_url=served.url, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def wait_until(page, expression: str, arg=None, timeout: float = 30.0):
    """Poll ``expression`` (a JavaScript function) until it gives something true.

    Not Playwright's wait_for_function: its polling evaluates strings, which the workbench's
    Content-Security-Policy forbids, as it should; the tests run with the policy on.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"never true: {expression}")
        time.sleep(0.05)


def images_loaded(page) -> None:
    wait_until(
        page,
        "() => Array.from(document.images)"
        ".every(i => i.loading === 'lazy' || (i.complete && i.naturalWidth))",
    )


def test_the_overview_shows_every_round(page, served):
    page.goto("/")
    rounds = load_project(served.root).rounds.values()
    headings = page.locator("h2").all_inner_texts()
    assert [r.info.name for r in rounds] == [h for h in headings if h != "Fejl i indholdet"]
    grid = page.locator("#runde-ok15-regioner ~ .gitter-ramme table").first
    columns = grid.locator("thead th").all_inner_texts()
    assert columns == ["Modtager", "Brev", "Bilag 1", "Bilag 2", "Brev med bilag"]
    assert grid.locator("tbody tr").count() == 5
    assert grid.locator("tbody th").first.inner_text() == RECIPIENT
    assert grid.locator("img").count() == 20
    images_loaded(page)
    assert page.get_by_role("link", name="Webside: Støtte til psykisk arbejdsmiljø").count() == 1
    assert page.get_by_role("link", name=re.compile("^Brochure: ")).count() == 1
    assert "Alt er dannet" in page.locator("#status").inner_text()


def test_a_letter_opens_to_read_and_download(page, served):
    page.goto("/")
    page.get_by_role("link", name=f"Brev til {RECIPIENT}", exact=True).click()
    page.wait_for_url(f"**/dokument/{LETTER}")
    assert page.locator("h1").inner_text().startswith("Brev: Et bedre psykisk arbejdsmiljø")
    assert page.locator(".modtager").inner_text() == f"Til {RECIPIENT}"
    count = page.locator("figure.side img").count()
    assert count >= 2
    assert page.locator("figcaption").first.inner_text() == f"Side 1 af {count}"
    images_loaded(page)
    opened = page.get_by_role("link", name="Åbn PDF-filen i browseren").get_attribute("href")
    pdf = page.request.get(opened)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent Word-filen (DOCX)").click()
    assert download.value.suggested_filename == "ok15-regioner-region-hovedstaden-brev.docx"
    text = docx_text(Path(download.value.path()))
    assert "Kongens Vænge 2" in text and "Af forliget fremgår:" in text
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Hent PDF-filen")).click()
    assert "Et bedre psykisk arbejdsmiljø" in pdf_text(Path(download.value.path()))
    SEEN["document"] = page.url


def test_a_saved_change_refreshes_the_open_preview(page, served):
    letter = served.root / "content" / "ok15-regioner" / "brev.yaml"
    page.goto(f"/dokument/{LETTER}")
    images_loaded(page)
    before = page.locator("figure.side img").first.get_attribute("src")
    started = time.perf_counter()
    letter.write_text(
        letter.read_text(encoding="utf-8").replace(
            "Af forliget fremgår:", "Af forliget fremgår tydeligt:"
        ),
        encoding="utf-8",
    )
    wait_until(
        page,
        "before => document.querySelector('figure.side img').getAttribute('src') !== before",
        before,
        timeout=60,
    )
    images_loaded(page)
    print(f"edit to refreshed page 1: {time.perf_counter() - started:.2f} s")
    assert "fremgår tydeligt:" in pdf_text(served.root / "build" / LETTER)
    new_sha = page.locator("figure.side img").first.get_attribute("src").split("v=")[1]
    page.goto("/")
    thumbnail = page.get_by_role("img", name=f"Brev til {RECIPIENT}", exact=True)
    assert thumbnail.get_attribute("src").endswith(new_sha)


def test_a_broken_file_shows_the_located_message_and_keeps_the_preview(page, served):
    letter = served.root / "content" / "ok15-regioner" / "brev.yaml"
    good = letter.read_text(encoding="utf-8")
    page.goto(f"/dokument/{LETTER}")
    images_loaded(page)
    before = page.locator("figure.side img").first.get_attribute("src")
    letter.write_text(good.replace("bilag: [bilag-1, bilag-2]", "bilag: [bilag-1, bilag-9]"))
    try:
        page.wait_for_selector("#dokument-fejl .problemer li", timeout=60_000)
        with pytest.raises(ContentError) as command_line:
            check(served.root)  # what `brevgen check` says
        shown = page.locator("#dokument-fejl li").all_inner_texts()
        expected = [str(p) for p in command_line.value.problems]
        assert shown == expected
        assert any(
            re.match(r"content/ok15-regioner/brev\.yaml:\d+:\d+: bilaget 'bilag-9'", s)
            for s in shown
        )
        # The last good preview stays.
        assert page.locator("figure.side img").first.get_attribute("src") == before
        assert "Indholdet har 1 fejl" in page.locator("#status").inner_text()
        page.goto("/")
        assert page.locator("#fejl li").all_inner_texts() == expected
        grid_box = page.locator("#runde-ok15-regioner ~ .fejlboks li").first.inner_text()
        assert grid_box == expected[0]
        SEEN["error"] = page.url
    finally:
        letter.write_text(good, encoding="utf-8")
    wait_until(page, "() => !document.querySelector('#fejl li')", timeout=60)
    wait_until(page, "() => document.querySelector('#status').innerText.includes('Alt er dannet')")


def test_the_sample_register_gives_22_contracts_and_8_refusals(page, served):
    page.goto("/kontrakter")
    page.get_by_label("Kontraktregister", exact=True).set_input_files(SAMPLE)
    page.get_by_role("button", name="Dan kontrakter").click()
    page.wait_for_url(re.compile(r"/kontrakter/[\w-]{20,}$"))
    assert page.locator("progress").count() == 1  # progress shows while it renders
    page.wait_for_selector(".optaelling", timeout=180_000)
    counts = page.locator(".optaelling").inner_text()
    assert "Udstedt: 22" in counts and "Afvist: 8" in counts
    rows = page.locator("table.rapport tbody tr")
    assert rows.count() == 30
    assert page.locator("table.rapport tbody tr.afvist").count() == 8
    reasons = page.locator("table.rapport tbody tr.afvist td:nth-child(7)").all_inner_texts()
    assert all(re.search(r"Henvendelser![A-Z]+\d+", r) for r in reasons), reasons
    assert page.locator("table.rammer tbody tr").count() == 8  # 4 providers × 2 years
    SEEN["job"] = page.url

    with page.expect_download() as download:
        page.get_by_role("link", name="Hent kontrakterne og rapport.xlsx (zip)").click()
    archive = zipfile.ZipFile(download.value.path())
    names = archive.namelist()
    assert "rapport.xlsx" in names and "manifest.json" not in names
    assert len([n for n in names if n.endswith(".pdf")]) == 22
    assert len([n for n in names if n.endswith(".docx")]) == 22
    contract = next(n for n in names if n.endswith(".docx"))
    case = contract.removesuffix(".docx").upper()
    folder = Path(download.value.path()).parent / "udpakket"
    archive.extractall(folder)
    assert case in docx_text(folder / contract)
    assert case in pdf_text(folder / contract.replace(".docx", ".pdf"))
    report = openpyxl.load_workbook(io.BytesIO(archive.read("rapport.xlsx")))
    statuses = [row[2] for row in report["Rapport"].iter_rows(min_row=2, values_only=True)]
    assert statuses.count("udstedt") == 22 and statuses.count("afvist") == 8


def raw_get(server: Server, path: str) -> tuple[int, bytes]:
    """A request sent exactly as written: no client tidies ``..`` away."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", f"127.0.0.1:{server.port}")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.mark.parametrize(
    "path",
    [
        "/filer/../../../../../../etc/passwd",
        "/filer/ok15-regioner/../../content/registre/personer.yaml",
        "/filer/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/filer//etc/passwd",
        "/dokument/../../../etc/passwd",
        "/side/../../../etc/passwd?nr=1",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/security.py",
    ],
)
def test_a_path_traversal_url_is_refused(served, path):
    status, body = raw_get(served, path)
    assert status in (400, 404), path
    assert b"root:" not in body and b"personer:" not in body and b"def inside" not in body


def test_a_path_traversal_url_in_the_browser(page, served):
    response = page.goto("/filer/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Siden findes ikke"
    SEEN["404"] = page.url


def test_off_loopback_it_needs_the_password(browser, built_project, tmp_path):
    root = copy_project(built_project, tmp_path / "projekt")
    refused = Server(root, "--host", "0.0.0.0")
    assert refused.process.wait(60) == 1
    output = refused.stop()
    assert "kræver en adgangskode" in output and "BREVGEN_ADGANGSKODE" in output
    assert "Traceback" not in output

    server = Server(root, "--host", "0.0.0.0", env={"BREVGEN_ADGANGSKODE": "en lang kode 17"})
    try:
        server.wait_ready(headers={"Authorization": "Bearer en lang kode 17"})
        status, body = raw_get(server, f"/filer/{LETTER}")
        assert status == 401 and not body.startswith(b"%PDF")
        context = browser.new_context(base_url=server.url, bypass_csp=True)  # for axe-core
        page = context.new_page()
        page.goto("/kontrakter")
        assert page.url.endswith("/login?videre=%2Fkontrakter")
        SEEN["login"] = page.url
        audit(page)  # the login page too
        page.get_by_label("Adgangskode").fill("forkert")
        page.get_by_role("button", name="Log ind").click()
        assert "Adgangskoden er forkert" in page.locator("[role=alert]").inner_text()
        # A POST is refused without logging in, and without the token once logged in.
        assert page.request.post("/log-ud", form={"csrf": ""}).status == 401
        page.get_by_label("Adgangskode").fill("en lang kode 17")
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url("**/kontrakter")
        assert page.locator("h1").inner_text() == "Kontrakter"
        assert page.request.post("/log-ud", form={"csrf": "gæt"}).status == 403
        page.get_by_role("button", name="Log ud").click()
        page.wait_for_url("**/login")
        context.close()
    finally:
        output = server.stop()
    assert "Traceback" not in output


def audit(page) -> None:
    """axe-core's WCAG 2.1 A/AA and best-practice rules, the structural audit, the keyboard."""
    html = page.content()
    own = ("/static/", "/miniature/", "/side/", "/filer/")  # the workbench's own addresses
    assert structural_problems(html, own=own) == [], page.url
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    violations = [(v["id"], [n["html"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], page.url
    keyboard(page)


def keyboard(page) -> None:
    """Every link, button and field is reached with Tab, in page order, and shows its focus."""
    wanted = page.evaluate(
        """() => Array.from(document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, textarea, iframe'))
            .filter(e => e.getClientRects().length)
            .map(e => e.outerHTML)"""
    )
    reached: list[str] = []
    for _ in range(len(wanted) + 200):  # an embedded web page has links of its own
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const e = document.activeElement;
                if (e === document.body) return null;
                if (e.tagName !== 'IFRAME' && getComputedStyle(e).outlineStyle === 'none')
                    return 'NO FOCUS OUTLINE: ' + e.outerHTML;
                return e.outerHTML;
            }"""
        )
        if focused is None:  # past the last element: the browser's own controls
            continue
        assert not focused.startswith("NO FOCUS OUTLINE"), focused[:120]
        if reached and focused == reached[0] and len(reached) > 1:
            break  # round once
        if not reached or reached[-1] != focused:
            reached.append(focused)
    # Tab may start anywhere (a field with autofocus): one round, from the top.
    start = reached.index(wanted[0]) if wanted and wanted[0] in reached else 0
    assert reached[start:] + reached[:start] == wanted, page.url


def test_every_page_passes_the_accessibility_audit(browser, served):
    context = browser.new_context(base_url=served.url, bypass_csp=True)  # to load axe-core
    page = context.new_page()
    urls = ["/", "/kontrakter", "/kontrol", f"/dokument/{LETTER}"]
    urls += ["/dokument/oversigt/stoette-til-psykisk-arbejdsmiljoe.html"]
    urls += [SEEN[key] for key in ("job", "404") if key in SEEN]
    assert "job" in SEEN, "the contracts test runs first and leaves its report page"
    for url in urls:
        page.goto(url)
        audit(page)
    context.close()
