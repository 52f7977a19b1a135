"""`handouts catalogue`: the contact sheet of every exercise, read back from the PDF."""

from __future__ import annotations

import math
import re

import pytest

from conftest import body_font_sizes, invoke_cli
from handouts.model.library import load_library
from readback import page_count, pdf_text, vector_paths


def _squash(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]", "", text)


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    out = tmp_path_factory.mktemp("catalogue") / "katalog.pdf"
    result = invoke_cli("catalogue", "--clinic", "clinics/nord.toml", "--out", str(out))
    return result, out


def test_the_sheet_shows_every_exercise_with_its_dose_regions_and_id(sheet):
    result, out = sheet
    assert result.returncode == 0 and result.stdout == f"{out}\n" and result.stderr == ""
    library = load_library()
    flat = " ".join(pdf_text(out).split())
    squashed = _squash(flat)  # words may break at a hyphen at the end of a line
    assert f"{len(library.exercises)} øvelser" in flat
    for exercise in library.exercises.values():
        assert _squash(exercise.name) in squashed, exercise.slug
        exercise_id = library.exercise_ids.by_slug[exercise.slug]
        assert _squash(f"Nr. {exercise_id} · {exercise.slug}") in squashed, exercise.slug
    assert _squash("Dosis: 2 sæt × 10 gentagelser på hver side") in squashed  # bird-dog's default dose
    assert "Områder: ryg" in flat
    assert "Fysioterapi Nord" in flat  # the clinic's profile brands the sheet
    # two exercises a row, four rows a page at most: the drawings are printed at card size
    assert page_count(out) >= len(library.exercises) / 8
    assert vector_paths(out) > 20 * len(library.exercises)  # drawn as vectors, not left out


def test_every_character_between_header_and_footer_is_at_least_12_pt(sheet):
    _result, out = sheet
    sizes = body_font_sizes(out)
    assert sizes and min(sizes) >= 12.0


def test_the_sheet_may_take_as_long_as_the_programmes_showing_the_same_drawings(nord):
    """128 drawings cost 8 s of CPU, a minute on a loaded 2-core machine: more than one
    handout's render limit, so the sheet's limit grows with its exercises, as its page limit does."""
    from handouts.limits import MAX_EXERCISES, RENDER_SECONDS
    from handouts.render.contact_sheet import catalogue_html

    library = load_library()
    sheet = catalogue_html(library, nord)
    assert sheet.render_seconds == RENDER_SECONDS * math.ceil(len(library.exercises) / MAX_EXERCISES)
    assert sheet.render_seconds is not None and sheet.render_seconds >= 10 * RENDER_SECONDS


def test_the_out_file_must_be_a_pdf(tmp_path):
    result = invoke_cli("catalogue", "--out", str(tmp_path / "katalog.txt"))
    assert result.returncode == 2
    assert (
        result.stderr
        == f"error: --out {tmp_path / 'katalog.txt'}: give a file name ending in .pdf, e.g. --out katalog.pdf\n"
    )
    assert not (tmp_path / "katalog.txt").exists()
