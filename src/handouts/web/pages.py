"""What the web pages show: leaflet summaries, the online copy, exercise cards, the builder.

The HTML pieces come from the library: Markdown through ``render``'s one trusted converter,
red flags through ``render.red_flags_context``, drawings through ``render.exercise_figure``.
Only what differs on a screen is decided here: images are never ``file://`` addresses, and an
exercise's own picture is served by slug from ``/-/exercise/<slug>``.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from handouts.i18n import Catalogue
from handouts.model.clinic import Clinic
from handouts.model.content import CATEGORIES, Article, Exercise
from handouts.model.library import Library
from handouts.model.programme import Programme
from handouts.model.red_flags import article_box, programme_box
from handouts.model.slugs import slugify
from handouts.render.html import (
    exercise_figure,
    markdown_html,  # the one place Markdown output is trusted
    red_flags_context,
)
from handouts.render.markdown import MarkdownContext, is_title_line

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
        text = _MARKUP.sub("", _link_texts(" ".join(lines)))
        return _shorten(_SENTENCE.split(text, maxsplit=1)[0])
    return ""


def _link_texts(text: str) -> str:
    """``re.sub(r"!?\\[([^\\]]*)\\]\\([^)]*\\)", r"\\1", text)`` in linear time.

    The regex tries every ``[`` and scans to the next ``]`` from each: 30 kB of ``[`` took 7 s
    per page. Here every start that must fail the same way is skipped at once.
    """
    out: list[str] = []
    pos = done = 0
    while True:
        opening = text.find("[", pos)
        if opening < 0:
            break
        closing = text.find("]", opening + 1)
        if closing < 0:
            break  # no later start can find a "]" either
        if not text.startswith("(", closing + 1):
            pos = closing + 1  # every "[" before this "]" ends at it and fails the same way
            continue
        end = text.find(")", closing + 2)
        if end < 0:
            break
        start = opening - 1 if opening > done and text[opening - 1] == "!" else opening
        out += [text[done:start], text[opening + 1 : closing]]
        pos = done = end + 1
    return "".join(out) + text[done:]


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
    return Markup(_ALIGN_STYLE.sub("", str(html)))


def red_flags(library: Library, clinic: Clinic, article: Article | None = None, exercises: list[Exercise] | None = None) -> dict[str, Any]:
    """Context for partials/red_flags.html.j2: the same box as on paper."""
    if article is not None:
        box = article_box(article, library, clinic.language)
    else:
        box = programme_box(exercises or [], library, clinic.language)
    parts, _warnings = red_flags_context(box)
    return {"red_flags": box, "red_flag_parts": parts}


def figure(exercise: Exercise, clinic: Clinic, labels: Catalogue) -> Markup:
    """The exercise's picture: its own image by slug, else the drawing (inline SVG)."""
    if exercise.image is not None:
        return Markup('<img class="card__image" src="/-/exercise/{}" alt="{}">').format(
            exercise.slug, labels.t("illustration_alt", name=exercise.name)
        )
    return exercise_figure(exercise, clinic, labels)


def category_label(exercise: Exercise, labels: Catalogue) -> str:
    return labels.t("category_" + slugify(exercise.category).replace("-", "_"))


def programme_cards(programme: Programme, clinic: Clinic, labels: Catalogue) -> list[dict[str, Any]]:
    cards = []
    for number, entry in enumerate(programme.entries, start=1):
        ctx = MarkdownContext(source_name=entry.exercise.source.name, promote_titles=False)
        steps, _warnings = markdown_html(entry.exercise.steps, ctx)
        cards.append({
            "number": number,
            "exercise": entry.exercise,
            "category": category_label(entry.exercise, labels),
            "dose_words": entry.dose.in_words(labels),
            "steps_html": steps,
            "figure": figure(entry.exercise, clinic, labels),
            "drawn": entry.exercise.image is None and entry.exercise.illustration is not None,
        })
    return cards


def builder_groups(library: Library, clinic: Clinic, labels: Catalogue) -> list[dict[str, Any]]:
    """Exercises grouped by category (in the catalogue's order), each with its default dose."""
    groups: list[dict[str, Any]] = []
    for category in CATEGORIES:
        exercises = sorted((e for e in library.exercises.values() if e.category == category), key=lambda e: e.name)
        if not exercises:
            continue
        groups.append({
            "label": labels.t("category_" + slugify(category).replace("-", "_")),
            "id": "category-" + slugify(category),
            "exercises": [{
                "exercise": e,
                "default_dose": str(e.dose),
                "default_words": e.dose.in_words(labels),
                "figure": figure(e, clinic, labels),
            } for e in exercises],
        })
    return groups
