"""The programme builder's form: read, check and explain, in the clinic's language.

A chosen exercise's dose arrives as fields a physiotherapist fills in without a code to learn:
sets, an amount with its unit (repetitions, seconds, minutes or another unit as text), per side,
and how often (N times a day or a week), each number optionally a range (``8-12``). The fields
start at the exercise's default dose. ``DoseFields.text`` writes them as the dose text the
library reads (``model.dose``): the one seam between this form and the Dose model.

Every problem becomes a sentence next to its field, naming the exercise and what is wrong;
no value typed into the form is repeated in a message (a field may hold a patient's name),
and the values go back into the form only in a response body, never into a URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from starlette.datastructures import FormData

from handouts.errors import HandoutsError
from handouts.i18n import Catalogue
from handouts.limits import (
    MAX_DOSE_NOTE_CHARS,
    MAX_EXERCISE_NOTE_CHARS,
    MAX_EXERCISES,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_WEEKS,
)
from handouts.model.content import Exercise
from handouts.model.dose import BOUNDS, Dose, DoseError, extras_text, parse_dose
from handouts.model.library import Library
from handouts.model.programme import Programme, build_programme
from handouts.model.scripts import unprintable_script

# What the buttons ask for. The first five are the whole form; the rest name an exercise
# ("up:bird-dog"). Only "pdf" and "download" answer with a PDF; the others redirect (PRG).
ACTIONS = ("filter", "add", "preview", "pdf", "download", "export")
EXERCISE_ACTIONS = ("up", "down", "remove")
FINAL_ACTIONS = ("preview", "pdf", "download", "export")  # these need at least one exercise
UNITS = ("reps", "s", "min", "text")
PERIODS = ("day", "week")
MAX_QUERY_CHARS = 100
MAX_FIELD_CHARS = 60  # a number, a range or "10 meter": anything longer is a mistake
_NUMBER = re.compile(r"^(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?$")
DOSE_FIELDS = ("sets", "amount", "unit", "side", "times", "per", "extra")
NOTE_FIELD = "xnote"  # an exercise's own note ("xnote-bird-dog"): the patient's, like the main note
MAX_TEMPLATE_TITLE_CHARS = 120  # a template's title (ProgrammeTemplate.title)
MAX_LEAFLETS = 5  # leaflets printed with one programme: more is a booklet, not a handout
MAX_EXTRA_CHARS = 100  # "@ 2,5 kg med rød elastik, pause 90 s" and room to spare


def field_id(name: str, slug: str) -> str:
    """The form name (and element id) of one dose field of one exercise: ``sets-bird-dog``."""
    return f"{name}-{slug}"


@dataclass
class DoseFields:
    """One exercise's dose as the form shows it: every value as text, as typed."""

    sets: str = "1"
    amount: str = "10"
    unit: str = "reps"
    side: bool = False
    times: str = "1"
    per: str = "day"  # "day", "week", or "" (not said: only offered when the default says none)
    extra: str = ""  # load, what to use, pause, in the dose grammar: "@5kg med rød elastik pause 60s"

    @classmethod
    def of(cls, dose: Dose) -> DoseFields:
        if dose.reps is not None:
            amount, unit = str(dose.reps), "reps"
        elif dose.hold is not None:
            amount, unit = str(dose.hold), dose.hold_unit
        else:
            amount, unit = dose.note, "text"
        often = dose.frequency
        return cls(
            sets=str(dose.sets),
            amount=amount,
            unit=unit,
            side=dose.per_side,
            times=str(often.times) if often else "",
            per=often.per if often else "",
            extra=extras_text(*dose.extras).strip(),
        )

    @classmethod
    def read(cls, form: FormData, slug: str) -> DoseFields:
        """The fields as posted (a missing or odd choice falls back to the first option)."""
        unit = _text(form, field_id("unit", slug))
        per = _text(form, field_id("per", slug))
        return cls(
            sets=_text(form, field_id("sets", slug)).strip()[:MAX_FIELD_CHARS],
            amount=" ".join(_text(form, field_id("amount", slug)).split())[:MAX_FIELD_CHARS],
            unit=unit if unit in UNITS else "reps",
            side=bool(_text(form, field_id("side", slug))),
            times=_text(form, field_id("times", slug)).strip()[:MAX_FIELD_CHARS],
            per=per if per in PERIODS else "",
            extra=" ".join(_text(form, field_id("extra", slug)).split())[:MAX_EXTRA_CHARS],
        )

    def text(self) -> str:
        """The dose as the library reads it: ``2-3x8-12/side@2/day``, ``3x30s``, ``3x(10 meter)``."""
        amount = {
            "reps": _range(self.amount),
            "s": _range(self.amount) + "s",
            "min": _range(self.amount) + "min",
            "text": f"({self.amount})",
        }[self.unit]
        side = "/side" if self.side else ""
        often = f"@{_range(self.times)}/{self.per}" if self.per else ""
        extra = f" {self.extra}" if self.extra else ""
        return f"{_range(self.sets)}x{amount}{side}{extra}{often}"

    def problems(self, slug: str, name: str, labels: Catalogue) -> dict[str, str]:
        """``{field id: sentence}`` for each field that cannot be part of a dose."""
        found: dict[str, str] = {}

        def check_number(what: str, value: str, high: int, key: str) -> None:
            problem = _number_problem(value, high)
            if problem:
                found[field_id(what, slug)] = labels.t(f"web_dose_{problem}", name=name, what=labels.t(key), high=high)

        check_number("sets", self.sets, BOUNDS["sets"], "web_dose_what_sets")
        if self.unit == "text":
            # Another unit is printed as written: it needs a word, and brackets would end it early.
            unreadable = not re.search(r"[^\W\d_]", self.amount) or "(" in self.amount or ")" in self.amount
            if unreadable or len(self.amount) > MAX_DOSE_NOTE_CHARS:
                found[field_id("amount", slug)] = labels.t("web_dose_text", name=name, high=MAX_DOSE_NOTE_CHARS)
        else:
            key = {"reps": "web_dose_what_reps", "s": "web_dose_what_seconds", "min": "web_dose_what_minutes"}[
                self.unit
            ]
            check_number("amount", self.amount, BOUNDS[self.unit], key)
        if self.per:
            check_number(
                "times",
                self.times,
                BOUNDS[self.per],
                "web_dose_what_per_day" if self.per == "day" else "web_dose_what_per_week",
            )
        elif self.times.strip():
            found[field_id("per", slug)] = labels.t("web_dose_per_missing", name=name)
        if self.extra and not _only_extras(self.extra):
            found[field_id("extra", slug)] = labels.t("web_dose_extra", name=name)
        return found


def _only_extras(text: str) -> bool:
    """Load, what to use and pause, and nothing else (how often has its own fields)."""
    try:
        dose = parse_dose(f"1x1 {text}")
    except DoseError:
        return False
    return dose.frequency is None and dose.extras != (None, "", None)


def _range(value: str) -> str:
    """``"8 – 12"`` → ``"8-12"``; anything else unchanged (it has been checked before)."""
    match = _NUMBER.match(value.strip())
    if not match:
        return value.strip()
    low, high = match.group(1), match.group(2)
    return f"{int(low)}-{int(high)}" if high and int(high) != int(low) else str(int(low))


def _number_problem(value: str, high: int) -> str:
    """ "" for a whole number or a rising range within 1..high, else which message to give."""
    match = _NUMBER.match(value.strip())
    if not value.strip():
        return "missing"
    if not match:
        return "not_number"
    low, top = int(match.group(1)), int(match.group(2) or match.group(1))
    if top < low:
        return "range_down"
    if low < 1 or top > high:
        return "out_of_bounds"
    return ""


@dataclass
class BuilderForm:
    """What the builder shows: the choices as typed, the filters, and what is wrong."""

    chosen: list[str] = field(default_factory=list)  # in the programme's order
    doses: dict[str, DoseFields] = field(default_factory=dict)
    exercise_notes: dict[str, str] = field(default_factory=dict)  # as typed; only those not empty
    leaflets: list[str] = field(default_factory=list)  # articles printed after the programme, in order
    patient: str = ""
    therapist: str = ""
    note: str = ""
    template_name: str = ""  # "export": the title of the template file (never the patient's name)
    note_hint: str = ""  # a template's note: shown in the empty field, never mixed with what is typed
    weeks: str = "2"
    query: str = ""
    category: str = ""
    part: str = ""
    action: str = "preview"
    target: str = ""  # the exercise an up/down/remove button names
    scripted: bool = False  # sent by the page's script: it keeps the name and note in the tab
    errors: list[str] = field(default_factory=list)
    field_errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def field_of(self, message: str) -> str:
        """The id of the field a problem is about (the summary links to it), or ""."""
        return next((name for name, text in self.field_errors.items() if text == message), "")

    def problem(self, message: str, field_name: str = "") -> None:
        self.errors.append(message)
        if field_name:
            self.field_errors[field_name] = message

    @property
    def personal(self) -> bool:
        """Holds what only the browser may keep: the patient's name or a note."""
        return bool(self.patient.strip() or self.note.strip() or self.exercise_notes)

    def dose_of(self, exercise: Exercise) -> DoseFields:
        return self.doses.get(exercise.slug) or DoseFields.of(exercise.dose)

    @classmethod
    def of_programme(cls, programme: Programme) -> BuilderForm:
        """The form that makes ``programme`` again (no patient: a programme from a link or a template has none)."""
        return cls(
            chosen=[e.exercise.slug for e in programme.entries],
            doses={e.exercise.slug: DoseFields.of(e.dose) for e in programme.entries},
            weeks=str(programme.weeks),
            note_hint=programme.note,
            therapist=programme.therapist,
        )


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""  # an uploaded file is not text: ignore it


def _texts(form: FormData, name: str) -> list[str]:
    return [value for value in form.getlist(name) if isinstance(value, str)]


def read_form(form: FormData, library: Library, labels: Catalogue) -> BuilderForm:
    """Read the POSTed builder form; ``errors`` lists every problem found, in order.

    The programme's order is the ``order`` fields (one per exercise already in the programme,
    in the order shown), then exercises newly ticked in the catalogue, in catalogue order. An
    exercise is in the programme while its catalogue box is ticked.
    """
    result = BuilderForm(
        patient=_text(form, "patient"),
        therapist=_text(form, "therapist"),
        note=_text(form, "note"),
        weeks=_text(form, "weeks").strip()[:4] or "2",
        query=" ".join(_text(form, "q").split())[:MAX_QUERY_CHARS],
        category=_text(form, "category")[:40],
        part=_text(form, "part")[:40],
        scripted=_text(form, "scripted") == "1",
        template_name=" ".join(_text(form, "template_name").split())[:MAX_TEMPLATE_TITLE_CHARS],
    )
    action, _, target = _text(form, "action").partition(":")
    if action in EXERCISE_ACTIONS and target:
        result.action, result.target = action, target
    elif action in ACTIONS and not target:
        result.action = action

    result.leaflets = checked_leaflets(_texts(form, "leaflet"), library, result, labels)
    ticked = _texts(form, "exercise")
    ordered = _texts(form, "order")
    if any(slug not in library.exercises for slug in [*ticked, *ordered]):
        result.problem(labels.t("web_error_unknown_exercise"))
    ticked_set = set(ticked)
    for slug in [*ordered, *ticked]:
        if slug in ticked_set and slug in library.exercises and slug not in result.chosen:
            result.chosen.append(slug)
    if result.action == "remove" and result.target in result.chosen:
        result.chosen.remove(result.target)
    elif result.action in ("up", "down") and result.target in result.chosen:
        at = result.chosen.index(result.target)
        to = at - 1 if result.action == "up" else at + 1
        if 0 <= to < len(result.chosen):
            result.chosen[at], result.chosen[to] = result.chosen[to], result.chosen[at]

    if not result.chosen and result.action in FINAL_ACTIONS and not result.errors:
        result.problem(labels.t("web_error_no_exercise"))
    if len(result.chosen) > MAX_EXERCISES:
        result.problem(labels.t("web_error_too_many", n=MAX_EXERCISES))
    for slug in result.chosen:
        exercise = library.exercises[slug]
        # An exercise ticked since the page was made has no dose fields yet: its default dose.
        fields = DoseFields.read(form, slug) if field_id("sets", slug) in form else DoseFields.of(exercise.dose)
        result.doses[slug] = fields
        note = _text(form, field_id(NOTE_FIELD, slug))
        if note.strip():
            result.exercise_notes[slug] = note
            _check_exercise_note(result, slug, exercise.name, labels)
        problems = fields.problems(slug, exercise.name, labels)
        for name, message in problems.items():
            result.problem(message, name)
        if not problems:
            try:
                parse_dose(fields.text())
            except DoseError:  # our checks passed, the library's did not: say so without details
                result.problem(labels.t("web_dose_unreadable", name=exercise.name), field_id("sets", slug))
    _check_details(result, labels)
    return result


def checked_leaflets(given: list[str], library: Library, result: BuilderForm, labels: Catalogue) -> list[str]:
    """The leaflets asked for, each once, in the order given; an unknown one or too many is a problem."""
    chosen = list(dict.fromkeys(slug for slug in given if slug in library.articles))
    if len(chosen) < len(set(given)):
        result.problem(labels.t("web_error_unknown_leaflet"), "leaflet")
    if len(chosen) > MAX_LEAFLETS:
        result.problem(labels.t("web_error_too_many_leaflets", n=MAX_LEAFLETS), "leaflet")
    return chosen[:MAX_LEAFLETS]


def _check_exercise_note(result: BuilderForm, slug: str, name: str, labels: Catalogue) -> None:
    """Counted as programme.build_programme counts (runs of spaces collapsed); never echoed."""
    value = result.exercise_notes[slug]
    if len(" ".join(value.split())) > MAX_EXERCISE_NOTE_CHARS:
        result.problem(
            labels.t("web_error_exercise_note_long", name=name, n=MAX_EXERCISE_NOTE_CHARS), field_id(NOTE_FIELD, slug)
        )
    elif (script := unprintable_script(value)) is not None:
        result.problem(labels.t("web_error_exercise_note_script", name=name, script=script), field_id(NOTE_FIELD, slug))


def _check_details(result: BuilderForm, labels: Catalogue) -> None:
    for name, limit in (("patient", MAX_NAME_CHARS), ("therapist", MAX_NAME_CHARS), ("note", MAX_NOTE_CHARS)):
        value = getattr(result, name)
        # Counted as programme.build_programme counts: names with runs of spaces collapsed.
        if len(" ".join(value.split()) if name != "note" else value.strip()) > limit:
            result.problem(labels.t(f"web_error_{name}_long", n=limit), name)
        elif (script := unprintable_script(value)) is not None:
            result.problem(labels.t(f"web_error_{name}_script", script=script), name)
    weeks = result.weeks
    if not (weeks.isascii() and weeks.isdigit() and len(weeks) <= 2 and 1 <= int(weeks) <= MAX_WEEKS):
        result.problem(labels.t("web_error_weeks", n=MAX_WEEKS), "weeks")


def dose_overrides(form: BuilderForm, library: Library) -> dict[str, str]:
    """``{exercise: dose text}`` for the doses that differ from the exercise's default."""
    changed = {}
    for slug in form.chosen:
        text = form.doses[slug].text()
        if parse_dose(text) != library.exercises[slug].dose:
            changed[slug] = text
    return changed


def to_programme(form: BuilderForm, library: Library, *, personal: bool = True) -> Programme:
    """The checked form as a Programme (``read_form`` found no errors); ``personal=False`` leaves
    out the patient, the therapist and the notes (what a share code or a redirect may carry)."""
    try:
        return build_programme(
            library,
            form.chosen,
            doses=dose_overrides(form, library),
            weeks=int(form.weeks),
            patient=form.patient if personal else None,
            therapist=form.therapist if personal else None,
            note=form.note if personal else None,
            exercise_notes=form.exercise_notes if personal else None,
        )
    except (HandoutsError, DoseError) as exc:  # read_form checks all of this first; a clear 400, not a 500
        raise FormProblem(str(exc)) from None


class FormProblem(Exception):
    """A form the library refused after our own checks passed (its message echoes no values)."""
