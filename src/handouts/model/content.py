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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from handouts.errors import InputError
from handouts.images import EXERCISE_IMAGE_TYPES
from handouts.limits import MAX_LIST_ITEM_CHARS, MAX_LIST_ITEMS, MAX_SLUG_CHARS, MAX_TITLE_CHARS
from handouts.load import Source, parse_date
from handouts.model.dose import Dose, DoseError, parse_dose
from handouts.model.language import language_of
from handouts.model.pose import PROP_NAMES, Illustration, parse_illustration
from handouts.model.regions import parse_regions
from handouts.model.slugs import SLUG_PATTERN, slug_from_file_name, slugify
from handouts.model.titles import canonical_keys, clean_meta_title, plain_title

CATEGORIES = ("stræk", "styrke", "nerveglidning", "mobilitet")
# What an exercise may need besides the floor: the same words as the drawings' props, so a
# drawing can show what the list says.
EQUIPMENT = PROP_NAMES
MAX_ALIASES = 20  # names a clinic or a patient uses for the same exercise
MAX_CONDITIONS = 30
MAX_STEPS = 8
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
    "figure",
    "unlisted",
    "region",
    "regions",
    "bodyParts",
    "lang",
    "language",
    "id",
    "aliases",
    "conditions",
    "equipment",
    "en",
)
RED_FLAG_KEYS = (
    "slug",
    "title",
    "summary",
    "reviewed",
    "reviewed_by",
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

    @property
    def updated(self) -> dt.date | None:
        """The date the handout prints as last updated: the later of ``lastUpdated`` and the
        publication date (a CMS may keep a ``lastUpdated`` older than the page's publication)."""
        return max((d for d in (self.last_updated, self.published) if d is not None), default=None)


@dataclass(frozen=True)
class Keywords:
    """A red-flag set's words for matching an article (see ``model.red_flags``)."""

    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


# The three levels of urgency, most urgent first: the headings of a set's body (``## 112``).
LEVELS = ("112", "today", "days")


@dataclass(frozen=True)
class Sign:
    """One warning sign: its level, its Markdown text and the numbers of the set's sources
    (1-based, into ``sources``) that support it."""

    level: str
    text: str
    sources: tuple[int, ...] = ()


@dataclass(frozen=True)
class RedFlagSet:
    slug: str
    title: str
    body: str
    source: Source
    is_default: bool = False
    language: str = "da"
    summary: str = ""
    action: str = ""  # an extra instruction for this set's signs (the maternity unit), printed in the box
    reviewed: dt.date | None = None
    reviewed_by: str = ""  # name and role of the clinician who reviewed the set; empty: not reviewed
    signs: tuple[Sign, ...] = ()
    sources: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    keywords: Keywords = Keywords()


# The lead-in a stop rule may start with; the card prints its own "Stop, hvis:" label.
_STOP_LEAD_IN = re.compile(r"^\s*stop(?: øvelsen| the exercise)?,? (?:hvis|if)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class ExerciseText:
    """An exercise's words in another language (front matter ``en:``); the drawing, dose and
    ids are the same in every language."""

    language: str
    name: str
    steps: str  # Markdown: an ordered list
    stop: str
    summary: str = ""


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
    aliases: tuple[str, ...] = ()  # other names for it, Danish and English ("Hip bridge")
    conditions: tuple[str, ...] = ()  # what it is used for ("knæartrose", "tennis elbow")
    equipment: tuple[str, ...] = ()  # from EQUIPMENT; empty: nothing but the floor
    translations: tuple[ExerciseText, ...] = ()  # its words in other languages
    # Where the picture comes from (see ``model.exercise_pictures``): "illustration" (its own
    # poses), "image" (its own photo), "figure" (``figure: <slug>``) or "name" (a built-in
    # exercise of the same name); "" when it has none. ``picture_of`` is the lending exercise.
    picture: str = ""
    picture_of: str = ""
    figure: str = ""  # the built-in exercise whose drawing it asks for (front matter `figure:`)
    unlisted: bool = False  # a page kept out of the builder and `list` (front matter `unlisted: true`)

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the exercise can be printed in, its own first."""
        return (self.language, *(t.language for t in self.translations))

    def in_language(self, language: str) -> Exercise:
        """The exercise with its words in ``language`` when it has them, else unchanged."""
        text = next((t for t in self.translations if t.language == language), None)
        if text is None or language == self.language:
            return self
        return replace(self, name=text.name, steps=text.steps, stop=text.stop, summary=text.summary, language=language)

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


def _bounded(items: Sequence[object], key: str, source: Source) -> Sequence[object]:
    """Every list a person writes is bounded where it is read: 20,000 sources laid out 801
    pages before the page limit could refuse them."""
    if len(items) > MAX_LIST_ITEMS:
        raise InputError(
            source.name, key, f"has {len(items):,} items; at most {MAX_LIST_ITEMS} – keep the ones that matter"
        )
    long = next((str(i) for i in items if isinstance(i, (str, int, float)) and len(str(i)) > MAX_LIST_ITEM_CHARS), None)
    if long is not None:
        raise InputError(
            source.name, key, f"has an item of {len(long):,} characters; keep each under {MAX_LIST_ITEM_CHARS:,}"
        )
    return items


def _strings(meta: dict[str, object], key: str, source: Source, example: str) -> list[str]:
    """A front-matter list of strings (one string counts as a list of one); ``example`` shows
    the right form in the error."""
    value = meta.get(key)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(source.name, key, f"must be a list of {example}")
    return value


def _slug_list(meta: dict[str, object], key: str, source: Source) -> tuple[str, ...]:
    value = _strings(meta, key, source, "slugs, e.g. [bird-dog, kat-ko]")
    return tuple(str(v).strip() for v in _bounded(value, key, source))


def _text_list(meta: dict[str, object], key: str, source: Source) -> tuple[str, ...]:
    value = meta.get(key)
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise InputError(source.name, key, "must be a list of texts")
    return tuple(str(v).strip() for v in _bounded(value, key, source))


def _language(meta: dict[str, object], source: Source, text: str = "") -> str:
    """``lang:`` (or ``language:``); without it Danish, unless ``text`` (an article's title and
    body) clearly reads as English: a CMS page written in English prints with English labels."""
    value = _text(meta, "lang", source, 10) or _text(meta, "language", source, 10) or language_of(text, "da")
    value = value.lower().split("-")[0]
    if value not in LANGUAGES:
        raise InputError(
            source.name, "lang", f'"{value}" is not a language handouts knows; use one of: {", ".join(LANGUAGES)}'
        )
    return value


def _words(meta: dict[str, object], keys: tuple[str, ...], source: Source) -> tuple[str, ...]:
    """Tags, bodyParts, categories …: whatever texts they hold, as one flat list (an error
    only for a list beyond the list limit)."""
    words: list[str] = []
    for key in keys:
        value = meta.get(key)
        items = _bounded(value, key, source) if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):  # `categories: [{slug: knae, title: Knæ}]`
                item = " ".join(str(v) for v in item.values() if isinstance(v, (str, int)))
            if isinstance(item, (str, int)) and str(item).strip():
                words.append(str(item).strip()[:200])
    return tuple(words)


def _own_slug(meta: dict[str, object], fallback: str, source: Source) -> str:
    if meta.get("slug") not in (None, ""):
        slug = _text(meta, "slug", source, MAX_SLUG_CHARS)
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
    title = plain_title(_text(meta, "title", source, MAX_TITLE_CHARS))
    if not title and _text(meta, "metaTitle", source, MAX_TITLE_CHARS):
        title = clean_meta_title(plain_title(_text(meta, "metaTitle", source, MAX_TITLE_CHARS)))
    if not title:
        heading = _FIRST_HEADING.search(body)
        if heading is None:
            raise InputError(
                source.name, "title", "is missing; add `title:` to the front matter or start the text with a # heading"
            )
        title = plain_title(_heading_text(heading.group(1)))
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
        language=_language(meta, source, text=f"{title}\n{body}"),
        topics=_words(meta, ("tags", "bodyParts", "categories", "category"), source),
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
    sources = _text_list(meta, "sources", source)
    reviewed = _date(meta, ("reviewed",), source)
    reviewed_by = _text(meta, "reviewed_by", source, 200)
    if reviewed is not None and not reviewed_by:
        raise InputError(
            source.name,
            "reviewed",
            "a review date needs `reviewed_by:` (the clinician's name and role); "
            "leave both empty until a clinician has reviewed the set",
        )
    return RedFlagSet(
        slug=_own_slug(meta, source.path.stem, source),
        title=title,
        body=source.body,
        source=source,
        is_default=meta.get("default") is True,
        language=language,
        summary=_text(meta, "summary", source, 600),
        action=_text(meta, "action", source, 600),
        reviewed=reviewed,
        reviewed_by=reviewed_by,
        sources=sources,
        regions=regions,
        keywords=_keywords(meta, source),
        signs=parse_signs(source.body, len(sources), source.name),
    )


_SIGN_ITEM = re.compile(r"^[ \t]{0,3}[-*+][ \t]+")
_LEVEL_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t#]*$")
_SIGN_SOURCES = re.compile(r"[ \t]*\[(\d+(?:[ \t]*,[ \t]*\d+)*)\][ \t]*$")


def parse_signs(body: str, source_count: int, source_name: str) -> tuple[Sign, ...]:
    """The signs of a set's body: list items under level headings (``## 112``, ``## today``,
    ``## days``), each ending in the numbers of its sources (``[1]``, ``[2, 4]``).

    A sign above every level heading (a clinic's own set in the old format, a plain list) is
    read at the most urgent level: a warning is never printed as less urgent than it may be."""
    items: list[tuple[int, str, str]] = []  # (line number, level, text with continuation lines)
    level = "112"
    for number, line in enumerate(body.splitlines(), start=1):
        heading = _LEVEL_HEADING.match(line)
        if heading:
            level = heading.group(1).strip().lower()
            if level not in LEVELS:
                raise InputError(
                    source_name,
                    None,
                    f'line {number}: "{heading.group(1)}" is not a level; use ## {", ## ".join(LEVELS)}',
                )
        elif _SIGN_ITEM.match(line):
            items.append((number, level, _SIGN_ITEM.sub("", line).strip()))
        elif line.strip() and items:
            first, item_level, text = items[-1]
            items[-1] = (first, item_level, f"{text} {line.strip()}")
    signs = []
    for number, item_level, text in items:
        cited = _SIGN_SOURCES.search(text)
        numbers: tuple[int, ...] = ()
        if cited:
            numbers = tuple(int(n) for n in re.findall(r"\d+", cited.group(1)))
            text = text[: cited.start()].rstrip()
            bad = [n for n in numbers if not 1 <= n <= source_count]
            if bad:
                raise InputError(
                    source_name,
                    "sources",
                    f"line {number}: the sign cites source {bad[0]}, but the set lists {source_count}",
                )
        signs.append(Sign(item_level, text, numbers))
    return tuple(signs)


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
        lists[kind] = tuple(
            str(w).strip().lower() for w in _bounded(words, f"keywords.{kind}", source) if str(w).strip()
        )
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
    illustration = illustration_from_meta(meta, source)
    image = None
    if meta.get("image"):
        image = _exercise_image(meta, source)
    language = _language(meta, source)
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
        language=language,
        aliases=_names(meta, "aliases", source, MAX_ALIASES),
        conditions=_names(meta, "conditions", source, MAX_CONDITIONS),
        equipment=_equipment(meta, source),
        translations=_translations(meta, source, language),
        picture="image" if image else "illustration" if illustration else "",
        figure=figure_slug(meta, source),
        unlisted=is_unlisted(meta, source),
    )


def illustration_from_meta(meta: dict[str, object], source: Source) -> Illustration | None:
    """``illustration:``: the exercise's own start and end poses (both formats), else None."""
    if meta.get("illustration") is None:
        return None
    try:
        return parse_illustration(meta["illustration"])
    except ValueError as exc:
        raise InputError(source.name, "illustration", str(exc)) from None


def figure_slug(meta: dict[str, object], source: Source) -> str:
    """``figure:``: the slug of a built-in exercise whose drawing this one uses ("" if none)."""
    value = _text(meta, "figure", source, 80)
    if value and not SLUG_PATTERN.match(value):
        raise InputError(
            source.name, "figure", f'"{value}" is not a slug; use a built-in exercise\'s slug, e.g. "bird-dog"'
        )
    return value


def is_unlisted(meta: dict[str, object], source: Source) -> bool:
    """``unlisted: true``: kept out of the builder and `handouts list` (a test page, a draft)."""
    value = meta.get("unlisted", False)
    if value in (None, ""):
        return False
    if not isinstance(value, bool):
        raise InputError(source.name, "unlisted", "must be true or false")
    return value


def _names(meta: dict[str, object], key: str, source: Source, limit: int) -> tuple[str, ...]:
    """A short list of names or words (aliases, conditions): each one line under 80 characters."""
    value = _strings(meta, key, source, 'names, e.g. ["Glute bridge", "Hip bridge"]')
    if len(value) > limit:
        raise InputError(source.name, key, f"has {len(value)} entries; keep it to {limit}")
    names = tuple(" ".join(v.split()) for v in value)
    for name in names:
        if not name or len(name) > 80:
            raise InputError(source.name, key, "each entry must be a name of 1 to 80 characters")
    return names


def _equipment(meta: dict[str, object], source: Source) -> tuple[str, ...]:
    value = meta.get("equipment")
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(source.name, "equipment", "must be a list, e.g. [band, chair]")
    for item in value:
        if item not in EQUIPMENT:
            raise InputError(
                source.name,
                "equipment",
                f'"{item}" is not equipment handouts knows; use some of: {", ".join(EQUIPMENT)}',
            )
    return tuple(dict.fromkeys(value))


def _translations(meta: dict[str, object], source: Source, own: str) -> tuple[ExerciseText, ...]:
    """``en:`` — the exercise's name, summary, stop rule and steps in English::

    en:
      name: Glute bridge
      summary: Strengthens your buttocks and trunk.
      stop: Stop if the pain gets much worse.
      steps:
        - Lie on your back with your knees bent.
        - Lift your hips.
    """
    found: list[ExerciseText] = []
    for language in LANGUAGES:
        value = meta.get(language) if language != own else None
        if value is None:
            continue
        key = language
        if not isinstance(value, dict) or not set(value) <= {"name", "summary", "stop", "steps"}:
            raise InputError(source.name, key, "must have `name:`, `stop:`, `steps:` and optionally `summary:`")
        text = {k: v for k, v in value.items() if k != "steps"}
        name = _text(text, "name", source, 120)
        stop = _text(text, "stop", source, 600)
        steps = value.get("steps")
        if not name or not stop:
            raise InputError(source.name, f"{key}.{'stop' if name else 'name'}", "is missing; add it")
        if (
            not isinstance(steps, list)
            or not 1 <= len(steps) <= MAX_STEPS
            or not all(isinstance(s, str) and s.strip() for s in steps)
        ):
            raise InputError(source.name, f"{key}.steps", f"must be a list of 1 to {MAX_STEPS} steps, one text each")
        if any(len(s) > 600 for s in steps):
            raise InputError(source.name, f"{key}.steps", "has a step over 600 characters; split it")
        numbered = "\n".join(f"{n}. {' '.join(s.split())}" for n, s in enumerate(steps, start=1))
        found.append(ExerciseText(language, name, numbered + "\n", stop, _text(text, "summary", source, 300)))
    return tuple(found)


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
