"""A content folder's library: articles, exercises, red-flag sets and programme templates, each
read when first used, with the built-in layers beneath a clinic's own folder and problems kept
per file.

A content folder holds articles (``*.md``/``*.txt`` in its ``articles/`` folder when it has one,
as a CMS export is laid out, else at its top level) and, in sub-folders, ``exercises/``,
``red-flags/`` and ``programmes/``. The built-in content is ``seeds/``. A
clinic's own folder (``--content`` or ``HANDOUTS_CONTENT``) replaces the built-in articles;
its exercises, red-flag sets and programmes are added to the built-in ones (same slug: the
clinic's wins), so a clinic's article folder never loses the red-flag box.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar, cast

from handouts.errors import HandoutsError, InputError, display_path
from handouts.load import Source, iter_content_files, read_source
from handouts.model.built_in import keep, parsed_once
from handouts.model.content import (
    Article,
    Exercise,
    Keywords,
    RedFlagSet,
    article_from_source,
    is_exercise_page,
    own_exercise_from_source,
    red_flags_from_source,
)
from handouts.model.exercise_ids import ExerciseIds
from handouts.model.exercise_pages import exercise_from_page
from handouts.model.exercise_pictures import give_pictures
from handouts.model.templates import ProgrammeTemplate, load_template
from handouts.resources import seeds_dir

Remembered = TypeVar("Remembered")
Part = TypeVar("Part")
CONTENT_ENV = "HANDOUTS_CONTENT"
TRANSLATIONS = ("en",)  # red-flags/<language>/ folders read beside the Danish sets


class _Once(Generic[Part]):
    """One part of a library, read from its files the first time it is asked for (once, whichever
    thread of the web app asks first)."""

    def __init__(self, read: Callable[[], Part]) -> None:
        self._read: Callable[[], Part] | None = read
        self._value: Part | None = None
        self._lock = threading.Lock()

    def get(self) -> Part:
        if self._read is not None:
            with self._lock:
                if self._read is not None:
                    self._value, self._read = self._read(), None
                    keep()  # the built-in files it parsed, for the next process
        return cast(Part, self._value)  # set above, before _read was cleared


@dataclass
class _RedFlags:
    sets: dict[str, RedFlagSet]  # Danish, the sets' own language
    translations: dict[str, dict[str, RedFlagSet]]  # language → slug → set
    problems: list[list[InputError]]  # per layer


@dataclass
class _Exercises:
    exercises: dict[str, Exercise]
    ids: ExerciseIds
    notices: list[InputError]
    problems: list[list[InputError]]  # per layer


@dataclass
class _Programmes:
    templates: dict[str, ProgrammeTemplate]
    files: dict[str, Path]
    problems: list[InputError]


class Library:
    """All content found in one content folder (plus the built-in layers).

    Each kind (articles, exercises, red-flag sets, programme templates) is read from its files
    the first time it is asked for: ``handouts article`` never reads the 128 exercises, and
    ``problems`` (every kind's) reads them all.
    """

    def __init__(self, folder: Path, built_in: Path) -> None:
        """``folder``: the content folder as given; ``built_in``: the built-in one, resolved."""
        self.content_dir = folder.resolve()
        layers = [built_in] if self.content_dir == built_in else [built_in, self.content_dir]
        roots = (self.content_dir, built_in)
        self._articles = _Once(partial(_read_articles, article_folder(folder), roots, built_in))
        self._red_flags = _Once(partial(_read_red_flags, layers, roots, built_in))
        self._exercises = _Once(partial(_read_exercises, layers, roots, built_in))
        self._programmes = _Once(partial(_read_programmes, [layer / "programmes" for layer in layers], built_in))
        # What is worked out once per article and reused for every clinic's handout of it (the
        # red-flag choice, the article's HTML body): at most a few entries per article, so a
        # long-lived worker's memory stays flat.
        self._per_article: dict[tuple[str, str], tuple[Article, object]] = {}

    @property
    def articles(self) -> dict[str, Article]:
        return self._articles.get()[0]

    @property
    def exercises(self) -> dict[str, Exercise]:
        return self._exercises.get().exercises

    @property
    def exercise_ids(self) -> ExerciseIds:
        """Stable short ids for share codes."""
        return self._exercises.get().ids

    @property
    def red_flags(self) -> dict[str, RedFlagSet]:
        """The red-flag sets in Danish, their own language."""
        return self._red_flags.get().sets

    @property
    def translations(self) -> dict[str, dict[str, RedFlagSet]]:
        """Language → slug → the set in that language."""
        return self._red_flags.get().translations

    @property
    def programmes(self) -> dict[str, ProgrammeTemplate]:
        return self._programmes.get().templates

    @property
    def programme_files(self) -> dict[str, Path]:
        return self._programmes.get().files

    @property
    def problems(self) -> list[InputError]:
        """Every file of every kind that could not be read, layer by layer (each layer's red-flag
        sets, then its exercises), then the articles, then the programme templates."""
        red_flags, exercises = self._red_flags.get(), self._exercises.get()
        found = [p for own, used in zip(red_flags.problems, exercises.problems, strict=True) for p in own + used]
        return found + self._articles.get()[1] + self._programmes.get().problems

    @property
    def notices(self) -> list[InputError]:
        """What loads but a person should look at (a clinic page in a built-in exercise's place, a
        `figure:` that names no drawing): warnings in `list` and `check`, never a failed build."""
        return self._exercises.get().notices

    def per_article(self, kind: str, article: Article, make: Callable[[], Remembered]) -> Remembered:
        """``make()`` once per ``kind`` for each of this library's own articles; else every time."""
        if self.articles.get(article.slug) is not article:
            return make()  # an article from elsewhere: not remembered, so nothing grows unbounded
        key = (kind, article.slug)
        found = self._per_article.get(key)
        if found is not None and found[0] is article:
            return cast(Remembered, found[1])  # stored by this method under this kind
        value = make()
        self._per_article[key] = (article, value)
        return value

    def listed_exercises(self) -> list[Exercise]:
        """The exercises offered in the builder and `handouts list`: all but ``unlisted: true`` ones
        (which a programme or template may still name)."""
        return [exercise for exercise in self.exercises.values() if not exercise.unlisted]

    @property
    def image_roots(self) -> tuple[Path, ...]:
        return (self.content_dir.resolve(),)

    def default_red_flags(self) -> RedFlagSet:
        defaults = [s for s in self.red_flags.values() if s.is_default]
        if not defaults:
            raise HandoutsError("no default red-flag set found; add `default: true` to one file in red-flags/")
        own = [s for s in defaults if s.source.path.is_relative_to(self.content_dir.resolve())]
        return (own or defaults)[0]

    def red_flag_set(self, slug: str, source_name: str, key: str = "red_flags") -> RedFlagSet:
        """The set called ``slug``; an InputError naming ``source_name`` and ``key`` if unknown."""
        if slug not in self.red_flags:
            raise InputError(
                source_name,
                key,
                f'"{slug}" is not a red-flag set; known: {", ".join(sorted(self.red_flags))}',
            )
        return self.red_flags[slug]

    def translated(self, red_flags: RedFlagSet, language: str) -> RedFlagSet | None:
        """The set in ``language`` (``red-flags/<language>/<slug>.md``), or None if there is none."""
        if red_flags.language == language:
            return red_flags
        return self.translations.get(language, {}).get(red_flags.slug)


def resolve_content_dir(content_dir: Path | None) -> Path:
    if content_dir is None and os.environ.get(CONTENT_ENV):
        content_dir = Path(os.environ[CONTENT_ENV])
    if content_dir is None:
        return seeds_dir()
    if not content_dir.is_dir():
        raise HandoutsError(f"{content_dir}: content folder not found; check --content or ${CONTENT_ENV}")
    return content_dir


def load_library(content_dir: Path | None = None) -> Library:
    """The library of a content folder; each kind is read when first used, and a broken file is
    kept in ``problems`` while the rest still loads."""
    return Library(resolve_content_dir(content_dir), seeds_dir().resolve())


def _read_articles(folder: Path, roots: Roots, built_in: Path) -> tuple[dict[str, Article], list[InputError]]:
    articles: dict[str, Article] = {}
    problems: list[InputError] = []
    _load_kind(folder, article_from_source, articles, problems, roots, built_in)
    return articles, problems


def _read_red_flags(layers: Sequence[Path], roots: Roots, built_in: Path) -> _RedFlags:
    part = _RedFlags({}, {language: {} for language in TRANSLATIONS}, [])
    for layer in layers:
        problems: list[InputError] = []
        before = dict(part.sets)
        _load_kind(layer / "red-flags", red_flags_from_source, part.sets, problems, roots, built_in)
        for slug, red_flags in part.sets.items():
            if slug in before and red_flags is not before[slug] and red_flags.keywords == Keywords():
                # a clinic rewording a built-in set keeps which articles get it
                part.sets[slug] = replace(red_flags, keywords=before[slug].keywords)
        for language in TRANSLATIONS:
            read = partial(red_flags_from_source, language=language)
            _load_kind(layer / "red-flags" / language, read, part.translations[language], problems, roots, built_in)
        part.problems.append(problems)
    return part


def _read_exercises(layers: Sequence[Path], roots: Roots, built_in: Path) -> _Exercises:
    exercises: dict[str, Exercise] = {}
    ids = ExerciseIds()
    built_in_exercises: dict[str, Exercise] = {}
    per_layer: list[list[InputError]] = []
    for layer in layers:
        problems: list[InputError] = []
        layer_exercises: dict[str, Exercise] = {}
        _load_kind(layer / "exercises", exercise_from_source, layer_exercises, problems, roots, built_in)
        exercises.update(layer_exercises)
        ids.add_layer(layer_exercises.values(), problems)
        if layer == built_in:
            built_in_exercises = dict(layer_exercises)
        per_layer.append(problems)
    pictured, notices = give_pictures(exercises, built_in_exercises)
    return _Exercises(pictured, ids, notices, per_layer)


def _read_programmes(folders: list[Path], built_in: Path) -> _Programmes:
    """Every ``*.toml`` in ``folders``; a broken file is kept in ``problems``."""
    part = _Programmes({}, {}, [])
    for folder in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                template = _read_template(path, path.resolve().is_relative_to(built_in))
            except InputError as exc:
                part.problems.append(exc)
                continue
            part.templates[template.slug] = template
            part.files[template.slug] = path
    return part


def _read_template(path: Path, built_in: bool) -> ProgrammeTemplate:
    """A programme template; a built-in one parsed once (``model/built_in.py``)."""
    if not built_in:
        return load_template(path)
    return parsed_once(path, "programme template", partial(load_template, path))


def exercise_from_source(source: Source) -> Exercise:
    """An exercise in the tool's own format (``name:``), or a CMS exercise page (``title:``)."""
    if is_exercise_page(source.meta):
        return exercise_from_page(source)
    return own_exercise_from_source(source)


def article_folder(folder: Path) -> Path:
    """``articles/`` of a content folder laid out by kind (its top level then holds only a
    README or the like), else the content folder itself."""
    return folder / "articles" if (folder / "articles").is_dir() else folder


Item = TypeVar("Item", Article, Exercise, RedFlagSet)
Roots = tuple[Path, Path]  # where content may be read from: the content folder and the built-in one


def _read_item(path: Path, make: Callable[[Source], Item], kind: str, built_in: bool) -> Item:
    """A content file's item; a built-in one parsed once (``model/built_in.py``)."""
    if not built_in:
        return make(read_source(path))
    return parsed_once(path, kind, lambda: make(read_source(path)))


def _load_kind(
    folder: Path,
    make: Callable[[Source], Item],
    into: dict[str, Item],
    problems: list[InputError],
    allowed: Roots,
    builtin: Path,
) -> None:
    seen_here: dict[str, Path] = {}
    kind = f"{getattr(make, 'func', make).__qualname__}:{getattr(make, 'keywords', {})}"
    for path in iter_content_files(folder):
        resolved = path.resolve()
        if not any(resolved.is_relative_to(root) for root in allowed):
            # a link out of the content folder: the batch's fingerprints and the PDF fetcher
            # read only inside it, so the loader does not either
            problems.append(
                InputError(
                    display_path(path),
                    None,
                    "is a link to a file outside the content folder; copy the file in instead",
                )
            )
            continue
        try:
            item = _read_item(path, make, kind, resolved.is_relative_to(builtin))
        except InputError as exc:
            problems.append(exc)
            continue
        if item.slug in seen_here:
            problems.append(
                InputError(
                    item.source.name,
                    "slug",
                    f'"{item.slug}" is already used by {seen_here[item.slug].name}; give one of them its own `slug:`',
                )
            )
            continue
        seen_here[item.slug] = path
        into[item.slug] = item
