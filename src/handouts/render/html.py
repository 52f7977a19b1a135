"""Stage 3, render HTML: article and programme handouts as one inspectable HTML string.

One Jinja environment, built once: autoescape on, StrictUndefined, and Markdown output marked
safe in exactly one place (``markdown_html``). Template errors become user errors naming the
template and line.
"""

from __future__ import annotations

import base64
import contextlib
import pickle
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from markupsafe import Markup

from handouts import __version__
from handouts.cache import cache_dir
from handouts.errors import HandoutsError
from handouts.i18n import SUPPORTED_LANGUAGES, Catalogue, catalogue
from handouts.model.clinic import Clinic
from handouts.model.content import Article, Exercise
from handouts.model.exercise_pictures import has_picture
from handouts.model.library import Library
from handouts.model.markdown import MarkdownContext
from handouts.model.programme import Programme
from handouts.model.red_flags import RedFlagBox, article_box, continued, programme_box
from handouts.model.slugs import slugify
from handouts.render.box_fit import height_on_page
from handouts.render.chart import tracking_chart
from handouts.render.document import RenderedHTML
from handouts.render.figures import Timing, illustration_svg
from handouts.render.linebreaks import keep_whole
from handouts.render.markdown import render_markdown
from handouts.resources import seeds_dir, styles_dir, templates_dir

# What the compiled code of a template depends on besides its source: part of its cache key.
_OPTIONS: dict[str, Any] = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
_FILTERS = {"keep_whole": keep_whole}  # phone numbers and addresses never split across lines


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """The templates compiled once for every process of this user, in their cache folder (the
    templates' own code: no handout's text or name is ever in it). A file that cannot be read
    or written there only means compiling again."""

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory), "%s.jinja")
        self.salt = f"{jinja2.__version__}|{sorted(_OPTIONS.items())}|{sorted(_FILTERS)}"

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.salt}|{name}", filename)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def environment() -> jinja2.Environment:
    folder = cache_dir("templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_CompiledTemplates(folder) if folder is not None else None,
        **_OPTIONS,
    )
    env.filters.update(_FILTERS)
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


def markdown_html(text: str, ctx: MarkdownContext) -> tuple[Markup, list[str]]:
    """The one place where Markdown output is trusted as HTML: markdown-it has html off."""
    result = render_markdown(text, ctx)
    return Markup(result.html), result.warnings


def common_context(
    clinic: Clinic, *, large_print: bool, language: str | None = None, labels: Catalogue | None = None
) -> dict[str, object]:
    """What every printed handout's templates need. ``language`` is the text's language (the
    document's ``lang``: hyphenation, screen readers); the labels are in ``labels``' language
    (the clinic's unless given), and templates mark them with their own ``lang`` where the two
    differ."""
    labels = labels or catalogue(clinic.language)
    if labels.language != clinic.language:
        clinic = _in_language(clinic, labels)
    return {
        "clinic": clinic,
        "labels": labels,
        "lang": language or clinic.language,
        "version": __version__,
        "large_print": large_print,
        "logo_uri": clinic.logo.as_uri() if clinic.logo else "",
        "page_counter_css": page_counter_css(labels),
        "qr_svg": "",
        "qr_caption": "",
        "qr_url": "",
        "description": "",
        "footer_date": "",
        "call_to_action": clinic.call_to_action,  # an article's; a programme puts its own
    }


def _in_language(clinic: Clinic, labels: Catalogue) -> Clinic:
    """The clinic with its own texts in the page's language, so one page speaks one language:
    the profile's ``[translations.<language>]`` where it gives them; else the catalogue's call to
    action and no footer line. An emergency instruction without a translation is printed as
    written: a warning is never left out for its language (``handouts check`` says so)."""
    own = clinic.translations.get(labels.language)  # type: ignore[call-overload]
    default = labels.t("default_call_to_action", clinic=clinic.name, phone=clinic.phone)
    cta = (own.call_to_action if own else "") or default
    update: dict[str, str] = {
        "call_to_action": cta,
        "programme_call_to_action": (own.programme_call_to_action if own else "") or cta,
        "footer": own.footer if own else "",
    }
    if own and own.emergency:
        update["emergency"] = own.emergency
    return clinic.model_copy(update=update)


def asset_roots(clinic: Clinic, library: Library) -> list[Path]:
    roots = [styles_dir(), templates_dir(), seeds_dir(), library.content_dir]
    if clinic.logo:
        roots.append(clinic.logo)  # the logo file only, not every file beside the profile
    return roots


def red_flags_context(box: RedFlagBox, clinic: Clinic, labels: Catalogue) -> tuple[list[dict[str, Any]], list[str]]:
    """Each printed box of a red-flag box: its title, its own actions, and its signs as HTML
    under each level's action line (in the page's language, with the clinic's region)."""
    if labels.language != clinic.language:
        clinic = _in_language(clinic, labels)  # its emergency text in the page's language
    ctx = MarkdownContext(source_name=box.sets[0].source.name, promote_titles=False, promoted_sites=())
    parts: list[dict[str, Any]] = []
    warnings: list[str] = []
    for part in box.parts:
        levels = []
        for group in part.groups:
            columns = []
            for column in group.columns:  # side by side on paper: CSS columns cost ten times the layout
                html, column_warnings = markdown_html("".join(f"- {sign}\n" for sign in column), ctx)
                columns.append(html)
                warnings += column_warnings
            call, detail = level_lines(group.level, clinic, labels)
            levels.append({"level": group.level, "call": call, "detail": detail, "columns": columns})
        parts.append(
            {
                "title": part.title,
                "slug": part.slug,
                "levels": levels,
                "actions": part.actions,
                "continued": part.continued,
            }
        )
    return parts, warnings


def paged(box: RedFlagBox, clinic: Clinic, large_print: bool) -> RedFlagBox:
    """A programme's one box as printed: whole, or, when taller than a page (a programme for
    many regions, large print), cut between levels into parts that each fit one page. One set's
    box is never cut: every set alone fits a page (tests/render/test_red_flag_box.py lays each out)."""
    if len(box.sets) < 2:
        return box
    labels = catalogue(clinic.language)  # a programme's labels, the box's included
    footer = labels.t("red_flags_non_urgent", clinic=clinic.name, phone=clinic.phone)
    height = height_on_page(lambda level: " ".join(level_lines(level, clinic, labels)), footer, large_print=large_print)
    parts = tuple(cut for part in box.parts for cut in continued(part, height, 1.0))
    return replace(box, parts=parts)


def level_lines(level: str, clinic: Clinic, labels: Catalogue) -> tuple[str, str]:
    """What a level's action line says: the call (``Ring 112 nu``) and how (the clinic's own
    ``emergency`` text, else its region's out-of-hours number, else the general words)."""
    call = labels.t(f"red_flags_level_{level}")
    if level == "112":
        return call, labels.t("red_flags_level_112_detail")
    if level == "today":
        if clinic.emergency:
            return call, clinic.emergency
        service = clinic.out_of_hours
        if service is None:
            return call, labels.t("red_flags_level_today_detail")
        name = service.service if labels.language == "da" else service.service_en
        return call, labels.t("red_flags_level_today_region", service=name, phone=service.phone)
    return call, labels.t("red_flags_level_days_detail")


def article_html(
    article: Article,
    clinic: Clinic,
    library: Library,
    *,
    large_print: bool = False,
    qr: tuple[Markup, str] | None = None,
) -> RenderedHTML:
    # One handout, one language: the labels and the red-flag box speak the article's language.
    language = article.language if article.language in SUPPORTED_LANGUAGES else clinic.language
    labels = catalogue(language)

    body_html, body_warnings = article_body(article, library, labels)
    warnings = list(body_warnings)
    red_flags = article_box(article, library, language)
    red_flag_parts, rf_warnings = red_flags_context(red_flags, clinic, labels)
    updated = labels.date(article.updated)
    context = common_context(clinic, large_print=large_print, language=article.language, labels=labels) | {
        "document_title": article.title,
        "description": article.description,
        "article": article,
        "body_html": body_html,
        "red_flags": red_flags,
        "red_flag_parts": red_flag_parts,
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
        source=article.source.name,
    )


def article_body(article: Article, library: Library, labels: Catalogue) -> tuple[Markup, list[str]]:
    """An article's text as HTML, with its images, and what went wrong reading it."""

    def body() -> tuple[Markup, list[str]]:
        ctx = MarkdownContext(
            source_name=article.source.name,
            base_dir=article.path.parent,
            image_roots=library.image_roots,
            image_label=labels.t("image_missing", alt="{alt}"),
            language=article.language,
        )
        return markdown_html(article.body, ctx)

    # The body is the same for every clinic with the same labels' language: built once per worker.
    return library.per_article(f"body {labels.language}", article, body)


def red_flag_box_html(box: RedFlagBox, clinic: Clinic, library: Library, *, large_print: bool = False) -> RenderedHTML:
    """A page holding only this red-flag box, laid out as on a handout (same page, same
    stylesheet, same width): a box that fits this page fits any page of a handout."""
    labels = catalogue(box.language)
    parts, warnings = red_flags_context(box, clinic, labels)
    title = labels.t("red_flags_heading")
    context = common_context(clinic, large_print=large_print, language=box.language, labels=labels) | {
        "document_title": title,
        "red_flags": box,
        "red_flag_parts": parts,
    }
    html = render_template("red_flag_box.html.j2", **context)
    return RenderedHTML(html=html, title=title, warnings=warnings, asset_roots=asset_roots(clinic, library))


def exercise_drawing(exercise: Exercise, clinic: Clinic, labels: Catalogue, *, moving: bool = False) -> str:
    """The exercise's drawing (or the placeholder) as SVG text, in the clinic's colour.

    ``moving`` (screens): the figure moves from start to end and back at the exercise's pace,
    and stands still as the two poses for a viewer who asks for reduced motion."""
    hold = exercise.dose.hold_seconds
    return illustration_svg(
        exercise.illustration,
        accent=clinic.colours.primary,
        title=labels.t("illustration_alt", name=exercise.name),
        labels=("", ""),  # captions are printed by the template at body size
        missing=labels.t("illustration_missing"),
        animate=Timing.for_hold(None if hold is None else hold.high) if moving else None,
    )


def exercise_figure(exercise: Exercise, clinic: Clinic, labels: Catalogue, *, inline: bool = True) -> Markup:
    """The exercise's own image if it has one, else its drawn illustration (a card without
    either shows no figure at all: see ``exercise_cards``).

    ``inline=False`` (paper) gives the drawing as an image with a ``data:`` address: the PDF
    worker keeps each parsed image by its address for its whole life, so a drawing is parsed
    once, not for every programme (that was a fifth of a four-exercise programme's render), and
    its shapes stay out of the page's HTML tree. The PDF tags it as a Figure with the same text.
    """
    alt = labels.t("illustration_alt", name=exercise.name)
    if exercise.image is not None:
        return Markup('<img class="card__image" src="{}" alt="{}">').format(exercise.image.as_uri(), alt)
    svg = exercise_drawing(exercise, clinic, labels)
    if inline or exercise.illustration is None:
        return Markup(svg)  # built by illustrate.py from validated numbers; every text in it is escaped
    data = base64.b64encode(svg.encode()).decode("ascii")
    return Markup('<img class="card__image card__drawing" src="data:image/svg+xml;base64,{}" alt="{}">').format(
        data, alt
    )


def exercise_cards(
    programme: Programme, labels: Catalogue, picture: Callable[[Exercise], Markup]
) -> tuple[list[dict[str, Any]], list[str]]:
    """What one exercise card shows, on paper and on the web alike; only the picture differs
    (a file on paper, a URL on the web), so the medium passes its own ``picture``."""
    cards: list[dict[str, Any]] = []
    warnings: list[str] = []
    for number, entry in enumerate(programme.entries, start=1):
        ctx = MarkdownContext(source_name=entry.exercise.source.name, promote_titles=False)
        steps, step_warnings = markdown_html(entry.exercise.steps, ctx)
        warnings += step_warnings
        cards.append(
            {
                "number": number,
                "exercise": entry.exercise,
                "category": category_label(entry.exercise.category, labels),
                "dose_words": entry.dose.in_words(labels),
                "note": entry.note,
                "steps_html": steps,
                "stop_when": entry.exercise.stop_when,
                # No stand-in figure for the patient: a card without a picture is laid out for text.
                "figure": picture(entry.exercise) if has_picture(entry.exercise) else None,
                "drawn": entry.exercise.image is None and entry.exercise.illustration is not None,
            }
        )
    return cards, warnings


def category_label(category: str, labels: Catalogue) -> str:
    return labels.t("category_" + slugify(category).replace("-", "_"))


def programme_html(
    programme: Programme,
    clinic: Clinic,
    library: Library,
    *,
    large_print: bool = False,
    qr: tuple[Markup, str] | None = None,
    leaflets: Sequence[Article] = (),
) -> RenderedHTML:
    """The programme; then each leaflet's text, after it in the same document, with one red-flag
    box for all of it and one call to action at the end."""
    labels = catalogue(clinic.language)
    programme = programme.in_language(clinic.language)
    cards, warnings = exercise_cards(
        programme, labels, lambda exercise: exercise_figure(exercise, clinic, labels, inline=False)
    )
    exercises = [entry.exercise for entry in programme.entries]
    red_flags = paged(programme_box(exercises, library, clinic.language, leaflets=leaflets), clinic, large_print)
    red_flag_parts, rf_warnings = red_flags_context(red_flags, clinic, labels)
    leaflet_parts = []
    for article in leaflets:
        body_html, body_warnings = article_body(article, library, labels)
        warnings += body_warnings
        leaflet_parts.append({"article": article, "body_html": body_html})
    steps_language = exercises[0].language if exercises else clinic.language
    weeks_label = labels.t("weeks" if programme.weeks == 1 else "weeks_plural", n=programme.weeks)
    context = common_context(clinic, large_print=large_print) | {
        "document_title": f"{labels.t('programme_title')} – {clinic.name}",
        "programme": programme,
        "programme_title": programme.title,
        "cards": cards,
        "date": labels.date(programme.date),
        "weeks_label": weeks_label,
        # Days as columns: two weeks fit across the page, at 12 pt and at 16 pt in large print.
        "chart": tracking_chart(programme, labels, weeks_per_block=2),
        "red_flags": red_flags,
        "red_flag_parts": red_flag_parts,
        "steps_language": steps_language,
        "steps_translated": all(e.language == clinic.language for e in exercises),
        "leaflets": leaflet_parts,
        "footer_date": "",
        "call_to_action": clinic.programme_call_to_action,
    }
    if qr is not None:
        context |= {"qr_svg": qr[0], "qr_url": qr[1], "qr_caption": labels.t("qr_caption_programme")}
    html = render_template("programme.html.j2", **context)
    roots = asset_roots(clinic, library) + [e.exercise.image.parent for e in programme.entries if e.exercise.image]
    return RenderedHTML(
        html=html, title=str(context["document_title"]), warnings=warnings + rf_warnings, asset_roots=roots
    )
