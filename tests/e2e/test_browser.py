"""A real browser (Debian's Chromium via Playwright) against a real `handouts serve`.

Opens a clinic's page and a leaflet, builds a three-exercise programme, downloads the PDF and
reads it back, follows the share link, and takes screenshots at phone (390 px) and desktop
(1280 px) width. Set HANDOUTS_SCREENSHOTS=DIR to keep the screenshots for a look.
"""

import io
import os
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader

from conftest import ROOT, handouts_executable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PATIENT = "Gertrud Østergaard-Nielsen"
NOTE = "Husk at trække vejret roligt"
WIDTHS = {"phone": 390, "desktop": 1280}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing: apt-get install chromium (./dev test does)"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`handouts serve` on a free loopback port; yields (base URL, path of its combined log)."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    log = log_path.open("wb")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("HANDOUTS_CONTENT", None)
    process = subprocess.Popen(
        [handouts_executable(), "serve", "--host", "127.0.0.1", "--port", str(port), "--render-workers", "2"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield base, log_path
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("HANDOUTS_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def text_of(pdf: bytes) -> str:
    return " ".join("\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_patient_and_physiotherapist_journeys(server, browser, shots):
    base, log_path = server
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    problems: list[str] = []  # CSP violations and script errors show up in the console
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)

    def screenshot(name: str) -> None:
        for label, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(shots / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    # A patient opens the clinic's page and a leaflet.
    page.goto(base + "/nord/")
    assert page.title() == "Patientark – Fysioterapi Nord"
    assert page.locator("h1").inner_text() == "Patientark"
    assert page.locator(".leaflet").count() == 5
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()") == "#1b6b45"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    assert page.evaluate("document.fonts.check('18px \"IBM Plex Sans\"')")
    screenshot("clinic")
    # The skip link is the first thing the keyboard reaches, and it leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.get_by_role("link", name="Ondt i lænden", exact=True).click()
    page.wait_for_url(base + "/nord/ondt-i-laenden")
    assert page.locator("h1").inner_text() == "Ondt i lænden"
    assert page.get_by_role("complementary").filter(has_text="Røde flag").count() == 1
    with page.expect_download() as leaflet:
        page.get_by_role("link", name="Hent PDF", exact=True).click()
    assert leaflet.value.suggested_filename == "Ondt i lænden.pdf"
    assert "Ondt i lænden" in text_of(Path(leaflet.value.path()).read_bytes())
    screenshot("leaflet")

    # A physiotherapist builds a three-exercise programme and downloads it.
    page.goto(base + "/nord/programme")
    for name in ("Bird-dog", "Kat-ko (katte-kamel)", "Knæ til bryst"):
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Dosis for Bird-dog").fill("3x8/side@3/week")
    page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").fill(PATIENT)
    page.get_by_label("Note til patienten (valgfri, kun på PDF'en)").fill(NOTE)
    page.get_by_label("Antal uger i træningsdagbogen").select_option("3")
    screenshot("builder")
    with page.expect_download() as programme:
        page.get_by_role("button", name="Hent programmet som PDF").click()
    assert programme.value.suggested_filename.startswith("programme-")
    text = text_of(Path(programme.value.path()).read_bytes())
    for expected in (PATIENT, NOTE, "Bird-dog", "Kat-ko (katte-kamel)", "Knæ til bryst",
                     "3 sæt × 8 gentagelser på hver side, 3 gange om ugen", "Uge 3"):
        assert expected in text

    # The same form makes a share link; the patient opens it later.
    page.get_by_role("button", name="Lav et link, patienten kan åbne igen").click()
    page.wait_for_load_state()
    assert page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").input_value() == PATIENT
    page.locator(".share__link a").click()
    page.wait_for_url(f"{base}/nord/p/*")
    assert page.locator(".card").count() == 3
    assert "3 sæt × 8 gentagelser på hver side, 3 gange om ugen" in page.locator(".card").filter(has_text="Bird-dog").inner_text()
    assert PATIENT not in page.content()
    screenshot("share")
    with page.expect_download() as shared:
        page.get_by_role("link", name="Hent PDF", exact=True).click()
    shared_text = text_of(Path(shared.value.path()).read_bytes())
    assert "3 sæt × 8 gentagelser på hver side, 3 gange om ugen" in shared_text and PATIENT not in shared_text

    # A form with a mistake comes back explained, with what was typed still there.
    page.goto(base + "/nord/programme")
    page.get_by_label("Bird-dog", exact=True).check()
    page.get_by_label("Dosis for Bird-dog").fill("mange")
    page.get_by_role("button", name="Hent programmet som PDF").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text().startswith("Formularen kunne ikke sendes:")
    assert page.get_by_label("Dosis for Bird-dog").input_value() == "mange"
    assert page.get_by_label("Bird-dog", exact=True).is_checked()
    screenshot("builder-error")

    context.close()
    assert [p for p in problems if "400 (Bad Request)" not in p] == []
    for url in urls:
        assert "Gertrud" not in url and "%C3%98stergaard" not in url and "vejret" not in url
    server_log = log_path.read_text("utf-8")
    assert '"POST /nord/programme HTTP/1.1" 200' in server_log  # the access log works…
    assert "Gertrud" not in server_log and "vejret" not in server_log  # …and never holds the form
    access_lines = [line for line in server_log.splitlines() if '" 200' in line or '" 304' in line]
    assert access_lines and not any("127.0.0.1" in line for line in access_lines)  # no client addresses
