"""Which of the handouts' languages (Danish, English) a block of text is written in, by its commonest words.

Used to tell an article's language when its front matter has no ``lang:`` (a CMS page written
in English), and to mark an English reference or title in a Danish article with ``lang="en"``,
so that it is not hyphenated by Danish rules ("osteoart-hritis") and a screen reader says it in
English.
Only words that are common in one language and rare in the other count; a block needs a few
of them, and clearly more than of the other language's, before it is called foreign.
"""

from __future__ import annotations

import re

_MARKERS: dict[str, frozenset[str]] = {
    "da": frozenset(
        [
            "og",
            "af",
            "med",
            "til",
            "er",
            "på",
            "det",
            "den",
            "de",
            "en",
            "et",
            "som",
            "der",
            "ikke",
            "at",
            "jeg",
            "du",
            "man",
            "har",
            "kan",
            "vil",
            "skal",
            "fra",
            "om",
            "ved",
            "efter",
            "eller",
            "også",
            "når",
            "hvor",
            "hvad",
            "hvis",
            "mere",
            "meget",
            "kun",
            "sig",
            "sin",
            "sit",
            "sine",
            "deres",
            "hos",
            "samt",
            "mellem",
            "uden",
            "over",
            "under",
            "være",
            "været",
            "blive",
            "bliver",
            "blev",
            "havde",
            "denne",
            "dette",
            "disse",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "with",
            "to",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "on",
            "from",
            "by",
            "this",
            "that",
            "these",
            "those",
            "an",
            "as",
            "at",
            "which",
            "who",
            "what",
            "when",
            "where",
            "how",
            "or",
            "not",
            "can",
            "will",
            "should",
            "may",
            "their",
            "its",
            "his",
            "her",
            "our",
            "your",
            "into",
            "about",
            "between",
            "after",
            "before",
            "during",
            "than",
            "for",
            "in",
        ]
    ),
}
# "for" and "in" are English markers only when weighed against Danish ones ("for" is Danish too).
_SHARED = frozenset({"for", "at", "over", "under"})
_WORD = re.compile(r"[^\W\d_]+")
MIN_MARKERS = 3


def language_of(text: str, default: str) -> str:
    """``default`` unless the text clearly reads as the other language (Danish or English)."""
    if default not in _MARKERS:
        return default
    counts = dict.fromkeys(_MARKERS, 0)
    for word in _WORD.findall(text.casefold()):
        if word in _SHARED:
            continue
        for language, markers in _MARKERS.items():
            counts[language] += word in markers
    other = max((language for language in counts if language != default), key=counts.__getitem__)
    if counts[other] >= MIN_MARKERS and counts[other] > 2 * counts[default]:
        return other
    return default
