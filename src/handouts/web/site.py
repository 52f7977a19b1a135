"""What the web app serves: the clinics and the content library, looked up by slug only.

Everything is loaded once at start-up. A URL never names a file: it names a clinic, an
article or an exercise, and only those found here resolve. The fingerprints of what a PDF is
made from (the cache key and ETag) come from ``handouts.fingerprint``, the same as the batch's.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import HandoutsError, display_path
from handouts.fingerprint import Fingerprints
from handouts.images import LOGO_TYPES
from handouts.model.clinic import Clinic, find_clinic_files, load_clinics
from handouts.model.content import Article, Exercise
from handouts.model.library import Library, load_library

log = logging.getLogger("handouts.web")


class NotFound(Exception):
    """A clinic, article, exercise or share code that does not exist (the app answers 404)."""


@dataclass(frozen=True)
class ClinicSite:
    """One clinic as served: its profile and its logo's bytes."""

    clinic: Clinic
    logo: bytes
    logo_type: str

    @property
    def slug(self) -> str:
        return self.clinic.slug


def load_clinic_site(clinic: Clinic) -> ClinicSite:
    logo = clinic.logo.read_bytes() if clinic.logo else b""
    logo_type = LOGO_TYPES.get(clinic.logo.suffix.lower(), "") if clinic.logo else ""
    return ClinicSite(clinic, logo, logo_type)


class Site:
    """The clinics and the library the app serves, with lookups that raise NotFound."""

    def __init__(self, library: Library, clinics: list[ClinicSite]) -> None:
        self.library = library
        self.clinics: dict[str, ClinicSite] = {}
        for entry in clinics:
            if entry.slug in self.clinics:
                raise HandoutsError(
                    f"two clinic profiles use the slug {entry.slug!r}; give one of them its own `slug =`"
                )
            self.clinics[entry.slug] = entry
        self.prints = Fingerprints(library)

    @classmethod
    def load(cls, content_dir: Path | None = None, clinic_paths: list[Path] | None = None) -> Site:
        """Load the content and every clinic profile. A broken profile (a logo that fails its
        checks, a typo) is logged and skipped, not served broken; none that loads stops the start."""
        library = load_library(content_dir)
        for problem in library.problems:
            log.warning("skipped: %s", problem)
        paths = find_clinic_files(clinic_paths)
        if not paths:
            raise HandoutsError("no clinic profiles found; give --clinics FILE_OR_FOLDER")
        clinics, problems = load_clinics(paths)
        for clinic_problem in problems:
            log.error("skipped: %s", clinic_problem)
        if not clinics:
            raise HandoutsError(str(problems[0]) if problems else "no clinic profile could be loaded")
        return cls(library, [load_clinic_site(clinic) for clinic in clinics.values()])

    # --- lookups: only what was loaded resolves ---------------------------------------

    def clinic(self, slug: str) -> ClinicSite:
        try:
            return self.clinics[slug]
        except KeyError:
            raise NotFound(slug) from None

    def article(self, slug: str) -> Article:
        try:
            return self.library.articles[slug]
        except KeyError:
            raise NotFound(slug) from None

    def exercise(self, slug: str) -> Exercise:
        try:
            return self.library.exercises[slug]
        except KeyError:
            raise NotFound(slug) from None

    def articles(self) -> list[Article]:
        """Newest first, then by title: what a patient most likely came for is at the top."""

        def order(article: Article) -> tuple[int, str]:
            updated = article.updated or dt.date.min
            return (-updated.toordinal(), article.title.casefold())

        return sorted(self.library.articles.values(), key=order)

    # --- cache keys: a hash over the bytes each PDF is made from -----------------------

    def article_key(self, entry: ClinicSite, article: Article) -> str:
        inputs = self.prints.article_inputs(article) | self.prints.clinic_inputs(entry.clinic)
        return self.prints.of(inputs, {"kind": "article", "large_print": False})

    def programme_key(self, entry: ClinicSite, code: str, exercises: list[Exercise], date: dt.date) -> str:
        """Unpersonalised programmes only (a share link): the name never reaches a key."""
        inputs = self.prints.exercise_inputs(exercises) | self.prints.clinic_inputs(entry.clinic)
        return self.prints.of(inputs, {"kind": "programme", "code": code, "date": date.isoformat()})


def describe(site: Site) -> str:
    """One line for the start-up log."""
    clinics = ", ".join(sorted(site.clinics))
    library = site.library
    return (
        f"{len(library.articles)} articles, {len(library.exercises)} exercises from "
        f"{display_path(library.content_dir)}; clinics: {clinics}"
    )
