"""The red-flag review sheet: every set, Danish and English side by side, each sign's level,
source and the set's keywords, and a line for the reviewing clinician to sign and date."""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from markupsafe import Markup

from handouts.i18n import catalogue
from handouts.model.clinic import Clinic
from handouts.model.content import RedFlagSet, Sign
from handouts.model.library import Library
from handouts.model.markdown import MarkdownContext
from handouts.model.out_of_hours import REGIONS
from handouts.model.red_flags import ordered
from handouts.render.document import RenderedHTML
from handouts.render.html import asset_roots, common_context, markdown_html, render_template


def review_sheet_html(library: Library, clinic: Clinic) -> RenderedHTML:
    """The sheet for every red-flag set of ``library`` (built-in and the clinic's own), in the set
    order, labelled in the clinic's language."""
    labels = catalogue(clinic.language)
    sets = [_set_context(s, library) for s in ordered(library.red_flags.values())]
    title = labels.t("review_title")
    context = common_context(clinic, large_print=False, labels=labels) | {
        "document_title": title,
        "sets": sets,
        # The number each region's "today" line prints, with the page it was checked against:
        # the reviewer checks them too, the clinic's own region marked.
        "out_of_hours": [{"number": entry, "own": key == clinic.region} for key, entry in REGIONS.items()],
    }
    html = render_template("red_flag_review.html.j2", **context)
    return RenderedHTML(html=html, title=title, asset_roots=asset_roots(clinic, library))


def _set_context(danish: RedFlagSet, library: Library) -> dict[str, Any]:
    english = library.translated(danish, "en")
    ctx = MarkdownContext(source_name=danish.source.name, promote_titles=False, promoted_sites=())
    rows = []
    pairs = zip_longest(danish.signs, english.signs if english else (), fillvalue=None)
    for da, en in pairs:
        first = da or en
        rows.append(
            {
                "level": first.level if first else "",
                "da": _sign_html(da, ctx),
                "en": _sign_html(en, ctx),
                "sources": ", ".join(str(n) for n in (da.sources if da else ())),
                "mismatch": da is not None and en is not None and da.level != en.level,
            }
        )
    keywords = danish.keywords
    return {
        "slug": danish.slug,
        "title": danish.title,
        "title_en": english.title if english else "",
        "file": danish.source.name,
        "file_en": english.source.name if english else "",
        "regions": ", ".join(danish.regions),
        "default": danish.is_default,
        "reviewed": danish.reviewed.isoformat() if danish.reviewed else "",
        "reviewed_by": danish.reviewed_by,
        "action": danish.action,
        "action_en": english.action if english else "",
        "rows": rows,
        "sources": list(danish.sources),
        "strong": ", ".join(keywords.strong),
        "weak": ", ".join(keywords.weak),
        "exclude": ", ".join(keywords.exclude),
    }


def _sign_html(sign: Sign | None, ctx: MarkdownContext) -> Markup:
    if sign is None:
        return Markup("")
    html, _warnings = markdown_html(sign.text, ctx)
    return html
