"""Stable slugs (Danish transliteration) and lookup by any unique prefix."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from handouts.errors import HandoutsError

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def slugify(text: str, max_length: int = 80) -> str:
    """``"Nervetryk i lænden"`` → ``"nervetryk-i-laenden"``: lower case ASCII, words joined by -."""
    text = text.translate(_DANISH)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MACHINE_NAME = re.compile(r"[0-9a-f]{12,}|^[\d_-]+$", re.IGNORECASE)


def slug_from_file_name(path: Path) -> str:
    """``Ondt_i_nakken.md`` → ``ondt-i-nakken``; ``""`` for a name a machine made up.

    A file name is what a CMS export keeps stable (its URL), so it makes the stablest slug.
    A hash (``000_cc5d750043a7b6cb.txt``) or a bare number says nothing: the caller then
    falls back to the title.
    """
    stem = path.stem
    if _MACHINE_NAME.search(stem):
        return ""
    return slugify(stem)


def resolve(given: str, known: Iterable[str], kind: str) -> str:
    """The one slug in ``known`` that is ``given`` or starts with it; else a helpful error."""
    known = sorted(known)
    if given in known:
        return given
    matches = [slug for slug in known if slug.startswith(given)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise HandoutsError(f"{kind} {given!r} is ambiguous; it could be: {', '.join(matches)}")
    hint = suggest(given, known)
    listing = ", ".join(known) if known else "(none)"
    raise HandoutsError(f"unknown {kind} {given!r}{hint}; known: {listing}")


def suggest(given: str, known: Iterable[str]) -> str:
    """`` – did you mean 'x'?`` for a near miss, else the empty string."""
    close = difflib.get_close_matches(given, list(known), n=1, cutoff=0.6)
    return f" – did you mean {close[0]!r}?" if close else ""
