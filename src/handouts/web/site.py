"""What the web app serves: the clinics and the content library, looked up by slug only.

Everything is loaded once at start-up. A URL never names a file: it names a clinic, an
article or an exercise, and only those found here resolve. The fingerprints of what a PDF is
made from (the cache key and ETag) are taken from the same bytes that were loaded, so a file
edited on disk while the server runs cannot make a cached PDF disagree with its key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from handouts import __version__
from handouts.errors import HandoutsError, display_path
from handouts.model.clinic import Clinic, find_clinic_files, load_clinic
from handouts.model.content import Article, Exercise
from handouts.model.library import Library, load_library
from handouts.model.red_flags import article_box, programme_box
from handouts.render.markdown import MarkdownContext, render_markdown
from handouts.resources import locales_dir, styles_dir, templates_dir

log = logging.getLogger("handouts.web")
_PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
IMAGE_TYPES = {**LOGO_TYPES, ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


class NotFound(Exception):
    """A clinic, article, exercise or share code that does not exist (the app answers 404)."""


@dataclass(frozen=True)
class ClinicSite:
    """One clinic as served: its profile, its logo's bytes and a hash over both."""

    clinic: Clinic
    logo: bytes
    logo_type: str
    fingerprint: str

    @property
    def slug(self) -> str:
        return self.clinic.slug


def _sha256(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _folder_digest(folder: Path, pattern: str = "**/*") -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        digest.update(f"{relative.as_posix()}\0{_sha256(path.read_bytes())}\n".encode())
    return digest.hexdigest()


def shared_digest() -> str:
    """Everything every PDF is made from: templates, styles and fonts, labels, code, versions."""
    try:
        weasyprint_version = version("weasyprint")  # metadata only: WeasyPrint is not imported here
    except PackageNotFoundError:
        weasyprint_version = "unknown"
    parts = {
        "handouts": __version__,
        "weasyprint": weasyprint_version,
        "code": _folder_digest(_PACKAGE_DIR, "*.py"),
        "templates": _folder_digest(templates_dir()),
        "styles": _folder_digest(styles_dir()),
        "locales": _folder_digest(locales_dir()),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def load_clinic_site(path: Path) -> ClinicSite:
    clinic = load_clinic(path)
    profile = path.read_bytes()
    logo = clinic.logo.read_bytes() if clinic.logo else b""
    logo_type = LOGO_TYPES.get(clinic.logo.suffix.lower(), "") if clinic.logo else ""
    return ClinicSite(clinic, logo, logo_type, _sha256(profile, logo))


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
        self.shared = shared_digest()
        self._images: dict[str, tuple[Path, ...]] = {}

    @classmethod
    def load(cls, content_dir: Path | None = None, clinic_paths: list[Path] | None = None) -> Site:
        """Load the content and every clinic profile; a broken profile stops the start."""
        library = load_library(content_dir)
        for problem in library.problems:
            log.warning("skipped: %s", problem)
        paths = find_clinic_files(clinic_paths)
        if not paths:
            raise HandoutsError("no clinic profiles found; give --clinics FILE_OR_FOLDER")
        return cls(library, [load_clinic_site(path) for path in paths])

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
        def order(article: Article) -> tuple:
            updated = article.last_updated or article.published or dt.date.min
            return (-updated.toordinal(), article.title.casefold())

        return sorted(self.library.articles.values(), key=order)

    # --- cache keys: a hash over the bytes each PDF is made from -----------------------

    def article_key(self, entry: ClinicSite, article: Article) -> str:
        red_flags = article_box(article, self.library, entry.clinic.language).files
        if article.slug not in self._images:
            self._images[article.slug] = _article_images(article, self.library)
        images = [p.read_bytes() for p in self._images[article.slug] if p.is_file()]
        return _sha256(
            b"article", self.shared.encode(), entry.fingerprint.encode(),
            article.source.raw, *(p.read_bytes() for p in red_flags), *images,
        )

    def programme_key(self, entry: ClinicSite, code: str, exercises: list[Exercise], date: dt.date) -> str:
        """Unpersonalised programmes only (a share link): the name never reaches a key."""
        red_flags = programme_box(exercises, self.library, entry.clinic.language).files
        parts = [e.source.raw for e in exercises] + [e.image.read_bytes() for e in exercises if e.image]
        return _sha256(
            b"programme", self.shared.encode(), entry.fingerprint.encode(), code.encode(),
            date.isoformat().encode(), *(p.read_bytes() for p in red_flags), *parts,
        )


def _article_images(article: Article, library: Library) -> tuple[Path, ...]:
    """The image files the article's PDF shows, as the Markdown stage itself resolves them."""
    ctx = MarkdownContext(source_name=article.source.name, base_dir=article.path.parent, image_roots=library.image_roots)
    return tuple(render_markdown(article.body, ctx).images)


def describe(site: Site) -> str:
    """One line for the start-up log."""
    clinics = ", ".join(sorted(site.clinics))
    library = site.library
    return (f"{len(library.articles)} articles, {len(library.exercises)} exercises from "
            f"{display_path(library.content_dir)}; clinics: {clinics}")
