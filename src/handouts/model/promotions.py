"""Directory-site promotion taken out of an article as it is read (``model.markdown``), section- and
paragraph-aware, with a record of everything removed.

Articles from a directory website's CMS send the patient to that site ("På FysFinder kan du
sammenligne fysioterapeuter …"). A clinic's handout must not, and must not leave broken text
behind either. The rules, in order:

1. **Sections.** A heading that names the site goes with its whole section (everything up to
   the next heading of the same or a higher level). So does a section whose heading is about
   finding, choosing, booking or paying for a therapist, clinic or treatment ("Hvordan finder
   jeg en fysioterapeut …?", "Hvad koster akupunktur?") when its text promotes the site.
2. **Sentences.** A sentence that names the site goes. So does a sentence that only points at
   the site ("Du kan [finde en fysioterapeut her](…)", a bare link line), and, in a paragraph
   that promotes the site, the sentences that lean on it ("Platformen giver …", "Som hjælper
   dig …") or praise its features (comparing clinics, prices and reviews). A *directory
   prompt* goes too, with or without its link: a sentence that sends the reader to find,
   search for, book or contact *a* therapist or clinic (not the one handing out the sheet)
   somewhere ("Find en fysioterapeut tæt på dig", "… kontakte en fysioterapeut via …", "… at
   finde en fysioterapeut specialiseret i iskias" with its link to the site).
3. **Links.** A sentence that merely links to one of the site's pages keeps its words; only
   the link goes. Links without a scheme (``/find/…``, ``/ordbog/…``) are the site's own pages
   too: they become plain text, never a ``file://`` link in the PDF.
4. **Leftovers.** A paragraph, list item or list left empty goes; so does a heading whose
   section is left empty.

Nothing is put in the removed text's place: the clinic's call to action is printed once, in
the closing box. Every removal is recorded (``Removal``) so ``handouts check`` can list it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from handouts.model.plaintext import link_texts

PROMOTED_SITES = ("FysFinder",)


@dataclass(frozen=True)
class Removal:
    """One piece of promotion taken out: ``section``, ``paragraph``, ``sentence`` or ``link``."""

    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


# Words of a heading about getting a provider, and of what is got. Matched on whole words.
_GET = r"(?:find\w*|vælg\w*|book\w*|bestil\w*|choos\w*|select\w*)"
_PAY = r"(?:koste[rt]?|pris|priser|prisen|betal\w*|egenbetaling|cost\w*|price\w*|pay\w*)"
_PROVIDER = (
    r"\w*(?:fysioterapeut|terapeut|behandler|behandling|klinik|specialist|akupunktør|kiropraktor|"
    r"reumatolog|massør|træner|fysioterapi|physiotherapist|therapist|clinic|practitioner)\w*"
)
_PROVIDER_HEADING = re.compile(rf"\b{_GET}\b.*\b{_PROVIDER}\b|\b{_PROVIDER}\b.*\b{_GET}\b|\b{_PAY}\b", re.IGNORECASE)
# What a directory offers: comparing clinics, prices and reviews.
_DIRECTORY_FEATURES = re.compile(
    r"\bsammenlign\w*\b.{0,80}\b(?:klinik\w*|\w*terapeut\w*|behandler\w*|pris\w*|\w*anmeldelse\w*|specialer)\b"
    r"|\b(?:læs|se|læse)\s+(?:\w+\s+)?anmeldelse|\bcompare\b.{0,80}\b(?:clinic|therapist|price|review)",
    re.IGNORECASE,
)
# A directory prompt: get-or-contact, then *a* provider (indefinite: never the clinic itself) …
_PROMPT = re.compile(
    r"\b(?:find\w*|søg\w*|book\w*|bestil\w*|kontakt\w*|opsøg\w*|vælg\w*|search\w*|contact\w*|look\w* for)"
    r"\s+(?:\w+\s+){0,3}?(?:en|et|a|an|one|nogle|some)\s+(?:\w+\s+){0,2}?" + _PROVIDER,
    re.IGNORECASE,
)
# … and, when no link to the site is left, where to find one: near you, through a site, online.
_PROMPT_PLACE = re.compile(
    r"\b(?:tæt på dig|nær dig|i nærheden|i dit (?:lokal)?område|i din by|i dit nærområde|lokalt|via|gennem"
    r" (?:os|vores|siden|platformen|portalen|hjemmesiden|linket|oversigten|listen|søgningen)|online|på nettet"
    r"|på (?:vores|siden|platformen|portalen|hjemmesiden)|her på siden|near you|nearby|in your area|through (?:our|the|this))\b"
    r"|\b(?:specialiseret i|med speciale i|specialised in|specialized in)\b",
    re.IGNORECASE,
)


def is_directory_prompt(sentence: str) -> bool:
    """A sentence that sends the reader to find a provider somewhere (rule 2)."""
    match = _PROMPT.search(sentence)
    return match is not None and _PROMPT_PLACE.search(sentence, match.start()) is not None


# A sentence that leans on the one before it about the site.
_LEANS_ON_SITE = re.compile(r"^[\"“„(]?(?:Som|Platformen|Portalen|Siden|Hjemmesiden|Her|Der|Dér|Det gør det)\b")
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*)?\)")
# `[text](https://… , der …`: a CMS dropped the closing parenthesis; close it before the space
# (a link with a title, `[text](https://… "Titel")`, is closed already).
_UNCLOSED_LINK = re.compile(
    r"(\[[^\]]*\]\(\s*https?://[^\s()]+?)(?=[,;]?\s)(?![^\s]*\))(?!\s+(?:\"[^\"]*\"|'[^']*')\s*\))"
)
_POINTING_WORD = re.compile(r"\b(?:her|here|klik|click)\W*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“„(\[]?[A-ZÆØÅ0-9])")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ONLY_PUNCTUATION = re.compile(r"^[\W_]*$")


class Promotions:
    """The rules above for one list of sites (``PROMOTED_SITES`` by default)."""

    def __init__(self, sites: tuple[str, ...] = PROMOTED_SITES) -> None:
        self.sites = sites
        self._site = re.compile("|".join(re.escape(s) for s in sites), re.IGNORECASE) if sites else None

    # --- what counts as promotion ---------------------------------------------------------

    def names_site(self, text: str) -> bool:
        return self._site is not None and self._site.search(text) is not None

    def is_site_link(self, href: str) -> bool:
        """A link to the site: its address names it, or it has no scheme (the CMS's own pages)."""
        href = href.strip()
        if not href or href.startswith("#"):
            return False
        return self.names_site(href) or not _SCHEME.match(href)

    def is_promotion_heading(self, heading: str) -> bool:
        return self.names_site(heading)

    def is_provider_heading(self, heading: str) -> bool:
        return _PROVIDER_HEADING.search(heading) is not None

    def sentence_kind(self, sentence: str) -> str:
        """``site`` (names or only points at the site), ``feature`` (what a directory offers),
        ``link`` (links to the site, keep the words) or ``text``."""
        links = [(m.group(2), m.group(3)) for m in _LINK.finditer(sentence) if not m.group(1)]
        words = _LINK.sub(lambda m: "" if m.group(1) else m.group(2), sentence)
        site_links = [(text, href) for text, href in links if self.is_site_link(href)]
        if self.names_site(words):
            return "site"
        if site_links:
            outside = _LINK.sub("", sentence)
            if _ONLY_PUNCTUATION.match(outside) or any(_POINTING_WORD.search(text) for text, _ in site_links):
                return "site"
            if _PROMPT.search(words):
                return "site"  # a directory prompt with its link to the site
            return "link"
        if is_directory_prompt(words):
            return "site"
        if _DIRECTORY_FEATURES.search(words):
            return "feature"
        return "text"

    def promotes(self, text: str) -> bool:
        """True when a block of Markdown names the site, or points only at it."""
        return any(self.sentence_kind(s) == "site" for s in split_sentences(text))

    # --- the passes -----------------------------------------------------------------------

    def remove_blocks(self, tokens: list[Token]) -> tuple[list[Token], list[Removal]]:
        """Rules 1, 2 and 4 on markdown-it's block tokens (before inline parsing)."""
        if self._site is None:
            return tokens, []
        removed: list[Removal] = []
        tokens = self._remove_sections(tokens, removed)
        heading: Token | None = None  # the top-level heading whose section we are in
        in_cell = False
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open" and tok.level == 0:
                heading = tok
            elif tok.type in ("th_open", "td_open", "th_close", "td_close"):
                in_cell = tok.nesting == 1
            elif tok.type == "inline" and tokens[i - 1].type != "heading_open":
                before = tok.content
                tok.content = self._remove_sentences(before, removed, in_table=in_cell)
                if before.strip() and not tok.content.strip() and heading is not None:
                    heading.meta["emptied"] = True
        return _prune(tokens), removed

    def _remove_sections(self, tokens: list[Token], removed: list[Removal]) -> list[Token]:
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open" and tok.level == 0:
                heading = tokens[i + 1].content
                end = _section_end(tokens, i)
                body = [t.content for t in tokens[i + 3 : end] if t.type == "inline"]
                promoting = any(self.promotes(text) or self._features_with_site(text) for text in body)
                if self.is_promotion_heading(heading) or (self.is_provider_heading(heading) and promoting):
                    removed.append(Removal("section", _plain(" ".join([heading, *body]))))
                    i = end
                    continue
            out.append(tok)
            i += 1
        return out

    def _features_with_site(self, text: str) -> bool:
        kinds = {self.sentence_kind(s) for s in split_sentences(text)}
        return "feature" in kinds and bool(kinds & {"site", "link"})

    def _remove_sentences(self, text: str, removed: list[Removal], *, in_table: bool) -> str:
        if not (self.names_site(text) or "](" in text or _DIRECTORY_FEATURES.search(text) or _PROMPT.search(text)):
            return text
        text = _UNCLOSED_LINK.sub(r"\1)", text)
        pieces = _split_keeping_space(text)
        kinds = [self.sentence_kind(sentence) for sentence, _ in pieces]
        paragraph_promotes = "site" in kinds
        kept: list[str] = []
        dropped: list[str] = []
        leaning = False
        for (sentence, space), kind in zip(pieces, kinds, strict=True):
            drop = kind == "site" or (paragraph_promotes and kind == "feature")
            drop = drop or (leaning and _LEANS_ON_SITE.match(sentence) is not None)
            leaning = drop
            if drop:
                dropped.append(sentence)
            else:
                kept.append(sentence + space)
        if not dropped:
            return text
        result = "".join(kept).rstrip()
        kind = "sentence" if result or in_table else "paragraph"
        removed.append(Removal(kind, _plain(" ".join(dropped))))
        return result

    def unlink(self, tokens: list[Token]) -> list[Removal]:
        """Rule 3 on inline tokens (after inline parsing): site and relative links → text."""
        removed: list[Removal] = []
        for tok in tokens:
            if tok.type != "inline" or not tok.children:
                continue
            children: list[Token] = []
            open_links: list[bool] = []  # per open link: is it being dropped?
            for child in tok.children:
                if child.type == "link_open":
                    drop = self.is_site_link(str(child.attrGet("href") or ""))
                    open_links.append(drop)
                    if drop:
                        removed.append(Removal("link", str(child.attrGet("href"))))
                        continue
                elif child.type == "link_close" and open_links and open_links.pop():
                    continue
                children.append(child)
            tok.children = children
        return removed


# --- helpers -------------------------------------------------------------------------------


def split_sentences(text: str) -> list[str]:
    return [sentence for sentence, _ in _split_keeping_space(text)]


def _split_keeping_space(text: str) -> list[tuple[str, str]]:
    """``(sentence, the space after it)`` pairs; joined back they are ``text``."""
    pieces: list[tuple[str, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append((text[start : match.start()], match.group(0)))
        start = match.end()
    pieces.append((text[start:], ""))
    return pieces


def _section_end(tokens: list[Token], start: int) -> int:
    """Index of the next top-level heading of the same or a higher level (or the end)."""
    level = int(tokens[start].tag[1])
    for j in range(start + 3, len(tokens)):
        tok = tokens[j]
        if tok.type == "heading_open" and tok.level == 0 and int(tok.tag[1]) <= level:
            return j
    return len(tokens)


def _prune(tokens: list[Token]) -> list[Token]:
    """Drop paragraphs left empty, then list items, lists and quotes left empty, then top-level
    headings whose section has nothing left in it."""
    changed = True
    while changed:
        changed = False
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if (
                tok.type == "paragraph_open"
                and i + 2 < len(tokens)
                and tokens[i + 1].type == "inline"
                and not tokens[i + 1].content.strip()
            ):
                i += 3
                changed = True
                continue
            if (
                tok.nesting == 1
                and tok.type in _CONTAINERS
                and i + 1 < len(tokens)
                and tokens[i + 1].nesting == -1
                and tokens[i + 1].type == tok.type.replace("_open", "_close")
            ):
                i += 2
                changed = True
                continue
            out.append(tok)
            i += 1
        tokens = out
    return _drop_empty_headings(tokens)


_CONTAINERS = {"bullet_list_open", "ordered_list_open", "list_item_open", "blockquote_open"}


def _drop_empty_headings(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open" and tok.level == 0:
            end = i + 3
            nxt = tokens[end] if end < len(tokens) else None
            empty = nxt is None or (
                nxt.type == "heading_open" and nxt.level == 0 and int(nxt.tag[1]) <= int(tok.tag[1])
            )
            if empty and tok.meta.get("emptied"):
                i = end
                continue
        out.append(tok)
        i += 1
    return out


def _plain(markdown: str) -> str:
    """Markdown as a person reads it in a report: links as their text, emphasis marks gone."""
    text = link_texts(markdown)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())
