"""The programme builder's form: read, check and explain, in the clinic's language.

Every problem becomes a sentence for the physiotherapist next to the field; no value typed
into the form is ever repeated in a message (it may be a patient's name), and the values go
back into the form only in the response body, never into a URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.datastructures import FormData

from handouts.errors import HandoutsError
from handouts.i18n import Catalogue
from handouts.model.dose import DoseError
from handouts.model.library import Library
from handouts.model.programme import (
    MAX_EXERCISES,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_WEEKS,
    Programme,
    build_programme,
    parse_dose_override,
)
from handouts.render.scripts import unprintable_script

MAX_DOSE_CHARS = 40
ACTIONS = ("pdf", "share")


@dataclass
class BuilderForm:
    """What was typed, as typed (to show the form again), and what is wrong with it."""

    chosen: list[str] = field(default_factory=list)
    doses: dict[str, str] = field(default_factory=dict)
    patient: str = ""
    therapist: str = ""
    note: str = ""
    weeks: str = "2"
    action: str = "pdf"
    errors: list[str] = field(default_factory=list)
    field_errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def field_of(self, message: str) -> str:
        """The id of the field a problem is about (the summary links to it), or ""."""
        return next((name for name, text in self.field_errors.items() if text == message), "")


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""  # an uploaded file is not text: ignore it


def read_form(form: FormData, library: Library, labels: Catalogue) -> BuilderForm:
    """Read the POSTed builder form; ``errors`` lists every problem found, in order."""
    result = BuilderForm(
        patient=_text(form, "patient"), therapist=_text(form, "therapist"), note=_text(form, "note"),
        weeks=_text(form, "weeks").strip() or "2",
        action=_text(form, "action") if _text(form, "action") in ACTIONS else "pdf",
    )
    for value in form.getlist("exercise"):
        if not isinstance(value, str) or value not in library.exercises:
            result.errors.append(labels.t("web_error_unknown_exercise"))
            break
        if value not in result.chosen:
            result.chosen.append(value)
    for slug in library.exercises:
        result.doses[slug] = _text(form, f"dose-{slug}").strip()[: MAX_DOSE_CHARS * 4]

    if not result.chosen and not result.errors:
        result.errors.append(labels.t("web_error_no_exercise"))
    if len(result.chosen) > MAX_EXERCISES:
        result.errors.append(labels.t("web_error_too_many", n=MAX_EXERCISES))
    for slug in result.chosen:
        spec = result.doses[slug]
        if not spec:
            continue
        exercise = library.exercises[slug]
        try:
            if len(spec) > MAX_DOSE_CHARS:
                raise DoseError("too long")
            parse_dose_override(spec, exercise.dose)
        except DoseError:
            message = labels.t("web_error_dose", name=exercise.name)
            result.errors.append(message)
            result.field_errors[f"dose-{slug}"] = message
    for name, limit in (("patient", MAX_NAME_CHARS), ("therapist", MAX_NAME_CHARS), ("note", MAX_NOTE_CHARS)):
        value = getattr(result, name)
        # Counted as programme.build_programme counts: names with runs of spaces collapsed.
        if len(" ".join(value.split()) if name != "note" else value.strip()) > limit:
            message = labels.t(f"web_error_{name}_long", n=limit)
            result.errors.append(message)
            result.field_errors[name] = message
        elif (script := unprintable_script(value)) is not None:
            message = labels.t(f"web_error_{name}_script", script=script)
            result.errors.append(message)
            result.field_errors[name] = message
    weeks = result.weeks
    if not (weeks.isascii() and weeks.isdigit() and len(weeks) <= 2 and 1 <= int(weeks) <= MAX_WEEKS):
        message = labels.t("web_error_weeks", n=MAX_WEEKS)
        result.errors.append(message)
        result.field_errors["weeks"] = message
    return result


def to_programme(form: BuilderForm, library: Library) -> Programme:
    """The checked form as a Programme (``read_form`` found no errors)."""
    doses = {slug: form.doses[slug] for slug in form.chosen if form.doses.get(slug)}
    try:
        return build_programme(
            library, form.chosen, doses=doses, patient=form.patient, therapist=form.therapist,
            note=form.note, weeks=int(form.weeks),
        )
    except HandoutsError as exc:  # read_form checks all of this first; kept as a clear 400, not a 500
        raise FormProblem(str(exc)) from None


class FormProblem(Exception):
    """A form the library refused after our own checks passed (its message echoes no values)."""
