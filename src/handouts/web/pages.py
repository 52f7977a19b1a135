"""What the web pages show: leaflet summaries, the online copy, exercise cards, the builder.

The HTML pieces come from the library: Markdown through ``render``'s one trusted converter,
red flags through ``render.red_flags_context``, drawings through ``render.exercise_figure``,
QR codes through ``render.qr``. Only what differs on a screen is decided here: images are
never ``file://`` addresses (an exercise's own picture is served by slug from
``/-/exercise/<slug>``, its drawing from ``/<clinic>/figure/<slug>.svg``), phone numbers are
``tel:`` links, and wide tables scroll sideways in a focusable region.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from markupsafe import Markup

from handouts.i18n import SUPPORTED_LANGUAGES, Catalogue, catalogue
from handouts.images import EXERCISE_IMAGE_TYPES
from handouts.model.catalogue import fold, group_by_body_part, is_named, matcher, names_of, parts_of, search_words
from handouts.model.clinic import Clinic
from handouts.model.content import CATEGORIES, Article, Exercise
from handouts.model.exercise_pages import body_part_name
from handouts.model.exercise_pictures import has_picture
from handouts.model.library import Library
from handouts.model.markdown import MarkdownContext, is_title_line
from handouts.model.plaintext import link_texts
from handouts.model.programme import Programme
from handouts.model.red_flags import article_box, programme_box
from handouts.model.slugs import slugify
from handouts.render.html import (
    category_label as category_label_of,
)
from handouts.render.html import (
    exercise_cards,
    exercise_drawing,
    exercise_figure,
    markdown_html,  # the one place Markdown output is trusted
    red_flags_context,
)
from handouts.render.qr import qr_svg
from handouts.web.forms import DOSE_FIELDS, NOTE_FIELD, BuilderForm, DoseFields, field_id

SUMMARY_CHARS = 200
_MARKUP = re.compile(r"[*_`]+")
_ALIGN_STYLE = re.compile(r' style="text-align:(?:left|right|center)"')
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])")


def summary(article: Article) -> str:
    """The article's description, else the first sentence of its text (at most 200 characters)."""
    if article.description:
        return _shorten(article.description)
    for block in re.split(r"\n\s*\n", article.body):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if lines and is_title_line(lines[0]):
            lines = lines[1:]  # a CMS title line is printed as a heading, not a sentence
        if not lines or lines[0][0] in "#!|>-*+" or re.match(r"\d+[.)]\s", lines[0]):
            continue
        text = _MARKUP.sub("", link_texts(" ".join(lines)))
        return _shorten(_SENTENCE.split(text, maxsplit=1)[0])
    return ""


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"


def article_body(article: Article, clinic: Clinic, labels: Catalogue) -> Markup:
    """The article's text as HTML for a screen: the print rules, minus local image files."""
    ctx = MarkdownContext(
        source_name=article.source.name,
        base_dir=None,  # no file:// images on the web: an image shows as its label instead
        image_label=labels.t("image_missing", alt="{alt}"),
    )
    html, _warnings = markdown_html(article.body, ctx)
    # markdown-it writes table alignment as style attributes, which the CSP refuses anyway;
    # text is read left-aligned, as on paper, so they are dropped rather than left to fail.
    return Markup(scrolling_tables(_ALIGN_STYLE.sub("", str(html)), labels))


def red_flags(
    library: Library, clinic: Clinic, article: Article | None = None, exercises: list[Exercise] | None = None
) -> dict[str, Any]:
    """Context for partials/red_flags.html.j2: the same box as on paper."""
    # As on paper: an article's box speaks the article's language (one page, one language).
    language = article.language if article is not None and article.language in SUPPORTED_LANGUAGES else clinic.language
    if article is not None:
        box = article_box(article, library, language)
    else:
        box = programme_box(exercises or [], library, language)
    labels = catalogue(language)
    parts, _warnings = red_flags_context(box, clinic, labels)
    return {"red_flags": box, "red_flag_parts": parts, "red_flag_labels": labels}


def figure(exercise: Exercise, clinic: Clinic, labels: Catalogue) -> Markup:
    """The exercise's picture: its own image by slug, else its drawing (a cached file of its
    own, so a page of cards stays light: the moving one, or the still pair for a viewer who asks
    for reduced motion – the page chooses, as a drawing shown as an image cannot), else the
    placeholder (inline SVG)."""
    url = thumbnail_url(exercise, clinic)
    alt = labels.t("illustration_alt", name=exercise.name)
    if url and exercise.image is None and exercise.illustration is not None:
        return Markup(
            '<picture><source media="(prefers-reduced-motion: reduce)" srcset="{}">'
            '<img class="card__image" src="{}" alt="{}"></picture>'
        ).format(url, moving_url(exercise, clinic), alt)
    if url:
        return Markup('<img class="card__image" src="{}" alt="{}">').format(url, alt)
    return exercise_figure(exercise, clinic, labels)


def category_label(exercise: Exercise, labels: Catalogue) -> str:
    return category_label_of(exercise.category, labels)


def programme_cards(programme: Programme, clinic: Clinic, labels: Catalogue) -> list[dict[str, Any]]:
    programme = programme.in_language(clinic.language)
    cards, _warnings = exercise_cards(programme, labels, lambda exercise: figure(exercise, clinic, labels))
    return cards


# --- the builder ----------------------------------------------------------------------------


def thumbnail_url(exercise: Exercise, clinic: Clinic) -> str:
    """A small picture to recognise the exercise by: its own image, else its drawing, else ""."""
    if exercise.image is not None and exercise.image.suffix.lower() in EXERCISE_IMAGE_TYPES:
        return f"/-/exercise/{exercise.slug}"
    if exercise.illustration is not None:
        return f"/{clinic.slug}/figure/{exercise.slug}.svg"
    return ""


def moving_url(exercise: Exercise, clinic: Clinic) -> str:
    """The drawing that moves from start to end and back (the cards on a screen)."""
    return f"/{clinic.slug}/moving/{exercise.slug}.svg"


def figure_svg(exercise: Exercise, clinic: Clinic, labels: Catalogue, *, moving: bool = False) -> bytes:
    """The drawing as a file of its own: still (the builder's thumbnails, reduced motion) or moving."""
    return exercise_drawing(exercise, clinic, labels, moving=moving).encode()


def group_label(label: str, labels: Catalogue) -> str:
    """A catalogue group is a body part, or a category (in the clinic's language) for exercises without one."""
    category = label.casefold()
    return category_label_of(category, labels) if category in CATEGORIES else label


def filters(exercises: list[Exercise], form: BuilderForm) -> Callable[[Exercise], bool]:
    """Whether an exercise passes the builder's search, category and body-part filters."""
    found = matcher(exercises, form.query)
    return lambda exercise: (
        found(exercise)
        and (not form.category or exercise.category == form.category)
        and (not form.part or form.part in parts_of(exercise))
    )


def builder_catalogue(library: Library, clinic: Clinic, labels: Catalogue, form: BuilderForm) -> dict[str, Any]:
    """The catalogue as the builder lists it: grouped by body part (else category), filtered.

    Every exercise is listed, so a ticked one that the filter hides is still sent with the form;
    the filtered-out ones carry ``hidden`` (the script filters the same list as one types).
    A group is folded (its title and count only) unless a search or filter is on and it holds a
    hit: then it is open, so every result shows (docs/builder.md, "Folded groups").
    """
    groups = []
    shown: dict[str, bool] = {}
    listed = library.listed_exercises()
    passes = filters(listed, form)
    filtering = bool(form.query or form.category or form.part)
    # An exercise the query names exactly comes first: its group at the top, it first in its group;
    # then the group the query names ("knæ": the knee's group before the others with a knee in them).
    named = {e.slug for e in listed if passes(e) and is_named(e, form.query)}
    wanted = fold(form.query)
    grouped = list(enumerate(group_by_body_part(listed)))  # the indexes: the script restores this order
    grouped.sort(
        key=lambda group: (
            not any(e.slug in named for e in group[1][1]),
            not wanted or fold(group_label(group[1][0], labels)) != wanted,
        )
    )
    for at, (label, in_order) in grouped:
        items = []
        for place, exercise in sorted(enumerate(in_order), key=lambda item: item[1].slug not in named):
            # An exercise is listed under every body part it names; the first is its main entry
            # (its checkbox's id), the others are copies the script keeps ticked alike.
            first = exercise.slug not in shown
            if first:
                shown[exercise.slug] = passes(exercise)
            items.append(
                {
                    "exercise": exercise,
                    "key": exercise.slug if first else f"{exercise.slug}--{slugify(label)}",
                    "no_picture": not has_picture(exercise),
                    "meta": " · ".join(
                        [
                            category_label_of(exercise.category, labels),
                            *(body_part_name(p) for p in parts_of(exercise)),
                        ]
                    ),
                    "default_words": exercise.dose.in_words(labels),
                    "default_fields": dose_json(DoseFields.of(exercise.dose)),
                    "thumb": thumbnail_url(exercise, clinic),
                    "at": place,
                    "search": search_words(exercise),
                    "names": "|".join(names_of(exercise)),
                    "parts": " ".join(parts_of(exercise)),
                    "shown": shown[exercise.slug],
                    "chosen": exercise.slug in form.chosen,
                }
            )
        hits = sum(1 for i in items if i["shown"])
        groups.append(
            {
                "label": group_label(label, labels),
                "id": "group-" + slugify(label),
                "at": at,
                "picks": items,
                "shown": hits > 0,
                "count": hits,
                "open": filtering and hits > 0,
            }
        )
    parts = sorted({p for e in listed for p in parts_of(e)}, key=lambda p: fold(body_part_name(p)))
    return {
        "groups": groups,
        "categories": [(c, category_label_of(c, labels)) for c in CATEGORIES if any(e.category == c for e in listed)],
        "parts": [(p, body_part_name(p).capitalize()) for p in parts],
        "shown": sum(shown.values()),
        "total": len(listed),
    }


def dose_json(fields: DoseFields) -> str:
    """The fields of a default dose for the script, which fills a newly ticked exercise's row."""
    return json.dumps(asdict(fields), ensure_ascii=False, separators=(",", ":"))


def chosen_rows(library: Library, clinic: Clinic, labels: Catalogue, form: BuilderForm) -> list[dict[str, Any]]:
    """The programme as the builder shows it: each exercise, in order, with its dose fields."""
    rows = []
    for number, slug in enumerate(form.chosen, start=1):
        exercise = library.exercises[slug]
        rows.append(
            _row(
                slug=slug,
                name=exercise.name,
                language=exercise.language,
                number=number,
                fields=form.dose_of(exercise),
                note=form.exercise_notes.get(slug, ""),
                default_words=exercise.dose.in_words(labels),
                thumb=thumbnail_url(exercise, clinic),
                no_frequency=exercise.dose.frequency is None,
                first=number == 1,
                last=number == len(form.chosen),
                errors={name: text for name, text in form.field_errors.items() if name in _dose_field_ids(slug)},
            )
        )
    return rows


def chosen_row_template() -> dict[str, Any]:
    """The row the script copies for a newly ticked exercise: ``__slug__`` and the rest filled in there."""
    return _row(
        slug="__slug__",
        name="",
        language="",
        number=0,
        fields=DoseFields(sets="", amount="", times=""),
        note="",
        default_words="",
        thumb="",
        no_frequency=True,
        first=False,
        last=False,
        errors={},
    )


def _row(**row: Any) -> dict[str, Any]:
    return row


def _dose_field_ids(slug: str) -> set[str]:
    return {field_id(name, slug) for name in (*DOSE_FIELDS, NOTE_FIELD)}


def share_url(entry_url: str, code: str) -> str:
    """The link the patient gets: the clinic's public address (else this server's) + ``/p/<code>``.

    The same text is shown, linked, copied and put in the QR code.
    """
    return f"{entry_url}/p/{code}"


def download_name(programme: Programme, clinic_slug: str, labels: Catalogue) -> str:
    """The PDF's file name in the handout's language (``traeningsprogram-2026-01-02-1a2b3c4d.pdf``);
    never the patient's name."""
    return f"{labels.t('programme_file_name')}-{programme.date.isoformat()}-{programme.short_hash(clinic_slug)}.pdf"


def share_qr(url: str, labels: Catalogue) -> Markup:
    """The share link as an on-screen QR code (inline SVG, sized by the stylesheet)."""
    return qr_svg(url, labels.t("qr_alt", url=url))


# --- phone reading ---------------------------------------------------------------------------

# A phone number of 8 digits or more (in groups, optionally +45), or the emergency numbers
# that are dialled as they are; in text only, never inside a tag or an existing link.
_PHONE = re.compile(
    r"(?<![\w+/.])(?:\+\d{1,3}[ \u00a0]?)?\d{2,4}(?:[ \u00a0-]\d{2,4}){1,5}(?![\w/])"
    r"|(?<![\w+/.,-])(?:112|1813|1818)(?![\w/.,-]|\s?(?:kg|km|sek|min|%))"
)
_TAG = re.compile(r"(<[^>]*>)")
DANISH_PREFIX = "+45"  # an eight-digit number without a country code is Danish


def _tel_link(match: re.Match[str]) -> str:
    text = match.group()
    digits = "".join(c for c in text if c.isdigit() or c == "+")
    if (len(digits.lstrip("+")) < 8 and digits not in ("112", "1813", "1818")) or re.fullmatch(r"\d{4}-\d{4}", text):
        return text  # a short number (a count) or a range of years: not a phone number
    if not digits.startswith("+") and len(digits) == 8:
        digits = DANISH_PREFIX + digits  # the international form dials from any phone, abroad too
    return f'<a class="tel-link" href="tel:{digits}">{text}</a>'


def tel_links(html: Markup | str) -> Markup:
    """Phone numbers in ``html`` (the red-flag box, the clinic's lines) as ``tel:`` links, so a
    patient reading on a phone calls 112 or the clinic with one tap."""
    out: list[str] = []
    in_link = 0
    for part in _TAG.split(str(html) if isinstance(html, Markup) else str(Markup.escape(html))):
        if part.startswith("<"):
            if re.match(r"<a[\s>]", part):
                in_link += 1
            elif part.startswith("</a"):
                in_link = max(0, in_link - 1)
            out.append(part)
        else:
            out.append(part if in_link else _PHONE.sub(_tel_link, part))
    return Markup("".join(out))


_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)


def scrolling_tables(html: str, labels: Catalogue) -> str:
    """Each table in a region that scrolls sideways on a narrow screen: focusable (arrow keys
    scroll it), named, and with a visible hint that there is more to the right."""
    count = 0

    def wrap(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        hint = labels.t("web_table_hint")
        return (
            f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="table-hint-{count}">'
            f'<p class="table-scroll__hint" id="table-hint-{count}">{Markup.escape(hint)}</p>'
            f"{match.group()}</div>"
        )

    return _TABLE.sub(wrap, html)
