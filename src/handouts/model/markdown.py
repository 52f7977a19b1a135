"""An article's Markdown as the tool reads it: the parser, the CMS rules and the work bounds.

The model owns what the text *is* (its headings, what counts as a title line, what directory
promotion is taken out); ``render.markdown`` turns the same tokens into HTML. Raw HTML is
never passed through: markdown-it finds it and ``model.cms_html`` prints its words as text
(never its tags); links go only to the web, mail or a phone number, and two rules make CMS
exports print well:

**Title lines.** Some exports write section titles as bare lines instead of ``##`` headings.
The first line of a top-level paragraph (without its ``**`` when it is bold from end to end, as
a CMS writes a FAQ question) is a *title line* when it is short (at most
``TITLE_MAX_CHARS`` characters and ``TITLE_MAX_WORDS`` words), has at least two words, starts
with a capital letter or a digit, and does not end like a sentence (``. , ; : !``; a question
mark is fine). A title line becomes a heading one level below the last real heading (``h2``
when there is none); the rest of its paragraph stays a paragraph. A title line that stands
alone and is directly followed by another title line opens a group (e.g. "Ofte stillede
spørgsmål …" followed by questions): the title lines under it are one level deeper, until the
next real heading or the next group.

Title lines are never taken from a references section (a heading such as "Kilder" or
"Referenceliste"), never from a line that holds a link, an address or a citation ("…
2019", "et al."), and a question becomes a heading only as one of a series (two or more
questions as title lines in the same section, or right below a heading): a lone question in
running text stays a paragraph.

**CMS leftovers.** ``## ## Heading`` is one heading; a block of list items indented by four
spaces, which CommonMark would print as code, is a list; so are two or more lines of a
paragraph that start with a pasted bullet character (``• Punkt``, ``▪ Punkt``, ``– Punkt``),
which CommonMark would run together into one line (the lines before them stay a paragraph).

**Directory promotions** are taken out section- and paragraph-aware (``model/promotions.py``);
what was removed is listed in ``MarkdownResult.removed``.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from handouts.limits import MAX_ELEMENTS, MAX_TEXT_CHARS, MAX_WORD_CHARS
from handouts.model.cms_html import block_as_markdown, convert_inline_html
from handouts.model.promotions import PROMOTED_SITES, Promotions, Removal

TITLE_MAX_CHARS = 100
TITLE_MAX_WORDS = 14


@dataclass
class MarkdownResult:
    html: str
    warnings: list[str] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)  # directory promotion taken out


@dataclass
class MarkdownContext:
    """What the Markdown rules need to know about the article and the clinic."""

    source_name: str
    base_dir: Path | None = None  # folder the article's relative image paths start from
    image_roots: tuple[Path, ...] = ()  # folders images may come from
    promoted_sites: tuple[str, ...] = PROMOTED_SITES
    promote_titles: bool = True
    image_label: str = "{alt}"  # alt text for an image that has none
    language: str = "da"  # the text's language: blocks in another one are marked with lang
    result: MarkdownResult = field(default_factory=lambda: MarkdownResult(""))


_SENTENCE_END = re.compile(r"[.,;:!]$")


def is_title_line(line: str) -> bool:
    """The documented title-line rule (see the module docstring)."""
    text = line.strip()
    words = text.split()
    if not (2 <= len(words) <= TITLE_MAX_WORDS) or len(text) > TITLE_MAX_CHARS:
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit()):
        return False
    if text[0] in "|!*[>#-+`" or _SENTENCE_END.search(text):
        return False
    # never a reference, nor a sentence going on from the last ("Men hvad så?")
    return not (_CITATION.search(text) or words[0].casefold() in _RUNNING_ON)


_WHOLLY_BOLD = re.compile(r"^(\*\*|__)(?!\s)((?:(?!\1).)+?)(?<!\s)\1[ \t\\]*$")


def unbold(line: str) -> str:
    """A line that is bold from end to end (``**Hvad er iskias?**``, a CMS's heading) without its
    marks, so the title-line rule reads its words; any other line stripped only."""
    text = line.strip()
    found = _WHOLLY_BOLD.match(text)
    return found.group(2) if found else text


# A link, an address, "et al.", a year in brackets, or a full stop inside the line: a reference.
_CITATION = re.compile(r"\]\(|https?:|www\.|\bet al\b|\((?:19|20)\d\d\w?\)|\.\s+[\"“„'A-ZÆØÅ]")
_RUNNING_ON = {"men", "og", "så", "eller", "for", "fordi", "hvis", "når", "mens", "but", "and", "so", "or"}
REFERENCES_HEADING = re.compile(
    r"^(?:kilder|kildeliste|kildehenvisninger|referencer|referenceliste|litteratur|litteraturliste|"
    r"sources|references|bibliography|further reading)\b",
    re.IGNORECASE,
)


def _titles_rule(state: StateCore) -> None:
    ctx: MarkdownContext | None = state.env.get("handouts")
    state.tokens = _html_blocks_as_markdown(state, ctx)
    if ctx is None:
        return
    state.tokens = _indented_lists_as_lists(state)
    tokens = _pasted_bullets_as_lists(state)
    _single_heading_marks(tokens)
    tokens = _without_empty_headings(tokens, ctx)  # the author's own headings, before title lines are read
    if ctx.promote_titles:
        tokens = _promote_title_lines(tokens)
    tokens, removed = Promotions(ctx.promoted_sites).remove_blocks(tokens)
    ctx.result.removed += removed
    state.tokens = tokens


def _without_empty_headings(tokens: list[Token], ctx: MarkdownContext) -> list[Token]:
    """A heading with nothing under it (the next block is a heading of the same or a higher
    level, or the end of the text) is left out, with a warning: a CMS leftover, never a section."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        following = tokens[i + 3] if i + 3 < len(tokens) else None  # after heading_open, inline, heading_close
        empty = following is None or (following.type == "heading_open" and following.tag <= tok.tag)
        if tok.type == "heading_open" and tok.level == 0 and empty:
            text = tokens[i + 1].content.strip()
            if text:
                ctx.result.warnings.append(
                    f"{ctx.source_name}: heading {text[:80]!r} has no text under it and is left out;"
                    " write its text or remove the heading"
                )
            i += 3
            continue
        out.append(tok)
        i += 1
    return out


def _html_blocks_as_markdown(state: StateCore, ctx: MarkdownContext | None) -> list[Token]:
    """Each HTML block as the Markdown of its words (``model.cms_html``), parsed in its place."""
    out: list[Token] = []
    for tok in state.tokens:
        if tok.type != "html_block":
            out.append(tok)
            continue
        text, embedded = block_as_markdown(tok.content)
        _warn_embedded(ctx, embedded)
        nested: list[Token] = []
        state.md.block.parse(text, state.md, state.env, nested)
        for child in nested:
            child.level += tok.level
            child.map = tok.map
        out += nested
    return out


def _warn_embedded(ctx: MarkdownContext | None, embedded: list[str]) -> None:
    if ctx is not None and embedded:
        ctx.result.warnings.append(
            f"{ctx.source_name}: an embedded {embedded[0]} (<{embedded[0]}>) cannot be printed and is left out;"
            " describe in words what it showed if the patient needs it"
        )


_LIST_LINE = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]")


def _indented_lists_as_lists(state: StateCore) -> list[Token]:
    """A code block whose every line is a list item (``    * Punkt``) is a list a CMS indented."""
    out: list[Token] = []
    for tok in state.tokens:
        if tok.type == "code_block":
            lines = [line.strip() for line in tok.content.splitlines() if line.strip()]
            if lines and all(_LIST_LINE.match(line) for line in lines):
                nested: list[Token] = []
                state.md.block.parse(textwrap.dedent(tok.content), state.md, state.env, nested)
                for child in nested:
                    child.level += tok.level
                    child.map = tok.map
                out += nested
                continue
        out.append(tok)
    return out


_PASTED_BULLET = re.compile(r"^[ \t]*[•·▪▫●◦‣■□➢►✓✔–][ \t]+(?=\S)")


def _pasted_bullets_as_lists(state: StateCore) -> list[Token]:
    """A paragraph whose last lines (two or more) start with a bullet character: a list."""
    out: list[Token] = []
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        lines = tokens[i + 1].content.split("\n") if tok.type == "paragraph_open" and tok.level == 0 else []
        first = next((n for n, line in enumerate(lines) if _PASTED_BULLET.match(line)), len(lines))
        if len(lines) - first < 2 or not all(_PASTED_BULLET.match(line) for line in lines[first:]):
            out.append(tok)
            i += 1
            continue
        lead = "\n".join(lines[:first])
        items = "\n".join(_PASTED_BULLET.sub("- ", line, count=1) for line in lines[first:])
        nested: list[Token] = []
        state.md.block.parse(f"{lead}\n\n{items}\n" if lead else f"{items}\n", state.md, state.env, nested)
        for child in nested:
            child.map = tok.map
        out += nested
        i += 3  # paragraph_open, inline, paragraph_close
    return out


_HEADING_MARKS = re.compile(r"^#{1,6}[ \t]+")


def _single_heading_marks(tokens: list[Token]) -> None:
    """``## ## Heading`` (a CMS doubling the marks) is the heading "Heading"."""
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            while _HEADING_MARKS.match(inline.content):
                inline.content = _HEADING_MARKS.sub("", inline.content, count=1)


PARSER_MAX_NESTING = 40  # markdown-it's recursion guard (commonmark: 20); deeper text would vanish


def _after_inline_rule(state: StateCore) -> None:
    ctx: MarkdownContext | None = state.env.get("handouts")
    for tok in state.tokens:
        if tok.type == "inline" and tok.children:
            tok.children, embedded = convert_inline_html(tok.children, state.md.validateLink)
            _warn_embedded(ctx, embedded)
    _break_long_words_in_tables(state.tokens)
    _break_overlong_words(state.tokens)
    _bound_elements(state.tokens, ctx)
    if ctx is not None:
        ctx.result.removed += Promotions(ctx.promoted_sites).unlink(state.tokens)
    if ctx is not None and any(tok.level >= PARSER_MAX_NESTING - 1 for tok in state.tokens):
        ctx.result.warnings.append(
            f"{ctx.source_name}: lists or quotes are nested more than {PARSER_MAX_NESTING // 2} levels deep;"
            " the deepest part is left out – use fewer levels"
        )


# What a line may break at: whitespace, except the no-break spaces (U+00A0, U+2007, U+202F),
# which Python counts as whitespace (``\s``) but layout does not break at. A "word" is a run
# of anything else, so "a\u00a0a\u00a0…" is one long word and gets break points like any other.
NO_BREAK_SPACES = "\u00a0\u2007\u202f"
_BREAKABLE = "".join(re.escape(c) for c in map(chr, range(0x3001)) if c.isspace() and c not in NO_BREAK_SPACES)
_WORD_CHAR = f"[^{_BREAKABLE}]"

LONG_WORD = 30  # letters without a break; longer runs get break points in tables
_LONG_RUN = re.compile(rf"{_WORD_CHAR}{{{LONG_WORD},}}")


def _break_long_words_in_tables(tokens: list[Token]) -> None:
    """Give very long words and URLs in table cells invisible break points (U+200B).

    A table column is at least as wide as its longest unbreakable word, so one pasted URL
    would push the table off the page; body text wraps such words by itself (CSS).
    """
    in_cell = False
    for tok in tokens:
        if tok.type in ("th_open", "td_open"):
            in_cell = True
        elif tok.type in ("th_close", "td_close"):
            in_cell = False
        elif in_cell and tok.type == "inline":
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    child.content = _LONG_RUN.sub(_with_breaks, child.content)


def _with_breaks(match: re.Match[str]) -> str:
    word = match.group(0)
    return "\u200b".join(word[i : i + BREAK_EVERY_CHARS] for i in range(0, len(word), BREAK_EVERY_CHARS))


# --- work bounds: what one text may ask of the layout engine (the numbers: handouts.limits) ---
BREAK_EVERY_CHARS = 20  # how far apart the break points in an overlong run are
_OVERLONG_RUN = re.compile(rf"{_WORD_CHAR}{{{MAX_WORD_CHARS + 1},}}")


class TooMuchWork(ValueError):
    """The text is beyond what one handout may ask of the layout engine (see the limits)."""


def check_text_size(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise TooMuchWork(
            f"the text is {len(text):,} characters; a handout's text must stay under {MAX_TEXT_CHARS:,}"
            " (about 35 pages) – split it into several articles"
        )


def _break_overlong_words(tokens: list[Token]) -> None:
    """Break points in every run of over ``MAX_WORD_CHARS`` characters without a space
    (pasted URLs, keyboard mashing), in text and code alike, so lines break in linear time."""
    for tok in tokens:
        if tok.type in ("fence", "code_block") and len(tok.content) > MAX_WORD_CHARS:
            tok.content = _OVERLONG_RUN.sub(_with_breaks, tok.content)
        elif tok.type == "inline":
            for child in tok.children or []:
                if child.type in ("text", "code_inline") and len(child.content) > MAX_WORD_CHARS:
                    child.content = _OVERLONG_RUN.sub(_with_breaks, child.content)


def _bound_elements(tokens: list[Token], ctx: MarkdownContext | None) -> None:
    count = 0
    for tok in tokens:
        count += tok.nesting == 1
        count += sum(child.nesting == 1 or child.type == "image" for child in tok.children or ())
    if count > MAX_ELEMENTS:
        raise TooMuchWork(
            f"the text has {count:,} paragraphs, list items, table cells and other elements; a handout"
            f" has at most {MAX_ELEMENTS:,} – split it into several articles or join short lines"
        )


def _promote_title_lines(tokens: list[Token]) -> list[Token]:
    # Find top-level paragraphs whose first line is a title line, outside references sections.
    candidates: dict[int, bool] = {}  # index of paragraph_open -> stands alone
    questions: dict[int, int] = {}  # index of paragraph_open -> question title lines in its section
    section: list[int] = []
    in_references = False
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.level == 0:
            _count_questions(section, tokens, questions)
            section = []
            in_references = bool(REFERENCES_HEADING.match(tokens[i + 1].content.strip()))
        elif tok.type == "paragraph_open" and tok.level == 0:
            lines = tokens[i + 1].content.split("\n")
            if REFERENCES_HEADING.match(lines[0].strip()) and len(lines[0].split()) <= 2:
                in_references = True  # "Kilder" or "Kilder:" as a line of its own
            elif not in_references and is_title_line(unbold(lines[0])):
                candidates[i] = len(lines) == 1
                section.append(i)
    _count_questions(section, tokens, questions)

    out: list[Token] = []
    last_real_level = 1
    group_open = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            last_real_level = int(tok.tag[1])
            group_open = False
        after_heading = i > 0 and tokens[i - 1].type == "heading_close"
        if i in questions and questions[i] < 2 and not after_heading and not group_open:
            candidates.pop(i)  # a lone question in running text stays a paragraph
        if i not in candidates:
            out.append(tok)
            i += 1
            continue
        inline, close = tokens[i + 1], tokens[i + 2]
        first, _, rest = inline.content.partition("\n")
        first = unbold(first)
        next_para = i + 3
        starts_group = candidates[i] and next_para in candidates
        level = min(last_real_level + 1 + (1 if group_open and not starts_group else 0), 6)
        if starts_group:
            group_open = True
        tag = f"h{level}"
        out.append(_token("heading_open", tag, 1, tok))
        out.append(_inline(first.strip(), inline))
        out.append(_token("heading_close", tag, -1, tok))
        if rest.strip():
            out.append(tok)
            out.append(_inline(rest, inline))
            out.append(close)
        i += 3
    return out


def _count_questions(section: list[int], tokens: list[Token], questions: dict[int, int]) -> None:
    """Record, for each question title line of a section, how many the section has."""
    asked = [i for i in section if unbold(tokens[i + 1].content.split("\n", 1)[0]).endswith("?")]
    for i in asked:
        questions[i] = len(asked)


def _token(kind: str, tag: str, nesting: Literal[-1, 0, 1], like: Token) -> Token:
    token = Token(kind, tag, nesting)
    token.map, token.level, token.block = like.map, like.level, True
    return token


def _inline(content: str, like: Token) -> Token:
    token = Token("inline", "", 0)
    token.content, token.map, token.level, token.children = content, like.map, like.level, []
    return token


def parser() -> MarkdownIt:
    """A Markdown parser with the CMS rules and the work bounds; ``render.markdown`` adds the
    HTML rules to its own."""
    # html on: markdown-it finds the HTML, ``model.cms_html`` turns it into text and tokens
    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "linkify": False})
    md.enable(["table", "strikethrough"])
    md.options["maxNesting"] = PARSER_MAX_NESTING
    md.core.ruler.after("block", "handouts_titles", _titles_rule)
    md.core.ruler.after("inline", "handouts_after_inline", _after_inline_rule)
    md.validateLink = _validate_link  # type: ignore[method-assign]  # markdown-it's documented hook
    return md


def _validate_link(url: str) -> bool:
    """Links may go to the web, to mail or to a phone number; nothing else survives."""
    return bool(re.match(r"^(https?:|mailto:|tel:|#|/|[^:]*$)", url.strip(), re.IGNORECASE))


_PARSER = parser()


def headings_of(text: str) -> list[str]:
    """The headings an article prints (``#`` headings and title lines), without rendering it."""
    tokens = _PARSER.parse(text, {"handouts": MarkdownContext(source_name="")})
    return [tokens[i + 1].content for i, tok in enumerate(tokens) if tok.type == "heading_open"]
