"""A content folder loaded whole: articles, exercises, red-flag sets and programme templates,
with the built-in layers beneath a clinic's own folder and problems kept per file.

A content folder holds articles (``*.md``/``*.txt`` in its ``articles/`` folder when it has one,
as a CMS export is laid out, else at its top level) and, in sub-folders, ``exercises/``,
``red-flags/`` and ``programmes/``. The built-in content is ``seeds/``. A
clinic's own folder (``--content`` or ``HANDOUTS_CONTENT``) replaces the built-in articles;
its exercises, red-flag sets and programmes are added to the built-in ones (same slug: the
clinic's wins), so a clinic's article folder never loses the red-flag box.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TypeVar, cast

from handouts.errors import HandoutsError, InputError, display_path
from handouts.load import Source, iter_content_files, read_source
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
CONTENT_ENV = "HANDOUTS_CONTENT"
TRANSLATIONS = ("en",)  # red-flags/<language>/ folders read beside the Danish sets


@dataclass
class Library:
    """All content found in one content folder (plus the built-in layers)."""

    content_dir: Path
    articles: dict[str, Article] = field(default_factory=dict)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    red_flags: dict[str, RedFlagSet] = field(default_factory=dict)  # Danish, the sets' own language
    translations: dict[str, dict[str, RedFlagSet]] = field(default_factory=dict)  # language → slug → set
    programmes: dict[str, ProgrammeTemplate] = field(default_factory=dict)
    programme_files: dict[str, Path] = field(default_factory=dict)
    exercise_ids: ExerciseIds = field(default_factory=ExerciseIds)  # stable short ids for share codes
    problems: list[InputError] = field(default_factory=list)
    # What loads but a person should look at (a clinic page in a built-in exercise's place, a
    # `figure:` that names no drawing): warnings in `list` and `check`, never a failed build.
    notices: list[InputError] = field(default_factory=list)
    # What is worked out once per article and reused for every clinic's handout of it (the
    # red-flag choice, the article's HTML body): at most a few entries per article, so a
    # long-lived worker's memory stays flat.
    _per_article: dict[tuple[str, str], tuple[Article, object]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

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
    """Load every content file; a broken file is kept in ``problems``, the rest still loads."""
    folder = resolve_content_dir(content_dir)
    library = Library(content_dir=folder.resolve())
    builtin = seeds_dir().resolve()
    layers = [builtin] if folder.resolve() == builtin else [builtin, folder.resolve()]
    built_in_exercises: dict[str, Exercise] = {}
    for layer in layers:
        built_in = dict(library.red_flags)
        _load_kind(library, layer / "red-flags", red_flags_from_source, library.red_flags)
        for slug, red_flags in library.red_flags.items():
            if slug in built_in and red_flags is not built_in[slug] and red_flags.keywords == Keywords():
                # a clinic rewording a built-in set keeps which articles get it
                library.red_flags[slug] = replace(red_flags, keywords=built_in[slug].keywords)
        for language in TRANSLATIONS:
            _load_kind(
                library,
                layer / "red-flags" / language,
                partial(red_flags_from_source, language=language),
                library.translations.setdefault(language, {}),
            )
        layer_exercises: dict[str, Exercise] = {}
        _load_kind(library, layer / "exercises", exercise_from_source, layer_exercises)
        library.exercises.update(layer_exercises)
        library.exercise_ids.add_layer(layer_exercises.values(), library.problems)
        if layer == builtin:
            built_in_exercises = dict(layer_exercises)
    library.exercises, library.notices = give_pictures(library.exercises, built_in_exercises)
    _load_kind(library, article_folder(folder), article_from_source, library.articles)
    load_templates(library, [layer / "programmes" for layer in layers])
    return library


def load_templates(library: Library, folders: list[Path]) -> None:
    """Every ``*.toml`` in ``folders`` into ``library.programmes``; a broken file is kept in ``problems``."""
    for folder in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                template = load_template(path)
            except InputError as exc:
                library.problems.append(exc)
                continue
            library.programmes[template.slug] = template
            library.programme_files[template.slug] = path


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

# The built-in red-flag sets, exercises and their translations, parsed once per process: every
# library (each CLI command, each test, the web app's reloads) starts from them, and they are
# frozen. One entry per file and way of reading it, replaced when the file's size or time
# changes (so the cache never grows past the built-in files).
_BUILT_IN: dict[tuple[str, str], tuple[int, int, Article | Exercise | RedFlagSet]] = {}


def _read_item(path: Path, make: Callable[[Source], Item], kind: str, built_in: bool) -> Item:
    if not built_in:
        return make(read_source(path))
    stat = path.stat()
    key = (str(path), kind)
    cached = _BUILT_IN.get(key)
    if cached is not None and cached[:2] == (stat.st_size, stat.st_mtime_ns):
        return cast(Item, cached[2])  # the key's kind says which type it is
    item = make(read_source(path))
    _BUILT_IN[key] = (stat.st_size, stat.st_mtime_ns, item)
    return item


def _load_kind(library: Library, folder: Path, make: Callable[[Source], Item], into: dict[str, Item]) -> None:
    seen_here: dict[str, Path] = {}
    builtin = seeds_dir().resolve()
    allowed = (library.content_dir, builtin)
    kind = f"{getattr(make, 'func', make).__qualname__}:{getattr(make, 'keywords', {})}"
    for path in iter_content_files(folder):
        resolved = path.resolve()
        if not any(resolved.is_relative_to(root) for root in allowed):
            # a link out of the content folder: the batch's fingerprints and the PDF fetcher
            # read only inside it, so the loader does not either
            library.problems.append(
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
            library.problems.append(exc)
            continue
        if item.slug in seen_here:
            library.problems.append(
                InputError(
                    item.source.name,
                    "slug",
                    f'"{item.slug}" is already used by {seen_here[item.slug].name}; give one of them its own `slug:`',
                )
            )
            continue
        seen_here[item.slug] = path
        into[item.slug] = item
