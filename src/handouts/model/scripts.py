"""Which characters the bundled fonts can print, so a name is never printed as empty boxes.

The union of every bundled font's character map (``styles/fonts/``), read once. Text a person
types for one page (a patient's or therapist's name, a note) is checked before rendering; a
problem names the script, never a character of the text.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from handouts.resources import fonts_dir

_SCRIPT_RANGES = (  # scripts whose fonts are too large to bundle, named in plain words
    ((0x1100, 0x11FF), "Korean"),
    ((0x3130, 0x318F), "Korean"),
    ((0xAC00, 0xD7AF), "Korean"),
    ((0x3040, 0x30FF), "Japanese"),
    ((0x31F0, 0x31FF), "Japanese"),
    ((0x2E80, 0x2FDF), "Chinese, Japanese or Korean"),
    ((0x3000, 0x303F), "Chinese, Japanese or Korean"),
    ((0x3400, 0x9FFF), "Chinese, Japanese or Korean"),
    ((0xF900, 0xFAFF), "Chinese, Japanese or Korean"),
    ((0x20000, 0x3FFFF), "Chinese, Japanese or Korean"),
    ((0x1F000, 0x1FAFF), "emoji"),
    ((0x2600, 0x27BF), "emoji or symbols"),
)


# Printable ASCII, the Latin-1 letters (æ, ø, å, é, ü …) and the commonest typed punctuation
# (dashes, curly quotes, the ellipsis, the euro sign), which every bundled font has (a test
# checks), and line breaks and tabs, which need no glyph: the text most people type is passed
# without reading the fonts' character maps (a tenth of a second).
TYPED = (
    frozenset(range(0x20, 0x7F))
    | frozenset(range(0xA0, 0x100))
    | frozenset(map(ord, "–—‘’‚“”„•…€"))
    | frozenset(map(ord, "\t\n\r"))
)


@cache
def printable_characters() -> frozenset[int]:
    """Code points some bundled font has a glyph for."""
    from fontTools.ttLib import TTFont  # deferred: fontTools is a tenth of a second, needed once

    found: set[int] = set()
    for path in sorted(fonts_dir().glob("*.ttf")):
        with TTFont(str(path), lazy=True) as font:
            found.update(font.getBestCmap() or {})
    return frozenset(found)


def unprintable_script(text: str) -> str | None:
    """The script of the first character no bundled font can print, else None.

    Spaces, controls and invisible format characters (joiners, direction marks) need no glyph.
    """
    if TYPED.issuperset(map(ord, text)):
        return None
    printable = printable_characters()
    for char in text:
        if ord(char) in printable or unicodedata.category(char) in ("Zs", "Cc", "Cf"):
            continue
        return script_name(char)
    return None


def script_name(char: str) -> str:
    """ "Chinese, Japanese or Korean", "Bengali", "emoji" …: what a message may say instead of the character."""
    code = ord(char)
    for (low, high), name in _SCRIPT_RANGES:
        if low <= code <= high:
            return name
    words = unicodedata.name(char, "").split()
    return words[0].title() if words else "an unknown script"
