"""Raw HTML in a CMS export: its words are printed as text, its markup is never printed nor passed through.

A CMS body mixes Markdown with HTML (``<br>``, ``<strong>``, ``<div class="callout">``, a
``<table>``, an embedded video, an editor's ``<!-- comment -->``). markdown-it finds the HTML
(its ``html`` option is on for that); here each piece becomes what the tool prints anyway:

- an HTML *block* is read with the standard library's HTML parser and written as Markdown
  (paragraphs, ``#`` headings, ``-`` lists, a pipe table, ``![alt](src)`` images, links), its
  text escaped so nothing in it is read as Markdown again, then parsed like the rest;
- *inline* HTML: ``<br>`` is a line break, ``<a href>`` a link, ``<img>`` an image,
  ``<strong>``/``<b>`` and ``<em>``/``<i>`` emphasis; other tags go, their text stays;
- what is no text for a reader goes whole: scripts, styles, comments, and embedded frames and
  video (a warning says these cannot be printed);
- a ``<word>`` that is no HTML element ("Kontakt <os>") is text, as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser

from markdown_it.common.html_blocks import block_names
from markdown_it.token import Token

# Elements whose content is no text for a reader (code, styling, an embedded player).
DROPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "video", "audio", "svg", "canvas"})
# Of those, what a reader would have seen on the website: the editor is told it is not printed.
EMBEDDED = frozenset({"iframe", "object", "embed", "video", "audio"})
_INLINE_NAMES = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "embed", "font", "i",
    "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
    "sup", "time", "tt", "u", "var", "wbr", "picture", "source", "button", "input", "select", "textarea",
}  # fmt: skip
HTML_ELEMENTS = frozenset(block_names) | DROPPED | _INLINE_NAMES
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_BLOCKS = frozenset(block_names) - {"li", "ul", "ol", "table", "tr", "td", "th"}
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*)")
_ESCAPE = re.compile(r"([\\`*_\[\]<>#|!~])")


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


class _BlockToMarkdown(HTMLParser):
    """One HTML block as Markdown text (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.embedded: list[str] = []  # embedded elements left out
        self._skip: list[str] = []  # open elements whose content is dropped
        self._marks: list[tuple[str, int, str]] = []  # (tag, where its text starts, href) for a and emphasis
        self._lists: list[str] = []  # "ul" / "ol"
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    # --- where text goes ---------------------------------------------------------------
    def _write(self, text: str) -> None:
        if self._cell is not None:
            self._cell.append(text)
        else:
            self.out.append(text)

    def _buffer(self) -> list[str]:
        return self._cell if self._cell is not None else self.out

    # --- the parser's callbacks -----------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in EMBEDDED:
            self.embedded.append(tag)
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.append(tag)
            return
        if tag in DROPPED:
            self._skip.append(tag)
            return
        attr = dict(attrs)
        if tag == "br":
            self._write("  \n" if self._cell is None else " ")
        elif tag == "img":
            src = (attr.get("src") or "").strip()
            if src and not any(c in src for c in "<>\n"):
                self._write(f"![{_escape(attr.get('alt') or '')}](<{src}>)")
        elif tag in _EMPHASIS or tag == "a":
            self._marks.append((tag, len(self._buffer()), (attr.get("href") or "").strip()))
        elif tag in ("ul", "ol"):
            self._lists.append(tag)
            self._write("\n\n")
        elif tag == "li":
            marker = "1. " if self._lists and self._lists[-1] == "ol" else "- "
            self._write("\n" + marker)
        elif tag == "table":
            self._table = []
            self._write("\n\n")
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif re.fullmatch(r"h[1-6]", tag):
            self._write("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in _BLOCKS:
            self._write("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
            return
        if (tag in _EMPHASIS or tag == "a") and self._marks and self._marks[-1][0] == tag:
            _, start, href = self._marks.pop()
            buffer = self._buffer()
            text = "".join(buffer[start:])
            del buffer[start:]
            if tag == "a":
                usable = href and not any(c in href for c in " <>\n()")
                buffer.append(f"[{text}]({href})" if usable and text.strip() else text)
            elif text.strip() and text.strip() == text:
                buffer.append(f"{_EMPHASIS[tag]}{text}{_EMPHASIS[tag]}")
            else:
                buffer.append(text)
        elif tag in ("ul", "ol") and self._lists:
            self._lists.pop()
            self._write("\n\n")
        elif tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._table is not None:
            self._write(_pipe_table(self._table))
            self._table = None
        elif re.fullmatch(r"h[1-6]", tag) or tag in _BLOCKS:
            self._write("\n\n")

    def handle_data(self, data: str) -> None:
        if self._skip or (self._table is not None and self._cell is None):
            return  # a script's code, or the space between table cells
        self._write(_escape(re.sub(r"\s+", " ", data)))

    def markdown(self) -> str:
        self.close()
        lines = [line.strip() + ("  " if line.endswith("  ") else "") for line in "".join(self.out).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _pipe_table(rows: list[list[str]]) -> str:
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n\n" + "\n".join(lines) + "\n\n"


def block_as_markdown(html: str) -> tuple[str, list[str]]:
    """An HTML block as Markdown, and the embedded elements (``iframe`` …) left out of it."""
    parser = _BlockToMarkdown()
    parser.feed(html)
    return parser.markdown(), parser.embedded


def convert_inline_html(children: list[Token], valid_link: Callable[[str], bool]) -> tuple[list[Token], list[str]]:
    """An inline token's children with its HTML made text (see the module docstring), and the
    embedded elements left out."""
    if not any(child.type == "html_inline" for child in children):
        return children, []
    tags = [_TAG.match(child.content) if child.type == "html_inline" else None for child in children]
    closes = {m.group(2).lower() for m in tags if m and m.group(1)}
    out: list[Token] = []
    embedded: list[str] = []
    skipping = ""
    open_links = 0
    for child, match in zip(children, tags, strict=True):
        name = match.group(2).lower() if match else ""
        closing = bool(match and match.group(1))
        if skipping:
            if closing and name == skipping:
                skipping = ""
            continue
        if child.type != "html_inline":
            out.append(child)
            continue
        if match is None:
            continue  # a comment, a declaration or a processing instruction
        if name not in HTML_ELEMENTS:
            out.append(_text(child.content, child))  # "<os>": words a person wrote, not markup
            continue
        if name in EMBEDDED and not closing:
            embedded.append(name)
        if name in DROPPED and not closing and not child.content.rstrip().endswith("/>") and name in closes:
            skipping = name
        elif name == "br":
            out.append(Token("hardbreak", "br", 0))
        elif name == "img" and not closing:
            image = _image(child.content, child)
            if image is not None:
                out.append(image)
        elif name == "a" and not closing:
            href = _attribute(child.content, "href")
            if href and valid_link(href) and "a" in closes:
                link = Token("link_open", "a", 1)
                link.attrs = {"href": href}
                out.append(link)
                open_links += 1
        elif name == "a" and open_links:
            out.append(Token("link_close", "a", -1))
            open_links -= 1
        elif name in _EMPHASIS and name in closes:
            kind = "strong" if _EMPHASIS[name] == "**" else "em"
            out.append(Token(f"{kind}_close", kind, -1) if closing else Token(f"{kind}_open", kind, 1))
    opened = sum(t.nesting for t in out if t.type in ("strong_open", "strong_close", "em_open", "em_close"))
    if opened:  # an unbalanced <b> without its </b> (or the other way round): no emphasis at all
        out = [t for t in out if t.type not in ("strong_open", "strong_close", "em_open", "em_close")]
    out += [Token("link_close", "a", -1) for _ in range(open_links)]
    return out, embedded


def _text(content: str, like: Token) -> Token:
    token = Token("text", "", 0)
    token.content, token.level = content, like.level
    return token


_ATTRIBUTE = r"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""


def _attribute(tag: str, name: str) -> str:
    found = re.search(_ATTRIBUTE.format(name=name), tag, re.IGNORECASE)
    if not found:
        return ""
    return unescape(next(group for group in found.groups() if group is not None)).strip()


def _image(tag: str, like: Token) -> Token | None:
    src = _attribute(tag, "src")
    if not src:
        return None
    image = Token("image", "img", 0)
    image.attrs = {"src": src, "alt": ""}
    image.children = [_text(_attribute(tag, "alt"), like)]
    image.content = image.children[0].content
    return image
