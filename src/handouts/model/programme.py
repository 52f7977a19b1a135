"""Exercise programmes: per-patient choices, and the resolved programme (templates: ``model.templates``).

The patient's name is never part of a template, a file name, a hash or a log line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict

from handouts.errors import HandoutsError
from handouts.limits import MAX_EXERCISE_NOTE_CHARS, MAX_EXERCISES, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_WEEKS
from handouts.model.content import Exercise
from handouts.model.dose import Dose, DoseError
from handouts.model.library import Library
from handouts.model.scripts import unprintable_script
from handouts.model.slugs import resolve
from handouts.model.templates import (
    ProgrammeTemplate,
    load_template,
    parse_dose_override,
)


@dataclass(frozen=True)
class ProgrammeEntry:
    exercise: Exercise
    dose: Dose
    note: str = field(default="", repr=False)  # the therapist's word on this exercise: on the card only


class ProgrammeSpec(TypedDict):
    """A programme without the patient: what hashes and share links are made from."""

    exercises: list[list[str]]  # [slug, dose] pairs, in order
    weeks: int


@dataclass(frozen=True)
class ProgrammeText:
    """The programme's title and note in another language; ``note`` None keeps the note as given
    (the therapist wrote it for this patient)."""

    language: str
    title: str
    note: str | None


@dataclass(frozen=True)
class Programme:
    """A programme as printed: exercises with their doses, plus the patient strip."""

    entries: tuple[ProgrammeEntry, ...]
    weeks: int = 2
    title: str = ""
    note: str = ""
    therapist: str = ""
    patient: str = field(default="", repr=False)  # on the page only
    date: dt.date = field(default_factory=dt.date.today)
    translations: tuple[ProgrammeText, ...] = ()  # the template's title and note in other languages

    def in_language(self, language: str) -> Programme:
        """The programme with each exercise's words, and the template's title and note, in
        ``language`` where it has them."""
        entries = tuple(replace(e, exercise=e.exercise.in_language(language)) for e in self.entries)
        text = next((t for t in self.translations if t.language == language), None)
        if text is None:
            return replace(self, entries=entries)
        return replace(self, entries=entries, title=text.title, note=self.note if text.note is None else text.note)

    def spec(self) -> ProgrammeSpec:
        """The programme without the patient: exercises, doses, weeks (for hashes and share links)."""
        return {"exercises": [[e.exercise.slug, str(e.dose)] for e in self.entries], "weeks": self.weeks}

    def short_hash(self, clinic_slug: str) -> str:
        canonical = json.dumps({"clinic": clinic_slug, **self.spec(), "title": self.title}, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:8]

    def default_file_name(self, clinic_slug: str, *, large_print: bool = False) -> str:
        suffix = "-storskrift" if large_print else ""
        return f"programme-{self.date.isoformat()}-{self.short_hash(clinic_slug)}{suffix}.pdf"

    def as_template(self) -> dict[str, object]:
        """TOML-ready data to save this programme for reuse (never the patient's name)."""
        data: dict[str, object] = {
            "title": self.title or "Øvelsesprogram",
            "weeks": self.weeks,
            "exercises": [e.exercise.slug for e in self.entries],
        }
        changed = {e.exercise.slug: str(e.dose) for e in self.entries if e.dose != e.exercise.dose}
        notes = {e.exercise.slug: e.note for e in self.entries if e.note}
        if self.note:
            data["note"] = self.note
        if self.therapist:
            data["therapist"] = self.therapist
        if changed:
            data["doses"] = changed
        if notes:
            data["exercise_notes"] = notes
        return data


class ProgrammeError(HandoutsError):
    """A programme that cannot be made, naming the field (and the exercise) in the library's words.

    Each driver says it in its own: the command line names its flags (``--dose kat-ko: …``),
    the web builder its form labels. A value is never echoed: it may be a patient's name.
    """

    def __init__(self, field: str, problem: str, *, exercise: str | None = None, usage: bool = False) -> None:
        self.field, self.problem, self.exercise = field, problem, exercise
        self.exit_code = 2 if usage else 1
        super().__init__(f"{field}{f' {exercise}' if exercise else ''}: {problem}")


def _checked_text(value: str | None, field: str, limit: int, *, exercise: str | None = None) -> str:
    text = " ".join((value or "").split()) if field != "note" else (value or "").strip()
    if len(text) > limit:
        raise ProgrammeError(field, f"is {len(text)} characters; keep it under {limit}", exercise=exercise)
    script = unprintable_script(text)
    if script is not None:  # else it prints as empty boxes; the message names no character of it
        raise ProgrammeError(
            field,
            f"has letters the handout's fonts cannot print ({script}); write it in Latin letters",
            exercise=exercise,
        )
    return text


def build_programme(
    library: Library,
    exercises: list[str] | None = None,
    *,
    doses: Mapping[str, str] | None = None,
    template: ProgrammeTemplate | None = None,
    patient: str | None = None,
    therapist: str | None = None,
    note: str | None = None,
    exercise_notes: Mapping[str, str] | None = None,
    weeks: int | None = None,
    date: dt.date | None = None,
) -> Programme:
    """Resolve names and doses (``{exercise: dose text}``) and notes (``{exercise: text}``,
    printed on the exercise's card) into a Programme.

    Every mistake is one ``ProgrammeError`` naming the field: exercises, doses, exercise_notes,
    weeks, note, therapist or patient.
    """
    names = list(exercises or []) or list(template.exercises if template else [])
    if not names:
        raise ProgrammeError("exercises", "none given; name at least one", usage=True)
    if len(names) > MAX_EXERCISES:
        raise ProgrammeError("exercises", f"{len(names)} is too many for one programme; choose at most {MAX_EXERCISES}")
    slugs: list[str] = []
    for name in names:
        slug = _resolve_exercise(name, library)
        if slug in slugs:
            raise ProgrammeError("exercises", "is listed twice; list each exercise once", exercise=slug)
        slugs.append(slug)

    overrides: dict[str, str] = {}
    if template:
        for key, spec in template.doses.items():
            overrides[_resolve_exercise(key, library)] = spec
    for key, spec in (doses or {}).items():
        slug = _resolve_exercise(key.strip(), library)
        if slug not in slugs:
            raise ProgrammeError("doses", "is not in this programme; add it to the exercises first", exercise=slug)
        overrides[slug] = spec.strip()

    notes: dict[str, str] = {}
    if template:  # a template's note on an exercise left out is left out with it
        resolved = ((_resolve_exercise(key, library), text) for key, text in template.exercise_notes.items())
        notes = {slug: text for slug, text in resolved if slug in slugs}
    for key, text in [*notes.items(), *(exercise_notes or {}).items()]:
        slug = _resolve_exercise(key, library)
        if slug not in slugs:
            raise ProgrammeError(
                "exercise_notes", "is not in this programme; add it to the exercises first", exercise=slug
            )
        notes[slug] = _checked_text(text, "exercise_notes", MAX_EXERCISE_NOTE_CHARS, exercise=slug)

    entries = []
    for slug in slugs:
        exercise = library.exercises[slug]
        dose = exercise.dose
        if slug in overrides:
            try:
                dose = parse_dose_override(overrides[slug], exercise.dose)
            except DoseError as exc:
                raise ProgrammeError("doses", str(exc), exercise=slug) from None
        entries.append(ProgrammeEntry(exercise, dose, notes.get(slug, "")))

    weeks = weeks if weeks is not None else (template.weeks if template else 2)
    if not 1 <= weeks <= MAX_WEEKS:
        raise ProgrammeError(
            "weeks", f"{weeks} is not between 1 and {MAX_WEEKS}; choose between 1 and {MAX_WEEKS} weeks"
        )
    return Programme(
        entries=tuple(entries),
        weeks=weeks,
        title=template.title if template else "",
        note=_checked_text(note if note is not None else (template.note if template else ""), "note", MAX_NOTE_CHARS),
        therapist=_checked_text(
            therapist if therapist is not None else (template.therapist if template else ""),
            "therapist",
            MAX_NAME_CHARS,
        ),
        patient=_checked_text(patient, "patient", MAX_NAME_CHARS),
        date=date or dt.date.today(),
        translations=_template_texts(template, own_note=note is not None),
    )


def _template_texts(template: ProgrammeTemplate | None, *, own_note: bool) -> tuple[ProgrammeText, ...]:
    if template is None or template.en is None:
        return ()
    return (ProgrammeText("en", template.en.title, None if own_note else template.en.note),)


def _resolve_exercise(name: str, library: Library) -> str:
    return resolve(name.strip().lower(), library.exercises, "exercise")


def template_exercises(template: ProgrammeTemplate, library: Library) -> list[Exercise]:
    """The template's exercises as the library has them; a ``HandoutsError`` naming the first
    that is unknown or ambiguous."""
    return [library.exercises[_resolve_exercise(name, library)] for name in template.exercises]


def find_template(given: str, library: Library) -> ProgrammeTemplate:
    """``--from``: a TOML file, or the slug (or unique prefix) of a shipped template."""
    path = Path(given)
    if path.suffix.lower() == ".toml" or path.exists():
        return load_template(path)
    return library.programmes[resolve(given, library.programmes, "programme template")]
