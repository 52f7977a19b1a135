"""Share codes: a programme's exercises, doses and weeks in a short, URL-safe, versioned text.

A share link ``/<clinic>/p/<code>`` lets a patient fetch the same programme again, from the
QR code on paper or a link, while the server stores nothing. The code never holds the
patient's name, the therapist or the note: only what ``Programme.spec()`` returns.

Format, version 1: ``"1." + base64url(canonical)`` without padding, where ``canonical`` is
ASCII like ``bird-dog:2x10/side@daily,kat-ko:1x10@daily;w2``: the exercises in printed order,
each ``slug:dose`` with the dose as ``str(Dose)`` percent-encoded (a plain dose is unchanged;
a note such as ``3x(8–12 hop)`` becomes ASCII and can hold no ``,`` or ``;``), then ``;w``
and the number of weeks.
Decoding is strict: a length limit, exact (not prefix) exercise slugs that the library knows,
doses through ``dose.parse_dose``, weeks within bounds, no repeats, and the code must be the
one canonical spelling of what it decodes to. Anything else is a ``ShareCodeError``.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from handouts.model.dose import MAX_NOTE_CHARS, Dose, DoseError, parse_dose
from handouts.model.library import Library
from handouts.model.programme import MAX_EXERCISES, MAX_WEEKS, Programme, ProgrammeSpec
from handouts.model.slugs import SLUG_PATTERN

VERSION = "1"
PREFIX = VERSION + "."
# 12 exercises with 80-character slugs and the longest dose (a note of 3-byte characters,
# percent-encoded) fit; a longer code is not ours.
MAX_DOSE_CHARS = 40 + MAX_NOTE_CHARS * 9
MAX_CANONICAL_CHARS = MAX_EXERCISES * (80 + 1 + MAX_DOSE_CHARS + 1) + 4
MAX_CODE_CHARS = len(PREFIX) + (MAX_CANONICAL_CHARS * 4 + 2) // 3
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]+$")
_CANONICAL = re.compile(r"^(?P<entries>[^;]+);w(?P<weeks>[1-9][0-9]?)$")


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


def canonical(spec: ProgrammeSpec) -> str:
    """``Programme.spec()`` as the one text a code is made from."""
    entries = ",".join(f"{slug}:{_dose_text(dose)}" for slug, dose in spec["exercises"])
    return f"{entries};w{spec['weeks']}"


def _dose_text(dose: str) -> str:
    return quote(str(dose), safe="/@()")


def encode_spec(spec: ProgrammeSpec) -> str:
    raw = canonical(spec).encode("ascii")
    return PREFIX + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def encode_programme(programme: Programme) -> str:
    return encode_spec(programme.spec())


def decode(code: str, library: Library) -> SharedProgramme:
    """Read a share code strictly; every problem is a ShareCodeError (never a server error)."""
    if not isinstance(code, str) or len(code) > MAX_CODE_CHARS or not code.startswith(PREFIX):
        raise ShareCodeError("not a share code of this version")
    body = code[len(PREFIX):]
    if not _BASE64URL.match(body) or len(body) % 4 == 1:
        raise ShareCodeError("not base64url")
    try:
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ShareCodeError("not base64url ASCII") from None
    match = _CANONICAL.match(text)
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
    shared = SharedProgramme(tuple(slugs), tuple(doses), weeks)
    # One programme, one code: "2X10", spaces or padding would make a second spelling.
    spec: ProgrammeSpec = {"exercises": [[s, str(d)] for s, d in zip(slugs, doses, strict=True)], "weeks": weeks}
    if encode_spec(spec) != code:
        raise ShareCodeError("not the canonical spelling")
    return shared
