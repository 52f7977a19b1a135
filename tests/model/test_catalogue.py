"""The catalogue at clinic size: 150 exercise pages stay grouped, ordered and searchable."""

import json
from dataclasses import replace

import pytest

from conftest import ROOT, invoke_cli
from handouts.model.catalogue import (
    catalogue_order,
    fold,
    group_by_body_part,
    matches,
    parts_of,
    search_exercises,
)
from handouts.model.exercise_pages import body_part_name
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
    # The clinic's pages are found by body part, name or condition; a seed exercise may be found
    # by its summary too ("bøjede knæ" in the crunch), as the search rule says.
    assert knee and all(
        "knae" in parts_of(e) or "knæ" in e.name.lower() or any("knæ" in c.lower() for c in e.conditions)
        for e in knee
        if e.slug.startswith("oevelse-")
    )
    assert {e.slug for e in knee} >= {e.slug for e in exercises if e.body_parts[:1] == ("knae",)}
    assert [e.slug for e in search_exercises(exercises, "ØVELSE 17")] == ["oevelse-17"]
    neck_stretches = search_exercises(exercises, "nakke stræk")
    assert all(e.category == "stræk" for e in neck_stretches)
    assert all("nakke" in e.body_parts for e in neck_stretches if e.slug.startswith("oevelse-"))
    assert search_exercises(exercises, "findes ikke") == []
    assert len(search_exercises(exercises, "")) == len(exercises)
    assert [e.slug for e in search_exercises(exercises, "bird")] == ["bird-dog"]
    assert {e.slug for e in search_exercises(exercises, "lænden")} >= {"bird-dog", "kat-ko"}  # from "Ondt i lænden"


def test_search_is_by_word_start_in_any_case():
    assert fold("Lænd Håndled") == "laend haandled"
    exercise = next(e for e in load_library().exercises.values() if e.slug == "siddende-nerveglidning")
    assert matches(exercise, "sidd nerve") and matches(exercise, "NERVEGLIDNING")
    assert not matches(exercise, "ddende") and not matches(exercise, "dende")  # not from inside a word
    assert matches(exercise, "iddende")  # but one letter left out of a long word is one typo


def test_order_and_groups(clinic_library):
    ordered = catalogue_order(clinic_library.exercises.values())
    categories = [e.category for e in ordered]
    assert categories == sorted(categories, key=["stræk", "styrke", "nerveglidning", "mobilitet"].index)
    groups = group_by_body_part(clinic_library.exercises.values())
    labels = [label for label, _ in groups]
    assert labels == sorted(labels, key=fold) and "Knæ" in labels and "Håndled" in labels
    # every exercise under every body part it names, once each
    by_label = {label: [e.slug for e in items] for label, items in groups}
    for exercise in clinic_library.exercises.values():
        named = [body_part_name(p).capitalize() for p in parts_of(exercise)] or [exercise.category.capitalize()]
        assert [label for label, slugs in by_label.items() if exercise.slug in slugs] == sorted(named, key=fold)
        assert all(slugs.count(exercise.slug) <= 1 for slugs in by_label.values())
    assert all(len(items) <= len(clinic_library.exercises) / 3 for _, items in groups)  # never one long list


def test_list_exercises_search_on_the_command_line(clinic_exercise_pages):
    result = invoke_cli("list", "exercises", "--content", str(clinic_exercise_pages), "--search", "knæ", "--json")
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    assert rows and all(  # the clinic's pages; a seed exercise may be found by its summary (see above)
        "knae" in row["body_parts"] or "knæ" in row["name"].lower() or any("knæ" in c for c in row["conditions"])
        for row in rows
        if row["slug"].startswith("oevelse-")
    )
    # one warning per listed exercise that prints without a picture, and only for those
    warned = {line.split("/exercises/")[1].split(".md:")[0] for line in result.stderr.splitlines()}
    assert result.stderr.count("warning: ") == len(warned)
    assert warned == {row["slug"] for row in rows if row["picture"] is None}
    table = invoke_cli("list", "exercises", "--content", str(clinic_exercise_pages), "-s", "øvelse 42")
    assert "oevelse-42" in table.stdout and "knæ, skulder" in table.stdout and "oevelse-41" not in table.stdout


# --- search: conditions, both languages, one typo ---------------------------------------------


@pytest.fixture(scope="module")
def knee_and_core():
    """A small catalogue as a physiotherapist searches it: built-in fields on made-up exercises."""
    base = replace(load_library().exercises["bird-dog"], sources=(), summary="")
    return [
        replace(base, slug="squat", name="Squat", aliases=("Knæbøjning",), conditions=("Meniskskade", "Korsbånd (ACL)"), body_parts=("knae",), translations=()),
        replace(base, slug="planke", name="Planke", aliases=(), conditions=(), body_parts=("mave",), translations=()),
        replace(base, slug="glute-bridge", name="Glute bridge", aliases=(), conditions=("Iskias",), body_parts=("hofte",), translations=()),
        replace(base, slug="ankelcirkler", name="Ankelcirkler", aliases=(), conditions=("Forstuvet ankel",), body_parts=("ankel",), translations=()),
        replace(base, slug="balance-paa-et-ben", name="Balance på ét ben", aliases=(), conditions=(), body_parts=("fod",), translations=()),
        replace(base, slug="skulderloeft", name="Skulderløft", aliases=(), conditions=("Frossen skulder",), body_parts=("skulder",), translations=()),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # the words that found nothing before
        ("menisk", ["squat"]),
        ("korsbånd", ["squat"]),
        ("ACL", ["squat"]),
        ("planke", ["planke"]),
        ("bro", ["glute-bridge"]),
        ("sqaut", ["squat"]),
        ("balanse", ["balance-paa-et-ben"]),
        # conditions, Danish and English
        ("iskias", ["glute-bridge"]),
        ("sciatica", ["glute-bridge"]),
        ("frozen shoulder", ["skulderloeft"]),
        ("frossen skulder", ["skulderloeft"]),
        # both languages find the same exercise
        ("ankel", ["ankelcirkler"]),
        ("ankle", ["ankelcirkler"]),
        ("plank", ["planke"]),
        ("bridge", ["glute-bridge"]),
        ("knæbøjning", ["squat"]),
        ("knee", ["squat"]),
        # one typo in a word of five letters or more: left out, added, changed, swapped
        ("brige", ["glute-bridge"]),
        ("briddge", ["glute-bridge"]),
        ("plenke", ["planke"]),
        ("menisc", ["squat"]),
        ("skuldre", ["skulderloeft"]),
    ],
)
def test_search_finds_conditions_synonyms_and_one_typo(knee_and_core, query, found):
    assert sorted(e.slug for e in search_exercises(knee_and_core, query)) == found


@pytest.mark.parametrize(
    "query",
    [
        "sqatu",  # two typos
        "sqa",  # a short word is never a typo of another
        "brx",  # "bro" with a typo: too short to forgive
        "broo",
        "ankel squat",  # every word must be found
        "menisk planke",
        "korsbaandet",  # a word longer than any of the exercise's, by two letters
    ],
)
def test_search_does_not_guess(knee_and_core, query):
    assert search_exercises(knee_and_core, query) == []


def test_a_typo_is_forgiven_only_in_a_word_no_exercise_has(knee_and_core):
    base = knee_and_core[0]
    plane = replace(base, slug="scaption", name="Scaption", aliases=("Scapular plane raise",), conditions=())
    exercises = [*knee_and_core, plane]
    assert [e.slug for e in search_exercises(exercises, "planke")] == ["planke"]  # not "plane"
    assert [e.slug for e in search_exercises(exercises, "plane")] == ["scaption"]
    assert [e.slug for e in search_exercises(exercises, "scapulr")] == ["scaption"]  # nobody's word: one typo
    assert matches(plane, "planke")  # alone, "planke" is nobody's word


def test_the_sample_is_found_by_words_that_found_nothing_before():
    corpus = ROOT.parent / "shared" / "corpus"
    if not (corpus / "exercises").is_dir():
        pytest.skip(f"the CMS sample is not at {corpus}")
    exercises = load_library(corpus).listed_exercises()
    for query, slug in [
        ("planke", "side-plank"),
        ("bro", "glute-bridge"),
        ("sqaut", "squat"),
        ("ankle", "hop-paa-et-ben"),
    ]:
        assert slug in [e.slug for e in search_exercises(exercises, query)], query
