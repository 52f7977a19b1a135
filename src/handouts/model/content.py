"""Stage 2, validate content: articles, exercises and red-flag sets, one file each.

A content folder holds articles (``*.md``/``*.txt`` at its top level) and, in sub-folders,
``exercises/``, ``red-flags/`` and ``programmes/``. The built-in content is ``seeds/``. A
clinic's own folder (``--content`` or ``HANDOUTS_CONTENT``) replaces the built-in articles;
its exercises, red-flag sets and programmes are added to the built-in ones (same slug: the
clinic's wins), so a clinic's article folder never loses the red-flag box.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import InputError
from handouts.load import Source, parse_date
from handouts.model.dose import Dose, DoseError, parse_dose
from handouts.model.slugs import SLUG_PATTERN, slugify

CATEGORIES = ("stræk", "styrke", "nerveglidning", "mobilitet")
MAX_TITLE_CHARS = 300


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    body: str
    source: Source
    description: str = ""
    last_updated: dt.date | None = None
    published: dt.date | None = None
    reviewed: dt.date | None = None
    next_review: dt.date | None = None
    sources: tuple[str, ...] = ()
    red_flags: str | None = None
    exercises: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return self.source.path


@dataclass(frozen=True)
class RedFlagSet:
    slug: str
    title: str
    body: str
    source: Source
    is_default: bool = False


@dataclass(frozen=True)
class Exercise:
    slug: str
    name: str
    category: str
    dose: Dose
    stop: str
    steps: str  # Markdown: an ordered list
    source: Source
    summary: str = ""
    sources: tuple[str, ...] = ()
    illustration: Any = None  # handouts.illustrate.Illustration
    image: Path | None = None
    body_parts: tuple[str, ...] = ()  # e.g. ("laend", "ryg"): for grouping and search


# --- one small normaliser per front-matter key (Pelican style) -----------------------------


def _text(meta: dict, key: str, source: Source, max_chars: int = 2000) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(source.name, key, f"must be text, not {type(value).__name__}; put it in quotes")
    value = " ".join(value.split())
    if len(value) > max_chars:
        raise InputError(source.name, key, f"is {len(value)} characters; keep it under {max_chars}")
    return value


def _date(meta: dict, keys: tuple[str, ...], source: Source) -> dt.date | None:
    for key in keys:
        if meta.get(key) not in (None, ""):
            try:
                return parse_date(meta[key])
            except ValueError as exc:
                raise InputError(source.name, key, str(exc)) from None
    return None


def _slug_list(meta: dict, key: str, source: Source) -> tuple[str, ...]:
    value = meta.get(key)
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(source.name, key, "must be a list of slugs, e.g. [bird-dog, kat-ko]")
    return tuple(v.strip() for v in value)


def _text_list(meta: dict, key: str, source: Source) -> tuple[str, ...]:
    value = meta.get(key)
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise InputError(source.name, key, "must be a list of texts")
    return tuple(str(v).strip() for v in value)


def _own_slug(meta: dict, fallback: str, source: Source) -> str:
    if meta.get("slug") not in (None, ""):
        slug = _text(meta, "slug", source, 80)
        if not SLUG_PATTERN.match(slug):
            raise InputError(source.name, "slug", f'"{slug}" is not a slug; use a-z, 0-9 and -, e.g. "ondt-i-laenden"')
        return slug
    slug = slugify(fallback)
    if not slug:
        raise InputError(source.name, "slug", "cannot be made from the title; add `slug:` to the front matter")
    return slug


# Linear-time forms of ``^\s{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$`` and ``^\s*1[.)]\s`` (MULTILINE):
# the lazy ``(.+?)`` before ``[ \t#]*$`` and a ``\s*`` that runs across blank lines were
# quadratic ("# a" + 60,000 spaces + "b" took 25 s). The trailing ``[ \t#]`` run is cut in
# Python instead (``_heading_text``); the matches and the captured title are unchanged.
_FIRST_HEADING = re.compile(r"^[^\S\n]{0,3}#{1,6}[ \t]+(.+)$", re.MULTILINE)
_FIRST_STEP = re.compile(r"^[^\S\n]*1[.)]\s", re.MULTILINE)


def _heading_text(line: str) -> str:
    """What ``(.+?)[ \t#]*$`` captures: the line without its closing ``#``s, at least one character."""
    return line[: max(1, len(line.rstrip(" \t#")))]


def article_from_source(source: Source) -> Article:
    meta, body = source.meta, source.body
    title = _text(meta, "title", source, MAX_TITLE_CHARS) or _text(meta, "metaTitle", source, MAX_TITLE_CHARS)
    if not title:
        heading = _FIRST_HEADING.search(body)
        if heading is None:
            raise InputError(
                source.name, "title", "is missing; add `title:` to the front matter or start the text with a # heading"
            )
        title = _heading_text(heading.group(1)).strip()
        if len(title) > MAX_TITLE_CHARS:
            raise InputError(source.name, "title", f"is {len(title)} characters; keep it under {MAX_TITLE_CHARS}")
        if not body[: heading.start()].strip():  # the heading is the title: don't print it twice
            body = body[heading.end() :]
    if not body.strip():
        raise InputError(source.name, None, "has front matter but no text; write the article below the --- line")
    red_flags = _text(meta, "red_flags", source, 80) or _text(meta, "redFlags", source, 80) or None
    return Article(
        slug=_own_slug(meta, title, source),
        title=title,
        body=body,
        source=source,
        description=_text(meta, "description", source) or _text(meta, "metaDescription", source),
        last_updated=_date(meta, ("lastUpdated", "last_updated", "updated", "modified"), source),
        published=_date(meta, ("datePublished", "published", "date"), source),
        reviewed=_date(meta, ("reviewed", "lastReviewed"), source),
        next_review=_date(meta, ("next_review", "nextReview"), source),
        sources=_text_list(meta, "sources", source),
        red_flags=red_flags,
        exercises=_slug_list(meta, "exercises", source),
    )


def red_flags_from_source(source: Source) -> RedFlagSet:
    meta = source.meta
    title = _text(meta, "title", source, 200)
    if not source.body.strip():
        raise InputError(source.name, None, "lists no warning signs; write them as a - list below the front matter")
    return RedFlagSet(
        slug=_own_slug(meta, source.path.stem, source),
        title=title,
        body=source.body,
        source=source,
        is_default=meta.get("default") is True,
    )


def exercise_from_source(source: Source) -> Exercise:
    """An exercise in the tool's own format (``name:``), or a CMS exercise page (``title:``)."""
    from handouts.model.exercise_pages import (
        body_parts_from_meta,
        exercise_from_page,
        is_exercise_page,
    )
    from handouts.render.figures import parse_illustration

    meta = source.meta
    if is_exercise_page(meta):
        return exercise_from_page(source)
    name = _text(meta, "name", source, 120)
    if not name:
        raise InputError(source.name, "name", "is missing; add the exercise's Danish name (or `title:` for a page exported from a website)")
    category = _text(meta, "category", source, 40)
    if category not in CATEGORIES:
        raise InputError(source.name, "category", f'"{category}" is not a category; use one of: {", ".join(CATEGORIES)}')
    try:
        dose = parse_dose(meta.get("dose", ""))
    except DoseError as exc:
        raise InputError(source.name, "dose", str(exc)) from None
    stop = _text(meta, "stop", source, 600)
    if not stop:
        raise InputError(source.name, "stop", "is missing; say when the patient should stop the exercise")
    if not _FIRST_STEP.search(source.body):
        raise InputError(source.name, None, "has no numbered steps; write them as a 1. 2. 3. list")
    illustration = None
    if meta.get("illustration") is not None:
        try:
            illustration = parse_illustration(meta["illustration"])
        except ValueError as exc:
            raise InputError(source.name, "illustration", str(exc)) from None
    image = None
    if meta.get("image"):
        image = _exercise_image(meta, source)
    return Exercise(
        slug=_own_slug(meta, name, source),
        name=name,
        category=category,
        dose=dose,
        stop=stop,
        steps=source.body,
        source=source,
        summary=_text(meta, "summary", source, 300),
        sources=_slug_list(meta, "sources", source),
        illustration=illustration,
        image=image,
        body_parts=body_parts_from_meta(meta),
    )


def _exercise_image(meta: dict, source: Source) -> Path:
    given = _text(meta, "image", source, 300)
    relative = Path(given)
    folder = source.path.parent.resolve()
    path = (folder / relative).resolve()
    if relative.is_absolute() or not path.is_relative_to(folder.parent):
        raise InputError(source.name, "image", f'"{given}" must be a file inside the content folder')
    if path.suffix.lower() not in (".svg", ".png", ".jpg", ".jpeg"):
        raise InputError(source.name, "image", f'"{given}" must be an SVG, PNG or JPEG file')
    if not path.is_file():
        raise InputError(source.name, "image", f'"{given}" does not exist; check the path (relative to the exercise file)')
    return path
