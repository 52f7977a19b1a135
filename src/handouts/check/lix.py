"""LIX (læsbarhedsindeks), the readability score Danish texts are measured with.

LIX = words / sentences + 100 × long words / words, where a long word has more than six
letters. Lower is easier: below 25 very easy, 25–34 easy, 35–44 medium, 45–54 hard, 55 and
above very hard. Counted on what a patient reads: the Markdown's text (headings, paragraphs,
list items and table cells), not link addresses, image paths or Markdown syntax.

Words are runs of letters (a hyphenated compound such as "piriformis-syndrom" is one word);
numbers are not words. A sentence ends at ``.``, ``!``, ``?`` or ``:`` followed by a space or
the end of its block, and every heading, list item, table cell and paragraph ends one too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

LONG_WORD_LETTERS = 6  # "long" means more than this many letters
_WORD = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*")
# A match may only start where a run of punctuation starts, and the run is taken whole
# (possessive): else a run of 30,000 dots is tried from each of its dots (quadratic).
_SENTENCE_END = re.compile(r"(?<![.!?:])[.!?:]++(?=[\s\"”»)]|$)")
_ENDS_A_SENTENCE = re.compile(r"(?<![.!?:])[.!?:]++[\"”»)]*+$")
_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    long_words: int

    @property
    def lix(self) -> float:
        if not self.words:
            return 0.0
        return self.words / max(self.sentences, 1) + 100 * self.long_words / self.words

    @property
    def band(self) -> str:
        """The usual Danish reading of a LIX score, in plain words."""
        score = self.lix
        for limit, name in ((25, "very easy"), (35, "easy"), (45, "medium"), (55, "hard")):
            if score < limit:
                return name
        return "very hard"


def text_blocks(markdown: str) -> list[str]:
    """The readable text of each block (heading, paragraph, list item, table cell)."""
    blocks = []
    for token in _PARSER.parse(markdown):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        text = " ".join("".join(parts).split())
        if text:
            blocks.append(text)
    return blocks


def readability(markdown: str) -> Readability:
    words = sentences = long_words = 0
    for block in text_blocks(markdown):
        found = _WORD.findall(block)
        if not found:
            continue
        words += len(found)
        long_words += sum(1 for word in found if sum(ch.isalpha() for ch in word) > LONG_WORD_LETTERS)
        sentences += len(_SENTENCE_END.findall(block))
        if not _ENDS_A_SENTENCE.search(block):  # a heading, a list item or a cell without a full stop
            sentences += 1
    return Readability(words=words, sentences=sentences, long_words=long_words)
