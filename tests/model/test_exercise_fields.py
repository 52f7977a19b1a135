"""An exercise's own fields beyond the card: aliases, conditions, equipment, English words."""

from pathlib import Path

import pytest

from handouts.errors import InputError
from handouts.load import read_source
from handouts.model.library import exercise_from_source

FRONT = """---
name: Bækkenløft
category: styrke
regions: [hofte, ryg]
dose: "2x12"
stop: "Stop øvelsen, hvis det gør mere ondt."
{extra}
---
1. Lig på ryggen.
2. Løft bækkenet.
"""

ENGLISH = """aliases: ["Glute bridge", "Hip bridge"]
conditions: [knæartrose, knee osteoarthritis]
equipment: [mat]
en:
  name: Glute bridge
  summary: Strengthens your buttocks.
  stop: "Stop if it hurts more."
  steps:
    - Lie on your back.
    - Lift your hips."""


def exercise(tmp_path: Path, extra: str):
    path = tmp_path / "baekkenloeft.md"
    path.write_text(FRONT.format(extra=extra), encoding="utf-8")
    return exercise_from_source(read_source(path))


def test_aliases_conditions_equipment_and_english_are_read(tmp_path):
    found = exercise(tmp_path, ENGLISH)
    assert found.aliases == ("Glute bridge", "Hip bridge")
    assert found.conditions == ("knæartrose", "knee osteoarthritis")
    assert found.equipment == ("mat",)
    assert found.regions == ("ryg", "hofte")
    assert found.languages == ("da", "en")
    english = found.in_language("en")
    assert (english.name, english.language, english.summary) == ("Glute bridge", "en", "Strengthens your buttocks.")
    assert english.steps == "1. Lie on your back.\n2. Lift your hips.\n"
    assert english.stop_when == "it hurts more."
    assert english.dose == found.dose and english.slug == found.slug
    assert found.in_language("da") is found


def test_an_exercise_without_english_stays_danish(tmp_path):
    found = exercise(tmp_path, "")
    assert found.languages == ("da",)
    assert found.in_language("en") is found


@pytest.mark.parametrize(
    ("extra", "field", "problem"),
    [
        ("equipment: [trampoline]", "equipment", '"trampoline" is not equipment'),
        ("aliases: bridge: yes", None, None),  # not YAML: the loader's own message
        ("aliases: [1, 2]", "aliases", "must be a list of names"),
        ("en: {name: Bridge, stop: Stop if it hurts.}", "en.steps", "must be a list of 1 to 8 steps"),
        ("en: {name: Bridge, steps: [Lie down.]}", "en.stop", "is missing"),
        ("en: {name: Bridge, stop: x, steps: [a], video: y}", "en", "must have `name:`"),
    ],
)
def test_a_wrong_field_is_one_error_naming_it(tmp_path, extra, field, problem):
    with pytest.raises(InputError) as caught:
        exercise(tmp_path, extra)
    if field is not None:
        assert caught.value.field == field
        assert problem in caught.value.problem
