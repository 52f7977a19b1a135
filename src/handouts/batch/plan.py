"""Batch planning: which handouts exist for which clinic, and which changed since the manifest.

A handout the model says cannot be made (an unknown red-flag set, a template naming an unknown
exercise) is a problem naming its file, and is not planned; the rest is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.batch.manifest import Manifest
from handouts.batch.options import BatchOptions
from handouts.batch.worker import WorkItem
from handouts.build import article_path
from handouts.errors import HandoutsError, display_path
from handouts.fingerprint import Fingerprints
from handouts.model.clinic import Clinic, find_clinic_files, load_clinics
from handouts.model.content import Article
from handouts.model.library import Library, load_library
from handouts.model.programme import template_exercises
from handouts.model.red_flags import red_flag_problem
from handouts.model.slugs import resolve

# Page estimates for ordering the work before a handout's first build records its pages.
CHARACTERS_PER_PAGE = 3000
PROGRAMME_PAGES = 2.0  # one duplex sheet
LARGE_PRINT_PAGES = 1.8


@dataclass
class Planned:
    """One handout the batch is responsible for: how to build it and what to record."""

    work: WorkItem
    fingerprint: str
    entry: dict[str, object]  # manifest fields known before building
    target: Path | None  # where it will be written, when known in advance
    source: str  # the file it is made from, named in messages
    strikes: int = 0  # worker crashes it was in flight for
    size: float = 1.0  # pages, as last built or estimated: the largest are built first


@dataclass
class Plan:
    to_build: list[Planned]
    unchanged: int
    clinics: dict[str, Clinic]  # every clinic of this run, by slug (for the index pages)
    problems: list[str]
    warnings: list[str]


@dataclass
class Handout:
    """One article or programme template, before it is paired with each clinic."""

    kind: str  # "article" or "programme"
    slug: str
    title: str
    source: str  # the file it is made from, named in messages
    updated: str | None
    inputs: dict[str, str]  # display name → hash of each of its own files
    pages: float = PROGRAMME_PAGES  # estimated from its text until a build records them


def make_plan(options: BatchOptions, manifest: Manifest) -> Plan:
    """Every clinic × handout of this run; those the manifest says are current are counted,
    not planned. The largest handouts of each clinic come first."""
    library = load_library(options.content)
    problems: list[str] = []
    warnings: list[str] = []
    # A broken file the user did not ask for (with --articles) is worth a warning, not a failure.
    (warnings if options.articles else problems).extend(str(p) for p in library.problems)
    clinics, clinic_problems = load_clinics(find_clinic_files(options.clinics))
    problems += [str(p) for p in clinic_problems]
    prints = Fingerprints(library)
    handouts = _article_handouts(library, _chosen_articles(library, options.articles), prints, problems)
    if options.programmes:
        handouts += _programme_handouts(library, prints, problems, options.templates)

    to_build: list[Planned] = []
    unchanged = 0
    pages = _pages_built(manifest)
    for clinic in clinics.values():
        first_of_clinic = len(to_build)
        for handout in handouts:
            for variant in [False, True] if options.large_print else [False]:
                planned = _planned(library, prints, clinic, handout, variant, options.out_dir, pages)
                if not options.force and manifest.is_current(planned.work.key, planned.fingerprint):
                    unchanged += 1
                else:
                    to_build.append(planned)
        # Largest first within each clinic: the workers take the next handout as they finish,
        # so the run ends on the smallest ones and every worker finishes at about the same
        # time. A clinic's handouts stay together, so a worker keeps one clinic's logo at a time.
        to_build[first_of_clinic:] = sorted(to_build[first_of_clinic:], key=lambda p: -p.size)
    return Plan(to_build, unchanged, clinics, problems, warnings)


def _chosen_articles(library: Library, given: list[str] | None) -> list[Article]:
    if not given:
        return list(library.articles.values())
    return [library.articles[resolve(s, library.articles, "article")] for s in dict.fromkeys(given)]


def _article_handouts(
    library: Library, articles: list[Article], prints: Fingerprints, problems: list[str]
) -> list[Handout]:
    handouts = []
    for article in articles:
        problem = red_flag_problem(article, library)
        if problem is not None:
            problems.append(str(problem))
            continue
        updated = article.updated
        handouts.append(
            Handout(
                "article",
                article.slug,
                article.title,
                article.source.name,
                updated.isoformat() if updated else None,
                prints.article_inputs(article),
                1 + len(article.body) / CHARACTERS_PER_PAGE,
            )
        )
    return handouts


def _programme_handouts(
    library: Library, prints: Fingerprints, problems: list[str], only: list[str] | None = None
) -> list[Handout]:
    """Programme templates as handouts: the template file, its exercises and their images."""
    handouts = []
    for slug, template in library.programmes.items():
        if only is not None and slug not in only:
            continue
        source = library.programme_files[slug]
        try:
            exercises = template_exercises(template, library)
        except HandoutsError as exc:
            problems.append(f"{display_path(source)}: {exc}")
            continue
        handouts.append(
            Handout(
                "programme", slug, template.title, display_path(source), None, prints.exercise_inputs(exercises, source)
            )
        )
    return handouts


def _planned(
    library: Library,
    prints: Fingerprints,
    clinic: Clinic,
    handout: Handout,
    large_print: bool,
    out_dir: Path,
    pages: dict[tuple[str, str, bool], float],
) -> Planned:
    """One clinic's copy of one handout: its job key, fingerprint, manifest fields and target."""
    inputs = handout.inputs | prints.clinic_inputs(clinic)
    key = ":".join([handout.kind, clinic.slug, handout.slug] + (["large-print"] if large_print else []))
    fingerprint = prints.of(inputs, {"kind": handout.kind, "large_print": large_print})
    target = None
    if handout.kind == "article":
        target = article_path(clinic, library.articles[handout.slug], out_dir, large_print=large_print)
    entry = {
        "kind": handout.kind,
        "slug": handout.slug,
        "clinic": clinic.slug,
        "large_print": large_print,
        "title": handout.title,
        "updated": handout.updated,
        "inputs": {name: digest[:16] for name, digest in (inputs | prints.shared).items()},
    }
    assert clinic.source is not None  # loaded from a file
    work = WorkItem(
        key=key,
        kind=handout.kind,
        slug=handout.slug,
        clinic_file=clinic.source,
        large_print=large_print,
        out_dir=out_dir,
    )
    size = pages.get((handout.kind, handout.slug, large_print)) or handout.pages * (
        LARGE_PRINT_PAGES if large_print else 1
    )
    return Planned(work, fingerprint, entry, target, handout.source, size=size)


def _pages_built(manifest: Manifest) -> dict[tuple[str, str, bool], float]:
    """Pages each handout had when it was last built (for any clinic): its size, for ordering."""
    pages: dict[tuple[str, str, bool], float] = {}
    for entry in manifest.entries.values():
        count = entry.get("pages")
        if isinstance(count, int) and count > 0:
            pages[(str(entry.get("kind")), str(entry.get("slug")), bool(entry.get("large_print")))] = count
    return pages
