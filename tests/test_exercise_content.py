"""The built-in exercise catalogue and condition templates (seeds/exercises, seeds/programmes):
enough exercises for every body region, each drawn and in both languages, and templates that render."""

import json
import re

import pytest

from conftest import CLINICS, invoke_cli
from handouts.model.clinic import load_clinic
from handouts.model.content import EQUIPMENT
from handouts.render.html import programme_html

# The ids the first eight exercises were published with: share codes printed since then name them.
FIRST_IDS = {
    "baekkenkip": 1,
    "baekkenloeft": 2,
    "bird-dog": 3,
    "kat-ko": 4,
    "knae-til-bryst": 5,
    "liggende-nerveglidning": 6,
    "piriformisstraek": 7,
    "siddende-nerveglidning": 8,
}
# Ids of exercises that were shipped and then removed: a share code may still name them, so no
# other exercise may ever take them (docs/exercises.md lists them for whoever adds the next one).
RETIRED_IDS = {83: "haandklaedekroel", 102: "laegrulning-foamroller"}
CONDITION_TEMPLATES = (
    "knaeartrose",
    "patellofemoral-smerte",
    "efter-ankelforstuvning",
    "akillessene",
    "haelspore",
    "skuldersmerter",
    "frossen-skulder",
    "tennisalbue",
    "nakkesmerter",
    "efter-piskesmaeld",
    "hofteartrose",
    "baekkensmerter-graviditet",
    "balance-for-aeldre",
)
STEP = re.compile(r"^\d+\. ", re.MULTILINE)


@pytest.fixture(scope="module")
def listed():
    result = invoke_cli("list", "exercises", "--json")
    assert result.returncode == 0, result.stderr
    return [row for row in json.loads(result.stdout) if row["built_in"]]


def test_list_shows_at_least_100_built_in_exercises_each_drawn_and_in_english(listed):
    assert len(listed) >= 100
    assert [row["slug"] for row in listed if not row["drawn"]] == []
    assert [row["slug"] for row in listed if "en" not in row["languages"] or not row["name_en"]] == []


def test_every_region_of_the_red_flag_sets_has_at_least_six_exercises(listed, library):
    regions = {region for red_flags in library.red_flags.values() for region in red_flags.regions}
    assert regions >= {"ryg", "nakke", "skulder", "hofte", "knae", "fod", "hoved", "brystkasse", "baekken"}
    counts = {region: sum(region in row["regions"] for row in listed) for region in regions}
    assert {region: n for region, n in counts.items() if n < 6} == {}


def test_ids_are_unique_declared_and_the_first_eight_keep_theirs(listed, library):
    ids = [row["id"] for row in listed]
    assert len(set(ids)) == len(ids)
    assert all(isinstance(i, int) and 1 <= i <= 4095 for i in ids), "every built-in exercise declares its id"
    assert {slug: library.exercise_ids.by_slug[slug] for slug in FIRST_IDS} == FIRST_IDS
    assert set(ids).isdisjoint(RETIRED_IDS)
    assert library.problems == []


def test_no_alias_or_name_belongs_to_two_exercises(library):
    owner: dict[str, str] = {}
    clashes = []
    for exercise in library.exercises.values():
        names = {exercise.name, exercise.in_language("en").name, *exercise.aliases}
        for name in {n.casefold() for n in names}:
            if owner.setdefault(name, exercise.slug) != exercise.slug:
                clashes.append((name, owner[name], exercise.slug))
    assert clashes == []


def test_each_exercise_has_three_to_six_steps_and_a_stop_rule_in_both_languages(library):
    wrong = []
    for exercise in library.exercises.values():
        english = exercise.in_language("en")
        steps = (len(STEP.findall(exercise.steps)), len(STEP.findall(english.steps)))
        if not (3 <= steps[0] <= 6 and steps[0] == steps[1] and exercise.stop and english.stop != exercise.stop):
            wrong.append((exercise.slug, steps))
    assert wrong == []


def test_the_drawing_shows_the_equipment_the_exercise_lists(library):
    missing = []
    for exercise in library.exercises.values():
        assert set(exercise.equipment) <= set(EQUIPMENT)
        poses = (exercise.illustration.start, exercise.illustration.end)
        missing += [(exercise.slug, item) for item in exercise.equipment if not any(p.prop(item) for p in poses)]
    assert missing == []


@pytest.fixture(scope="module")
def clinics():
    return load_clinic(CLINICS / "nord.toml"), load_clinic(CLINICS / "sund-ryg.toml")


@pytest.mark.parametrize("slug", CONDITION_TEMPLATES)
def test_each_condition_template_names_its_source_and_renders_in_both_languages(slug, library, clinics):
    from handouts.build import template_programme

    template = library.programmes[slug]
    assert template.sources, "a template names the published programme or guideline it follows"
    assert "ikke en ordination" in template.description
    programme = template_programme(library, template)
    danish, english = (programme_html(programme, clinic, library) for clinic in clinics)
    assert clinics[0].language == "da" and clinics[1].language == "en"
    assert template.en is not None and template.title in danish.html and template.en.title in english.html
    assert template.note in danish.html and template.en.note in english.html and template.note not in english.html
    for entry in programme.entries:
        assert entry.exercise.name in danish.html
        assert entry.exercise.in_language("en").name in english.html
    assert danish.warnings == english.warnings == []


def test_a_condition_template_prints_as_a_pdf(library, writer, demo, tmp_path):
    from handouts.build import Builder
    from readback import pdf_text

    result = Builder(library, writer).build_template_programme(library.programmes["knaeartrose"], demo, tmp_path)
    assert result.warnings == []
    text = " ".join(pdf_text(result.path).split())
    for name in ("Rejse-sætte-sig", "Trin op", "Stå på ét ben"):
        assert name in text
