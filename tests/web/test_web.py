"""The web app through its test client: pages, PDFs, caching, share links, limits and privacy."""

import json
import logging
import re
import subprocess
import sys
import warnings
from html.parser import HTMLParser

import pytest

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from conftest import ROOT
from handouts.limits import MAX_BODY_BYTES, MAX_NAME_CHARS
from handouts.model.share import encode_v1
from handouts.web import Site, create_app
from handouts.web.http import CONTENT_SECURITY_POLICY
from handouts.web.pool import PoolBusy, RenderPool
from helpers.forms import dose
from helpers.web_app import ColdPool
from readback import pdf_text

PATIENT = "Gertrud Østergaard-Nielsen"
NOTE = "Husk at trække vejret roligt"
THREE = ["bird-dog", "kat-ko", "knae-til-bryst"]
SECURITY = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text_of(data: bytes) -> str:
    return flat(pdf_text(data))


@pytest.fixture(scope="module")
def app():
    # One worker and one queue place: small enough to fill in a test. No warm-up render: that is
    # test_every_render_worker_renders_a_programme_before_the_first_request's, on its own pool.
    return create_app(Site.load(), pool=ColdPool(workers=1, queue=1))


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as test_client:
        yield test_client


def form(exercises=THREE, **fields) -> dict:
    return {"exercise": list(exercises), "weeks": "2", **fields}


# --- pages ------------------------------------------------------------------------------


class Outline(HTMLParser):
    """What a screen reader announces first: lang, landmarks, headings, the skip link."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.inline_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        inline_script = tag == "script" and "src" not in attributes
        self.inline_style |= (
            tag == "style" or inline_script or "style" in attributes or any(k.startswith("on") for k in attributes)
        )


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


PAGES = [
    ("/", ["Patientark fra klinikkerne", "Fysioterapi Nord", "Sund Ryg Klinik", "Demo Fysioterapi"]),
    (
        "/nord/",
        [
            "Patientark",
            "Ondt i lænden",
            "Opdateret: 12. oktober 2025",
            "Hent PDF",
            "/nord/ondt-i-laenden.pdf",
            "Lav et øvelsesprogram",
        ],
    ),
    ("/sund-ryg/", ["Patient leaflets", "Download PDF", "Updated: 12 October 2025"]),
    (
        "/nord/ondt-i-laenden",
        [
            "Ondt i lænden",
            "Sidst opdateret: 12. oktober 2025",
            "Røde flag – ryg og iskias",
            "Følelsesløs eller prikkende ved endetarm",
            'Ikke akut? Ring til Fysioterapi Nord på <span class="nowrap tel"><a class="tel-link" href="tel:+4598123456">+45 98 12 34 56</a></span>.',
            'href="/nord/ondt-i-laenden.pdf"',
            "Hent PDF",
        ],
    ),
    (
        "/nord/programme",
        [
            "Lav et øvelsesprogram",
            "Stræk",
            "Styrke",
            "Nerveglidning",
            "Mobilitet",
            "Bird-dog",
            '<span class="pick__meta" id="meta-bird-dog">Styrke · ',  # then the body parts it names
            " · 2 sæt × 10 gentagelser på hver side, 1 gang dagligt</span>",
            'name="exercise" value="bird-dog"',
            'method="post"',
            '<img class="pick__thumb" src="/nord/figure/bird-dog.svg"',
            '<script src="/-/builder.js" defer></script>',
            "Start fra en skabelon",
            "Basisøvelser for lænden",
        ],
    ),
    (
        "/nord/programme?template=laend-basis",
        [
            "Dit program",
            'id="chosen-kat-ko"',
            'name="sets-bird-dog" id="sets-bird-dog" value="2"',
            'name="amount-bird-dog" id="amount-bird-dog" value="8"',
            "Start altid med 5–10 minutters rolig gang.",
        ],
    ),
    # bird-dog 3x8/side@3/week and kat-ko at its default dose, 3 weeks (share code version 2)
    (
        "/nord/p/Ig0gHtAQag",
        [
            "Dit øvelsesprogram",
            "Bird-dog",
            "3 sæt × 8 gentagelser på hver side, 3 gange om ugen",
            "Sådan gør du",
            "Stop, hvis",
            "Røde flag",
            "Hent PDF",
            "<svg",
            "3 uger",
            'href="/nord/p/Ig0gHtAQag.pdf"',
        ],
    ),
    # the same programme as a version 1 code, as printed before: old links keep working
    (
        "/nord/p/" + encode_v1({"exercises": [["bird-dog", "3x8/side@3/week"], ["kat-ko", "1x10@daily"]], "weeks": 3}),
        ["Dit øvelsesprogram", "Bird-dog", "3 sæt × 8 gentagelser på hver side, 3 gange om ugen", "3 uger"],
    ),
]


@pytest.mark.parametrize(("path", "expected"), PAGES)
def test_every_page_answers_with_its_content(client, path, expected):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    for text in expected:
        assert text in response.text


def test_an_english_clinic_shows_a_danish_article_in_danish_only(client):
    """One page, one language: labels follow the article, not the clinic (English Sund Ryg)."""
    html = client.get("/sund-ryg/ondt-i-laenden").text
    assert '<html lang="da"' in html
    assert "Sidst opdateret: 12. oktober 2025" in html and "Hent PDF" in html
    assert "Updated" not in html and "Download PDF" not in html and "Red flags" not in html


@pytest.mark.parametrize("path", [p for p, _ in PAGES] + ["/nope"])
def test_pages_are_accessible_and_need_no_inline_style_or_script(client, path):
    page = outline(client.get(path).text)
    tags = [tag for tag, _ in page.tags]
    html_attrs = page.tags[0][1]
    assert html_attrs["lang"] in ("da", "en")
    assert tags.count("h1") == 1 and tags.count("main") == 1 and "header" in tags and "footer" in tags
    skip = next(attrs for tag, attrs in page.tags if tag == "a")
    assert skip == {"class": "skip-link", "href": "#main"}
    assert any(tag == "meta" and attrs.get("name") == "viewport" for tag, attrs in page.tags)
    assert not page.inline_style  # the CSP allows neither; brand colours come from brand.css
    for tag, attrs in page.tags:
        if tag == "img":
            assert "alt" in attrs


def test_clinic_branding_comes_from_its_own_stylesheet_and_logo_route(client):
    css = client.get("/nord/brand.css")
    assert css.text == ":root { --brand: #1b6b45; --brand-tint: #e6f3ec; }\n"
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    logo = client.get("/nord/logo")
    assert logo.headers["content-type"] == "image/svg+xml"
    assert logo.content == (ROOT / "clinics" / "nord-logo.svg").read_bytes()
    assert client.get("/nope/logo").status_code == 404
    assert client.get("/-/web.css").status_code == 200
    assert client.get("/-/fonts/ibm-plex-sans-latin-400-normal.woff").headers["content-type"] == "font/woff"


def test_leaflet_summaries_are_one_sentence(client):
    page = client.get("/nord/").text
    summaries = re.findall(r'<p class="leaflet__summary">([^<]+)</p>', page)
    assert len(summaries) == 5
    assert "Ondt i lænden er en meget almindelig plage." in summaries


# --- PDFs: caching, ETag, file names ---------------------------------------------------


def test_article_pdf_is_cached_with_an_etag_and_a_danish_file_name(client, app, monkeypatch):
    first = client.get("/nord/ondt-i-laenden.pdf")
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/pdf"
    assert first.headers["content-disposition"] == (
        "attachment; filename=\"ondt-i-laenden.pdf\"; filename*=UTF-8''Ondt%20i%20l%C3%A6nden.pdf"
    )
    assert first.headers["cache-control"] == "public, max-age=300"
    etag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)
    text = pdf_text_of(first.content)
    assert "Ondt i lænden" in text and "Røde flag" in text
    # nord sets public_url: the QR code, its address beside it (it may wrap after a "/")
    assert "https://fysio-nord.dk/patientark/ondt-i-laenden" in text.replace("/ ", "/")

    renders = []
    pool_run = app.state.pool.run

    async def counted(fn, *args):
        renders.append(fn.__name__)
        return await pool_run(fn, *args)

    monkeypatch.setattr(app.state.pool, "run", counted)
    second = client.get("/nord/ondt-i-laenden.pdf")
    assert second.content == first.content and second.headers["etag"] == etag
    assert renders == []  # from the cache, not the pool
    assert client.get("/nord/iskiasnerve-i-klemme.pdf").status_code == 200
    assert renders == ["render_pdf"]  # (the count sees a render when there is one)

    not_modified = client.get("/nord/ondt-i-laenden.pdf", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    assert client.get("/nord/ondt-i-laenden.pdf", headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert client.get("/nord/ondt-i-laenden.pdf", headers={"If-None-Match": '"other"'}).status_code == 200


def test_each_clinic_has_its_own_pdf_and_etag(client):
    nord = client.get("/nord/ondt-i-laenden.pdf")
    demo = client.get("/demo/ondt-i-laenden.pdf")
    assert nord.headers["etag"] != demo.headers["etag"]
    assert "Demo Fysioterapi" in pdf_text_of(demo.content)
    assert "Scan koden" not in pdf_text_of(demo.content)  # the demo clinic has no public_url


# --- the builder, the share link and the patient's privacy ------------------------------


def test_builder_post_returns_the_programme_pdf_with_the_name_only_inside(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(
        "/nord/programme",
        data=form(
            patient=PATIENT,
            therapist="Lone",
            note=NOTE,
            action="pdf",
            **dose("kat-ko", "2", "8", times="3", per="week"),
        ),
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    name = r"traeningsprogram-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.pdf"  # in the handout's language
    # Inline: the browser shows it, ready to print; "Hent PDF" (download) asks for an attachment.
    assert re.fullmatch(
        f"inline; filename=\"{name}\"; filename\\*=UTF-8''{name}", response.headers["content-disposition"]
    )
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers
    text = pdf_text_of(response.content)
    assert PATIENT in text and NOTE in text
    assert "2 sæt × 8 gentagelser, 3 gange om ugen" in text
    # …and nowhere else: not in a header, not in the URL, not in any log line.
    for name in ("Gertrud", "Østergaard", "%C3%98stergaard", "vejret"):
        assert name not in str(response.headers) and name not in str(response.url)
        assert all(name not in record.getMessage() for record in caplog.records)
    assert not response.history  # no redirect carried anything
    # ("Hent PDF", the same as an attachment: test_builder.py's test_pdf_opens_inline_and_downloads_as_an_attachment.)


def test_share_link_reproduces_the_same_programme_without_the_patient(client, caplog):
    caplog.set_level(logging.DEBUG)
    fields = form(
        patient=PATIENT, note=NOTE, weeks="3", action="preview", scripted="1", **dose("bird-dog", "3", "8", side=True)
    )
    sent = client.post("/nord/programme", data=fields, follow_redirects=False)
    assert sent.status_code == 303  # Post/Redirect/Get: Back never asks to send the form again
    location = sent.headers["location"]
    assert re.fullmatch(r"/nord/programme\?s=[A-Za-z0-9_-]+&view=preview#ready", location)
    assert "Gertrud" not in location and "vejret" not in location and "Gertrud" not in str(sent.headers)
    page = client.get(location)
    assert page.headers["cache-control"] == "no-store"
    code = re.search(r"s=([A-Za-z0-9_-]+)", location).group(1)
    link = f"https://fysio-nord.dk/patientark/p/{code}"
    assert f'<a id="share-link" href="{link}">{link}</a>' in page.text  # the link shown is the link used
    assert "Gertrud" not in page.text  # the name waits in the browser, not in the page the server made
    path = f"/nord/p/{code}"

    shared_page = client.get(path)
    assert "Gertrud" not in shared_page.text and NOTE not in shared_page.text
    shared_pdf = client.get(path + ".pdf")
    assert shared_pdf.status_code == 200 and shared_pdf.headers["etag"]
    personal_pdf = client.post("/nord/programme", data={**fields, "action": "pdf"})

    def cards(data: bytes) -> str:  # the exercise cards: from the first card to the diary
        text = pdf_text_of(data)
        return text[text.index("1 Bird-dog") : text.index("Træningsdagbog")]

    assert cards(shared_pdf.content) == cards(personal_pdf.content)
    assert "3 sæt × 8 gentagelser på hver side, 1 gang dagligt" in cards(shared_pdf.content)
    assert "3 uger" in pdf_text_of(shared_pdf.content)
    assert "Gertrud" not in pdf_text_of(shared_pdf.content)
    assert all("Gertrud" not in r.getMessage() and "vejret" not in r.getMessage() for r in caplog.records)
    assert client.get(path + ".pdf", headers={"If-None-Match": shared_pdf.headers["etag"]}).status_code == 304


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        (form(exercises=[]), "Vælg mindst én øvelse.", ""),
        (
            form(**dose("kat-ko", sets="lots")),
            "Kat-ko (katte-kamel): skriv antal sæt som et helt tal eller et interval, fx 3 eller 8-12.",
            "sets-kat-ko",
        ),
        (form(**dose("kat-ko", sets="99")), "Kat-ko (katte-kamel): antal sæt skal være mellem 1 og 10.", "sets-kat-ko"),
        (form(**dose("kat-ko", sets="")), "Kat-ko (katte-kamel): skriv antal sæt.", "sets-kat-ko"),
        (
            form(**dose("kat-ko", amount="12-8")),
            "Kat-ko (katte-kamel): intervallet for antal gentagelser går nedad; skriv det mindste tal først, fx 8-12.",
            "amount-kat-ko",
        ),
        (
            form(**dose("kat-ko", amount="1" + " " * 50 + "0")),
            "Kat-ko (katte-kamel): skriv antal gentagelser som et helt tal eller et interval, fx 3 eller 8-12.",
            "amount-kat-ko",
        ),
        (form(exercises=["bird-dog", "../../etc/passwd"]), "Formularen nævner en øvelse, som ikke findes.", ""),
        (form(patient="Anna " * 30), f"Patientens navn er for langt: højst {MAX_NAME_CHARS} tegn.", "patient"),
        (form(therapist="x" * 81), "Fysioterapeutens navn er for langt: højst 80 tegn.", "therapist"),
        (form(note="x" * 1001), "Noten er for lang: højst 1000 tegn.", "note"),
        (form(weeks="13"), "Vælg mellem 1 og 12 uger.", "weeks"),
        (form(weeks="-1"), "Vælg mellem 1 og 12 uger.", "weeks"),
        (form(weeks="two"), "Vælg mellem 1 og 12 uger.", "weeks"),
    ],
)
def test_bad_forms_come_back_explained_with_their_values(client, fields, message, field):
    response = client.post("/nord/programme", data=fields)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text
    assert 'role="alert"' in response.text
    assert response.headers["cache-control"] == "no-store"
    if field:
        assert f'<a href="#{field}">{message}' in response.text  # the summary leads to the field
        assert f'id="{field}"' in response.text
    if field.endswith("-kat-ko"):
        assert f'aria-invalid="true" aria-describedby="{field}-error"' in response.text
        assert f'<p class="field-error" id="{field}-error">{message}</p>' in response.text
    for chosen in fields["exercise"]:
        if not chosen.startswith("."):
            assert f'value="{chosen}" id="ex-{chosen}" aria-describedby="meta-{chosen}" checked' in response.text


def test_long_name_is_kept_in_the_form_but_not_in_the_message(client):
    response = client.post("/nord/programme", data=form(patient="Anna " * 30))
    start = response.text.index('role="alert"')
    problems = response.text[start : response.text.index("</div>", start)]
    assert "Anna" not in problems
    assert 'value="Anna Anna' in response.text


def test_english_clinic_explains_in_english(client):
    response = client.post("/sund-ryg/programme", data=form(exercises=[]))
    assert response.status_code == 400 and "Choose at least one exercise." in response.text


def test_a_file_upload_is_refused_not_a_server_error(client):
    response = client.post("/nord/programme", data={"exercise": "kat-ko"}, files={"patient": ("a.txt", b"x")})
    assert response.status_code == 400


# --- not found, traversal, limits -------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/nope/",
        "/nope",
        "/nope/ondt-i-laenden",
        "/nope/ondt-i-laenden.pdf",
        "/nope/programme",
        "/nope/brand.css",
        "/nord/nope",
        "/nord/nope.pdf",
        "/nord/ondt",
        "/-/exercise/nope",
        "/-/exercise/bird-dog",
        "/-/fonts/handout.css",
        "/demo/..%2f..%2fetc%2fpasswd",
        "/demo/..%2f..%2fetc%2fpasswd.pdf",
        "/demo/%2e%2e/%2e%2e/etc/passwd",
        "/-/fonts/..%2f..%2fpyproject.toml",
        "/-/fonts/%2e%2e%2fhandout.css",
        "/..%2fclinics%2fnord.toml/logo",
        "/nord/..%2f..%2fclinics%2fnord-logo.svg",
        "/demo/%00",
        "/demo/ondt-i-laenden%00.pdf",
    ],
)
def test_only_known_things_resolve(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Siden findes ikke" in response.text or "Page not found" in response.text


@pytest.mark.parametrize(
    "code",
    [
        "",
        "1.abc",
        "1.abc.pdf",
        "nope",
        encode_v1({"exercises": [["bird", "2x10"]], "weeks": 2}),
        encode_v1({"exercises": [["bird-dog", "2x10"]], "weeks": 13}),
        "Ig0gHtAQah",
        "Ig0gHtAQag.pdf.pdf",
        "Ig0gHtAQa",
        "10M0R1047D",  # the last character mistyped
        "10M0R1047",
        "10m0-r104-7d",
        "10M0R1047C.pdf.pdf",
    ],
)
def test_a_code_that_does_not_decode_says_so_with_the_clinics_phone(client, code):
    response = client.get(f"/nord/p/{code}")
    assert response.status_code == 404
    text = flat(response.text)
    assert "Programkoden er ikke rigtig" in text and "Tjek koden på papiret" in text
    assert '<a class="tel-link" href="tel:+4598123456">+45 98 12 34 56</a>' in text
    assert '<form class="code-form" method="get" action="/nord/p">' in text
    assert client.get(f"/nord/p/{code}.pdf").status_code == 404


def test_a_code_is_opened_as_a_patient_types_it(client):
    # knae-til-bryst, bird-dog, baekkenloeft, kat-ko at their default doses, 2 weeks (version 3)
    assert client.get("/nord/p/10M0R1047C").status_code == 200
    for typed in ("10m0r1047c", "1OMO-R1O4-7C", "lOm0 r1047c"):
        answer = client.get("/nord/p", params={"code": typed}, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/nord/p/10M0R1047C"
    page = client.get("/nord/p/10m0-r104-7c")
    assert page.status_code == 200 and "Knæ til bryst" in page.text
    assert client.get("/nord/p", params={"code": "../x"}).status_code == 404


def test_the_share_page_opens_the_programme_in_the_builder(client):
    page = client.get("/nord/p/Ig0gHtAQag")
    link = '<a class="button button--secondary" href="/nord/programme?s=Ig0gHtAQag#programme">Åbn i programbyggeren</a>'
    assert link in page.text
    builder = client.get("/nord/programme?s=Ig0gHtAQag")
    assert builder.status_code == 200
    assert 'name="sets-bird-dog" id="sets-bird-dog" value="3"' in builder.text
    assert 'id="chosen-kat-ko"' in builder.text
    assert '<option value="3" selected>' in builder.text
    typed = client.get("/nord/programme?s=10m0-r104-7c")
    assert typed.status_code == 200 and 'id="chosen-baekkenloeft"' in typed.text


def test_clinic_without_slash_redirects_to_its_page(client):
    response = client.get("/nord", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == "/nord/"


def test_request_bodies_over_the_limit_get_413_before_parsing(client):
    big = {"exercise": "kat-ko", "note": "x" * (MAX_BODY_BYTES + 1)}
    assert client.post("/nord/programme", data=big).status_code == 413

    def chunked():  # no Content-Length: the limit still holds while the body streams in
        for _ in range(MAX_BODY_BYTES // 1024 + 2):
            yield b"x" * 1024

    response = client.post(
        "/nord/programme", content=chunked(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/nord/", "/nord/ondt-i-laenden.pdf", "/nope", "/-/web.css", "/nord/logo"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    for name, value in SECURITY.items():
        assert response.headers[name] == value
    assert "server" not in response.headers or "uvicorn" not in response.headers["server"]


# --- the render pool ----------------------------------------------------------------------


@pytest.mark.timeout(120)  # a page that waited for the pool would wait for ever: the blockers never end
def test_a_full_pool_answers_503_with_retry_after_and_the_server_stays_responsive(client, app, tmp_path):
    pool = app.state.pool
    release = tmp_path / "release"
    wait_for_release = ["sh", "-c", f"until [ -e '{release}' ]; do sleep 0.05; done"]
    blockers = []
    while True:  # fill every worker and queue place with work that ends only when the test says so
        try:
            blockers.append(pool.submit(subprocess.run, wait_for_release))
        except PoolBusy:  # full
            break
    assert len(blockers) == pool.capacity == 2
    try:
        busy = client.post("/nord/programme", data=form(patient=PATIENT, action="pdf"))
        assert busy.status_code == 503
        assert busy.headers["retry-after"].isdigit() and 1 <= int(busy.headers["retry-after"]) <= 30
        assert "Vi har travlt lige nu" in busy.text and "Gertrud" not in busy.text
        assert busy.headers["cache-control"] == "no-store"
        assert client.get("/demo/iskiasnerve-i-klemme.pdf").status_code == 503  # not cached yet: needs the pool
        assert client.get("/nord/").status_code == 200  # pages never wait for the pool
        assert pool.in_flight == pool.capacity and not any(b.done() for b in blockers)  # answered while full
    finally:
        release.touch()
        for blocker in blockers:
            blocker.result(timeout=30)
    assert client.post("/nord/programme", data=form(action="pdf")).status_code == 200


def test_a_render_over_the_limit_answers_a_page_that_says_so_and_the_next_pdf_is_made(client, app, caplog):
    """A slow machine: the user gets the 503 page (try again shortly), not a hang, and the
    worker is replaced. A limit of 0 s is over before any worker can answer, every time."""
    pool = app.state.pool
    limit, pool.timeout = pool.timeout, 0.0
    try:
        slow = client.post("/nord/programme", data=form(patient=PATIENT, action="pdf"))
    finally:
        pool.timeout = limit
    assert slow.status_code == 503 and slow.headers["retry-after"].isdigit()
    assert "Vi har travlt lige nu" in slow.text and "Prøv igen om et øjeblik" in slow.text
    assert "Gertrud" not in slow.text and slow.headers["cache-control"] == "no-store"
    assert any("its worker was stopped and replaced" in r.getMessage() for r in caplog.records)
    assert client.post("/nord/programme", data=form(action="pdf")).status_code == 200


# An app started in a fresh interpreter as `handouts serve` starts it, with a pool of two render
# workers whose warm-up is recorded; then a page that does not exist and a PDF. It prints what it
# saw as one line of JSON. (One run for the two tests below: each start is two workers and their
# warm-up renders.)
FRESH_START = """
import json, sys, warnings
warnings.simplefilter("ignore")
from fastapi.testclient import TestClient
from handouts.web import Site, create_app
from handouts.web.pool import RenderPool


class Recording(RenderPool):
    def __init__(self):
        super().__init__(workers=2, queue=0)
        self.warmed = []

    def warm_up(self, page=None, **kwargs):
        every_worker = super().warm_up(page, **kwargs)
        self.warmed.append([None if page is None else page.html.count('<article class="card">'), every_worker])
        return every_worker


if __name__ == "__main__":
    pool = Recording()
    with TestClient(create_app(Site.load(), pool=pool)) as client:
        warmed = list(pool.warmed)  # before the first request
        missing = client.get("/nord/kat").status_code
        pdf = client.post("/nord/programme", data={"exercise": "kat-ko", "weeks": "1", "action": "pdf"})
    seen = {"warmed": warmed, "missing": missing, "pdf": [pdf.status_code, pdf.content[:5].decode("latin-1")]}
    print(json.dumps({**seen, "weasyprint": "weasyprint" in sys.modules}))
"""


@pytest.fixture(scope="module")
def fresh_start(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("fresh-start") / "probe.py"
    path.write_text(FRESH_START)
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_web_process_never_imports_weasyprint(fresh_start):
    assert fresh_start["missing"] == 404 and fresh_start["pdf"] == [200, "%PDF-"]  # it served a PDF…
    assert fresh_start["weasyprint"] is False  # …made in a worker


def test_a_dead_worker_is_replaced_and_the_request_told_to_retry():
    import asyncio
    import os

    from handouts.web import worker

    pool = RenderPool(workers=1, queue=0)
    pool.start(warm=False)
    try:
        with pytest.raises(PoolBusy):
            asyncio.run(pool.run(os._exit, 3))  # the worker process dies mid-task
        assert pool.in_flight == 0
        assert isinstance(asyncio.run(pool.run(worker.warm)), int)  # a fresh worker took over
    finally:
        pool.close()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ondt i lænden.pdf", "attachment; filename=\"x.pdf\"; filename*=UTF-8''Ondt%20i%20l%C3%A6nden.pdf"),
        (
            "7 facts – er det iskias?.pdf",
            "attachment; filename=\"x.pdf\"; filename*=UTF-8''7%20facts%20%E2%80%93%20er%20det%20iskias.pdf",
        ),
        ('Ryg/"nakke"\r\nX: 1.pdf', "attachment; filename=\"x.pdf\"; filename*=UTF-8''Ryg%20nakke%20X%201.pdf"),
        ("???.pdf", "attachment; filename=\"x.pdf\"; filename*=UTF-8''x.pdf"),
        ("a" * 300 + ".pdf", "attachment; filename=\"x.pdf\"; filename*=UTF-8''" + "a" * 100 + ".pdf"),
    ],
)
def test_content_disposition_is_safe_for_any_title(title, expected):
    from handouts.web.http import content_disposition

    assert content_disposition(title, "x.pdf") == expected


def test_every_render_worker_renders_a_programme_before_the_first_request(fresh_start):
    """The first physiotherapist after a start waits no longer than the next: at start-up each
    worker makes a real four-exercise programme (fonts, styles, drawings loaded) before the app
    takes a request."""
    assert len(fresh_start["warmed"]) == 1  # once, before the first request
    cards, every_worker = fresh_start["warmed"][0]
    assert every_worker  # both workers rendered it
    assert cards == 4, "a programme with four exercises"
    assert fresh_start["pdf"] == [200, "%PDF-"]
