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
from handouts.images import EXERCISE_IMAGE_TYPES
from handouts.limits import MAX_TITLE_CHARS
from handouts.load import Source, parse_date
from handouts.model.dose import Dose, DoseError, parse_dose
from handouts.model.pose import Illustration, parse_illustration
from handouts.model.regions import parse_regions
from handouts.model.slugs import SLUG_PATTERN, slug_from_file_name, slugify
from handouts.model.titles import canonical_keys, clean_meta_title

CATEGORIES = ("stræk", "styrke", "nerveglidning", "mobilitet")
LANGUAGES = ("da", "en")

# The front-matter keys each kind of file uses, in their canonical spelling: a CMS export's
# `Title:` or `METATITLE:` is read as `title` / `metaTitle` (see ``titles.canonical_keys``).
ARTICLE_KEYS = (
    "title",
    "metaTitle",
    "slug",
    "description",
    "metaDescription",
    "lastUpdated",
    "last_updated",
    "updated",
    "modified",
    "datePublished",
    "published",
    "date",
    "reviewed",
    "lastReviewed",
    "next_review",
    "nextReview",
    "sources",
    "red_flags",
    "redFlags",
    "exercises",
    "lang",
    "language",
    "tags",
    "bodyParts",
    "categories",
    "category",
)
EXERCISE_KEYS = (
    "slug",
    "name",
    "category",
    "dose",
    "stop",
    "sources",
    "summary",
    "illustration",
    "image",
    "region",
    "regions",
    "bodyParts",
    "lang",
    "language",
)
RED_FLAG_KEYS = (
    "slug",
    "title",
    "summary",
    "reviewed",
    "sources",
    "regions",
    "keywords",
    "default",
    "action",
    "lang",
    "language",
)


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
    language: str = "da"  # the text's language (front matter `lang:`), not the clinic's labels
    topics: tuple[str, ...] = ()  # the CMS's own tags, bodyParts and categories, as words

    @property
    def path(self) -> Path:
        return self.source.path


@dataclass(frozen=True)
class Keywords:
    """A red-flag set's words for matching an article (see ``model.red_flags``)."""

    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlagSet:
    slug: str
    title: str
    body: str
    source: Source
    is_default: bool = False
    language: str = "da"
    summary: str = ""
    action: str = ""  # what to do for this set's signs, printed above the clinic's emergency line
    reviewed: dt.date | None = None
    sources: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    keywords: Keywords = Keywords()


# The lead-in a stop rule may start with; the card prints its own "Stop, hvis:" label.
_STOP_LEAD_IN = re.compile(r"^\s*stop(?: øvelsen)?,? hvis\s+", re.IGNORECASE)


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
    illustration: Illustration | None = None
    image: Path | None = None
    body_parts: tuple[str, ...] = ()  # e.g. ("laend", "ryg"): for grouping and search
    regions: tuple[str, ...] = ()  # from the vocabulary in model.regions
    language: str = "da"

    @property
    def stop_when(self) -> str:
        """The stop rule without its lead-in ("Stop øvelsen, hvis …"), for a "Stop, hvis:" label."""
        return _STOP_LEAD_IN.sub("", self.stop, count=1) or self.stop


# --- one small normaliser per front-matter key (Pelican style) -----------------------------


def _text(meta: dict[str, object], key: str, source: Source, max_chars: int = 2000) -> str:
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


def _date(meta: dict[str, object], keys: tuple[str, ...], source: Source) -> dt.date | None:
    for key in keys:
        if meta.get(key) not in (None, ""):
            try:
                return parse_date(meta[key])
            except ValueError as exc:
                raise InputError(source.name, key, str(exc)) from None
    return None


def _slug_list(meta: dict[str, object], key: str, source: Source) -> tuple[str, ...]:
    value = meta.get(key)
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(source.name, key, "must be a list of slugs, e.g. [bird-dog, kat-ko]")
    return tuple(v.strip() for v in value)


def _text_list(meta: dict[str, object], key: str, source: Source) -> tuple[str, ...]:
    value = meta.get(key)
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise InputError(source.name, key, "must be a list of texts")
    return tuple(str(v).strip() for v in value)


def _language(meta: dict[str, object], source: Source) -> str:
    value = _text(meta, "lang", source, 10) or _text(meta, "language", source, 10) or "da"
    value = value.lower().split("-")[0]
    if value not in LANGUAGES:
        raise InputError(
            source.name, "lang", f'"{value}" is not a language handouts knows; use one of: {", ".join(LANGUAGES)}'
        )
    return value


def _words(meta: dict[str, object], keys: tuple[str, ...]) -> tuple[str, ...]:
    """Tags, bodyParts, categories …: whatever texts they hold, as one flat list (never an error)."""
    words: list[str] = []
    for key in keys:
        value = meta.get(key)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):  # `categories: [{slug: knae, title: Knæ}]`
                item = " ".join(str(v) for v in item.values() if isinstance(v, (str, int)))
            if isinstance(item, (str, int)) and str(item).strip():
                words.append(str(item).strip()[:200])
    return tuple(words)


def _own_slug(meta: dict[str, object], fallback: str, source: Source) -> str:
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
    """An article; its title is ``title:``, else the cleaned ``metaTitle:``, else its first heading.

    Its slug is ``slug:``, else its file name (``ondt-i-nakken.md`` → ``ondt-i-nakken``), so
    links and QR codes stay the same when the title is edited; a machine-made file name (a
    hash, as in ``000_cc5d750043a7b6cb.txt``) falls back to the title.
    """
    meta, body = canonical_keys(source.meta, ARTICLE_KEYS), source.body
    title = _text(meta, "title", source, MAX_TITLE_CHARS)
    if not title and _text(meta, "metaTitle", source, MAX_TITLE_CHARS):
        title = clean_meta_title(_text(meta, "metaTitle", source, MAX_TITLE_CHARS))
    if not title:
        heading = _FIRST_HEADING.search(body)
        if heading is None:
            raise InputError(
                source.name, "title", "is missing; add `title:` to the front matter or start the text with a # heading"
            )
        title = _heading_text(heading.group(1)).strip()
        if len(title) > MAX_TITLE_CHARS:
            raise InputError(source.name, "title", f"is {len(title)} characters; keep it under {MAX_TITLE_CHARS}")
        body = body[: heading.start()] + body[heading.end() :]  # the heading is the title: don't print it twice
    if not body.strip():
        raise InputError(source.name, None, "has front matter but no text; write the article below the --- line")
    red_flags = _text(meta, "red_flags", source, 80) or _text(meta, "redFlags", source, 80) or None
    return Article(
        slug=_own_slug(meta, slug_from_file_name(source.path) or title, source),
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
        language=_language(meta, source),
        topics=_words(meta, ("tags", "bodyParts", "categories", "category")),
    )


def red_flags_from_source(source: Source, language: str = "da") -> RedFlagSet:
    """A red-flag set: ``red-flags/<slug>.md`` in Danish, ``red-flags/<lang>/<slug>.md`` translated."""
    meta = canonical_keys(source.meta, RED_FLAG_KEYS)
    title = _text(meta, "title", source, 200)
    if not source.body.strip():
        raise InputError(source.name, None, "lists no warning signs; write them as a - list below the front matter")
    try:
        regions = parse_regions({"regions": meta.get("regions")}, source.name)
    except InputError as exc:
        raise InputError(source.name, "regions", exc.problem) from None
    return RedFlagSet(
        slug=_own_slug(meta, source.path.stem, source),
        title=title,
        body=source.body,
        source=source,
        is_default=meta.get("default") is True,
        language=language,
        summary=_text(meta, "summary", source, 600),
        action=_text(meta, "action", source, 600),
        reviewed=_date(meta, ("reviewed",), source),
        sources=_text_list(meta, "sources", source),
        regions=regions,
        keywords=_keywords(meta, source),
    )


def _keywords(meta: dict[str, object], source: Source) -> Keywords:
    value = meta.get("keywords")
    if value in (None, ""):
        return Keywords()
    if not isinstance(value, dict) or not set(value) <= {"strong", "weak", "exclude"}:
        raise InputError(
            source.name, "keywords", "must have `strong:`, `weak:` and optionally `exclude:` lists of words"
        )
    lists = {}
    for kind in ("strong", "weak", "exclude"):
        words = value.get(kind) or []
        if not isinstance(words, list) or not all(isinstance(w, (str, int)) for w in words):
            raise InputError(source.name, f"keywords.{kind}", "must be a list of words, e.g. [ryg, lænd, iskias]")
        lists[kind] = tuple(str(w).strip().lower() for w in words if str(w).strip())
    return Keywords(**lists)


def is_exercise_page(meta: dict[str, Any]) -> bool:
    """A page with ``title:`` and no ``name:`` is a CMS page; ``name:`` is the tool's own format."""
    return not meta.get("name") and bool(meta.get("title"))


def body_parts_from_meta(meta: dict[str, Any]) -> tuple[str, ...]:
    """``bodyParts`` (or ``body_parts``) as slugs, in the page's order, without repeats."""
    value = meta.get("bodyParts", meta.get("body_parts"))
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    parts = [slugify(str(v), 40) for v in value if isinstance(v, (str, int))]
    return tuple(dict.fromkeys(p for p in parts if p))


def own_exercise_from_source(source: Source) -> Exercise:
    """An exercise in the tool's own format (``name:``); ``model.library`` also reads CMS pages."""

    meta = canonical_keys(source.meta, EXERCISE_KEYS)
    name = _text(meta, "name", source, 120)
    if not name:
        raise InputError(
            source.name,
            "name",
            "is missing; add the exercise's Danish name (or `title:` for a page exported from a website)",
        )
    category = _text(meta, "category", source, 40)
    if category not in CATEGORIES:
        raise InputError(
            source.name, "category", f'"{category}" is not a category; use one of: {", ".join(CATEGORIES)}'
        )
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
        regions=parse_regions(meta, source.name),
        language=_language(meta, source),
    )


def _exercise_image(meta: dict[str, object], source: Source) -> Path:
    given = _text(meta, "image", source, 300)
    relative = Path(given)
    folder = source.path.parent.resolve()
    path = (folder / relative).resolve()
    if relative.is_absolute() or not path.is_relative_to(folder.parent):
        raise InputError(source.name, "image", f'"{given}" must be a file inside the content folder')
    if path.suffix.lower() not in EXERCISE_IMAGE_TYPES:
        raise InputError(source.name, "image", f'"{given}" must be an SVG, PNG or JPEG file')
    if not path.is_file():
        raise InputError(
            source.name, "image", f'"{given}" does not exist; check the path (relative to the exercise file)'
        )
    return path
