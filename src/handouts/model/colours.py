"""Brand colours: hex parsing and WCAG contrast, so a clinic's colours keep text readable."""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
WHITE = "#ffffff"
BODY_TEXT = "#1a1a1a"
MIN_TEXT_CONTRAST = 4.5  # WCAG 2.x level AA for body-size text


def normalise_hex(value: object) -> str:
    """``"#1F5"`` → ``"#11ff55"``; ValueError in plain words for anything that is not a colour."""
    if not isinstance(value, str) or not HEX_COLOUR.match(value.strip()):
        shown = f'"{value}"' if isinstance(value, str) else repr(value)
        raise ValueError(f'{shown} is not a colour; write it as #rrggbb, e.g. "#1f5fa8"')
    digits = value.strip()[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour (0 black … 1 white)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str = WHITE) -> float:
    """WCAG contrast ratio between two #rrggbb colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
