"""Stage 3, render HTML: article and programme handouts as one inspectable HTML string.

One Jinja environment, built once: autoescape on, StrictUndefined, and Markdown output marked
safe in exactly one place (``_markdown_html``). Template errors become user errors naming the
template and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import __version__
from .clinic import Clinic
from .content import Article, Library, RedFlagSet
from .errors import HandoutsError
from .i18n import Catalogue, catalogue
from .markdown import MarkdownContext, render_markdown
from .resources import seeds_dir, styles_dir, templates_dir


@dataclass
class RenderedHTML:
    """A handout's HTML plus what the PDF stage needs to know about it."""

    html: str
    title: str
    warnings: list[str] = field(default_factory=list)
    asset_roots: list[Path] = field(default_factory=list)  # folders WeasyPrint may read


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render_template(name: str, **context: object) -> str:
    try:
        return environment().get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise HandoutsError(f"templates/{exc.name or name}: line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise HandoutsError(f"templates/{name}: {exc}") from None


def css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes and line breaks escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def page_counter_css(labels: Catalogue) -> str:
    """``Side {page} af {pages}`` as CSS ``content``: strings around the page counters."""
    template = labels.t("page_of", page="\x00page\x00", pages="\x00pages\x00")
    parts = []
    for piece in template.split("\x00"):
        if piece == "page":
            parts.append("counter(page)")
        elif piece == "pages":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def _markdown_html(text: str, ctx: MarkdownContext) -> tuple[Markup, list[str]]:
    """The one place where Markdown output is trusted as HTML: markdown-it has html off."""
    result = render_markdown(text, ctx)
    return Markup(result.html), result.warnings


def common_context(clinic: Clinic, *, large_print: bool) -> dict:
    labels = catalogue(clinic.language)
    return {
        "clinic": clinic,
        "labels": labels,
        "lang": clinic.language,
        "version": __version__,
        "large_print": large_print,
        "logo_uri": clinic.logo.as_uri() if clinic.logo else "",
        "page_counter_css": page_counter_css(labels),
        "qr_svg": "",
        "qr_caption": "",
        "qr_url": "",
        "description": "",
        "footer_date": "",
    }


def asset_roots(clinic: Clinic, library: Library) -> list[Path]:
    roots = [styles_dir(), templates_dir(), seeds_dir(), library.content_dir]
    if clinic.logo:
        roots.append(clinic.logo.parent)
    return roots


def red_flags_context(red_flags: RedFlagSet, name: str) -> tuple[Markup, list[str]]:
    ctx = MarkdownContext(source_name=name, promote_titles=False)
    return _markdown_html(red_flags.body, ctx)


def article_html(
    article: Article,
    clinic: Clinic,
    library: Library,
    *,
    large_print: bool = False,
    qr: tuple[Markup, str] | None = None,
) -> RenderedHTML:
    labels = catalogue(clinic.language)
    ctx = MarkdownContext(
        source_name=article.source.name,
        base_dir=article.path.parent,
        image_roots=library.image_roots,
        call_to_action=clinic.call_to_action,
        image_label=labels.t("image_missing", alt="{alt}"),
    )
    body_html, warnings = _markdown_html(article.body, ctx)
    red_flags = library.red_flags_for(article)
    red_flags_html, rf_warnings = red_flags_context(red_flags, red_flags.source.name)
    updated = labels.date(article.last_updated or article.published)
    context = common_context(clinic, large_print=large_print) | {
        "document_title": article.title,
        "description": article.description,
        "article": article,
        "body_html": body_html,
        "red_flags": red_flags,
        "red_flags_html": red_flags_html,
        "last_updated": updated,
        "next_review": labels.date(article.next_review),
        "footer_date": updated,
    }
    if qr is not None:
        context |= {"qr_svg": qr[0], "qr_url": qr[1], "qr_caption": labels.t("qr_caption")}
    html = render_template("article.html.j2", **context)
    return RenderedHTML(
        html=html,
        title=article.title,
        warnings=warnings + rf_warnings,
        asset_roots=asset_roots(clinic, library),
    )
