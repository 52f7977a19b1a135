"""CMS titles: markup taken out, the SEO tail cut off a ``metaTitle``, and front-matter keys in any case.

A title is printed as plain text, so the Markdown or HTML a CMS leaves in it goes
(``plain_title``): "**Knæ** og <em>smerter</em> &amp; ondt" is "Knæ og smerter & ondt".

A CMS writes a page's ``metaTitle`` for search engines: "Iskias – Hvad er iskias? Læs om
symptomer og behandling", "Ondt i ballen → årsager og øvelser", "Knæ | Klinikken". When an
article has no ``title:``, the handout's title is the metaTitle without that tail:

- everything after ``|``, ``→``, ``->``, ``»`` or ``·`` goes (keywords, the site's name);
- after `` – ``, `` — `` or `` - `` the rest goes when it starts a new phrase (a capital
  letter, e.g. "– Hvad er iskias?", "– Guide 2025"); a lower-case rest continues the title
  and stays ("7 facts om ondt i balden og benet – er det iskias?");
- a call to read on at the end goes ("… Læs mere her", "Bliv klogere", "Få svar her").
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from handouts.model.cms_html import HTML_ELEMENTS
from handouts.model.plaintext import link_texts

_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_STRONG = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")


def plain_title(text: str) -> str:
    """A title as a reader sees it: links as their words, no HTML tags, entities, emphasis or code marks."""
    text = link_texts(text)
    text = _HTML_TAG.sub(lambda m: " " if m.group(1).lower() in HTML_ELEMENTS else m.group(0), text)
    text = html.unescape(text)
    for pattern in (_STRONG, _EMPHASIS, _CODE):
        text = pattern.sub(lambda m: m.group(m.lastindex or 0), text)
    return " ".join(text.split())


_ALWAYS_TAIL = re.compile(r"\s+(?:\||→|->|»|·)\s*")
_DASH = re.compile(r"\s+(?:–|—|-{1,2})\s+")
_READ_ON = re.compile(
    r"(?:^|(?<=[.?!])\s+|\s+)"
    r"(?:Læs\s+(?:mere|alt|om|her)|Bliv\s+klogere|Få\s+svar|Find\s+(?:hjælp|svar|ud)|Lær\s+mere|Se\s+(?:mere|her)"
    r"|Klik\s+her|Start\s+\S+\s+nu|Guide\s+\d{4}|Read\s+more|Learn\s+more|Find\s+out)\b.*$",
    re.IGNORECASE,
)
_YEAR_TAIL = re.compile(r"\s+(?:[–—-]\s+)?(?:Guide\s+)?(?:19|20)\d\d\s*$", re.IGNORECASE)


def clean_meta_title(text: str) -> str:
    """The title a person would give the page, from a search-engine ``metaTitle``."""
    original = " ".join(text.split())
    title = _ALWAYS_TAIL.split(original, maxsplit=1)[0]
    dash = _DASH.search(title)
    if dash and title[dash.end() :][:1].isupper():
        title = title[: dash.start()]
    title = _READ_ON.sub("", title).strip()
    title = _YEAR_TAIL.sub("", title).strip(" –—-|:")
    return title if len(title) >= 2 else original


def canonical_keys(meta: Mapping[str, Any], known: Iterable[str]) -> dict[str, Any]:
    """``Title:``, ``TITLE:`` or ``metatitle:`` read as ``title`` and ``metaTitle``.

    Keys that match a known key case-insensitively get its spelling (an exact match wins when
    both are present, so ``Title:`` never overrides ``title:``); other keys stay as they are.
    """
    by_fold = {key.casefold(): key for key in known}
    result: dict[str, Any] = {}
    for key, value in meta.items():
        canonical = by_fold.get(key.casefold(), key)
        if canonical in result and key != canonical:
            continue  # `title:` and `Title:` both given: the exact spelling wins
        result[canonical] = value
    return result
