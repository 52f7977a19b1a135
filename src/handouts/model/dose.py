"""Exercise doses as a physiotherapist writes them: ``3x12``, ``2x10/side``, ``3x30s/side@daily``.

Grammar (spaces allowed around the parts, ``x`` may also be ``X`` or ``×``)::

    SETS x REPS [/side] [@FREQUENCY]      3x12, 2x10/side, 2x12@3/week
    SETS x SECONDS s [/side] [@FREQUENCY] 3x30s, 3x30s/side@daily
    FREQUENCY = daily | N/day | N/week    (daily means 1/day)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from handouts.i18n import Catalogue

MAX_SETS = 10
MAX_REPS = 100
MAX_HOLD_SECONDS = 300
MAX_PER_DAY = 10
MAX_PER_WEEK = 14

DOSE_HELP = (
    "write SETSxREPS or SETSxSECONDSs, optionally /side and @daily, @N/day or @N/week "
    "– e.g. 3x12, 2x10/side@daily, 3x30s/side@3/week"
)

MAX_DOSE_CHARS = 60  # "3x30s/side@3/week" is 17
_DOSE = re.compile(
    r"""^\s*(?P<sets>\d{1,4})\s*[xX×]\s*(?P<amount>\d{1,4})\s*(?P<seconds>s)?
        \s*(?P<side>/\s*side)?
        \s*(?:@\s*(?:(?P<daily>daily)|(?P<times>\d{1,3})\s*/\s*(?P<per>day|week)))?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


class DoseError(ValueError):
    """A dose that cannot be read; the message says what was expected, with an example."""


@dataclass(frozen=True, order=True)
class Frequency:
    times: int
    per: Literal["day", "week"]

    def __str__(self) -> str:
        return "daily" if (self.times, self.per) == (1, "day") else f"{self.times}/{self.per}"


@dataclass(frozen=True)
class Dose:
    sets: int
    reps: int | None = None
    hold_seconds: int | None = None
    per_side: bool = False
    frequency: Frequency | None = None

    def __str__(self) -> str:
        amount = f"{self.hold_seconds}s" if self.hold_seconds else str(self.reps)
        side = "/side" if self.per_side else ""
        often = f"@{self.frequency}" if self.frequency else ""
        return f"{self.sets}x{amount}{side}{often}"

    def in_words(self, labels: Catalogue) -> str:
        """``"3 sæt × 12 gentagelser på hver side, 1 gang dagligt"`` in the clinic's language."""
        if self.hold_seconds:
            text = f"{self.sets} × {labels.plural('dose_hold', self.hold_seconds)}"
        else:
            text = f"{labels.plural('dose_sets', self.sets)} × {labels.plural('dose_reps', self.reps or 0)}"
        if self.per_side:
            text += f" {labels.t('dose_per_side')}"
        if self.frequency:
            key = "dose_daily" if self.frequency.per == "day" else "dose_weekly"
            text += f", {labels.plural(key, self.frequency.times)}"
        return text

    def with_frequency(self, frequency: Frequency | None) -> Dose:
        return Dose(self.sets, self.reps, self.hold_seconds, self.per_side, frequency)


def parse_dose(text: str) -> Dose:
    """Read a dose; DoseError names what was expected for anything else."""
    if not isinstance(text, str):
        raise DoseError(f"dose {text!r} cannot be read; {DOSE_HELP}")
    if len(text) > MAX_DOSE_CHARS:  # the pattern's runs of optional spaces backtrack on long input
        raise DoseError(f"dose is {len(text)} characters long; {DOSE_HELP}")
    match = _DOSE.match(text)
    if not match:
        raise DoseError(f"dose {text.strip()!r} cannot be read; {DOSE_HELP}")
    sets, amount = int(match["sets"]), int(match["amount"])
    _within(sets, 1, MAX_SETS, "sets", text)
    if match["seconds"]:
        _within(amount, 1, MAX_HOLD_SECONDS, "seconds of hold", text)
    else:
        _within(amount, 1, MAX_REPS, "repetitions", text)
    frequency = None
    if match["daily"]:
        frequency = Frequency(1, "day")
    elif match["times"]:
        per: Literal["day", "week"] = "day" if match["per"].lower() == "day" else "week"
        times = int(match["times"])
        _within(times, 1, MAX_PER_DAY if per == "day" else MAX_PER_WEEK, f"times a {per}", text)
        frequency = Frequency(times, per)
    return Dose(
        sets=sets,
        reps=None if match["seconds"] else amount,
        hold_seconds=amount if match["seconds"] else None,
        per_side=bool(match["side"]),
        frequency=frequency,
    )


_FREQUENCY = re.compile(r"^\s*(?:(?P<daily>daily)|(?P<times>\d{1,3})\s*/\s*(?P<per>day|week))\s*$", re.IGNORECASE)


def parse_frequency(text: str) -> Frequency:
    """``daily``, ``2/day`` or ``3/week``."""
    match = _FREQUENCY.match(text) if isinstance(text, str) and len(text) <= MAX_DOSE_CHARS else None
    if not match:
        shown = repr(text) if len(str(text)) <= MAX_DOSE_CHARS else "(too long)"
        raise DoseError(f"how often {shown} cannot be read; write @daily, @N/day or @N/week – e.g. @3/week")
    if match["daily"]:
        return Frequency(1, "day")
    per: Literal["day", "week"] = "day" if match["per"].lower() == "day" else "week"
    times = int(match["times"])
    _within(times, 1, MAX_PER_DAY if per == "day" else MAX_PER_WEEK, f"times a {per}", text)
    return Frequency(times, per)


def _within(value: int, low: int, high: int, what: str, text: str) -> None:
    if not low <= value <= high:
        raise DoseError(
            f"dose {text.strip()!r}: {value} {what} is outside {low}–{high}; check the numbers, "
            f"e.g. 3x12 or 2x30s/side@daily"
        )
