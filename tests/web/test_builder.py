"""The programme builder without a browser: dose fields, Post/Redirect/Get, order, filters,
templates, the share link and its QR code, the therapist's cookie, phone reading, and privacy.

The browser's side (the script, Back, the keyboard) is in test_browser.py.
"""

import logging
import re
import warnings
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from markupsafe import Markup

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from handouts.i18n import catalogue
from handouts.model.catalogue import group_by_body_part, search_exercises
from handouts.model.dose import parse_dose
from handouts.model.share import decode
from handouts.render.qr import qr_svg
from handouts.web import Site, create_app, forms
from handouts.web.forms import DoseFields
from handouts.web.pages import tel_links
from helpers.forms import dose
from helpers.web_app import ColdPool
from readback import pdf_text

PATIENT = "Gertrud Østergaard-Nielsen"
NOTE = "Husk at trække vejret roligt"
FOUR = ["bird-dog", "kat-ko", "knae-til-bryst", "baekkenloeft"]
PRIVATE_WORDS = ("Gertrud", "Østergaard", "%C3%98stergaard", "vejret")


def defaults(site, slug) -> dict:
    """The fields of an exercise's row as the page fills them: its default dose."""
    fields = DoseFields.of(site.library.exercises[slug].dose)
    return dose(slug, fields.sets, fields.amount, fields.unit, fields.side, fields.times, fields.per)


def post(client, fields, **extra):
    return client.post("/nord/programme", data={"weeks": "2", **fields, **extra}, follow_redirects=False)


def state_of(location: str, site) -> tuple[list[str], dict[str, str], int]:
    """(exercises in order, {exercise: canonical dose}, weeks) from a redirect's share code."""
    code = parse_qs(urlsplit(location).query)["s"][0]
    shared = decode(code, site.library)
    return list(shared.exercises), shared.dose_options(), shared.weeks


# --- doses as fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        (DoseFields("3", "12", "reps", False, "1", "day"), "3x12@1/day"),
        (DoseFields("2-3", "8 – 12", "reps", True, "2", "day"), "2-3x8-12/side@2/day"),
        (DoseFields("3", "30", "s", True, "3", "week"), "3x30s/side@3/week"),
        (DoseFields("1", "1-2", "min", False, "2-3", "week"), "1x1-2min@2-3/week"),
        (DoseFields("3", "10 meter", "text", False, "", ""), "3x(10 meter)"),
        (DoseFields("03", "08", "reps", False, "1", "week"), "3x8@1/week"),
    ],
)
def test_dose_fields_become_a_dose_the_library_reads(fields, text):
    assert fields.text() == text
    assert DoseFields.of(parse_dose(text)) == DoseFields.of(parse_dose(fields.text()))


@pytest.mark.parametrize(
    "canonical", ["2x10/side@daily", "3x30s/side@daily", "2-3x8-12@2-3/week", "1x2min", "3x(8-12 hop)/side"]
)
def test_every_default_dose_fits_the_fields(canonical):
    assert str(parse_dose(DoseFields.of(parse_dose(canonical)).text())) == canonical


def test_a_ticked_exercise_gets_fields_prefilled_with_its_default(client):
    page = client.get("/nord/programme?template=blid-start-iskias").text
    row = page[page.index('id="chosen-knae-til-bryst"') : page.index('id="chosen-piriformisstraek"')]
    assert 'id="sets-knae-til-bryst" value="3"' in row and 'id="amount-knae-til-bryst" value="30"' in row
    assert '<option value="s" selected>sekunder (hold)</option>' in row
    assert 'id="side-knae-til-bryst" value="1" checked' in row
    assert (
        'id="times-knae-til-bryst" value="1"' in row and '<option value="day" selected>gange om dagen</option>' in row
    )
    assert "(ikke angivet)" not in row  # the default says how often: "not said" is not offered
    assert 'Standard: <span data-fill="default">3 × hold 30 sekunder på hver side, 1 gang dagligt</span>' in row


def test_only_chosen_exercises_have_dose_fields(client, site):
    page = client.get("/nord/programme").text
    assert 'name="sets-' not in page.split('<template id="chosen-template">')[0]  # nothing to type and lose
    # one checkbox per listing: an exercise is listed under every body part it names
    slugs = re.findall(r'<input type="checkbox" name="exercise" value="([\w-]+)"', page)
    assert set(slugs) == {e.slug for e in site.library.listed_exercises()}
    assert len(slugs) == sum(len(group) for _, group in group_by_body_part(site.library.listed_exercises()))
    assert len(set(re.findall(r'id="(ex-[\w-]+)"', page))) == len(slugs)  # every id once


def test_changing_sets_keeps_the_default_frequency(client, site):
    fields = {
        "exercise": ["bird-dog", "kat-ko"],
        "order": ["bird-dog", "kat-ko"],
        "scripted": "1",
        **dose("bird-dog", "3", "10", side=True),
        **defaults(site, "kat-ko"),
    }
    sent = post(client, fields, action="preview")
    exercises, doses, _ = state_of(sent.headers["location"], site)
    assert exercises == ["bird-dog", "kat-ko"]
    assert doses == {"bird-dog": "3x10/side@daily", "kat-ko": "1x10@daily"}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            dose("kat-ko", amount="2000", unit="s"),
            "amount-kat-ko",
            "Kat-ko (katte-kamel): antal sekunder skal være mellem 1 og 1800.",
        ),
        (
            dose("kat-ko", amount="31", unit="min"),
            "amount-kat-ko",
            "Kat-ko (katte-kamel): antal minutter skal være mellem 1 og 30.",
        ),
        (
            dose("kat-ko", amount="0"),
            "amount-kat-ko",
            "Kat-ko (katte-kamel): antal gentagelser skal være mellem 1 og 100.",
        ),
        (dose("kat-ko", amount="", unit="reps"), "amount-kat-ko", "Kat-ko (katte-kamel): skriv antal gentagelser."),
        (
            dose("kat-ko", amount="12", unit="text"),
            "amount-kat-ko",
            "Kat-ko (katte-kamel): skriv mængden med dens enhed, fx 10 meter eller 8-12 hop (højst 40 tegn, uden parenteser).",
        ),
        (
            dose("kat-ko", times="11"),
            "times-kat-ko",
            "Kat-ko (katte-kamel): antal gange om dagen skal være mellem 1 og 10.",
        ),
        (
            dose("kat-ko", times="15", per="week"),
            "times-kat-ko",
            "Kat-ko (katte-kamel): antal gange om ugen skal være mellem 1 og 14.",
        ),
        (
            dose("kat-ko", times="3-2", per="week"),
            "times-kat-ko",
            "Kat-ko (katte-kamel): intervallet for antal gange om ugen går nedad; skriv det mindste tal først, fx 8-12.",
        ),
        (
            dose("kat-ko", times="2", per="month"),
            "per-kat-ko",
            "Kat-ko (katte-kamel): vælg, om det er gange om dagen eller om ugen.",
        ),
    ],
)
def test_every_rejected_dose_says_what_is_wrong_with_it(client, fields, field, message):
    response = post(client, {"exercise": ["kat-ko"], "order": ["kat-ko"], **fields}, action="preview")
    assert response.status_code == 400
    assert f'<a href="#{field}">{message}</a>' in response.text
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in response.text
    assert f'id="{field}"' in response.text


def test_several_problems_in_one_dose_are_each_named(client):
    response = post(client, {"exercise": ["kat-ko"], **dose("kat-ko", sets="x", amount="0")})
    assert response.text.count('class="field-error"') == 2


def test_english_clinic_explains_a_dose_in_english(client):
    response = client.post(
        "/sund-ryg/programme", data={"exercise": "kat-ko", "weeks": "2", **dose("kat-ko", sets="11")}
    )
    assert "Kat-ko (katte-kamel): the number of sets must be between 1 and 10." in response.text


# --- Post/Redirect/Get, order, filters ----------------------------------------------------------


def test_moving_and_removing_are_redirects_that_keep_the_order(client, site):
    base = {"exercise": FOUR, "order": FOUR, **{k: v for slug in FOUR for k, v in defaults(site, slug).items()}}
    up = post(client, base, action="up:knae-til-bryst")
    assert up.status_code == 303 and up.headers["location"].endswith("#chosen-knae-til-bryst")
    assert state_of(up.headers["location"], site)[0] == ["bird-dog", "knae-til-bryst", "kat-ko", "baekkenloeft"]
    down = post(client, base, action="down:baekkenloeft")  # the last one stays last
    assert state_of(down.headers["location"], site)[0] == FOUR
    removed = post(client, base, action="remove:kat-ko")
    assert state_of(removed.headers["location"], site)[0] == ["bird-dog", "knae-til-bryst", "baekkenloeft"]
    # Defaults cost nothing in the link: four exercises at their own doses are a 10-character code.
    assert len(parse_qs(urlsplit(up.headers["location"]).query)["s"][0]) == 10


def test_newly_ticked_exercises_follow_the_programme_in_catalogue_order(client, site):
    fields = {
        "order": ["kat-ko", "bird-dog"],
        "exercise": ["bird-dog", "kat-ko", "baekkenkip", "knae-til-bryst"],
        **defaults(site, "kat-ko"),
        **defaults(site, "bird-dog"),
    }
    exercises, _, _ = state_of(post(client, fields, action="add").headers["location"], site)
    assert exercises == ["kat-ko", "bird-dog", "baekkenkip", "knae-til-bryst"]
    unticked = {**fields, "exercise": ["bird-dog"]}  # kat-ko's box unticked in the catalogue: it goes
    assert state_of(post(client, unticked, action="add").headers["location"], site)[0] == ["bird-dog"]


def test_the_redirected_page_shows_the_state_with_the_name_left_to_the_browser(client, site):
    fields = {
        "exercise": ["kat-ko", "bird-dog"],
        "order": ["kat-ko", "bird-dog"],
        "patient": PATIENT,
        "note": NOTE,
        "therapist": "Lone",
        "scripted": "1",
        **dose("kat-ko", "2", "8", times="3", per="week"),
        **defaults(site, "bird-dog"),
    }
    sent = post(client, fields, action="preview", weeks="4")
    location = sent.headers["location"]
    assert all(word not in location for word in PRIVATE_WORDS)
    page = client.get(location)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    html = page.text
    assert html.index('id="chosen-kat-ko"') < html.index('id="chosen-bird-dog"')
    assert 'id="sets-kat-ko" value="2"' in html and '<option value="week" selected>gange om ugen</option>' in html
    assert '<option value="4" selected>4 uger</option>' in html
    assert 'value="Lone"' in html  # the therapist, from the cookie the POST set
    assert PATIENT not in html and "Gertrud" not in html and NOTE not in html
    assert "Programmet er klar" in html and "Sådan ser programmet ud" in html
    cards = re.findall(
        r'<h4 class="card__title" id="card-(\d)"><span class="card__number">\d</span> <span>([^<]+)</span>', html
    )
    assert cards == [("1", "Kat-ko (katte-kamel)"), ("2", "Bird-dog")]
    assert "2 sæt × 8 gentagelser, 3 gange om ugen" in html


def test_without_the_script_a_name_is_answered_in_place_and_the_link_opens_a_new_tab(client, site):
    fields = {"exercise": ["kat-ko"], "order": ["kat-ko"], "patient": PATIENT, "note": NOTE, **defaults(site, "kat-ko")}
    page = post(client, fields, action="preview")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert f'value="{PATIENT}"' in page.text and f">{NOTE}</textarea>" in page.text
    assert re.search(
        r'<a id="share-link" href="https://fysio-nord.dk/patientark/p/[\w-]+" target="_blank" rel="noopener">',
        page.text,
    )
    assert re.search(f'data-mirror="patient" data-empty="[^"]+">{PATIENT}</dd>', page.text)
    moved = post(client, {**fields, "exercise": ["kat-ko", "bird-dog"]}, action="add")
    assert moved.status_code == 200 and f'value="{PATIENT}"' in moved.text  # nothing typed is lost
    without_name = post(client, {**fields, "patient": "", "note": ""}, action="preview")
    assert without_name.status_code == 303  # nothing to keep: a clean redirect


def test_filters_work_without_the_script_and_keep_hidden_ticks(client, site):
    sent = post(
        client,
        {"exercise": ["bird-dog"], "order": ["bird-dog"], **defaults(site, "bird-dog"), "q": "nerveglid"},
        action="filter",
    )
    location = sent.headers["location"]
    assert sent.status_code == 303 and location.endswith("#catalogue") and "q=nerveglid" in location
    page = client.get(location).text
    visible = re.findall(r'<li class="pick" data-slug="([\w-]+)"[^>]*?(?<!hidden)>', page)
    found = [e.slug for e in search_exercises(site.library.listed_exercises(), "nerveglid")]
    assert {"liggende-nerveglidning", "siddende-nerveglidning"} <= set(visible) == set(found)
    # Bird-dog is hidden by the filter, but still ticked and still sent with the form.
    assert re.search(
        r'data-slug="bird-dog"[^>]* hidden>\s*<input type="checkbox" name="exercise" value="bird-dog"[^>]*checked', page
    )
    total = len(site.library.listed_exercises())
    assert f"Viser {len(found)} af {total} øvelser" in page
    stretches = [e for e in site.library.listed_exercises() if e.category == "stræk"]
    category = client.get("/nord/programme?category=stræk").text
    assert f"Viser {len(stretches)} af {total} øvelser" in category


def test_templates_preload_and_a_wrong_template_or_state_is_explained(client):
    page = client.get("/nord/programme?template=laend-basis")
    assert page.status_code == 200
    assert re.findall(r'<li class="chosen" id="chosen-([a-z0-9-]+)"', page.text) == [
        "kat-ko",
        "baekkenkip",
        "knae-til-bryst",
        "bird-dog",
        "baekkenloeft",
    ]
    assert '<option value="laend-basis" selected>' in page.text
    missing = client.get("/nord/programme?template=nope")
    assert missing.status_code == 404 and "Skabelonen findes ikke." in missing.text
    broken = client.get("/nord/programme?s=AAAA")
    assert broken.status_code == 400 and "Programmet i adressen kan ikke læses." in broken.text


# --- the share link, its QR code, the PDF ---------------------------------------------------------


def test_a_four_exercise_link_with_two_changed_doses_is_short_and_shown_as_used(client, site):
    fields = {
        "exercise": FOUR,
        "order": FOUR,
        "scripted": "1",
        **{k: v for slug in FOUR for k, v in defaults(site, slug).items()},
        **dose("bird-dog", "3", "12", side=True),
        **dose("kat-ko", "2", "10", times="3", per="week"),
    }
    location = post(client, fields, action="preview").headers["location"]
    html = client.get(location).text
    link = re.search(r'<a id="share-link" href="([^"]+)">\1</a>', html).group(1)
    assert len(link) <= 60, link
    assert f'data-copy="{link}"' in html  # the copy button copies the same text
    assert str(qr_svg(link, catalogue("da").t("qr_alt", url=link))) in html  # and the QR code holds it
    demo = client.get(location.replace("/nord/", "/demo/")).text  # no public address: this server's
    assert re.search(r'<a id="share-link" href="(http://localhost:8000/demo/p/[\w-]+)">\1</a>', demo)


def test_pdf_opens_inline_and_downloads_as_an_attachment(client, site):
    fields = {"exercise": ["kat-ko"], "order": ["kat-ko"], "patient": PATIENT, **defaults(site, "kat-ko")}
    inline = client.post(
        "/nord/programme", data={"weeks": "2", **fields, "action": "pdf"}, headers={"Accept-Encoding": "gzip"}
    )
    assert inline.headers["content-type"] == "application/pdf" and inline.headers["cache-control"] == "no-store"
    assert "content-encoding" not in inline.headers  # compressed already: never gzipped again
    assert inline.headers["content-disposition"].startswith('inline; filename="traeningsprogram-')
    assert (
        post(client, fields, action="download")
        .headers["content-disposition"]
        .startswith('attachment; filename="traeningsprogram-')
    )


# --- the therapist's cookie, and nothing else remembered ------------------------------------------


def test_the_therapist_is_remembered_on_the_device_and_nothing_else_is(client, site, caplog):
    caplog.set_level(logging.DEBUG)
    fields = {
        "exercise": ["kat-ko"],
        "order": ["kat-ko"],
        "patient": PATIENT,
        "note": NOTE,
        "therapist": "Lone Å. Berg",
        "scripted": "1",
        **defaults(site, "kat-ko"),
    }
    sent = post(client, fields, action="preview")
    cookie = sent.headers["set-cookie"]
    assert (
        cookie.startswith("handouts_therapist=")
        and unquote(cookie.split(";")[0].split("=", 1)[1].strip('"')) == "Lone Å. Berg"
    )
    assert "Path=/nord/programme" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Max-Age=31536000" in cookie
    assert all(word not in cookie and word not in sent.headers["location"] for word in PRIVATE_WORDS)
    assert 'value="Lone Å. Berg"' in client.get("/nord/programme").text
    forgotten = post(client, {**fields, "therapist": ""}, action="preview")
    assert 'handouts_therapist=""' in forgotten.headers["set-cookie"] and "Max-Age=0" in forgotten.headers["set-cookie"]
    client.cookies.clear()
    assert all(word not in record.getMessage() for record in caplog.records for word in PRIVATE_WORDS)


# --- a clinic's 150 exercises ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_client(clinic_exercise_pages):
    site = Site.load(clinic_exercise_pages)
    with TestClient(create_app(site, pool=ColdPool(workers=1, queue=1))) as test_client:
        yield test_client


def test_150_exercises_stay_usable_grouped_searchable_and_light(big_client):
    page = big_client.get("/nord/programme")
    html = page.text
    listed = big_client.app.state.site.library.listed_exercises()
    total = len(listed)
    assert html.count('class="pick"') == sum(len(group) for _, group in group_by_body_part(listed))
    groups = re.findall(
        r'<details class="group" id="group-[\w-]+" data-at="\d+">\s*<summary class="group__summary">'
        r'<h3 class="group__heading"><span id="group-[\w-]+-name">([^<]+)</span>',
        html,
    )
    assert "Knæ" in groups and "Håndled" in groups
    assert all(html.count(f'id="group-{g}"') <= 1 for g in groups)
    picks = html.count('class="pick"')
    assert len(html.encode()) < 1_200 * picks  # no drawings inline: thumbnails load lazily, by URL
    knee = big_client.get("/nord/programme?part=knae").text
    shown = re.findall(r'<li class="pick" data-slug="([\w-]+)"[^>]*data-parts="([^"]*)"[^>]*?(?<!hidden)>', knee)
    clinic_knees = {slug for slug, _ in shown if slug.startswith("oevelse-")}
    assert len(clinic_knees) == 25 and all(" knae " in parts for _, parts in shown)  # 13 with knee first, 12 second
    assert f"Viser {len(set(slug for slug, _ in shown))} af {total} øvelser" in knee
    searched = big_client.get("/nord/programme?q=øvelse+42").text
    assert set(re.findall(r'<li class="pick" data-slug="([\w-]+)"[^>]*?(?<!hidden)>', searched)) == {"oevelse-42"}
    four = ["oevelse-1", "oevelse-40", "oevelse-77", "bird-dog"]
    sent = big_client.post(
        "/nord/programme", data={"exercise": four, "weeks": "2", "action": "add"}, follow_redirects=False
    )
    assert sent.status_code == 303
    assert (
        re.findall(r'<li class="chosen" id="chosen-([a-z0-9-]+)"', big_client.get(sent.headers["location"]).text)
        == four
    )


# --- assets, headers ------------------------------------------------------------------------------


def test_the_builder_script_and_the_drawings_are_served_and_allowed(client):
    script = client.get("/-/builder.js")
    assert script.status_code == 200 and script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["etag"] and "sessionStorage" in script.text
    assert client.get("/-/builder.js", headers={"If-None-Match": script.headers["etag"]}).status_code == 304
    assert "script-src 'self'" in client.get("/nord/programme").headers["content-security-policy"]
    drawing = client.get("/nord/figure/bird-dog.svg")
    assert drawing.headers["content-type"] == "image/svg+xml" and drawing.text.startswith("<svg xmlns=")
    assert 'fill="#1b6b45"' in drawing.text or "#1b6b45" in drawing.text  # the clinic's colour
    assert client.get("/nord/figure/nope.svg").status_code == 404
    moving = client.get("/nord/moving/bird-dog.svg")  # the cards' drawing: it moves; thumbnails stand still
    assert moving.headers["content-type"] == "image/svg+xml" and "<animate" in moving.text
    assert "<animate" not in drawing.text
    assert client.get("/nord/moving/nope.svg").status_code == 404


# --- phone reading ----------------------------------------------------------------------------------


def test_phone_numbers_are_tel_links_and_nothing_else_is():
    # An eight-digit number is dialled in its international form (+45): from abroad too.
    html = tel_links(
        Markup('Ring 112 eller <a href="/x">+45 98 12 34 56</a>, ellers 98 12 34 56. Gentag 10 12 gange i 2025-2026.')
    )
    assert str(html) == (
        'Ring <a class="tel-link" href="tel:112">112</a> eller <a href="/x">+45 98 12 34 56</a>, ellers '
        '<a class="tel-link" href="tel:+4598123456">98 12 34 56</a>. Gentag 10 12 gange i 2025-2026.'
    )
    assert (
        str(tel_links(Markup("<b>1813</b> &amp; 112 kg")))
        == '<b><a class="tel-link" href="tel:1813">1813</a></b> &amp; 112 kg'
    )
    assert (
        str(tel_links("<script>112")) == '&lt;script&gt;<a class="tel-link" href="tel:112">112</a>'
    )  # text is escaped first


def test_online_copies_read_well_on_a_phone(client):
    article = client.get("/nord/iskiasnerve-i-klemme").text
    assert (
        '<p class="jump jump--red-flags"><a href="#red-flags-heading">Røde flag: hvornår skal du søge hjælp?</a></p>'
        in article
    )
    assert article.index("jump--red-flags") < article.index('class="article-body"')
    assert 'href="tel:112"' in article and 'href="tel:+4598123456"' in article
    assert re.search(
        r'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="table-hint-1">'
        r'<p class="table-scroll__hint" id="table-hint-1">Tabellen er bred: rul sidelæns for at se det hele.</p><table>',
        article,
    )
    # An English clinic's Danish article is Danish throughout, labels included (test_web.py's
    # test_an_english_clinic_shows_a_danish_article_in_danish_only): one page, one language.
    english = client.get("/sund-ryg/iskiasnerve-i-klemme").text
    assert english.startswith('<!doctype html>\n<html lang="da">')
    assert '<h1 class="title-block__title">Iskiasnerve i klemme</h1>' in english
    assert "Tabellen er bred: rul sidelæns for at se det hele." in english
    assert "The table is wide" not in english
    programme = client.get("/sund-ryg/p/Ig0gHtAQag").text
    assert "Bird-dog" in programme and "Start on all fours" in programme and "jump--red-flags" in programme
    assert 'href="tel:+4533445566"' in programme


# --- details: the cookie behind a proxy, compression, an empty clinic --------------------------


def test_the_therapist_cookie_is_secure_behind_an_https_proxy(site, monkeypatch):
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from handouts.web import server

    fields = {"exercise": ["kat-ko"], "order": ["kat-ko"], "therapist": "Lone", **defaults(site, "kat-ko")}
    app = create_app(site, pool=ColdPool(workers=1, queue=1))
    # What `handouts serve --proxy-headers` hands uvicorn, which then reads X-Forwarded-Proto.
    seen: dict = {}
    monkeypatch.setattr("uvicorn.run", lambda _app, **options: seen.update(options))
    monkeypatch.setattr(server, "create_app", lambda *_a, **_k: app)
    server.serve(host="127.0.0.1", port=8000, clinics=None, content=None, workers=1, queue=1, proxy_headers=True)
    assert seen["proxy_headers"] is True
    proxied = ProxyHeadersMiddleware(app, trusted_hosts="127.0.0.1")
    with TestClient(proxied, client=("127.0.0.1", 5000)) as behind:
        plain = behind.post(
            "/nord/programme", data={"weeks": "2", **fields, "action": "preview"}, follow_redirects=False
        )
        assert "Secure" not in plain.headers["set-cookie"]
        https = behind.post(
            "/nord/programme",
            data={"weeks": "2", **fields, "action": "preview"},
            headers={"X-Forwarded-Proto": "https"},
            follow_redirects=False,
        )
        assert "Secure" in https.headers["set-cookie"] and "HttpOnly" in https.headers["set-cookie"]


def test_pages_and_css_are_compressed(client):
    gzip = {"Accept-Encoding": "gzip"}
    for path in ("/nord/programme", "/-/web.css", "/-/builder.js", "/nord/"):
        assert client.get(path, headers=gzip).headers.get("content-encoding") == "gzip", path
    # PDFs are not: test_pdf_opens_inline_and_downloads_as_an_attachment, on the PDF it renders.


def test_a_clinic_without_leaflets_says_so(tmp_path):
    (tmp_path / "articles").mkdir()
    empty = Site.load(tmp_path)
    assert empty.articles() == []
    with TestClient(create_app(empty, pool=ColdPool(workers=1, queue=1))) as test_client:
        page = test_client.get("/nord/")
    assert page.status_code == 200 and "Klinikken har ingen patientark her endnu." in page.text
    assert '<ul class="leaflets">' not in page.text


def test_a_templates_note_is_a_placeholder_and_body_parts_are_headings(client):
    page = client.get("/nord/programme?template=laend-basis").text
    note = re.search(r"<textarea name=\"note\"[^>]*>([^<]*)</textarea>", page)
    assert note and note.group(1) == ""  # nothing to delete before typing the patient's own note
    assert 'placeholder="Start altid med 5–10 minutters rolig gang.' in note.group(0)
    headings = re.findall(
        r'<summary class="group__summary"><h3 class="group__heading"><span id="[\w-]+">([^<]+)</span>', page
    )
    assert len(headings) >= 2


GROUP = re.compile(
    r'<details class="group" id="(group-[\w-]+)" data-at="\d+"( open)?( hidden)?>\s*<summary class="group__summary">'
    r'<h3 class="group__heading"><span id="\1-name">[^<]+</span>\s*'
    r'<span class="group__count" data-group-count>\((\d+) øvelser?\)</span></h3></summary>'
    r"(.*?)</details>",
    re.S,
)


def folded_groups(html: str) -> dict[str, tuple[bool, bool, int, int]]:
    """{group id: (open, hidden, the count its title says, the picks it shows)} of a builder page."""
    return {
        group: (bool(opened), bool(hidden), int(count), len(re.findall(r'<li class="pick"[^>]*?(?<!hidden)>', body)))
        for group, opened, hidden, count, body in GROUP.findall(html)
    }


def test_body_part_groups_are_folded_to_a_counted_title_until_a_search_finds_something_in_them(client, site):
    everything = folded_groups(client.get("/nord/programme").text)
    assert len(everything) == len(group_by_body_part(site.library.listed_exercises())) >= 10
    # Nothing searched: every group folded, none hidden, its title counting what it holds.
    assert all(not opened and not hidden and count == shown > 0 for opened, hidden, count, shown in everything.values())
    # A search: each group with a hit open and counting its hits, every other one hidden.
    found = folded_groups(client.get("/nord/programme?q=nerveglidning").text)
    hits = {group: count for group, (opened, hidden, count, shown) in found.items() if opened}
    assert hits and all(
        (opened, hidden) in ((True, False), (False, True)) and count == shown
        for opened, hidden, count, shown in found.values()
    )
    assert sum(hits.values()) >= 2 and all(hits[group] < everything[group][2] for group in hits)
    # A body part searched for: its group first (its exercises are the ones meant), then the others.
    knees = folded_groups(client.get("/nord/programme?q=kn%C3%A6").text)
    assert next(iter(knees)) == "group-knae" and knees["group-knae"][:2] == (True, False)
    assert sum(1 for opened, *_ in knees.values() if opened) >= 2
    # A body part chosen: its group opens (and the others that list its exercises).
    knee = folded_groups(client.get("/nord/programme?part=knae").text)
    assert knee["group-knae"][:2] == (True, False) and knee["group-knae"][2] == everything["group-knae"][2]


def test_load_equipment_and_pause_travel_in_the_code_and_come_back_to_the_fields(client, site):
    fields = {
        "exercise": ["bird-dog"],
        "order": ["bird-dog"],
        **defaults(site, "bird-dog"),
        "extra-bird-dog": "@ 2,5 kg  med rød elastik, pause 60 s",
    }
    sent = post(client, fields, action="preview")
    assert sent.status_code == 303
    _exercises, doses, _weeks = state_of(sent.headers["location"], site)
    assert doses == {"bird-dog": "2x10/side @2.5kg med rød elastik pause 60s@daily"}
    again = client.get(sent.headers["location"]).text
    assert 'name="extra-bird-dog" id="extra-bird-dog" value="@2.5kg med rød elastik pause 60s"' in again
    assert "2 sæt × 10 gentagelser på hver side med 2,5 kg, med rød elastik, 60 sekunders pause mellem sættene" in again
    wrong = post(client, {**fields, "extra-bird-dog": "3 gange om ugen"}, action="preview")
    assert wrong.status_code == 400
    assert "Bird-dog: skriv belastning, udstyr og pause som fx @ 5 kg med rød elastik pause 60 s" in wrong.text
    assert 'id="extra-bird-dog"' in wrong.text and 'aria-describedby="extra-bird-dog-error"' in wrong.text


# --- a note on one exercise ----------------------------------------------------------------------

XNOTE = "Brug den grønne elastik"


def test_an_exercise_note_is_the_patients_like_the_main_note(client, site, caplog):
    caplog.set_level(logging.DEBUG)
    fields = {
        "exercise": ["kat-ko", "bird-dog"],
        "order": ["kat-ko", "bird-dog"],
        "xnote-bird-dog": XNOTE,
        **defaults(site, "kat-ko"),
        **defaults(site, "bird-dog"),
    }
    # With the script: a redirect that never carries it (the tab keeps it); the page sent next lacks it.
    sent = post(client, fields, action="preview", scripted="1")
    assert sent.status_code == 303 and "gr%C3%B8nne" not in sent.headers["location"]
    assert "grønne" not in unquote(sent.headers["location"]) and "set-cookie" not in sent.headers
    page = client.get(sent.headers["location"]).text
    assert XNOTE not in page and 'id="xnote-bird-dog" value=""' in page
    # Without the script: answered in place, kept in its field and on the preview's card.
    kept = post(client, fields, action="preview")
    assert kept.status_code == 200 and kept.headers["cache-control"] == "no-store"
    assert f'id="xnote-bird-dog" value="{XNOTE}"' in kept.text
    assert re.search(r'<span data-mirror="xnote-bird-dog" data-empty="">' + XNOTE + "</span>", kept.text)
    link = re.search(r'<a id="share-link" href="([^"]+)"', kept.text)
    assert link and "grønne" not in unquote(link.group(1))
    # The PDF prints it on Bird-dog's card, and only there.
    pdf = post(client, fields, action="pdf")
    assert pdf.headers["cache-control"] == "no-store" and "grønne" not in pdf.headers["content-disposition"]
    text = " ".join(pdf_text(pdf.content).split())
    assert text.index("Bird-dog") < text.index(f"Bemærk: {XNOTE}") and text.count(XNOTE) == 1
    assert all("grønne" not in record.getMessage() for record in caplog.records)


def test_a_long_exercise_note_is_named_next_to_its_field_without_echoing_it(client, site):
    fields = {"exercise": ["kat-ko"], "order": ["kat-ko"], **defaults(site, "kat-ko")}
    page = post(client, {**fields, "xnote-kat-ko": "elastik " * 20}, action="preview")
    assert page.status_code == 400
    message = "Kat-ko (katte-kamel): noten til øvelsen er for lang: højst 120 tegn."
    assert f'<p class="field-error" id="xnote-kat-ko-error">{message}</p>' in page.text
    assert 'id="xnote-kat-ko"' in page.text and 'aria-invalid="true" aria-describedby="xnote-kat-ko-error"' in page.text


# --- leaflets printed with the programme ----------------------------------------------------------


def test_leaflets_chosen_in_the_builder_follow_the_programme_in_its_pdf(client, site, monkeypatch):
    fields = {"exercise": ["kat-ko"], "order": ["kat-ko"], **defaults(site, "kat-ko")}
    leaflet = site.library.articles["iskiasnerve-i-klemme"]
    page = client.get("/nord/programme").text
    assert 'name="leaflet" value="iskiasnerve-i-klemme"' in page and "Pjecer med programmet (0)" in page
    sent = post(client, {**fields, "leaflet": ["iskiasnerve-i-klemme"]}, action="preview")
    assert sent.status_code == 303 and "with=iskiasnerve-i-klemme" in sent.headers["location"]
    kept = client.get(sent.headers["location"]).text  # still chosen after the redirect, with or without script
    assert 'value="iskiasnerve-i-klemme" id="leaflet-iskiasnerve-i-klemme" checked' in kept
    pdf = post(client, {**fields, "leaflet": ["iskiasnerve-i-klemme"]}, action="pdf")
    text = " ".join(pdf_text(pdf.content).split())
    assert text.index("Kat-ko") < text.index(leaflet.title) < text.index("Røde flag")
    call = " ".join(site.clinic("nord").clinic.programme_call_to_action.split()[:4])
    assert text.count("Røde flag") == 1 and text.count(call) == 1  # one box, one call to action
    monkeypatch.setattr(forms, "MAX_LEAFLETS", 2)  # the clinic has fewer leaflets than the real bound
    too_many = post(client, {**fields, "leaflet": sorted(site.library.articles)[:3]}, action="preview")
    assert too_many.status_code == 400 and "Vælg højst 2 pjecer til ét program." in too_many.text
    unknown = post(client, {**fields, "leaflet": ["findes-ikke"]}, action="preview")
    assert unknown.status_code == 400 and "En af de valgte pjecer findes ikke længere." in unknown.text
