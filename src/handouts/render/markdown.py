"""Stage 3a, render Markdown: article and exercise text to safe HTML.

The text is read by ``model.markdown`` (the CMS rules, the work bounds, links only to the web,
mail or a phone); here the tokens become HTML. Raw HTML in Markdown is never passed through,
images resolve only to files inside the content folder, every heading is recorded (the PDF
outline and the tests read them), and each table is wrapped in a ``div.table``.

**Paper.** An image that is not there is left out (a warning says so; no "Billede: …" line is
printed). The blocks of a references section get the class ``references`` (never hyphenated),
and a block written in the other language than the article's (an English title in a Danish
reference list) gets its own ``lang`` (``language.py``), so it is not hyphenated by the
article's rules.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from handouts.errors import InputError
from handouts.images import ARTICLE_IMAGE_TYPES
from handouts.model.language import language_of
from handouts.model.markdown import (
    REFERENCES_HEADING,
    MarkdownContext,
    MarkdownResult,
    TooMuchWork,
    check_text_size,
    parser,
)


def _render_image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    ctx: MarkdownContext = env["handouts"]
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = "".join(child.content for child in (token.children or []))
    path = _resolve_image(src, ctx)
    if path is None and _SCHEME.match(src):
        ctx.result.warnings.append(
            f"{ctx.source_name}: image {_short(src)!r} is an address, not a file; images are never fetched"
            " from the web – save the image next to the article and name the file"
        )
    elif path is None:  # named as the editor wrote the file's name (a CMS writes "æ" as %C3%A6)
        name = unquote(src.split("?")[0].split("#")[0])
        # a web path from the site's root is looked for from the content folder, not beside the article
        where = (
            f"in the content folder as {_short(name.lstrip('/'))}" if name.startswith("/") else "next to the article"
        )
        ctx.result.warnings.append(
            f"{ctx.source_name}: image {_short(unquote(src))!r} not found; printed without it"
            f" – put the file {where} or fix the path"
        )
    if path is None:
        return ""  # left out quietly on paper: the warning above tells the editor
    ctx.result.images.append(path)
    alt = alt or ctx.image_label.format(alt=path.stem.replace("-", " ").replace("_", " "))  # never without alt text
    return f'<img src="{html.escape(path.as_uri())}" alt="{html.escape(alt)}" class="article-image">'


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "…"


def _resolve_image(src: str, ctx: MarkdownContext) -> Path | None:
    """A local image file inside the allowed folders, or None (remote, absent, or outside)."""
    if not src or _SCHEME.match(src) or ctx.base_dir is None:
        return None  # any scheme (http, file, data, javascript …) is refused
    relative = unquote(src.split("?")[0].split("#")[0])  # a web path: "tr%C3%A6ning.png" is "træning.png"
    candidates = [ctx.base_dir / relative.lstrip("/")]
    if relative.startswith("/"):
        candidates += [root / relative.lstrip("/") for root in ctx.image_roots]
    for candidate in candidates:
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            continue
        inside = any(resolved.is_relative_to(root.resolve()) for root in ctx.image_roots)
        if inside and resolved.is_file() and resolved.suffix.lower() in ARTICLE_IMAGE_TYPES:
            return resolved
    return None


_BLOCK_OPENS = ("paragraph_open", "heading_open", "th_open", "td_open", "list_item_open")


def _references_and_languages_rule(state: StateCore) -> None:
    ctx: MarkdownContext | None = state.env.get("handouts")
    if ctx is not None:
        _mark_references_and_languages(state.tokens, ctx.language)


def _mark_references_and_languages(tokens: list[Token], language: str) -> None:
    """Class ``references`` on the top-level blocks of a references section; ``lang`` on each
    block whose text is in another language than the article's (see the module docstring)."""
    references_level = 0  # the heading level that opened a references section (0: none)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.level == 0:
            level = int(tok.tag[1])
            if REFERENCES_HEADING.match(tokens[i + 1].content.strip()):
                references_level = level
            elif references_level and level <= references_level:
                references_level = 0
        elif tok.nesting == 1 and tok.level == 0 and tok.type != "heading_open":
            if (
                tok.type == "paragraph_open"
                and REFERENCES_HEADING.match(tokens[i + 1].content.strip())
                and (len(tokens[i + 1].content.split()) <= 2)
            ):
                references_level = 7  # "Kilder:" as a line of its own: to the end or the next heading
            elif references_level:
                tok.attrJoin("class", "references")
        if tok.type != "inline" or i == 0:
            continue
        text = "".join(child.content for child in tok.children or () if child.type in ("text", "code_inline"))
        found = language_of(text, language)
        if found == language:
            continue
        # the nearest block that is printed: a tight list's paragraphs are hidden
        for j in range(i - 1, -1, -1):
            if tokens[j].type in _BLOCK_OPENS and not tokens[j].hidden:
                tokens[j].attrSet("lang", found)
                break
            if tokens[j].nesting == -1:
                break


def _render_heading_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    ctx: MarkdownContext = env["handouts"]
    token = tokens[idx]
    text = "".join(c.content for c in (tokens[idx + 1].children or []) if c.type in ("text", "code_inline"))
    ctx.result.headings.append((int(token.tag[1]), text))
    return self.renderToken(tokens, idx, options, env)


def _render_table_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<div class="table">' + self.renderToken(tokens, idx, options, env)


def _render_table_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>"


def _build_parser() -> MarkdownIt:
    md = parser()
    # after the model's rules, so directory promotions are already out
    md.core.ruler.after("handouts_after_inline", "handouts_references_and_languages", _references_and_languages_rule)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    # never passed through: the model turns HTML into text first, so none should be left
    md.add_render_rule("html_block", _render_escaped)
    md.add_render_rule("html_inline", _render_escaped)
    return md


def _render_escaped(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return html.escape(tokens[idx].content)


_PARSER = _build_parser()


def render_markdown(text: str, ctx: MarkdownContext) -> MarkdownResult:
    """HTML for ``text``; raises ``InputError`` naming ``ctx.source_name`` beyond the work bounds."""
    ctx.result = MarkdownResult("")
    try:
        check_text_size(text)
        # a paragraph that held only images that are not there is left out with them
        ctx.result.html = _PARSER.render(text, {"handouts": ctx}).replace("<p></p>\n", "")
    except TooMuchWork as exc:
        raise InputError(ctx.source_name, None, str(exc)) from None
    return ctx.result
