"""A real browser (Debian's Chromium via Playwright) against a real `handouts serve`.

A patient opens a clinic's page and a leaflet. A physiotherapist walks the builder as between
two appointments, starting on a phone and going on at a desktop's width (one walk covers both):
search, tick four exercises, reorder, change two doses with the fields, name and note, preview,
PDF, share link, Back (no resubmission, nothing lost), and the patient opens the link on a
phone; then the same with the keyboard only, and with JavaScript off. A card's drawing moves, and
stands still for a patient who asks for reduced motion. Set HANDOUTS_SCREENSHOTS=DIR for screenshots at phone (390 px) and desktop
(1280 px) width, to look at (they are taken only then: nothing asserts on them).

On the way, axe-core (axe-playwright-python) checks each page as it is at that moment, at the
width of the moment, with JavaScript on and off: the builder empty, with results, with a
programme and its doses open, the preview; the share page, the clinic's page, a leaflet and the
page for a code that is not right. Any violation fails the walk, with axe's report.

The walks run in Chromium's headless shell: the same engine (Blink and V8) as the full browser,
without its window, GPU process and extensions, at about half the CPU time. It has no PDF viewer,
so the one step that needs the viewer (the PDF opens in the tab, and Back returns to the builder
as it was) is a walk of its own in the full Chromium.
"""

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from conftest import ROOT, handouts_executable
from handouts.limits import RENDER_SECONDS
from readback import pdf_text

CHROMIUM = Path("/usr/bin/chromium")  # the full browser, with its PDF viewer
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")  # the same engine without a window
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PATIENT = "Gertrud Østergaard-Nielsen"
NOTE = "Husk at trække vejret roligt"
XNOTE = "Brug den grønne elastik"  # a note on one exercise: the patient's, like NOTE
WIDTHS = {"phone": 390, "desktop": 1280}
# A PDF comes within the server's render limit, or a 503 page says it did not: wait that long
# (plus the request around the render), not the page's default, which a loaded machine exceeds.
# Both the click (it waits for the server's answer to its navigation) and the download need it.
PDF_WAIT_MS = (RENDER_SECONDS + 5) * 1000
PHONE_HEIGHT = 844  # a common phone's screen: the scroll budget is counted in these
# Counts every pixel scrolled on a page (by hand, or by the browser bringing a field into view),
# up or down; a tap on an in-page link (the bar's jumps) is a tap, not scrolling: counted apart.
COUNT_SCROLLING = """
window.__scrolled = 0;
window.__jumped = 0;
let last = window.scrollY;
window.addEventListener("scroll", () => { window.__scrolled += Math.abs(window.scrollY - last); last = window.scrollY; });
document.addEventListener("click", (event) => {
  if (!event.target.closest('a[href^="#"]')) { return; }
  const before = window.scrollY;
  setTimeout(() => { window.__jumped += Math.abs(window.scrollY - before); }, 150);
}, true);
"""
SCROLLED = "window.__scrolled - window.__jumped"
# With JavaScript off a page runs no timers, and axe-core yields between its checks with
# setTimeout: in such a page its callbacks run as microtasks instead (Playwright's own evaluate
# still runs there; the page's script never did).
TIMERS_AS_MICROTASKS = """
window.setTimeout = (callback, delay, ...args) => { Promise.resolve().then(() => callback(...args)); return 0; };
window.clearTimeout = () => {};
"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and HEADLESS_SHELL.exists()),
        reason="Chromium is missing: apt-get install chromium chromium-headless-shell (./dev test does)",
    ),
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
        [handouts_executable(), "serve", "--host", "127.0.0.1", "--port", str(port), "--render-workers", "1"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a guard against a server that never starts
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
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright):
    """The headless shell, for every walk but the PDF viewer's."""
    shell = playwright.chromium.launch(executable_path=str(HEADLESS_SHELL), args=CHROMIUM_ARGS)
    yield shell
    shell.close()


@pytest.fixture(scope="module")
def viewer(playwright):
    """The full Chromium, for the walk through its PDF viewer."""
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def shots() -> Path | None:
    folder = os.environ.get("HANDOUTS_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def assert_accessible(page, where: str, *, scripted: bool = True, within: list[str] | None = None) -> None:
    """axe-core finds nothing on the page as it is now, or in the parts ``within`` names (every
    rule it runs by default: WCAG 2.0 and 2.1 A and AA and its best practices; and WCAG 2.2's
    target size, off by default: a phone is tapped with a thumb), else the walk fails with its
    report. (A builder page takes axe a second or two: the walks check each state once.)"""
    from axe_playwright_python.sync_playwright import Axe

    if not scripted:
        page.evaluate(TIMERS_AS_MICROTASKS)
    results = Axe().run(
        page,
        context={"include": [[selector] for selector in within]} if within else None,
        options={"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}},
    )
    assert results.violations_count == 0, f"axe on {where} ({page.url}):\n{results.generate_report()}"


def text_of(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


PUBLIC = "https://fysio-nord.dk/patientark"  # nord's public_url: where its share links point


def builder_context(browser, base: str, width: int, **options):
    """A browser context where CSP violations and script errors are collected."""
    height = PHONE_HEIGHT if width == WIDTHS["phone"] else 900
    context = browser.new_context(accept_downloads=True, viewport={"width": width, "height": height}, **options)
    context.set_default_timeout(15_000)
    context.problems = []

    def console(message) -> None:
        # Chromium's PDF viewer (a PDF opened in the tab) asks the server for /favicon.ico, which
        # it does not have: the browser's own request, not the page's (the pages name no icon).
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            context.problems.append(message.text)

    context.on("console", console)
    context.on("weberror", lambda e: context.problems.append(str(e.error)))
    return context


@contextmanager
def public_address(context, base: str) -> Iterator[None]:
    """Within this block nord's public address reaches this test server, as its reverse proxy
    would in the clinic. Only around the steps that follow a share link: while a route is set,
    Playwright passes every request through this process and turns the browser's cache off (each
    page would fetch its stylesheet, fonts and drawings again). Outside it, a request to the
    public address fails and shows up in ``context.problems``."""

    def proxy(route) -> None:
        from playwright.sync_api import Error

        url = route.request.url.replace(PUBLIC, base + "/nord").replace("https://fysio-nord.dk", base)
        try:
            route.fulfill(response=route.fetch(url=url))
        except Error as exc:
            # The page went on (a navigation or a closed tab) while a font or picture was still on
            # its way: nobody waits for that answer any more. Anything else is a real failure.
            if "disposed" not in str(exc) and "closed" not in str(exc):
                raise

    context.route("https://fysio-nord.dk/**", proxy)
    try:
        yield
    finally:
        context.unroute("https://fysio-nord.dk/**", proxy)


def rows(page) -> list[str]:
    return page.locator("#chosen-list .chosen").evaluate_all("rows => rows.map(r => r.dataset.slug)")


def shoot(page, shots: Path | None, name: str, *, full_page: bool = True) -> None:
    if shots is not None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=full_page)


def shoot_both_widths(page, shots: Path | None, name: str) -> None:
    """Screenshots at phone and desktop width (``name``-phone, ``name``-desktop), then as before."""
    if shots is None:
        return
    viewport = page.viewport_size
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        shoot(page, shots, f"{name}-{label}")
    page.set_viewport_size(viewport)


def test_a_physiotherapist_builds_on_a_phone_shares_at_a_desktop_and_goes_back_without_losing_anything(
    server, browser, shots
):
    base, log_path = server
    context = builder_context(browser, base, WIDTHS["phone"], is_mobile=True, has_touch=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    requests: list = []
    page.on("request", lambda request: requests.append(request))
    page.add_init_script(COUNT_SCROLLING)
    page.goto(base + "/nord/programme")
    search = page.get_by_label("Søg efter navn, kropsdel eller kategori")
    height = page.viewport_size["height"]
    news = page.locator("[data-bar-news]")
    # Nothing searched: the body-part groups are folded to their titles, so the page is short.
    assert page.locator(".catalogue .group[open]").count() == 0
    assert page.evaluate("document.documentElement.scrollHeight") <= 5 * height
    assert_accessible(page, "the empty builder on a phone")

    # Search and tick four: each found by typing a little of its name, the first result in sight
    # right under the search field; each tick is told in the bar at the bottom, where the thumb is.
    for typed, name, number in (
        ("bird", "Bird-dog", 1),
        ("siddende nerve", "Siddende nerveglidning", 2),
        ("kat", "Kat-ko (katte-kamel)", 3),
        ("knæ til bryst", "Knæ til bryst", 4),
    ):
        search.fill(typed)
        shown = page.eval_on_selector_all(".pick:not([hidden])", "picks => picks.map(p => p.dataset.slug)")
        assert len(set(shown)) <= 8  # a few of the catalogue, not all of it
        # The result is in sight under the search field: no scrolling to find it. (An exercise is
        # listed under every body part it names: tick the first listing.)
        found = page.get_by_label(name, exact=True).first
        assert found.bounding_box()["y"] + found.bounding_box()["height"] <= height
        if number == 1:  # the groups with a hit open; the rest are hidden
            assert_accessible(page, "the builder's search results on a phone")
        found.check()
        assert news.inner_text() == f"{name} er tilføjet som nummer {number}."
        assert news.bounding_box()["y"] + news.bounding_box()["height"] <= height
    assert rows(page) == ["bird-dog", "siddende-nerveglidning", "kat-ko", "knae-til-bryst"]
    assert page.locator("#programme-count").inner_text() == "(4 øvelser)"

    # The bar leads to the programme; each chosen exercise is a short block, its dose one line.
    page.get_by_role("link", name="Dit program (4)").click()
    page.wait_for_timeout(200)  # the jump is counted apart
    heights = page.locator("#chosen-list .chosen").evaluate_all("r => r.map(e => e.getBoundingClientRect().height)")
    assert max(heights) <= 200, heights
    assert (
        page.locator("#chosen-bird-dog .dose-fold__value").inner_text() == "2 × 10 gentagelser, på hver side, dagligt"
    )

    # Reorder: the nerve glide first.
    page.get_by_role("button", name=re.compile(r"^Flyt op\W+Siddende nerveglidning$")).click()
    assert rows(page) == ["siddende-nerveglidning", "bird-dog", "kat-ko", "knae-til-bryst"]

    # Two doses changed with the fields (the line opens to them): Bird-dog 3 × 12 (how often
    # stays daily), Kat-ko 3 times a week. The line says the new dose.
    bird = page.locator("#chosen-bird-dog")
    bird.locator("summary").click()
    bird.get_by_label("Sæt").fill("3")
    bird.get_by_label("Antal").fill("12")
    assert bird.locator(".dose-fold__value").inner_text() == "3 × 12 gentagelser, på hver side, dagligt"
    kat = page.locator("#chosen-kat-ko")
    kat.locator("summary").click()
    kat.get_by_label("Hvor ofte", exact=True).fill("3")
    kat.get_by_label("Hvor ofte: om dagen eller om ugen").select_option("week")
    kat.get_by_label("Note til øvelsen (valgfrit, på kortet)").fill(XNOTE)

    page.get_by_role("link", name="Vis eksempel og link").click()
    page.wait_for_timeout(200)
    page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").fill(PATIENT)
    page.get_by_label("Note til patienten (valgfri, kun på PDF'en)").fill(NOTE)
    page.get_by_label("Fysioterapeutens navn (valgfrit)").fill("Lone")
    scrolled = page.evaluate(SCROLLED)  # (before the screenshots, which may scroll)
    assert_accessible(page, "the builder with a programme, two doses open, on a phone")
    shoot(page, shots, "builder-phone-screen", full_page=False)
    shoot_both_widths(page, shots, "builder")

    # Preview: a redirect to a GET page; the name and the note come back from the tab's storage.
    page.get_by_role("button", name="Vis eksempel og link").click()
    page.wait_for_url(f"{base}/nord/programme?s=*&view=preview#ready")
    page.evaluate("window.__scrolled = window.__jumped = 0")  # the page opens at #ready: not scrolled by hand
    page.locator("#ready").get_by_role("button", name="Åbn PDF til print").scroll_into_view_if_needed()
    scrolled += page.evaluate(SCROLLED)
    # Search, tick four, two doses, name, note, preview, PDF: three screens of scrolling at most.
    assert scrolled <= 3 * height, f"scrolled {scrolled} px, {scrolled / height:.1f} screens"
    preview_url = page.url
    assert page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").input_value() == PATIENT
    assert page.locator("[data-mirror=patient]").inner_text() == PATIENT
    assert page.locator("[data-mirror=note]").inner_text() == NOTE
    cards = page.locator(".preview .card")
    assert cards.count() == 4 and "Siddende nerveglidning" in cards.nth(0).inner_text()
    assert "3 sæt × 12 gentagelser på hver side, 1 gang dagligt" in cards.nth(1).inner_text()
    assert "1 sæt × 10 gentagelser, 3 gange om ugen" in cards.nth(2).inner_text()
    # The exercise's note came back from the tab too, into its field and onto its card only.
    assert page.locator("#xnote-kat-ko").input_value() == XNOTE
    assert f"Bemærk: {XNOTE}" in cards.nth(2).inner_text() and XNOTE not in cards.nth(1).inner_text()
    # What the preview added at this width: the rest of the page is the builder as axe just saw it
    # (the programme, two doses open, on a phone); the whole page again at a desktop's width below.
    assert_accessible(page, "the preview on a phone", within=[".ready", ".share", ".preview"])
    shoot_both_widths(page, shots, "preview")
    # Between two appointments: searching, ticking, moving and every dose field work in the page;
    # the whole programme took one round trip to the server (the preview and its redirect).
    sent = [(r.method, urlsplit(r.url).path) for r in requests if r.resource_type in ("document", "fetch", "xhr")]
    assert sent == [("GET", "/nord/programme"), ("POST", "/nord/programme"), ("GET", "/nord/programme")]

    # The rest of the walk at a desktop's width.
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    assert_accessible(page, "the preview on a desktop")

    # (The PDF opening in the tab, and Back from it: test_the_pdf_opens_in_the_tab_and_back_...)

    # The share link: short, the same text shown, linked, copied and in the QR code.
    link = page.locator("#share-link")
    url = link.inner_text()
    assert link.get_attribute("href") == url and url.startswith(PUBLIC + "/p/") and len(url) <= 60
    assert page.locator(".share__qr svg title").text_content() == f"QR-kode til {url}"
    assert page.locator(".share__qr svg").bounding_box()["width"] >= 180  # big enough to scan from the screen
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.get_by_role("button", name="Kopiér linket").click()
    page.get_by_text("Linket er kopieret.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == url

    # Open it, then Back: no "Confirm form resubmission", nothing lost.
    with public_address(context, base):
        link.click()
        page.wait_for_url(url)
        assert page.locator("h1").inner_text() == "Dit øvelsesprogram"
        assert_accessible(page, "the share page on a desktop")
        page.go_back()
        page.wait_for_url(preview_url)
    assert page.locator("h1").inner_text() == "Lav et øvelsesprogram"
    assert rows(page) == ["siddende-nerveglidning", "bird-dog", "kat-ko", "knae-til-bryst"]
    assert (
        page.locator("#sets-bird-dog").input_value() == "3" and page.locator("#amount-bird-dog").input_value() == "12"
    )
    assert page.locator("#per-kat-ko").input_value() == "week"
    assert page.get_by_label("Note til patienten (valgfri, kun på PDF'en)").input_value() == NOTE

    # The download option: the same PDF as a file.
    with page.expect_download(timeout=PDF_WAIT_MS) as download:
        page.locator("#ready").get_by_role("button", name="Hent PDF").click(timeout=PDF_WAIT_MS)
    text = text_of(Path(download.value.path()).read_bytes())
    for expected in (
        PATIENT,
        NOTE,
        f"Bemærk: {XNOTE}",
        "Lone",
        "3 sæt × 12 gentagelser på hver side, 1 gang dagligt",
        "1 sæt × 10 gentagelser, 3 gange om ugen",
        "1 Siddende nerveglidning",
    ):
        assert expected in text

    # Leaving with a change not yet sent asks first; coming back to the builder offers it again.
    page.get_by_label("Note til patienten (valgfri, kun på PDF'en)").fill(NOTE + " – og gå en tur")
    page.locator(".site-header__home").click()
    page.wait_for_url(base + "/nord/")
    assert dialogs == ["beforeunload"]
    page.get_by_role("link", name="Lav et øvelsesprogram (for fysioterapeuter)").click()
    page.wait_for_url(base + "/nord/programme")
    assert rows(page) == [] and page.locator("#restore").is_visible()
    page.get_by_role("button", name="Fortsæt med det").click()
    assert rows(page) == ["siddende-nerveglidning", "bird-dog", "kat-ko", "knae-til-bryst"]
    assert page.get_by_label("Note til patienten (valgfri, kun på PDF'en)").input_value() == NOTE + " – og gå en tur"
    page.get_by_role("button", name="Ryd formularen").click()
    page.wait_for_url(base + "/nord/programme")
    assert rows(page) == [] and not page.locator("#restore").is_visible()
    assert page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").input_value() == ""
    assert page.get_by_label("Fysioterapeutens navn (valgfrit)").input_value() == "Lone"  # remembered on the device

    # The patient opens the link on a phone.
    # The patient types the code from the paper, first with a typing mistake: the page says so
    # and takes the code again, in lower case and with a dash, as it may well be typed.
    phone = builder_context(browser, base, WIDTHS["phone"], is_mobile=True, has_touch=True)
    patient_page = phone.new_page()
    code = url.rsplit("/", 1)[1]
    mistyped = code[:-1] + ("2" if code[-1] != "2" else "3")
    patient_page.goto(f"{base}/nord/p/{mistyped}")
    assert patient_page.locator("h1").inner_text() == "Programkoden er ikke rigtig"
    assert_accessible(patient_page, "the page for a code that is not right, on a phone")
    patient_page.get_by_label("Programkode").fill(f"{code[:4].lower()}-{code[4:].lower()}")
    patient_page.get_by_role("button", name="Åbn programmet").click()
    patient_page.wait_for_url(f"{base}/nord/p/{code}")
    assert patient_page.locator(".card").count() == 4
    assert "3 sæt × 12 gentagelser" in patient_page.locator(".card").nth(1).inner_text()
    assert all(private not in patient_page.content() for private in (PATIENT, NOTE, XNOTE))
    assert patient_page.locator('a[href="tel:112"]').count() == 1
    assert patient_page.locator("body").evaluate("b => b.scrollWidth <= window.innerWidth")
    shoot(patient_page, shots, "share-opened-on-phone")
    assert_accessible(patient_page, "the share page on a phone")
    # Progressing the programme: the share page opens it in the builder, ready to change.
    patient_page.get_by_role("link", name="Åbn i programbyggeren").click()
    patient_page.wait_for_url("**/nord/programme?s=*#programme")
    assert rows(patient_page) == ["siddende-nerveglidning", "bird-dog", "kat-ko", "knae-til-bryst"]
    assert patient_page.locator("#sets-bird-dog").input_value() == "3"
    assert patient_page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").input_value() == ""
    assert [p for p in phone.problems if "404 (Not Found)" not in p] == []  # the mistyped code's page
    phone.close()

    assert context.problems == []
    context.close()
    for request in requests:
        assert all(
            word not in request.url for word in ("Gertrud", "%C3%98stergaard", "vejret", "gr%C3%B8nne", "grønne")
        )
    server_log = log_path.read_text("utf-8")
    assert all(word not in server_log for word in ("Gertrud", "vejret", "grønne", "gr%C3%B8nne"))


def test_the_pdf_opens_in_the_tab_and_back_returns_to_the_builder_as_it_was(server, viewer):
    """Chromium's own PDF viewer: the programme opens inline, in the tab, ready to print; Back
    returns to the preview with the patient's name still in its field (from the tab's storage:
    it is in no URL), and nothing is sent again."""
    base, _log = server
    context = builder_context(viewer, base, WIDTHS["desktop"])
    page = context.new_page()
    page.goto(base + "/nord/programme?q=bird")
    page.get_by_label("Bird-dog", exact=True).first.check()
    page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").fill(PATIENT)
    page.get_by_role("button", name="Vis eksempel og link").click()
    page.wait_for_url(f"{base}/nord/programme?s=*&view=preview#ready")
    preview_url = page.url

    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("#ready").get_by_role("button", name="Åbn PDF til print").click()
    pdf = answer.value  # (the viewer reads the body itself; the other walk reads a download back)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.headers["content-disposition"].startswith("inline;")
    page.wait_for_url(f"{base}/nord/programme")
    page.go_back()
    page.wait_for_url(preview_url)
    assert page.locator("h1").inner_text() == "Lav et øvelsesprogram"
    assert page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").input_value() == PATIENT
    assert rows(page) == ["bird-dog"]
    assert context.problems == []
    context.close()


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 600) -> None:
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"the keyboard never reached {selector}")


def test_the_builder_with_the_keyboard_only(server, browser, shots):
    base, _log = server
    context = builder_context(browser, base, WIDTHS["desktop"])
    page = context.new_page()
    page.goto(base + "/nord/programme")
    announced = page.locator("#announce")

    # A folded body-part group opens and folds again with Enter on its title.
    tab_to(page, "#group-knae > summary")
    page.keyboard.press("Enter")
    assert (
        page.locator("#group-knae").get_attribute("open") == "" and page.locator("#group-knae .pick").first.is_visible()
    )
    page.keyboard.press("Enter")
    assert page.locator("#group-knae").get_attribute("open") is None

    for typed, slug in (
        ("bird", "bird-dog"),
        ("kat", "kat-ko"),
        ("bækken", "baekkenloeft"),
        ("piri", "piriformisstraek"),
    ):
        tab_to(page, "#q", backwards=True)
        page.keyboard.press("Control+A")
        page.keyboard.type(typed)
        tab_to(page, f"#ex-{slug}")
        page.keyboard.press("Space")
        page.wait_for_function("() => document.getElementById('announce').textContent !== ''")
    assert rows(page) == ["bird-dog", "kat-ko", "baekkenloeft", "piriformisstraek"]
    assert announced.inner_text() == "Piriformisstræk er tilføjet som nummer 4."

    # Move the stretch up twice: the focus stays on its button, the move is announced.
    tab_to(page, "#chosen-piriformisstraek [data-move=up]")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert rows(page) == ["bird-dog", "piriformisstraek", "kat-ko", "baekkenloeft"]
    assert page.evaluate("document.activeElement.value") == "up:piriformisstraek"
    page.wait_for_function("() => document.getElementById('announce').textContent.includes('nummer 2 af 4')")

    # A dose with the keyboard: Enter in a field does not send the form.
    tab_to(page, "#chosen-kat-ko summary")  # Enter opens the dose line to its fields
    page.keyboard.press("Enter")
    tab_to(page, "#sets-kat-ko")
    page.keyboard.press("Control+A")
    page.keyboard.type("2-3")
    page.keyboard.press("Enter")
    tab_to(page, "#amount-kat-ko")
    page.keyboard.press("Control+A")
    page.keyboard.type("8-12")
    assert page.url == base + "/nord/programme"
    tab_to(page, "#patient")
    page.keyboard.type(PATIENT)
    tab_to(page, "button[value=preview]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/nord/programme?s=*&view=preview#ready")
    assert "2–3 sæt × 8–12 gentagelser" in page.locator(".preview .card").nth(2).inner_text()
    assert page.locator("#patient").input_value() == PATIENT
    tab_to(page, "#share-link")
    with public_address(context, base):
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator(".card").count() == 4
        page.go_back()
    assert page.locator("#patient").input_value() == PATIENT
    shoot(page, shots, "builder-keyboard-desktop")
    assert context.problems == []
    context.close()


def test_the_builder_with_javascript_off(server, browser, shots):
    base, log_path = server
    context = builder_context(browser, base, WIDTHS["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/nord/programme")
    # The groups are folded, and a tap on a title opens one: a <details> needs no script.
    assert page.locator(".catalogue .group[open]").count() == 0
    page.locator("#group-ryg > summary").click()
    assert page.locator("#group-ryg").get_by_label("Barnets stilling").is_visible()
    page.get_by_label("Søg efter navn, kropsdel eller kategori").fill("nerve")
    page.get_by_role("button", name="Vis øvelserne").click()
    page.wait_for_url(f"{base}/nord/programme?q=nerve#catalogue")
    assert_accessible(page, "the builder's search results without JavaScript, on a phone", scripted=False)
    page.get_by_label("Siddende nerveglidning").first.check()  # listed under each of its body parts
    page.get_by_label("Liggende nerveglidning").first.check()
    page.get_by_role("button", name="Tilføj de afkrydsede øvelser til programmet").click()
    page.wait_for_url(f"{base}/nord/programme?s=*")
    assert rows(page) == ["liggende-nerveglidning", "siddende-nerveglidning"]
    page.get_by_role("button", name=re.compile(r"^Flyt op\W+Siddende nerveglidning$")).click()
    page.wait_for_url(f"{base}/nord/programme?s=*#chosen-siddende-nerveglidning")
    assert rows(page) == ["siddende-nerveglidning", "liggende-nerveglidning"]
    page.locator("#chosen-siddende-nerveglidning summary").click()  # <details>: no script needed
    page.locator("#chosen-siddende-nerveglidning").get_by_label("Sæt").fill("2")
    page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").fill(PATIENT)
    page.get_by_role("button", name="Vis eksempel og link").click()
    page.wait_for_load_state()
    # No script to keep the name across a redirect: the page answers in place, with the name.
    assert page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").input_value() == PATIENT
    assert "2 sæt × 12 gentagelser, 1 gang dagligt" in page.locator(".preview .card").nth(0).inner_text()
    assert page.locator("#share-link").get_attribute("target") == "_blank"
    assert_accessible(page, "the preview without JavaScript, on a phone", scripted=False)
    shoot(page, shots, "builder-no-javascript-phone")
    with page.expect_download(timeout=PDF_WAIT_MS) as download:
        page.locator("#ready").get_by_role("button", name="Hent PDF").click(timeout=PDF_WAIT_MS)
    assert PATIENT in text_of(Path(download.value.path()).read_bytes())
    assert context.problems == []
    context.close()
    assert "Gertrud" not in log_path.read_text("utf-8")


def test_a_patient_reads_leaflets_on_a_desktop_and_a_phone(server, browser, shots):
    base, log_path = server
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    problems: list[str] = []  # CSP violations and script errors show up in the console
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)

    def screenshot(name: str) -> None:
        if shots is None:
            return
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
    # the bundled face is loaded and used, once the page's fonts are ready (not while one still loads)
    assert page.evaluate(
        "document.fonts.ready.then(() => [...document.fonts].some("
        "face => face.family.replaceAll('\"', '') === 'IBM Plex Sans' && face.status === 'loaded'))"
    )
    screenshot("clinic")
    assert_accessible(page, "the clinic's page on a desktop")
    # The skip link is the first thing the keyboard reaches, and it leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.get_by_role("link", name="Ondt i lænden", exact=True).click()
    page.wait_for_url(base + "/nord/ondt-i-laenden")
    assert page.locator("h1").inner_text() == "Ondt i lænden"
    assert page.get_by_role("complementary").filter(has_text="Røde flag").count() == 1
    with page.expect_download(timeout=PDF_WAIT_MS) as leaflet:
        page.get_by_role("link", name="Hent PDF", exact=True).click(timeout=PDF_WAIT_MS)
    assert leaflet.value.suggested_filename == "Ondt i lænden.pdf"
    assert "Ondt i lænden" in text_of(Path(leaflet.value.path()).read_bytes())
    screenshot("leaflet")

    # On a phone: the red-flag box one tap from the top, 112 a tap away, a wide table scrolls.
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 800})
    page.goto(base + "/nord/iskiasnerve-i-klemme")
    page.get_by_role("link", name="Røde flag: hvornår skal du søge hjælp?").click()
    assert page.locator("#red-flags-heading").evaluate("h => h.getBoundingClientRect().top < window.innerHeight")
    assert page.locator('.red-flags a[href="tel:112"]').is_visible()
    table = page.get_by_role("region", name="Tabellen er bred: rul sidelæns for at se det hele.")
    assert table.locator(".table-scroll__hint").is_visible()
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")
    table.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 0")
    shoot(page, shots, "leaflet-table-phone", full_page=False)
    assert page.evaluate("document.body.scrollWidth <= window.innerWidth")
    assert_accessible(page, "a leaflet with a wide table, on a phone")

    context.close()
    assert [p for p in problems if "400 (Bad Request)" not in p] == []
    for url in urls:
        assert "Gertrud" not in url and "%C3%98stergaard" not in url and "vejret" not in url
    server_log = log_path.read_text("utf-8")
    assert '"GET /nord/ondt-i-laenden.pdf HTTP/1.1" 200' in server_log  # the access log works…
    assert "Gertrud" not in server_log and "vejret" not in server_log  # …and never holds the form
    access_lines = [line for line in server_log.splitlines() if '" 200' in line or '" 304' in line]
    assert access_lines and not any("127.0.0.1" in line for line in access_lines)  # no client addresses


def test_the_patients_drawings_move_and_stand_still_for_reduced_motion(server, browser):
    """Two moments of a card's drawing on the share page differ: the moving drawing the server
    serves, animated without script. Asked for reduced motion, the page's <picture> shows the
    still pair instead, and it stands still. (Moved here from tests/render/test_moving_drawings.py,
    which drew the same <picture> from files in a Chromium of its own.)"""
    base, _log = server
    context = browser.new_context(viewport={"width": 720, "height": 900})
    page = context.new_page()
    page.goto(base + "/nord/p/Ig0gHtAQag")  # Bird-dog first
    drawing = page.locator(".card__image").first
    shown = "([img, part]) => img.complete && img.naturalWidth > 0 && img.currentSrc.includes(part)"
    shots = {}
    for motion, part in (("no-preference", "/nord/moving/bird-dog.svg"), ("reduce", "/nord/figure/bird-dog.svg")):
        page.emulate_media(reduced_motion=motion)
        page.wait_for_function(shown, arg=[drawing.element_handle(), part])
        page.wait_for_timeout(150)
        first = drawing.screenshot()
        page.wait_for_timeout(1300)  # well into the movement (2 s out, eased)
        shots[motion] = (first, drawing.screenshot())
    context.close()
    early, later = shots["no-preference"]
    assert early != later, "the drawing does not move"
    calm_early, calm_later = shots["reduce"]
    assert calm_early == calm_later, "reduced motion still moves"
    assert calm_early != early  # it shows the still pair instead of the moving figure


def test_a_template_of_ones_own_is_kept_on_the_device_without_the_patients_name(server, browser, shots):
    base, log_path = server
    context = builder_context(browser, base, WIDTHS["phone"])
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "the template replaces the exercises …"
    page.goto(base + "/nord/programme?template=laend-basis")
    shipped = rows(page)
    first_shown = "Array.from(document.querySelectorAll('.pick')).find(p => !p.hidden && !p.closest('.group').hidden).dataset.slug"
    in_order = "Array.from(document.querySelectorAll('#catalogue-list .pick')).map(p => p.dataset.slug).join()"
    catalogue = page.evaluate(in_order)
    search = page.get_by_label("Søg efter navn, kropsdel eller kategori")
    page.locator("#group-knae > summary").click()  # unfolded by hand, before searching
    search.fill("squa")
    assert page.evaluate(first_shown) == "minisquat"  # a name begun: the catalogue's order
    search.fill("squat")
    assert page.evaluate(first_shown) == "squat"  # a name typed exactly comes first
    assert page.evaluate(in_order) != catalogue
    search.fill("knæ")  # a body part: its group first, before the others with a knee in them
    assert (
        page.evaluate("Array.from(document.querySelectorAll('.catalogue .group:not([hidden])')).map(g => g.id)")[0]
        == "group-knae"
    )
    assert page.evaluate("Array.from(document.querySelectorAll('.catalogue .group')).every(g => g.open === !g.hidden)")
    search.fill("")
    assert page.evaluate(in_order) == catalogue  # the catalogue's order again
    # The search's groups fold back; the one unfolded by hand stays open.
    assert page.eval_on_selector_all(".catalogue .group[open]", "gs => gs.map(g => g.id)") == ["group-knae"]
    page.get_by_label("Patientens navn (valgfrit, kun på PDF'en)").fill(PATIENT)
    page.get_by_label("Note til patienten").fill(NOTE)
    page.locator(f"#chosen-{shipped[0]} summary").click()
    page.locator(f"#chosen-{shipped[0]}").get_by_label("Note til øvelsen").fill(XNOTE)
    page.locator(".template-save summary").click()
    page.get_by_label("Skabelonens navn (aldrig patientens navn)").fill("Min lænd")
    page.get_by_role("button", name="Gem som skabelon", exact=True).click()
    page.get_by_text("Skabelonen er gemt på denne enhed.").wait_for()
    shoot(page, shots, "builder-template-saved-phone", full_page=False)
    assert_accessible(page, "the templates, one's own saved, on a phone", within=[".templates-fold", ".template-save"])
    kept = page.evaluate("JSON.stringify(window.localStorage)")
    assert "Min lænd" in kept and NOTE in kept  # the note text is the template's
    assert "Gertrud" not in kept and "Østergaard" not in kept and XNOTE not in kept

    page.reload()
    if page.locator(".templates-fold").get_attribute("open") is None:  # open when a template is in the address
        page.locator(".templates-fold summary").click()
    page.get_by_label("Start fra en skabelon").select_option(label="Min lænd")
    if shots is not None:
        page.locator(".templates-fold").screenshot(path=str(shots / "builder-my-templates-phone.png"))
    page.get_by_role("button", name="Brug skabelonen").click()
    page.wait_for_url(f"{base}/nord/programme/template")
    assert rows(page) == shipped
    assert page.get_by_label("Note til patienten").get_attribute("placeholder") == NOTE
    assert page.get_by_label("Skabelonens navn (aldrig patientens navn)").input_value() == "Min lænd"
    assert "Gertrud" not in page.evaluate("JSON.stringify(window.localStorage)")
    assert context.problems == []
    context.close()
    assert "Gertrud" not in log_path.read_text("utf-8") and XNOTE not in log_path.read_text("utf-8")
