"""The builder's own templates: exported as the TOML `handouts programme --save` writes, and
opened again (a file, or a template kept on the device) with the content folder's rules."""

from __future__ import annotations

import re

import pytest

from conftest import invoke_cli
from handouts.model.templates import parse_dose_override
from handouts.web.forms import DoseFields
from handouts.web.routes.programmes import MAX_TEMPLATE_BYTES
from helpers.forms import dose

PATIENT = "Gertrud Østergaard-Nielsen"
XNOTE = "Gertrud bruger den røde elastik"


def fields_of(site, slug: str, spec: str | None = None) -> dict[str, str]:
    default = site.library.exercises[slug].dose
    f = DoseFields.of(parse_dose_override(spec, default) if spec else default)
    return {**dose(slug, f.sets, f.amount, f.unit, f.side, f.times, f.per), f"extra-{slug}": f.extra}


def builder_form(site, **extra: str) -> dict[str, object]:
    return {
        "exercise": ["bird-dog", "kat-ko"],
        **fields_of(site, "bird-dog"),
        **fields_of(site, "kat-ko", "2x12 @ 5 kg"),
        "weeks": "3",
        "note": "Roligt og uden smerte",
        "therapist": "Mette Fys",
        "patient": PATIENT,
        "xnote-kat-ko": XNOTE,
        "action": "export",
        **extra,
    }


def export(client, site, **extra: str):
    return client.post("/nord/programme", data=builder_form(site, **extra), follow_redirects=False)


def test_the_export_is_what_save_writes_for_the_same_programme(client, site, tmp_path):
    saved = tmp_path / "kept.toml"
    result = invoke_cli(
        "programme", "bird-dog", "kat-ko", "--dose", "kat-ko=2x12 @ 5 kg", "--weeks", "3",
        "--note", "Roligt og uden smerte", "--therapist", "Mette Fys", "--patient", PATIENT,
        "--save", str(saved), "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    answer = export(client, site, template_name="Øvelsesprogram", **{"xnote-kat-ko": ""})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment")
    assert 'filename="oevelsesprogram.toml"' in answer.headers["content-disposition"]
    assert answer.content == saved.read_bytes()
    assert 'kat-ko = "2x12 @5kg@daily"' in answer.text


def test_the_export_never_holds_the_patients_name_nor_an_exercises_note(client, site):
    answer = export(client, site, template_name="Lænd, uge 3")
    assert answer.status_code == 200
    assert 'title = "Lænd, uge 3"' in answer.text
    assert "Gertrud" not in answer.text and "elastik" not in answer.text
    assert "exercise_notes" not in answer.text and "patient" not in answer.text


def test_an_exported_template_opens_the_builder_filled_in(client, site):
    text = export(client, site, template_name="Lænd, uge 3").content
    for files, data in (({"file": ("laend.toml", text, "application/toml")}, {}), (None, {"toml": text.decode()})):
        page = client.post("/nord/programme/template", files=files, data=data)
        assert page.status_code == 200
        assert re.findall(r'<li class="chosen" id="chosen-([a-z0-9-]+)"', page.text) == ["bird-dog", "kat-ko"]
        assert 'id="sets-kat-ko" value="2"' in page.text.replace("\n", " ") or 'value="2"' in page.text
        assert '<option value="3" selected>' in page.text
        assert 'placeholder="Roligt og uden smerte"' in page.text
        assert 'value="Lænd, uge 3"' in page.text
        assert page.headers["cache-control"].startswith("private") or "no-store" in page.headers["cache-control"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('title = "x"\nexercises = ["bird-dog"\n', "Skabelonfilen: is not valid TOML"),
        ('title = "x"\nexercises = []\n', "exercises"),
        ('title = "x"\nexercises = ["ikke-en-oevelse"]\n', "ikke-en-oevelse"),
        ("", "Vælg en skabelonfil (.toml) først."),
        ("#" * (MAX_TEMPLATE_BYTES + 1), "Skabelonfilen er for stor: højst 32 kB."),
        ("#" * 50_000, "Skabelonfilen er for stor: højst 32 kB."),
    ],
)
def test_a_bad_template_file_is_named_in_one_clear_line(client, text, message):
    page = client.post("/nord/programme/template", files={"file": ("bad.toml", text.encode(), "application/toml")})
    assert page.status_code == 400
    assert message in page.text
    assert "Traceback" not in page.text


def test_a_huge_upload_is_refused_before_it_is_read(client):
    page = client.post("/nord/programme/template", files={"file": ("big.toml", b"#" * 2_000_000, "application/toml")})
    assert page.status_code == 413


def test_without_the_script_export_and_import_are_plain_forms_and_saving_is_hidden(client):
    page = client.get("/nord/programme").text
    assert '<button class="button button--secondary" type="button" data-template-save hidden>' in page
    assert '<optgroup label="Mine skabeloner (på denne enhed)" data-my-templates hidden>' in page
    assert 'action="/nord/programme/template" enctype="multipart/form-data"' in page
    assert '<button class="button button--quiet" type="submit" name="action" value="export">' in page


# --- an exercise the search names exactly is listed first ----------------------------------------


def listed_order(page: str) -> list[str]:
    shown = re.findall(r'<li class="pick" data-slug="([a-z0-9-]+)" data-at="\d+"(?![^>]*hidden)', page)
    return list(dict.fromkeys(shown))


@pytest.mark.parametrize(
    ("query", "first"),
    [("squat", "squat"), ("Tåhævning", "taahaevning"), ("taahaevning", "taahaevning"), ("squa", None)],
)
def test_an_exact_name_match_is_listed_first(client, query, first):
    page = client.get("/nord/programme", params={"q": query}).text
    order = listed_order(page)
    assert len(order) >= 3
    if first:
        assert order[0] == first
    else:  # a name begun is not a name: the catalogue's order
        assert order[0] == "minisquat" and "squat" in order
