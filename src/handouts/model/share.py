"""Share codes: a programme's exercises, doses and weeks in a short, versioned code a patient can type.

A share link ``/<clinic>/p/<code>`` lets a patient fetch the same programme again, from the
QR code on paper or by typing the printed code, while the server stores nothing. The code
never holds the patient's name, the therapist or a note: only exercises, doses and weeks.

Format, version 3 (what ``encode_programme`` writes): Crockford base32 (``0-9 A-Z`` without
I, L, O, U; read in any case, with I or L for 1, O for 0, dashes and spaces ignored) of a
string of bits:

- 1 bit: 0 (a later version sets it), then 4 bits ``weeks - 1``: the first character is
  always 0-9, A or B (a version 2 code starts with I, J or K, so the two never meet);
- per exercise, in printed order: its stable short id (``exercise_ids``) as ``0`` + 7 bits
  (ids below 128), ``10`` + 12 bits (declared ids) or ``11`` + 19 bits (derived ids); then
  ``0`` for the exercise's default dose, or ``1``, four bits saying which parts differ from
  the default (sets, amount, per side, how often) and those parts: a number as an
  exponential-Golomb code (small numbers take few bits), a range as its low end, ``1`` and the
  width; an amount of another kind (seconds, minutes, text in brackets) with its kind; per side
  is toggled (no bits); how often as none / N a day / N a week and N;
- zero bits up to a whole character, then 8 check bits (the first byte of SHA-256 over the
  length and the bits before them), so a mistyped code is refused instead of opening
  somebody else's programme.

Four exercises at their default doses are 10 characters; four changed doses with ranges
about 24.

Decoding is strict: a length limit, the version, known ids, no repeats, doses through
``dose.parse_dose`` and within bounds, and the code must be the one spelling the encoder
writes for what it decodes to (which also checks the check bits). Anything else is a
``ShareCodeError``.

Codes printed before still decode, forever, but are no longer written:

- version 2, base64url of bytes: 1 byte ``0x20 | (weeks - 1)``; per exercise a varint of
  ``id << 2 | kind`` (0 = default dose, 1 = three packed bytes, 2 = a length byte and the dose
  as UTF-8 text, 3 = six packed bytes for a dose with ranges; see ``_PACKED_WIDTHS`` and
  ``_RANGED_WIDTHS``); 1 check byte. A dose with a range was written as text before kind 3
  existed; such codes still decode to the same programme;
- version 1, ``"1." + base64url("bird-dog:2x10/side@daily,…;w2")``, slugs and doses as text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from handouts.limits import MAX_DOSE_NOTE_CHARS, MAX_EXERCISES, MAX_WEEKS
from handouts.model.dose import Dose, DoseError, Frequency, Span, extras_text, parse_dose
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
    if dose.extras != (None, "", None):
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
    if amount is None or dose.note or dose.extras != (None, "", None):
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


def encode_v2(programme: Programme, library: Library) -> str:
    """A version 2 code, as printed before version 3. Only tests write these now."""
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


# --- version 3: Crockford base32, what a patient can type -------------------------------------

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O or U: nothing to mistake
# A version 2 code's first byte (0x20-0x2B) is always one of these base64url letters; a version
# 3 code's first character (version bit 0, weeks-1 up to 11) always one of 0-9, A, B.
V2_FIRST = ("I", "J", "K")
_CROCKFORD_TYPED = re.compile(r"^[0-9A-Za-z -]+$")
_TYPED_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "-": None, " ": None})
# A generous bound: twelve exercises, each with the longest text amount and what to use.
MAX_V3_CODE_CHARS = MAX_EXERCISES * 400 * 8 // 5
_AMOUNT_REPS, _AMOUNT_SECONDS, _AMOUNT_MINUTES, _AMOUNT_TEXT = range(4)
# Exponential-Golomb orders, chosen so the usual numbers are short: 1-3 sets, 8-15 repetitions,
# 10-60 seconds, a range's width of 2-5.
_AMOUNT_ORDERS = {_AMOUNT_REPS: 2, _AMOUNT_SECONDS: 3, _AMOUNT_MINUTES: 1}
_SETS_ORDER = _TIMES_ORDER = 1
_RANGE_ORDER = 2
_MAX_GOLOMB_ZEROS = 12  # every bound (1800 seconds) fits well within
_OFTEN_NONE, _OFTEN_DAY, _OFTEN_WEEK, _EXTRAS = range(4)
_LOAD_ORDER, _REST_ORDER = 5, 4  # 2-30 kg, 30-90 seconds
_SHORT_ID_BITS, _DECLARED_ID_BITS, _DERIVED_ID_BITS = 7, 12, 19


class _Bits:
    """A string of bits written left to right."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, value: int, width: int) -> None:
        if not 0 <= value < 1 << width:
            raise ValueError(f"{value} does not fit in {width} bits")
        self.value = self.value << width | value
        self.length += width


class _BitReader:
    """Reads the bits ``_Bits`` wrote; running past the end is a ShareCodeError."""

    def __init__(self, value: int, length: int) -> None:
        self.value, self.length, self.at = value, length, 0

    def take(self, width: int) -> int:
        if self.at + width > self.length:
            raise ShareCodeError("cut short")
        self.at += width
        return (self.value >> (self.length - self.at)) & ((1 << width) - 1)

    @property
    def left(self) -> int:
        return self.length - self.at


def _put_id(bits: _Bits, exercise_id: int) -> None:
    if exercise_id < 1 << _SHORT_ID_BITS:
        bits.put(0, 1)
        bits.put(exercise_id, _SHORT_ID_BITS)
    elif exercise_id < 1 << _DECLARED_ID_BITS:
        bits.put(0b10, 2)
        bits.put(exercise_id, _DECLARED_ID_BITS)
    else:
        bits.put(0b11, 2)
        bits.put(exercise_id, _DERIVED_ID_BITS)


def _take_id(reader: _BitReader) -> int:
    if not reader.take(1):
        return reader.take(_SHORT_ID_BITS)
    return reader.take(_DERIVED_ID_BITS if reader.take(1) else _DECLARED_ID_BITS)


def _put_number(bits: _Bits, number: int, order: int) -> None:
    """``number`` (0 or more) as an exponential-Golomb code of ``order``: small numbers in few bits."""
    value = number + (1 << order)
    bits.put(0, value.bit_length() - order - 1)
    bits.put(value, value.bit_length())


def _take_number(reader: _BitReader, order: int) -> int:
    zeros = 0
    while not reader.take(1):
        zeros += 1
        if zeros > _MAX_GOLOMB_ZEROS:
            raise ShareCodeError("number too large")
    value = 1 << (zeros + order) | reader.take(zeros + order)
    return value - (1 << order)


def _put_span(bits: _Bits, span: Span, order: int) -> None:
    """``low-1``, then 0 for a single number or 1 and how much higher the top is (less one)."""
    _put_number(bits, span.low - 1, order)
    bits.put(int(span.high > span.low), 1)
    if span.high > span.low:
        _put_number(bits, span.high - span.low - 1, _RANGE_ORDER)


def _take_span(reader: _BitReader, order: int) -> Span:
    low = _take_number(reader, order) + 1
    if not reader.take(1):
        return Span(low, low)
    return Span(low, low + 1 + _take_number(reader, _RANGE_ORDER))


def _put_dose(bits: _Bits, dose: Dose, default: Dose) -> None:
    """1 and what differs from the exercise's default dose, or 0 for the default itself.

    After the 1, four bits say which parts follow: sets, amount, per side (toggled, no bits)
    and how often; each part is then written in that order. The amount starts with 0 if it
    is of the default's kind (repetitions, seconds, minutes, text), else 1 and the kind.
    """
    if dose == default:
        bits.put(0, 1)
        return
    bits.put(1, 1)
    amount_of = _amount
    sets, amount, side, often = (
        dose.sets != default.sets,
        amount_of(dose) != amount_of(default),
        dose.per_side != default.per_side,
        dose.frequency != default.frequency or dose.extras != default.extras,
    )
    for changed in (sets, amount, side, often):
        bits.put(int(changed), 1)
    if sets:
        _put_span(bits, dose.sets, _SETS_ORDER)
    if amount:
        kind, value = amount_of(dose)
        bits.put(int(kind != amount_of(default)[0]), 1)  # 1: another kind of amount follows
        if kind != amount_of(default)[0]:
            bits.put(kind, 2)
        if isinstance(value, Span):
            _put_span(bits, value, _AMOUNT_ORDERS[kind])
        else:
            text = value.encode("utf-8")
            bits.put(len(text), 8)
            for byte in text:
                bits.put(byte, 8)
    if often:
        if dose.extras != default.extras:  # load, what to use, pause: before how often
            bits.put(_EXTRAS, 2)
            _put_extras(bits, dose)
        if dose.frequency is None:
            bits.put(_OFTEN_NONE, 2)
        else:
            bits.put(_OFTEN_DAY if dose.frequency.per == "day" else _OFTEN_WEEK, 2)
            _put_span(bits, dose.frequency.times, _TIMES_ORDER)


def _put_extras(bits: _Bits, dose: Dose) -> None:
    """Each of load, what to use and pause: 0, or 1 and the value (the text as a length byte and UTF-8)."""
    load, equipment, rest = dose.extras
    bits.put(int(load is not None), 1)
    if load is not None:
        _put_number(bits, load - 1, _LOAD_ORDER)
    text = equipment.encode("utf-8")
    bits.put(int(bool(text)), 1)
    if text:
        bits.put(len(text), 8)
        for byte in text:
            bits.put(byte, 8)
    bits.put(int(rest is not None), 1)
    if rest is not None:
        _put_number(bits, rest - 1, _REST_ORDER)


def _take_extras(reader: _BitReader) -> tuple[int | None, str, int | None]:
    load = _take_number(reader, _LOAD_ORDER) + 1 if reader.take(1) else None
    equipment = ""
    if reader.take(1):
        try:
            equipment = bytes(reader.take(8) for _ in range(reader.take(8))).decode("utf-8")
        except UnicodeDecodeError:
            raise ShareCodeError("bad equipment text") from None
    rest = _take_number(reader, _REST_ORDER) + 1 if reader.take(1) else None
    return load, equipment, rest


def _amount(dose: Dose) -> tuple[int, Span | str]:
    if dose.reps is not None:
        return _AMOUNT_REPS, dose.reps
    if dose.hold is not None:
        return (_AMOUNT_MINUTES if dose.hold_unit == "min" else _AMOUNT_SECONDS), dose.hold
    return _AMOUNT_TEXT, dose.note


def _take_dose(reader: _BitReader, default: Dose) -> Dose:
    if not reader.take(1):
        return default
    sets_changed, amount_changed, side_changed, often_changed = (reader.take(1) for _ in range(4))
    sets = _take_span(reader, _SETS_ORDER) if sets_changed else default.sets
    kind, amount = _amount(default)
    if amount_changed:
        kind = reader.take(2) if reader.take(1) else kind
        if kind == _AMOUNT_TEXT:
            raw = bytes(reader.take(8) for _ in range(reader.take(8)))
            try:
                amount = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ShareCodeError("bad dose text") from None
        else:
            amount = _take_span(reader, _AMOUNT_ORDERS[kind])
    frequency = default.frequency
    extras = default.extras
    if often_changed:
        per = reader.take(2)
        if per == _EXTRAS:
            extras = _take_extras(reader)
            per = reader.take(2)
        if per > _OFTEN_WEEK:
            raise ShareCodeError("unknown dose bits")
        frequency = (
            None
            if per == _OFTEN_NONE
            else Frequency(_take_span(reader, _TIMES_ORDER), "day" if per == _OFTEN_DAY else "week")
        )
    per_side = default.per_side != bool(side_changed)
    if isinstance(amount, str):
        if not amount or "(" in amount or ")" in amount:
            raise ShareCodeError("bad dose text")
        text_amount = f"({amount})"
    else:
        text_amount = f"{amount}{'' if kind == _AMOUNT_REPS else 'min' if kind == _AMOUNT_MINUTES else 's'}"
    side = "/side" if per_side else ""
    text = f"{sets}x{text_amount}{side}{extras_text(*extras)}{f'@{frequency}' if frequency else ''}"
    return _checked_dose(text)


def _v3_bits(weeks: int, entries: list[tuple[int, Dose, Dose]]) -> str:
    bits = _Bits()
    bits.put(0, 1)  # version 3; a 1 here is left for a later version
    bits.put(weeks - 1, 4)
    for exercise_id, dose, default in entries:
        _put_id(bits, exercise_id)
        _put_dose(bits, dose, default)
    check = _check_byte(bits.length.to_bytes(2, "big") + bits.value.to_bytes((bits.length + 7) // 8, "big"))
    padding = -(bits.length + 8) % 5
    bits.put(0, padding)
    bits.put(check, 8)
    return "".join(CROCKFORD[(bits.value >> shift) & 31] for shift in range(bits.length - 5, -1, -5))


def encode_programme(programme: Programme, library: Library) -> str:
    """The programme's share code (version 3): exercises, doses and weeks, nothing else."""
    if not 1 <= programme.weeks <= MAX_WEEKS or not 1 <= len(programme.entries) <= MAX_EXERCISES:
        raise ValueError("programme out of bounds for a share code")
    entries = [
        (library.exercise_ids.by_slug[entry.exercise.slug], entry.dose, entry.exercise.dose)
        for entry in programme.entries
    ]
    return _v3_bits(programme.weeks, entries)


def typed_code(code: str) -> str:
    """A version 3 code as a patient may type it (lower case, I/L for 1, O for 0, dashes,
    spaces), in its one spelling; anything else comes back unchanged."""
    if code.startswith(V2_FIRST) or not _CROCKFORD_TYPED.match(code):
        return code  # a version 2 code is read as it is (``decode`` still tries it as typed)
    return code.upper().translate(_TYPED_AS)


def _decode_v3(code: str, library: Library) -> SharedProgramme:
    if len(code) > MAX_V3_CODE_CHARS * 2 or not _CROCKFORD_TYPED.match(code):
        raise ShareCodeError("not a programme code")
    code = typed_code(code)
    if not 2 <= len(code) <= MAX_V3_CODE_CHARS or any(c not in CROCKFORD for c in code):
        raise ShareCodeError("not a programme code")
    value = 0
    for char in code:
        value = value << 5 | CROCKFORD.index(char)
    reader = _BitReader(value >> 8, len(code) * 5 - 8)
    if reader.take(1):
        raise ShareCodeError("not a share code of a known version")
    weeks = reader.take(4) + 1
    if weeks > MAX_WEEKS:
        raise ShareCodeError("weeks out of range")
    slugs: list[str] = []
    doses: list[Dose] = []
    entries: list[tuple[int, Dose, Dose]] = []
    while reader.left >= 5:
        exercise_id = _take_id(reader)
        slug = library.exercise_ids.by_id.get(exercise_id)
        if slug is None or slug not in library.exercises or slug in slugs or len(slugs) == MAX_EXERCISES:
            raise ShareCodeError("unknown, repeated or too many exercises")
        default = library.exercises[slug].dose
        dose = _take_dose(reader, default)
        slugs.append(slug)
        doses.append(dose)
        entries.append((exercise_id, dose, default))
    if not slugs:
        raise ShareCodeError("no exercises")
    # The check, the zero padding and the one spelling in one go: write it again and compare.
    if _v3_bits(weeks, entries) != code:
        raise ShareCodeError("not the code of this programme: a mistyped code")
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


_LINK = re.compile(r"^(?:https?://[^/\s]+)?(?:/[^\s?#]*)?/p/(?P<code>[^/\s?#]+?)(?:\.pdf)?/?(?:[?#]\S*)?$")


def code_of(text: str) -> str | None:
    """The code in a share link (``https://…/p/CODE``, ``…/p/CODE.pdf``), the text itself if it
    is shaped like a code, or None (a file name or a template's slug, say)."""
    text = text.strip()
    link = _LINK.match(text)
    if link:
        return link["code"]
    if text.startswith(V1_PREFIX) or (text.startswith(V2_FIRST) and _BASE64URL.match(text)):
        return text
    typed = typed_code(text)
    return text if typed and all(char in CROCKFORD for char in typed.upper().translate(_TYPED_AS)) else None


def decode(code: str, library: Library) -> SharedProgramme:
    """Read a share code of any version strictly; every problem is a ShareCodeError."""
    if not isinstance(code, str) or not code:
        raise ShareCodeError("empty")
    if code.startswith(V1_PREFIX):
        return _decode_v1(code, library)
    if code.startswith(V2_FIRST):
        try:
            return _decode_v2(code, library)
        except ShareCodeError:
            if not _CROCKFORD_TYPED.match(code):
                raise
    return _decode_v3(code, library)
