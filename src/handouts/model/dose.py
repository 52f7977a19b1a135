"""Exercise doses as a physiotherapist writes them: ``3x12``, ``2-3x8-12 pr. side dagligt``, ``3x30 sek``.

Grammar (case and spaces do not matter; ``x`` may also be ``X``, ``×`` or ``*``; a range is
``8-12`` or ``8–12``; every part after the amount is optional, in this order)::

    DOSE   = SETS x AMOUNT [SIDE] [LOAD] [WITH] [REST] [OFTEN]
    SETS   = N | N-N                                   3, 2-3
    AMOUNT = N | N-N [reps | gentagelser]              12, 8-12 (repetitions)
           | N | N-N  s | sek | sekunder | seconds     30s, 30 sek, 20-45 sekunder (a hold)
           | N | N-N  min | minutter | minutes         2min, 1-2 minutter (a hold)
           | (TEXT)                                    (8-12 hop), (10 meter): another unit, kept as text
    SIDE   = /side | pr. side | per side | på hver side | each side
    LOAD   = [@] N [,N] kg                             @ 5 kg, 2,5 kg (a weight; up to 200 kg)
    WITH   = med | with TEXT                           med rød elastik (equipment, in words)
    REST   = pause | rest N s | sek | sekunder         pause 60 s (between sets; up to 10 minutes)
    OFTEN  = [@] daily | dagligt | N/day | N/dag | N gange dagligt
           | [@] weekly | ugentligt | N/week | N/uge | N gange om ugen      (N may be a range)

``str(dose)`` is the one canonical spelling (``2-3x8-12/side@daily``, ``3x30s``,
``1x1-2min@2-3/week``, ``3x(8-12 hop)/side``, ``3x10 @5kg med rød elastik pause 60s@3/week``) and parses back to the same Dose, so share
codes and saved templates can rely on it. A dose that cannot be read raises DoseError naming
what is wrong with that dose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from handouts.i18n import Catalogue
from handouts.limits import (
    MAX_DOSE_CHARS,
    MAX_DOSE_NOTE_CHARS,
    MAX_EQUIPMENT_CHARS,
    MAX_HOLD_SECONDS,
    MAX_LOAD_TENTHS,
    MAX_PER_DAY,
    MAX_PER_WEEK,
    MAX_REPS,
    MAX_REST_SECONDS,
    MAX_SETS,
)

Per = Literal["day", "week"]
HoldUnit = Literal["s", "min"]

EXAMPLES = "e.g. 3x12, 2-3x8-12 pr. side dagligt or 3x30 sek@3/uge"


class DoseError(ValueError):
    """A dose that cannot be read; the message says what is wrong with it and gives an example."""


@dataclass(frozen=True, order=True)
class Span:
    """A whole number or a range of them: ``8`` or ``8-12``."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"range {self.low}-{self.high} goes down")

    @classmethod
    def of(cls, value: int | Span) -> Span:
        return value if isinstance(value, Span) else cls(value, value)

    @property
    def is_one(self) -> bool:
        return self.high == 1

    def scaled(self, factor: int) -> Span:
        return Span(self.low * factor, self.high * factor)

    def words(self) -> str:
        """As printed: an en dash between the ends (``8–12``)."""
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


@dataclass(frozen=True, order=True)
class Frequency:
    """How often: ``times`` (a number or a range) per day or per week."""

    times: Span
    per: Per

    def __post_init__(self) -> None:
        object.__setattr__(self, "times", Span.of(self.times))

    def __str__(self) -> str:
        return "daily" if (self.times, self.per) == (Span(1, 1), "day") else f"{self.times}/{self.per}"

    def in_words(self, labels: Catalogue) -> str:
        return _count(labels, "dose_daily" if self.per == "day" else "dose_weekly", self.times)


@dataclass(frozen=True)
class Dose:
    """Sets × one amount (repetitions, a hold in seconds or minutes, or another unit as text),
    optionally on each side and how often. Plain numbers are accepted wherever a Span is."""

    sets: Span
    reps: Span | None = None
    hold_seconds: Span | None = None
    hold_unit: HoldUnit = "s"  # how the hold is written and printed; the time is always in seconds
    per_side: bool = False
    frequency: Frequency | None = None
    note: str = ""  # an amount in another unit, kept as written ("8–12 hop"); printed in place of reps
    load_tenths: int | None = None  # a weight, in tenths of a kilo ("@ 2,5 kg" is 25)
    equipment: str = ""  # what to use, in words ("rød elastik" from "med rød elastik")
    rest_seconds: int | None = None  # the pause between sets

    def __post_init__(self) -> None:
        object.__setattr__(self, "sets", Span.of(self.sets))
        if self.reps is not None:
            object.__setattr__(self, "reps", Span.of(self.reps))
        if self.hold_seconds is not None:
            object.__setattr__(self, "hold_seconds", Span.of(self.hold_seconds))
        amounts = [self.reps is not None, self.hold_seconds is not None, bool(self.note)]
        if sum(amounts) != 1:
            raise ValueError("a dose has exactly one amount: repetitions, a hold or a note")
        if (
            self.hold_unit == "min"
            and self.hold_seconds is not None
            and (self.hold_seconds.low % 60 or self.hold_seconds.high % 60)
        ):
            raise ValueError("a hold written in minutes must be whole minutes")

    @property
    def hold(self) -> Span | None:
        """The hold in its own unit: ``Span(1, 2)`` for "1-2 minutter"."""
        if self.hold_seconds is None:
            return None
        if self.hold_unit == "min":
            return Span(self.hold_seconds.low // 60, self.hold_seconds.high // 60)
        return self.hold_seconds

    def __str__(self) -> str:
        if self.reps is not None:
            amount = str(self.reps)
        elif self.hold is not None:
            amount = f"{self.hold}{self.hold_unit}"
        else:
            amount = f"({self.note})"
        side = "/side" if self.per_side else ""
        often = f"@{self.frequency}" if self.frequency else ""
        return f"{self.sets}x{amount}{side}{self._extras()}{often}"

    @property
    def load_kg(self) -> str:
        """The load as written: ``5`` or ``2.5`` (kilos)."""
        if self.load_tenths is None:
            return ""
        whole, tenth = divmod(self.load_tenths, 10)
        return f"{whole}.{tenth}" if tenth else str(whole)

    @property
    def extras(self) -> tuple[int | None, str, int | None]:
        """Load (tenths of a kilo), what to use and the pause between sets: beside the amount."""
        return self.load_tenths, self.equipment, self.rest_seconds

    def _extras(self) -> str:
        return extras_text(*self.extras)

    def in_words(self, labels: Catalogue) -> str:
        """``"2–3 sæt × 8–12 gentagelser på hver side, 1 gang dagligt"`` in the clinic's language."""
        if self.reps is not None:
            text = f"{_count(labels, 'dose_sets', self.sets)} × {_count(labels, 'dose_reps', self.reps)}"
        elif self.hold is not None:
            key = "dose_hold_minutes" if self.hold_unit == "min" else "dose_hold"
            text = f"{self.sets.words()} × {_count(labels, key, self.hold)}"
        else:
            text = f"{_count(labels, 'dose_sets', self.sets)} × {self.note}"
        if self.per_side:
            text += f" {labels.t('dose_per_side')}"
        if self.load_tenths is not None:
            text += f" {labels.t('dose_load', kg=self.load_kg.replace('.', labels.t('decimal_mark')))}"
        if self.equipment:
            text += f", {labels.t('dose_equipment', what=self.equipment)}"
        if self.rest_seconds is not None:
            text += f", {labels.t('dose_rest', n=self.rest_seconds)}"
        if self.frequency:
            text += f", {self.frequency.in_words(labels)}"
        return text

    def with_frequency(self, frequency: Frequency | None) -> Dose:
        return replace(self, frequency=frequency)


def extras_text(load_tenths: int | None, equipment: str, rest_seconds: int | None) -> str:
    """The load, what to use and the pause as ``str(Dose)`` writes them: `` @2.5kg med rød elastik pause 60s``."""
    if load_tenths is None:
        load = ""
    else:
        whole, tenth = divmod(load_tenths, 10)
        load = f" @{whole}.{tenth}kg" if tenth else f" @{whole}kg"
    equipment_text = f" med {equipment}" if equipment else ""
    rest = f" pause {rest_seconds}s" if rest_seconds is not None else ""
    return load + equipment_text + rest


def _count(labels: Catalogue, key: str, span: Span) -> str:
    return labels.t(f"{key}_one" if span.is_one else f"{key}_other", n=span.words())


# --- reading ---------------------------------------------------------------------------------

_END = r"(?![a-zæøå])"
_RANGE = re.compile(r"\s*(\d{1,4})(?:\s*[-–—]\s*(\d{1,4})?)?")
_TIMES = re.compile(r"\s*[x×*]\s*", re.IGNORECASE)
_UNIT = re.compile(
    rf"""\s*(?:(?P<reps>gentagelser|gentagelse|gent\.|reps?){_END}
        |(?P<seconds>sekunder|sekund|sek\.|sek|seconds?|secs?|s){_END}
        |(?P<minutes>minutter|minut|min\.|min|minutes?|mins){_END})""",
    re.IGNORECASE | re.VERBOSE,
)
_SIDE = re.compile(rf"\s*,?\s*(?:/\s*side|(?:pr\.?|per)\s*side|på\s+hver\s+side|each\s+side){_END}", re.IGNORECASE)
_LOAD = re.compile(r"\s*,?\s*@?\s*(?P<whole>\d{1,3})(?:[.,](?P<tenth>\d))?\s*kg(?![a-zæøå])", re.IGNORECASE)
_WITH = re.compile(
    r"""\s*,?\s*(?:med|with)\s+(?P<what>[^\W\d_][\w\s-]*?)
        (?=\s*(?:,|@|$)|\s+(?:pause|rest|daily|dagligt|weekly|ugentligt|hver|every)(?![a-zæøå])|\s+\d)""",
    re.IGNORECASE | re.VERBOSE,
)
_REST = re.compile(
    r"\s*,?\s*(?:pause|rest)\s*(?P<n>\d{1,4})\s*(?:s|sek\.?|sekunder|seconds?|secs?)(?![a-zæøå])", re.IGNORECASE
)
_OFTEN = re.compile(
    rf"""\s*,?\s*@?\s*(?:
        (?P<daily>daily|dagligt|hver\s+dag|every\s+day){_END}
       |(?P<weekly>weekly|ugentligt|hver\s+uge|every\s+week){_END}
       |(?P<low>\d{{1,3}})(?:\s*[-–—]\s*(?P<high>\d{{1,3}}))?\s*(?:
            /\s*(?:(?P<day>day|dag|d)|(?P<week>week|uge|w|u)){_END}
           |(?:x|gange?|times?)\s+(?:(?P<day2>dagligt|om\s+dagen|(?:pr\.?|per|a)\s*dag|a\s+day|per\s+day)
                                   |(?P<week2>ugentligt|om\s+ugen|i\s+ugen|(?:pr\.?|per|a)\s*uge|a\s+week|per\s+week)){_END}
        ))""",
    re.IGNORECASE | re.VERBOSE,
)


def parse_dose(text: str) -> Dose:
    """Read a dose; DoseError says what is wrong with anything else."""
    if not isinstance(text, str):
        raise DoseError(f"dose {text!r} is not text; write it in quotes, {EXAMPLES}")
    return _Reader(text).dose()


def parse_frequency(text: str) -> Frequency:
    """How often alone: ``daily``, ``dagligt``, ``2/day``, ``2/dag``, ``3/uge``, ``2 gange dagligt`` (``@`` optional)."""
    if not isinstance(text, str):
        raise DoseError(f"how often {text!r} is not text; write e.g. @daily, @2/dag or @3/uge")
    reader = _Reader(text)
    frequency = reader.frequency()
    if frequency is None or reader.rest():
        raise DoseError(
            f"how often {text.strip()!r} cannot be read; write daily (dagligt), N/day (N/dag) or N/week (N/uge) "
            "– e.g. @daily, @2/dag, @3/uge"
        )
    return frequency


class _Reader:
    """Reads one dose left to right, so that a mistake can be named where it is."""

    def __init__(self, text: str) -> None:
        if len(text) > MAX_DOSE_CHARS:
            raise DoseError(f"dose is {len(text)} characters; a dose is short, {EXAMPLES}")
        self.text = self.shown = " ".join(text.split())  # single spaces: every pattern stays linear
        self.pos = 0

    def rest(self) -> str:
        return self.text[self.pos :].strip()

    def fail(self, problem: str) -> DoseError:
        return DoseError(f"dose {self.shown!r}: {problem}")

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        found = pattern.match(self.text, self.pos)
        if found:
            self.pos = found.end()
        return found

    def dose(self) -> Dose:
        if not self.text.strip():
            raise DoseError(f"dose is empty; write sets x repetitions, {EXAMPLES}")
        if _OFTEN.fullmatch(self.text.strip()):
            raise self.fail(
                "says only how often; write sets x repetitions before it, e.g. 3x12@3/uge "
                "(in --dose EXERCISE=@3/uge it keeps the exercise's own sets and repetitions)"
            )
        sets = self.span(first=True)
        if not self.match(_TIMES):
            if not self.next_word():
                raise self.fail(f"{sets} alone is not a dose; write sets x repetitions, e.g. 3x{sets}")
            raise self.fail(
                f"there is no x between the sets ({sets}) and the amount; write sets x repetitions, e.g. 3x12"
            )
        _within_span(sets, BOUNDS["sets"], "sets", self.shown)
        reps = hold = None
        unit: HoldUnit = "s"
        note = ""
        if self.text.startswith("(", self.pos):
            note = self.note()
        elif not _RANGE.match(self.text, self.pos):
            word = self.next_word()
            what = f"{word!r} after {sets}x is not" if word else f"after {sets}x comes"
            raise self.fail(
                f"{what} the number of repetitions or seconds; write e.g. {sets}x12, {sets}x30s or {sets}x(10 meter)"
            )
        else:
            amount_at = self.pos
            amount = self.span()
            found = self.match(_UNIT)
            if found is not None and not found["reps"]:
                unit = "min" if found["minutes"] else "s"
                if unit == "min":
                    _within_span(amount, BOUNDS["min"], "minutes of hold", self.shown)
                    hold = amount.scaled(60)
                else:
                    _within_span(amount, BOUNDS["s"], "seconds of hold", self.shown)
                    hold = amount
            else:
                _within_span(amount, BOUNDS["reps"], "repetitions", self.shown)
                reps = amount
                if found is None and self.word_follows() and not self.side_or_often_follows():
                    raise self.fail(
                        f"{self.next_word()!r} after {self.text[amount_at : self.pos].strip()} is not a unit; write repetitions "
                        "(3x12), seconds (3x30s, 3x30 sek) or minutes (1x2min), or another unit in brackets: 3x(10 meter)"
                    )
        per_side = bool(self.match(_SIDE))
        load = equipment = rest = None
        if found_load := self.match(_LOAD):
            load = int(found_load["whole"]) * 10 + int(found_load["tenth"] or 0)
            _within(load, 1, MAX_LOAD_TENTHS, "tenths of a kilo of load", self.shown)
        if found_with := self.match(_WITH):
            equipment = " ".join(found_with["what"].split())
            if len(equipment) > MAX_EQUIPMENT_CHARS:
                raise self.fail(f"what to use is {len(equipment)} characters; keep it under {MAX_EQUIPMENT_CHARS}")
        if found_rest := self.match(_REST):
            rest = int(found_rest["n"])
            _within(rest, 1, MAX_REST_SECONDS, "seconds of pause", self.shown)
        frequency = self.frequency()
        if self.rest():
            raise self.fail(self.leftover())
        return Dose(sets, reps, hold, unit, per_side, frequency, note, load, equipment or "", rest)

    def span(self, *, first: bool = False) -> Span:
        found = self.match(_RANGE)
        if not found:
            word = self.next_word()
            if first:
                raise self.fail(
                    f"a dose starts with the number of sets, not {word!r}; write sets x repetitions, {EXAMPLES}"
                )
            raise self.fail(f"{word!r} is not a number")
        text = found[0].strip()
        if text[-1] in "-–—":
            low = int(text.rstrip("-–— "))
            raise self.fail(f"{text!r} is not a range; write both ends, e.g. {low}-{low + 4}")
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        low, high = numbers[0], numbers[-1]
        if high < low:
            raise self.fail(f"the range {low}-{high} goes down; write the smaller number first: {high}-{low}")
        return Span(low, high)

    def note(self) -> str:
        close = self.text.find(")", self.pos)
        if close < 0:
            raise self.fail("the bracket is not closed; write another unit in brackets, e.g. 3x(10 meter)")
        note = " ".join(self.text[self.pos + 1 : close].split())
        self.pos = close + 1
        if "(" in note or not re.search(r"[^\W\d_]", note):
            raise self.fail("write the amount and its unit in the brackets, e.g. 3x(10 meter) or 3x(8-12 hop)")
        if len(note) > MAX_DOSE_NOTE_CHARS:
            raise self.fail(f"the text in brackets is {len(note)} characters; keep it under {MAX_DOSE_NOTE_CHARS}")
        return note

    def frequency(self) -> Frequency | None:
        found = self.match(_OFTEN)
        if not found:
            return None
        if found["daily"]:
            return Frequency(Span(1, 1), "day")
        if found["weekly"]:
            return Frequency(Span(1, 1), "week")
        per: Per = "day" if (found["day"] or found["day2"]) else "week"
        low, high = int(found["low"]), int(found["high"] or found["low"])
        if high < low:
            raise self.fail(f"the range {low}-{high} goes down; write the smaller number first: {high}-{low}")
        times = Span(low, high)
        _within_span(times, BOUNDS[per], f"times a {per}", self.shown)
        return Frequency(times, per)

    def next_word(self) -> str:
        word = re.match(r"\s*(\S{1,20})", self.text[self.pos :])
        return word.group(1) if word else ""

    def word_follows(self) -> bool:
        return bool(re.match(r"\s*[^\W\d_]", self.text[self.pos :]))

    def side_or_often_follows(self) -> bool:
        return any(p.match(self.text, self.pos) for p in (_SIDE, _LOAD, _WITH, _REST, _OFTEN))

    def leftover(self) -> str:
        rest = self.rest()
        if rest.startswith("@") or re.match(r"\d+\s*/", rest) or re.match(r"(?i)\d+\s*(x|gange?|times?)\b", rest):
            return (
                f"{rest!r} is not how often; write daily (dagligt), N/day (N/dag) or N/week (N/uge) "
                "– e.g. @daily, 2/dag, 3/uge, 2 gange dagligt"
            )
        if rest.startswith("/") or re.match(r"(?i)(pr\.?|per|på)\b", rest):
            return f"{rest!r} is not understood; write /side, pr. side or på hver side for each side"
        done = self.text[: self.pos].strip()
        return f"{rest!r} is not understood after {done!r}; write sets x amount, then /side, then how often, {EXAMPLES}"


# Each part of a dose runs from 1 to its bound. The parser and the web form's fields check
# this one table; each says it in its own words.
BOUNDS: dict[str, int] = {
    "sets": MAX_SETS,
    "reps": MAX_REPS,
    "s": MAX_HOLD_SECONDS,
    "min": MAX_HOLD_SECONDS // 60,
    "day": MAX_PER_DAY,
    "week": MAX_PER_WEEK,
}


def _within_span(span: Span, high: int, what: str, text: str) -> None:
    _within(span.low, 1, high, what, text)
    _within(span.high, 1, high, what, text)


def _within(value: int, low: int, high: int, what: str, text: str) -> None:
    if not low <= value <= high:
        raise DoseError(
            f"dose {text.strip()!r}: {value} {what} is outside {low}–{high}; check the numbers, "
            f"e.g. 3x12 or 2x30s/side@daily"
        )
