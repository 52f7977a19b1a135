"""Share codes: a programme's exercises, doses and weeks in a short, URL-safe, versioned text.

A share link ``/<clinic>/p/<code>`` lets a patient fetch the same programme again, from the
QR code on paper or by typing the printed link, while the server stores nothing. The code
never holds the patient's name, the therapist or the note: only exercises, doses and weeks.

Format, version 2 (what ``encode_programme`` writes): base64url without padding of these bytes

- 1 byte: ``0x20 | (weeks - 1)``: the version (2) in the high nibble, weeks 1–12 in the low;
- per exercise, in printed order: a varint (7 bits a byte, least significant first) of
  ``id << 2 | kind``, where ``id`` is the exercise's stable short id (``exercise_ids``) and
  ``kind`` says how its dose follows: 0 = the exercise's default dose (nothing follows),
  1 = three bytes, big-endian ``sets-1`` (4 bits) · hold (1) · ``reps-1``, ``seconds-1`` or
  ``minutes-1`` (9) · per side (1) · how often (5: 0 none, 1–10 = N/day, 11–24 = N/week) ·
  minutes (1) · three zero bits, for a dose of single numbers (no ranges, no text unit),
  2 = a length byte and the dose as UTF-8 text (``str(Dose)``: another unit, in brackets),
  3 = six bytes, big-endian ``sets-1`` (4 bits) · sets range (4) · hold (1) · minutes (1) ·
  ``reps-1``, ``seconds-1`` or ``minutes-1`` (11) · its range (11) · per side (1) · how often
  given (1) · per week (1) · times-1 (4) · times range (4) · five zero bits, for a dose with a
  range ("2-3x8-12/side@2-3/week") that kind 1 cannot hold;
- 1 check byte: the first byte of SHA-256 over the bytes before it, so a mistyped link is
  refused instead of opening somebody else's programme.

Four exercises at their default doses are 6 bytes, an 8-character code; four changed doses
make it 24 characters, or 8 more for each dose with a range. Built-in ids below 32 take one
byte.

A dose with a range was written as text (kind 2) before kind 3 existed; such codes are on
paper and still decode to the same programme.

Decoding is strict: a length limit, the version, known ids, no repeats, doses through
``dose.parse_dose`` and within bounds, the check byte, nothing left over, and the code must be
the one canonical spelling of what it decodes to. Anything else is a ``ShareCodeError``.

Version 1 codes (``"1." + base64url("bird-dog:2x10/side@daily,…;w2")``, slugs and doses as
text) were printed before version 2; they still decode, forever, but are no longer written.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from handouts.limits import MAX_DOSE_NOTE_CHARS, MAX_EXERCISES, MAX_WEEKS
from handouts.model.dose import Dose, DoseError, Frequency, Span, parse_dose
from handouts.model.exercise_ids import END_DERIVED_IDS
from handouts.model.library import Library
from handouts.model.programme import Programme, ProgrammeSpec
from handouts.model.slugs import SLUG_PATTERN

VERSION = 2
DEFAULT, PACKED, TEXT, RANGED = 0, 1, 2, 3  # how an exercise's dose follows its id
MAX_DOSE_TEXT = 40 + MAX_DOSE_NOTE_CHARS * 4  # UTF-8 bytes of the longest str(Dose), a note included
_MAX_VARINT_BYTES = 3  # id << 2 | kind < 2**21
MAX_CODE_BYTES = 1 + MAX_EXERCISES * (_MAX_VARINT_BYTES + 1 + MAX_DOSE_TEXT) + 1
MAX_CODE_CHARS = (MAX_CODE_BYTES * 4 + 2) // 3
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]+$")
# Five bits of how often; a frequency outside these (a future bound) makes the dose go as text.
_FREQUENCY_CODES: list[Frequency | None] = [None]
_FREQUENCY_CODES += [Frequency(Span(n, n), "day") for n in range(1, 11)]
_FREQUENCY_CODES += [Frequency(Span(n, n), "week") for n in range(1, 15)]


class ShareCodeError(ValueError):
    """A code that is not a share code of a known programme (the web app answers 404)."""


@dataclass(frozen=True)
class SharedProgramme:
    """What a share code holds: ``exercises`` in order, their ``doses``, and ``weeks``."""

    exercises: tuple[str, ...]
    doses: tuple[Dose, ...]
    weeks: int

    def dose_options(self) -> dict[str, str]:
        """``{exercise: dose}`` as ``programme.build_programme(doses=…)`` takes them."""
        return {str(slug): str(dose) for slug, dose in zip(self.exercises, self.doses, strict=True)}


# --- version 2: bytes -------------------------------------------------------------------------


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


# Kind 1, in order: sets-1, hold, amount-1, per side, how often (an index of _FREQUENCY_CODES),
# minutes; then three zero bits (24 in all).
_PACKED_WIDTHS = (4, 1, 9, 1, 5, 1)
# Kind 3, in order: sets-1, sets range, hold, minutes, amount-1, amount range, per side, how
# often given, per week, times-1, times range; then five zero bits (48 in all).
_RANGED_WIDTHS = (4, 4, 1, 1, 11, 11, 1, 1, 1, 4, 4)


def _to_bytes(values: tuple[int, ...], widths: tuple[int, ...], size: int) -> bytes | None:
    """``values`` as bit fields of ``widths``, then zero bits up to ``size`` bytes; None if one
    does not fit its field."""
    bits = 0
    for value, width in zip(values, widths, strict=True):
        if not 0 <= value < 1 << width:
            return None
        bits = bits << width | value
    return (bits << (size * 8 - sum(widths))).to_bytes(size, "big")


def _from_bytes(data: bytes, widths: tuple[int, ...]) -> list[int]:
    """The bit fields ``_to_bytes`` wrote; the zero bits after them must be zero."""
    bits, spare = int.from_bytes(data, "big"), len(data) * 8 - sum(widths)
    if bits & ((1 << spare) - 1):
        raise ShareCodeError("unknown dose bits")
    bits >>= spare
    values: list[int] = []
    for width in reversed(widths):
        values.insert(0, bits & ((1 << width) - 1))
        bits >>= width
    return values


def _dose_text(sets: Span, amount: Span, hold: int, minutes: int, per_side: int, often: Frequency | None) -> str:
    """A decoded dose in the dose grammar, for ``_checked_dose``."""
    if minutes and not hold:
        raise ShareCodeError("unknown dose bits")
    unit = ("min" if minutes else "s") if hold else ""
    return f"{sets}x{amount}{unit}{'/side' if per_side else ''}{f'@{often}' if often else ''}"


def _pack_dose(dose: Dose) -> bytes | None:
    """Three bytes for a dose of single numbers within the packed ranges, else None (it goes as text)."""
    amount = dose.hold if dose.hold_seconds is not None else dose.reps
    if amount is None or dose.note or amount.low != amount.high or dose.sets.low != dose.sets.high:
        return None
    if dose.frequency not in _FREQUENCY_CODES:
        return None
    values = (
        dose.sets.low - 1,
        int(dose.hold_seconds is not None),
        amount.low - 1,
        int(dose.per_side),
        _FREQUENCY_CODES.index(dose.frequency),
        int(dose.hold_unit == "min"),
    )
    return _to_bytes(values, _PACKED_WIDTHS, 3)


def _unpack_dose(data: bytes) -> Dose:
    sets, hold, amount, per_side, often, minutes = _from_bytes(data, _PACKED_WIDTHS)
    if often >= len(_FREQUENCY_CODES):
        raise ShareCodeError("unknown dose bits")
    frequency = _FREQUENCY_CODES[often]
    return _checked_dose(
        _dose_text(Span(sets + 1, sets + 1), Span(amount + 1, amount + 1), hold, minutes, per_side, frequency)
    )


def _pack_ranged(dose: Dose) -> bytes | None:
    """Six bytes for a dose with ranges (no text unit), else None (it goes as text)."""
    amount = dose.hold if dose.hold_seconds is not None else dose.reps
    if amount is None or dose.note:
        return None
    often = dose.frequency
    times = often.times if often else Span(1, 1)
    values = (
        dose.sets.low - 1,
        dose.sets.high - dose.sets.low,
        int(dose.hold_seconds is not None),
        int(dose.hold_unit == "min"),
        amount.low - 1,
        amount.high - amount.low,
        int(dose.per_side),
        int(often is not None),
        int(often is not None and often.per == "week"),
        times.low - 1,
        times.high - times.low,
    )
    return _to_bytes(values, _RANGED_WIDTHS, 6)


def _unpack_ranged(data: bytes) -> Dose:
    low_sets, more_sets, hold, minutes, low, more, per_side, often, weekly, times, more_times = _from_bytes(
        data, _RANGED_WIDTHS
    )
    if not often and (weekly or times or more_times):
        raise ShareCodeError("unknown dose bits")
    frequency = Frequency(Span(times + 1, times + 1 + more_times), "week" if weekly else "day") if often else None
    sets, amount = Span(low_sets + 1, low_sets + 1 + more_sets), Span(low + 1, low + 1 + more)
    return _checked_dose(_dose_text(sets, amount, hold, minutes, per_side, frequency))


def _checked_dose(text: str) -> Dose:
    """The dose through the same grammar and bounds as a typed one, in its one spelling."""
    try:
        dose = parse_dose(text)
    except DoseError:
        raise ShareCodeError("unreadable dose") from None
    if str(dose) != text:
        raise ShareCodeError("not the canonical spelling of a dose")
    return dose


def _check_byte(data: bytes) -> int:
    return hashlib.sha256(data).digest()[0]


def _entry(exercise_id: int, dose: Dose, default: Dose) -> bytes:
    if dose == default:
        return _varint(exercise_id << 2 | DEFAULT)
    packed = _pack_dose(dose)
    if packed is not None:
        return _varint(exercise_id << 2 | PACKED) + packed
    ranged = _pack_ranged(dose)
    if ranged is not None:
        return _varint(exercise_id << 2 | RANGED) + ranged
    text = str(dose).encode("utf-8")
    if not 1 <= len(text) <= MAX_DOSE_TEXT:
        raise ValueError(f"dose {dose} is too long for a share code")
    return _varint(exercise_id << 2 | TEXT) + bytes([len(text)]) + text


def _base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def encode_programme(programme: Programme, library: Library) -> str:
    """The programme's share code (version 2): exercises, doses and weeks, nothing else."""
    if not 1 <= programme.weeks <= MAX_WEEKS or not 1 <= len(programme.entries) <= MAX_EXERCISES:
        raise ValueError("programme out of bounds for a share code")
    data = bytes([VERSION << 4 | (programme.weeks - 1)])
    for entry in programme.entries:
        exercise_id = library.exercise_ids.by_slug[entry.exercise.slug]
        data += _entry(exercise_id, entry.dose, entry.exercise.dose)
    data += bytes([_check_byte(data)])
    return _base64url(data)


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for shift in range(0, 7 * _MAX_VARINT_BYTES, 7):
        if at >= len(data):
            raise ShareCodeError("cut short")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
    raise ShareCodeError("id too long")


def _decode_v2(code: str, library: Library) -> SharedProgramme:
    if len(code) > MAX_CODE_CHARS or not _BASE64URL.match(code) or len(code) % 4 == 1:
        raise ShareCodeError("not base64url")
    try:
        data = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
    except (binascii.Error, ValueError):
        raise ShareCodeError("not base64url") from None
    if _base64url(data) != code:  # stray bits in the last character: a second spelling
        raise ShareCodeError("not the canonical spelling")
    if len(data) < 3 or data[0] >> 4 != VERSION:
        raise ShareCodeError("not a share code of this version")
    body, check = data[:-1], data[-1]
    if _check_byte(body) != check:
        raise ShareCodeError("check byte does not match: a mistyped link")
    weeks = (data[0] & 0x0F) + 1
    if weeks > MAX_WEEKS:
        raise ShareCodeError("weeks out of range")
    slugs: list[str] = []
    doses: list[Dose] = []
    again = bytearray(data[:1])  # the one canonical spelling of what is read, rebuilt as we go
    at = 1
    while at < len(body):
        value, at = _read_varint(body, at)
        exercise_id, kind = value >> 2, value & 3
        slug = library.exercise_ids.by_id.get(exercise_id) if exercise_id < END_DERIVED_IDS else None
        if slug is None or slug not in library.exercises or slug in slugs or len(slugs) == MAX_EXERCISES:
            raise ShareCodeError("unknown, repeated or too many exercises")
        again += _varint(value)
        if kind == DEFAULT:
            # Today's default: a code holds no dose it was not given.
            dose = library.exercises[slug].dose
        elif kind == PACKED:
            if at + 3 > len(body):
                raise ShareCodeError("cut short")
            dose, at = _unpack_dose(body[at : at + 3]), at + 3
            again += _pack_dose(dose) or b""
        elif kind == TEXT:
            length = body[at] if at < len(body) else 0
            if not 1 <= length <= MAX_DOSE_TEXT or at + 1 + length > len(body):
                raise ShareCodeError("bad dose text")
            try:
                text = body[at + 1 : at + 1 + length].decode("utf-8")
            except UnicodeDecodeError:
                raise ShareCodeError("bad dose text") from None
            dose, at = _checked_dose(text), at + 1 + length
            # A dose kind 1 holds is never text. A range is, in codes printed before kind 3:
            # those still open the same programme.
            if _pack_dose(dose) is None:
                again += bytes([length]) + text.encode("utf-8")
        else:  # RANGED
            if at + 6 > len(body):
                raise ShareCodeError("cut short")
            dose, at = _unpack_ranged(body[at : at + 6]), at + 6
            if _pack_dose(dose) is None:  # else the encoder would have used three bytes
                again += _pack_ranged(dose) or b""
        slugs.append(slug)
        doses.append(dose)
    if not slugs or bytes(again) != body:
        raise ShareCodeError("not the canonical spelling")
    return SharedProgramme(tuple(slugs), tuple(doses), weeks)


# --- version 1: text (read only) ----------------------------------------------------------

V1_PREFIX = "1."
# 12 exercises with 80-character slugs and the longest dose (a note of 3-byte characters,
# percent-encoded) fit; a longer code is not ours.
V1_MAX_DOSE_CHARS = 40 + MAX_DOSE_NOTE_CHARS * 9
V1_MAX_CANONICAL_CHARS = MAX_EXERCISES * (80 + 1 + V1_MAX_DOSE_CHARS + 1) + 4
V1_MAX_CODE_CHARS = len(V1_PREFIX) + (V1_MAX_CANONICAL_CHARS * 4 + 2) // 3
_V1_CANONICAL = re.compile(r"^(?P<entries>[^;]+);w(?P<weeks>[1-9][0-9]?)$")


def encode_v1(spec: ProgrammeSpec) -> str:
    """A version 1 code, as printed before version 2. Only tests write these now."""
    # A dose is percent-encoded: a plain one is unchanged, a note such as "3x(8–12 hop)" becomes
    # ASCII and can hold no "," or ";".
    entries = ",".join(f"{slug}:{quote(str(dose), safe='/@()')}" for slug, dose in spec["exercises"])
    raw = f"{entries};w{spec['weeks']}".encode("ascii")
    return V1_PREFIX + _base64url(raw)


def _decode_v1(code: str, library: Library) -> SharedProgramme:
    if len(code) > V1_MAX_CODE_CHARS:
        raise ShareCodeError("too long")
    body = code[len(V1_PREFIX) :]
    if not _BASE64URL.match(body) or len(body) % 4 == 1:
        raise ShareCodeError("not base64url")
    try:
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ShareCodeError("not base64url ASCII") from None
    match = _V1_CANONICAL.match(text)
    if not match:
        raise ShareCodeError("no weeks part")
    weeks = int(match["weeks"])
    if not 1 <= weeks <= MAX_WEEKS:
        raise ShareCodeError("weeks out of range")
    items = match["entries"].split(",")
    if not 1 <= len(items) <= MAX_EXERCISES:
        raise ShareCodeError("wrong number of exercises")
    slugs: list[str] = []
    doses: list[Dose] = []
    for item in items:
        slug, sep, dose_text = item.partition(":")
        if not sep or not SLUG_PATTERN.match(slug) or slug not in library.exercises or slug in slugs:
            raise ShareCodeError("unknown or repeated exercise")
        try:
            dose = parse_dose(unquote(dose_text, errors="strict"))
        except (DoseError, UnicodeDecodeError):
            raise ShareCodeError("unreadable dose") from None
        slugs.append(slug)
        doses.append(dose)
    # One programme, one code: "2X10", spaces or padding would make a second spelling.
    spec: ProgrammeSpec = {"exercises": [[s, str(d)] for s, d in zip(slugs, doses, strict=True)], "weeks": weeks}
    if encode_v1(spec) != code:
        raise ShareCodeError("not the canonical spelling")
    return SharedProgramme(tuple(slugs), tuple(doses), weeks)


def decode(code: str, library: Library) -> SharedProgramme:
    """Read a share code of any version strictly; every problem is a ShareCodeError."""
    if not isinstance(code, str) or not code:
        raise ShareCodeError("empty")
    if code.startswith(V1_PREFIX):
        return _decode_v1(code, library)
    return _decode_v2(code, library)
