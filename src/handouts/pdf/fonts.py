"""Which font families a document's stack needs: the fallback faces only for the scripts it uses.

``handout.css`` names every bundled family in ``--fonts``: the body font, the fallback faces of
``fallback.css`` (Greek, Cyrillic, Vietnamese, Arabic, Hebrew, Devanagari, Thai) and the
symbol fonts. Pango consults that whole list for every run of text it shapes, and a Danish
handout never needs the fallback faces. So the writer gives each document the stack without
the fallback families none of its characters needs (``stack_for``); the order of the rest is
unchanged, so every character is printed in the same face as with the whole list: a family is
left out only when it covers none of the document's characters that the body font lacks.
"""

from __future__ import annotations

import re
from functools import cache

from handouts.resources import fonts_dir, styles_dir

_FONTS_VARIABLE = re.compile(r"--fonts:\s*([^;]+);")
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
_FAMILY = re.compile(r'font-family:\s*"([^"]+)"')
_SOURCE = re.compile(r'url\("fonts/([^"]+)"\)')
_RANGE = re.compile(r"unicode-range:\s*([^;}]+)")


def _faces(css: str) -> dict[str, tuple[list[str], str | None]]:
    """family → (its font files, its unicode-range or None), from a stylesheet's @font-face rules."""
    faces: dict[str, tuple[list[str], str | None]] = {}
    for body in _FONT_FACE.findall(css):
        family = _FAMILY.search(body)
        if family is None:
            continue
        unicode_range = _RANGE.search(body)
        files, _ = faces.setdefault(family.group(1), ([], unicode_range.group(1) if unicode_range else None))
        files += _SOURCE.findall(body)
    return faces


def _in_range(unicode_range: str) -> set[int]:
    codepoints: set[int] = set()
    for part in unicode_range.split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        codepoints.update(range(int(low, 16), int(high or low, 16) + 1))
    return codepoints


def _cmap(files: list[str]) -> set[int]:
    from fontTools.ttLib import TTFont

    found: set[int] = set()
    for name in files:
        with TTFont(str(fonts_dir() / name), lazy=True) as font:
            found.update(font.getBestCmap() or {})
    return found


@cache
def _families() -> tuple[tuple[str, ...], dict[str, frozenset[int]]]:
    """The whole stack in order, and each fallback family's characters the body font lacks."""
    handout = (styles_dir() / "handout.css").read_text("utf-8")
    fallback = (styles_dir() / "fallback.css").read_text("utf-8")
    declared = _FONTS_VARIABLE.search(handout)
    if declared is None:
        raise ValueError("styles/handout.css: no --fonts variable")
    stack = tuple(name.strip().strip('"') for name in declared.group(1).split(","))
    fallback_faces = _faces(fallback)
    body_faces = _faces(handout)
    first_fallback = min(stack.index(name) for name in fallback_faces if name in stack)
    body = _cmap([file for name in stack[:first_fallback] for file in body_faces.get(name, ([], None))[0]])
    extra = {}
    for name, (files, unicode_range) in fallback_faces.items():
        covered = _cmap(files)
        if unicode_range:
            covered &= _in_range(unicode_range)
        extra[name] = frozenset(covered - body)
    return stack, extra


def stack_for(text: str) -> tuple[str, ...]:
    """The families ``text`` needs, in the stylesheet's order: the body and symbol fonts always,
    a fallback family only when ``text`` has a character it covers and the body font lacks."""
    stack, extra = _families()
    if text.isascii():
        wanted: set[int] = set()
    else:
        wanted = {ord(char) for char in set(text) if ord(char) > 0x7F}
    return tuple(name for name in stack if name not in extra or not wanted.isdisjoint(extra[name]))


def full_stack() -> tuple[str, ...]:
    return _families()[0]


def stack_css(families: tuple[str, ...]) -> str:
    """A stylesheet setting ``--fonts`` to ``families`` (names from our own stylesheet)."""
    return ":root { --fonts: " + ", ".join(f'"{name}"' for name in families) + "; }"
