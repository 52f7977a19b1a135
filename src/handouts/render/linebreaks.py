"""Where lines may break: phone numbers, e-mail and web addresses are kept whole on paper.

A patient copying a number or an address from a printed handout must find it on one line,
never split at a space or a hyphen. ``keep_whole`` is the Jinja filter the print templates use;
the spans it writes are styled by ``.nowrap`` and ``.link`` in styles/handout.css.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# Phone numbers ("+45 98 12 34 56", "98 12 34 56": 8 digits or more in groups), e-mail and web
# addresses. A long web address may break after a "/", and a very long part of one between two
# letters (at a <wbr>), never at its hyphens.
_KEEP_WHOLE = re.compile(
    r"(?P<link>(?:https?://|www\.)[^\s<>\"&]*[^\s<>\"&.,;:!?)\]'»”]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<tel>(?<![\w+])(?:\+\d{1,3}[ \u00a0]?)?\d{2,4}(?:[ \u00a0-]\d{2,4}){1,5}(?!\w))"
)
_LONGEST_UNBROKEN = 48  # characters: at 16 pt a part this long still fits beside the QR code


def _address_chunks(part: str) -> list[str]:
    """A long part of an address cut every ~20 characters, always between two letters or digits."""
    chunks, start = [], 0
    while len(part) - start > _LONGEST_UNBROKEN:
        cut = start + 20
        while cut < len(part) and not (part[cut - 1].isalnum() and part[cut].isalnum()):
            cut += 1
        if cut >= len(part):
            break
        chunks.append(part[start:cut])
        start = cut
    return [*chunks, part[start:]]


def _address_html(address: str) -> str:
    parts = re.split(r"(?<=/)(?=[^/])", address)  # after each "/" but not inside "//"
    if len(parts) > 1 and parts[0].endswith("//"):  # "https://" stays with the domain
        parts[:2] = [parts[0] + parts[1]]
    chunks = [chunk for part in parts for chunk in _address_chunks(part)]
    return (
        '<span class="link">'
        + "<wbr>".join(f'<span class="nowrap">{Markup.escape(c)}</span>' for c in chunks)
        + "</span>"
    )


def _keep_whole_match(match: re.Match[str]) -> str:
    text = match.group()
    if match.group("link"):
        return _address_html(Markup(text).unescape())
    if sum(c.isdigit() for c in text) < 8 or re.fullmatch(r"\d{4}-\d{4}", text):  # short, or years
        return text
    return f'<span class="nowrap tel">{text}</span>'


def keep_whole(value: str, link: bool = False) -> Markup:
    """Jinja filter: phone numbers, e-mail and web addresses in ``value`` wrapped so they never
    break across lines (``link=True``: the whole value is one address, e.g. a bare domain).
    Plain text is escaped first; in HTML (``Markup``) only the text between tags is touched."""
    if link:
        return Markup(_address_html(str(value)))
    html = str(value) if isinstance(value, Markup) else str(Markup.escape(value))
    parts = re.split(r"(<[^>]*>)", html)
    return Markup("".join(p if p.startswith("<") else _KEEP_WHOLE.sub(_keep_whole_match, p) for p in parts))
