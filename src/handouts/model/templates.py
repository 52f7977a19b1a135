"""Programme templates (TOML): what a template file may say, read and validated one file at a time.

A template names exercises and may change their doses::

    title = "Blid start ved iskias"
    weeks = 2
    exercises = ["knae-til-bryst", "siddende-nerveglidning"]
    note = "Start blidt."
    [doses]
    knae-til-bryst = "3x30s/side@daily"
    [exercise_notes]
    knae-til-bryst = "Hold ryggen i gulvet."

The library loads every template of a content folder (``model.library``); ``model.programme``
makes a programme from one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator

from handouts.errors import display_path
from handouts.limits import MAX_EXERCISES, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_SLUG_CHARS, MAX_WEEKS
from handouts.load import read_toml
from handouts.model.base import StrictModel, explain
from handouts.model.dose import Dose, DoseError, Span, parse_dose, parse_frequency
from handouts.model.slugs import SLUG_PATTERN, slugify


class TemplateText(StrictModel):
    """A template's words in another language (``[en]``): what the patient reads above the cards."""

    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=300)
    note: str = Field(default="", max_length=MAX_NOTE_CHARS)


class ProgrammeTemplate(StrictModel):
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=300)
    weeks: int = Field(default=2, ge=1, le=MAX_WEEKS)
    exercises: list[str] = Field(min_length=1, max_length=MAX_EXERCISES)
    doses: dict[str, str] = Field(default_factory=dict)
    exercise_notes: dict[str, str] = Field(default_factory=dict, max_length=MAX_EXERCISES)
    note: str = Field(default="", max_length=MAX_NOTE_CHARS)
    therapist: str = Field(default="", max_length=MAX_NAME_CHARS)
    # The published programme or guideline the template follows (shown to the therapist).
    sources: list[str] = Field(default_factory=list, max_length=20)
    en: TemplateText | None = None  # the title and note for a clinic that prints in English
    slug: str = ""

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        # The slug names the template's PDF (programme-<slug>.pdf): never a path.
        if len(value) > MAX_SLUG_CHARS or not SLUG_PATTERN.match(value):
            raise ValueError(
                f'"{value[:MAX_SLUG_CHARS]}" is not a slug; use a-z, 0-9 and - (at most {MAX_SLUG_CHARS}), e.g. "blid-start"'
            )
        return value

    @field_validator("doses")
    @classmethod
    def _doses_read(cls, value: dict[str, str]) -> dict[str, str]:
        for exercise, spec in value.items():
            try:
                parse_dose_override(spec, None)
            except DoseError as exc:
                raise ValueError(f"{exercise}: {exc}") from None
        return value


def load_template(path: Path) -> ProgrammeTemplate:
    name = display_path(path)
    data = read_toml(
        path, "no such programme file; check the path or use a template slug from `handouts list programmes`"
    )
    return template_of(data, name, path.stem)


def template_of(data: dict[str, Any], name: str, stem: str) -> ProgrammeTemplate:
    """A template's TOML data, checked (a file's, or one uploaded to the builder: the same rules)."""
    data.setdefault("slug", slugify(stem) or "skabelon")
    try:
        return ProgrammeTemplate.model_validate(data)
    except ValidationError as exc:
        raise explain(exc, name, sorted(ProgrammeTemplate.model_fields)) from None


def parse_dose_override(spec: str, default: Dose | None) -> Dose:
    """A dose the physiotherapist typed for one exercise, read against its default dose.

    ``3x10/side@daily`` replaces the dose. Without how often (``3x8/side``) the default's
    frequency is kept; how often alone (``@3/week``, ``dagligt``, ``2/dag``) keeps the default
    sets and repetitions and changes only how often.
    """
    if isinstance(spec, str) and _is_frequency_only(spec):
        frequency = parse_frequency(spec)
        if default is None:
            return Dose(sets=Span(1, 1), reps=Span(1, 1), frequency=frequency)  # validation only
        return default.with_frequency(frequency)
    dose = parse_dose(spec)
    if dose.frequency is None and default is not None:
        return dose.with_frequency(default.frequency)
    return dose


def _is_frequency_only(spec: str) -> bool:
    if spec.strip().startswith("@"):
        return True
    try:
        parse_frequency(spec)
    except DoseError:
        return False
    return True
