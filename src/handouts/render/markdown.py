"""Stage 3a, render Markdown: article and exercise text to safe HTML.

The text is read by ``model.markdown`` (the CMS rules, the work bounds, links only to the web,
mail or a phone); here the tokens become HTML. Raw HTML in Markdown is never passed through,
images resolve only to files inside the content folder (else a plain label and a warning),
every heading is recorded (the PDF outline and the tests read them), and each table is
wrapped in a ``div.table``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from handouts.errors import InputError
from handouts.images import ARTICLE_IMAGE_TYPES
from handouts.model.markdown import MarkdownContext, MarkdownResult, TooMuchWork, check_text_size, parser


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
    elif path is None:
        ctx.result.warnings.append(
            f"{ctx.source_name}: image {_short(src)!r} not found; printed without it"
            " – put the file next to the article or fix the path"
        )
    if path is None:
        if not alt:
            return ""
        label = html.escape(ctx.image_label.format(alt=alt))
        return f'<span class="missing-image">{label}</span>'
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
    relative = src.split("?")[0].split("#")[0]
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
    md.add_render_rule("image", _render_image)
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    return md


_PARSER = _build_parser()


def render_markdown(text: str, ctx: MarkdownContext) -> MarkdownResult:
    """HTML for ``text``; raises ``InputError`` naming ``ctx.source_name`` beyond the work bounds."""
    ctx.result = MarkdownResult("")
    try:
        check_text_size(text)
        ctx.result.html = _PARSER.render(text, {"handouts": ctx})
    except TooMuchWork as exc:
        raise InputError(ctx.source_name, None, str(exc)) from None
    return ctx.result
