"""Whether a red-flag box part fits one printed page: a height estimate in lines of text, kept on
the safe side of the measured layout (tests/render/test_programme_box.py lays every cut out)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from handouts.model.red_flags import RedFlagPart

# Characters a line holds (IBM Plex Sans, the box's padding and border, two columns of signs with
# their bullets), and the line's height in mm (line spacing 1.35, large print 1.2; bold signs are wider, so the
# counts are a little short of the average). Measured on the programme page: body 13 pt, large 17 pt.
_COLUMN_CHARS = {False: 33, True: 27}
_FULL_CHARS = {False: 74, True: 58}
_LINE_MM = {False: 6.25, True: 7.2}
_GAP_LINES = 0.2  # the space under each sign and each level, in lines
_FRAME_LINES = 2.5  # the heading's extra size, the box's padding, border and margins
# The page's text area (A4 less the margins, header and footer) less room for measuring error
# and for the call to action kept under the box (break-before: avoid).
PAGE_MM = {False: 203.0, True: 196.0}


def _plain(markdown: str) -> str:
    return re.sub(r"[*_`]", "", markdown)


def _lines(text: str, chars: int) -> int:
    return len(textwrap.wrap(_plain(text), chars, break_long_words=False)) if text.strip() else 0


def _column_lines(signs: tuple[str, ...], chars: int) -> float:
    return sum(_lines(sign, chars) + _GAP_LINES for sign in signs)


def part_height_mm(part: RedFlagPart, call_of: Callable[[str], str], footer: str, *, large_print: bool) -> float:
    """The estimated height of one printed box part: ``call_of(level)`` is a level's whole action
    line, ``footer`` what is printed under the signs."""
    column, full = _COLUMN_CHARS[large_print], _FULL_CHARS[large_print]
    lines = _FRAME_LINES + _lines(part.title or "Røde flag", full - 8) * 1.2
    for group in part.groups:
        lines += _lines(call_of(group.level), full - 2) + _GAP_LINES
        lines += max(_column_lines(signs, column) for signs in group.columns)
    lines += sum(_lines(action, full) for action in part.actions)
    lines += _lines(footer, full)
    return lines * _LINE_MM[large_print]


def height_on_page(call_of: Callable[[str], str], footer: str, *, large_print: bool) -> Callable[[RedFlagPart], float]:
    """A part's estimated height as a share of what a page holds for it (1: a full page)."""

    def share(part: RedFlagPart) -> float:
        return part_height_mm(part, call_of, footer, large_print=large_print) / PAGE_MM[large_print]

    return share
