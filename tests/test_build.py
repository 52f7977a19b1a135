"""build.py, the library's front door: content + a clinic → the handout's HTML, and where each
file goes; the Builder writes the PDF there; a programme is saved as a template without the
patient. HTML is checked as HTML; one article and one programme are written and read back."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from conftest import CLINICS
from handouts.build import (
    Builder,
    article_path,
    programme_path,
    render_article,
    render_programme,
    save_template,
    template_path,
    template_programme,
)
from handouts.model.clinic import load_clinic
from handouts.model.programme import build_programme
from handouts.model.templates import load_template
from handouts.resources import DEFAULT_OUTPUT
from readback import page_count, pdf_text


@pytest.fixture(scope="module")
def nord():
    return load_clinic(CLINICS / "nord.toml")  # publishes its leaflets online: QR codes on paper


@pytest.fixture(scope="module")
def article(library):
    return library.articles["ondt-i-laenden"]


@pytest.fixture(scope="module")
def programme(library):
    return build_programme(library, ["bird-dog", "kat-ko"], patient="Jens Hansen", weeks=3, date=dt.date(2026, 3, 2))


def test_an_article_gets_a_qr_code_only_from_a_clinic_that_publishes_online(library, article, demo, nord):
    with_qr = render_article(library, article, nord)
    without = render_article(library, article, demo)
    assert "https://fysio-nord.dk/patientark/ondt-i-laenden" in with_qr.html
    assert "<svg" in with_qr.html.split('class="closing', 1)[1]
    assert "patientark" not in without.html and 'class="qr' not in without.html
    assert with_qr.title == without.title and article.title in with_qr.title
    assert with_qr.source == without.source == article.source.name


def test_large_print_is_a_class_on_the_page(library, article, demo):
    assert '<html lang="da" class="large-print">' in render_article(library, article, demo, large_print=True).html
    assert '<html lang="da" class="standard-print">' in render_article(library, article, demo).html


def test_a_programmes_qr_code_is_its_share_link_without_the_patient(library, programme, nord):
    rendered = render_programme(library, programme, nord)
    assert "Jens Hansen" in rendered.html  # on the page …
    links = [part.split('"', 1)[0] for part in rendered.html.split("https://fysio-nord.dk/")[1:]]
    assert links and all("Jens" not in link and "Hansen" not in link for link in links)  # … never in the link
    assert "Jens" not in rendered.title


def test_a_template_programme_has_the_templates_exercises_and_no_patient(library):
    template = next(iter(library.programmes.values()))
    made = template_programme(library, template)
    assert [entry.exercise.slug for entry in made.entries] == template.exercises
    assert made.patient == "" and made.weeks == template.weeks


def test_where_files_go(tmp_path, article, programme, demo, library):
    template = next(iter(library.programmes.values()))
    assert article_path(demo, article, tmp_path) == tmp_path / "demo" / "ondt-i-laenden.pdf"
    assert (
        article_path(demo, article, tmp_path, large_print=True) == tmp_path / "demo" / "ondt-i-laenden-storskrift.pdf"
    )
    assert template_path(demo, template, tmp_path) == tmp_path / "demo" / f"programme-{template.slug}.pdf"
    folder = programme_path(demo, programme, tmp_path)
    assert folder.parent == tmp_path / "demo" and folder.name.startswith("programme-2026-03-02-")
    assert "jens" not in folder.name.lower()
    assert programme_path(demo, programme, tmp_path / "mit.PDF") == tmp_path / "mit.PDF"  # a file is used as given
    assert programme_path(demo, programme, tmp_path, large_print=True).name.endswith("-storskrift.pdf")


def test_the_builder_writes_each_handout_where_build_says(tmp_path, library, writer, article, programme, demo):
    builder = Builder(library, writer)
    written = builder.build_article(article, demo, tmp_path)
    assert written.path == article_path(demo, article, tmp_path)
    assert written.size == written.path.stat().st_size and written.pages == page_count(written.path) >= 1
    assert article.title.split()[0] in pdf_text(written.path)
    made = builder.build_programme(programme, demo, tmp_path)
    assert made.path == programme_path(demo, programme, tmp_path)
    assert "Jens Hansen" in pdf_text(made.path)
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == sorted([written.path.name, made.path.name])


def test_the_default_output_folder_is_output():
    assert str(DEFAULT_OUTPUT) == "output"


def test_a_saved_template_holds_the_programme_but_not_the_patient(tmp_path, library, programme):
    target = tmp_path / "mit-program.toml"
    save_template(programme, target)
    saved = tomllib.loads(target.read_text("utf-8"))
    assert saved["exercises"] == ["bird-dog", "kat-ko"] and saved["weeks"] == 3
    assert "Jens" not in target.read_text("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["mit-program.toml"]  # written whole, no temporary left
    again = build_programme(library, template=load_template(target))
    assert [entry.exercise.slug for entry in again.entries] == ["bird-dog", "kat-ko"]
