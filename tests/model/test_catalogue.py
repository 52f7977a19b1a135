"""The catalogue at clinic size: 150 exercise pages stay grouped, ordered and searchable."""

import json

import pytest

from conftest import invoke_cli
from handouts.model.catalogue import (
    catalogue_order,
    fold,
    group_by_body_part,
    matches,
    search_exercises,
)
from handouts.model.library import load_library


@pytest.fixture(scope="module")
def clinic_library(clinic_exercise_pages):
    return load_library(clinic_exercise_pages)


def test_all_150_pages_are_in_the_catalogue(clinic_library):
    assert not clinic_library.problems
    pages = [e for e in clinic_library.exercises.values() if e.slug.startswith("oevelse-")]
    assert len(pages) == 150
    assert {e.category for e in pages} == {"styrke", "stræk", "mobilitet"}


def test_search_by_body_part_name_slug_and_category(clinic_library):
    exercises = clinic_library.exercises.values()
    knee = search_exercises(exercises, "knæ")
    assert knee and all("knae" in e.body_parts or "knæ" in e.name.lower() for e in knee)
    assert {e.slug for e in knee} >= {e.slug for e in exercises if e.body_parts[:1] == ("knae",)}
    assert [e.slug for e in search_exercises(exercises, "ØVELSE 17")] == ["oevelse-17-for-hofte"]
    assert all(e.category == "stræk" and "nakke" in e.body_parts for e in search_exercises(exercises, "nakke stræk"))
    assert search_exercises(exercises, "findes ikke") == []
    assert len(search_exercises(exercises, "")) == len(exercises)
    assert [e.slug for e in search_exercises(exercises, "bird")] == ["bird-dog"]
    assert {e.slug for e in search_exercises(exercises, "lænden")} >= {"bird-dog", "kat-ko"}  # from "Ondt i lænden"


def test_search_is_by_word_start_in_any_case():
    assert fold("Lænd Håndled") == "laend haandled"
    exercise = next(e for e in load_library().exercises.values() if e.slug == "siddende-nerveglidning")
    assert matches(exercise, "sidd nerve") and matches(exercise, "NERVEGLIDNING")
    assert not matches(exercise, "iddende")


def test_order_and_groups(clinic_library):
    ordered = catalogue_order(clinic_library.exercises.values())
    categories = [e.category for e in ordered]
    assert categories == sorted(categories, key=["stræk", "styrke", "nerveglidning", "mobilitet"].index)
    groups = group_by_body_part(clinic_library.exercises.values())
    labels = [label for label, _ in groups]
    assert labels == sorted(labels, key=fold) and "Knæ" in labels and "Håndled" in labels
    assert sum(len(items) for _, items in groups) == len(clinic_library.exercises)
    assert all(len(items) <= 20 for _, items in groups)  # no group of 150 to scroll through


def test_list_exercises_search_on_the_command_line(clinic_exercise_pages):
    result = invoke_cli("list", "exercises", "--content", str(clinic_exercise_pages), "--search", "knæ", "--json")
    assert result.returncode == 0 and result.stderr == ""
    rows = json.loads(result.stdout)
    assert rows and all("knae" in row["body_parts"] or "knae" in row["slug"] for row in rows)
    table = invoke_cli("list", "exercises", "--content", str(clinic_exercise_pages), "-s", "øvelse 42")
    assert "oevelse-42" in table.stdout and "knæ, skulder" in table.stdout and "oevelse-41" not in table.stdout
