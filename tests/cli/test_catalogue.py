"""`handouts catalogue`: the contact sheet of every exercise, read back from the PDF."""

from __future__ import annotations

import re

import pytest

from conftest import body_font_sizes, invoke_cli
from handouts.model.library import load_library
from readback import page_count, pdf_text, vector_paths


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    out = tmp_path_factory.mktemp("catalogue") / "katalog.pdf"
    result = invoke_cli("catalogue", "--clinic", "clinics/nord.toml", "--out", str(out))
    return result, out


def test_the_sheet_shows_every_exercise_with_its_dose_regions_and_id(sheet):
    result, out = sheet
    assert result.returncode == 0 and result.stdout == f"{out}\n" and result.stderr == ""
    library = load_library()
    text = re.sub(r"-\n", "", pdf_text(out))
    flat = " ".join(text.split())
    assert f"{len(library.exercises)} øvelser" in flat
    for exercise in library.exercises.values():
        assert exercise.name in flat, exercise.slug
        exercise_id = library.exercise_ids.by_slug[exercise.slug]
        assert f"Nr. {exercise_id} · {exercise.slug}" in flat, exercise.slug
    assert "Dosis: 2 sæt × 10 gentagelser på hver side" in flat  # bird-dog's default dose, in words
    assert "Områder: ryg" in flat
    assert "Fysioterapi Nord" in flat  # the clinic's profile brands the sheet
    # two exercises a row, four rows a page at most: the drawings are printed at card size
    assert page_count(out) >= len(library.exercises) / 8
    assert vector_paths(out) > 20 * len(library.exercises)  # drawn as vectors, not left out


def test_every_character_between_header_and_footer_is_at_least_12_pt(sheet):
    _result, out = sheet
    sizes = body_font_sizes(out)
    assert sizes and min(sizes) >= 12.0


def test_the_out_file_must_be_a_pdf(tmp_path):
    result = invoke_cli("catalogue", "--out", str(tmp_path / "katalog.txt"))
    assert result.returncode == 2
    assert (
        result.stderr
        == f"error: --out {tmp_path / 'katalog.txt'}: give a file name ending in .pdf, e.g. --out katalog.pdf\n"
    )
    assert not (tmp_path / "katalog.txt").exists()
