"""Fingerprints: one hash over everything a handout is made from, for the batch and the web alike.

The batch rebuilds a handout only when its fingerprint changed since the manifest recorded
it; the web app caches PDFs and answers ETags by the same fingerprint. It covers the
handout's own inputs (the article or the exercises and programme template, every red-flag set
— choosing a set depends on all their keyword lists —, the images the Markdown stage itself
resolved, the clinic profile and logo), what every handout shares (templates/, styles/ with
the fonts, the locale catalogues, the package's own code), the tool's and WeasyPrint's
versions, and the variant (large print, a share code, the day).

Content files are hashed from the bytes that were loaded, so a file edited while a server runs
cannot make a PDF disagree with its key. Other files are read the way the sandboxed PDF
fetcher may read them: regular files only, at most ``MAX_RESOURCE_BYTES``, never a device, a
FIFO or anything outside the folders handed in — a name such as ``../../etc/shadow`` or a
``.png`` that is really a FIFO is hashed as ``refused``, never read.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from handouts import __version__
from handouts.errors import display_path
from handouts.limits import MAX_RESOURCE_BYTES
from handouts.model.clinic import Clinic
from handouts.model.content import Article, Exercise
from handouts.model.library import Library
from handouts.model.markdown import MarkdownContext
from handouts.render.markdown import render_markdown
from handouts.resources import locales_dir, styles_dir, templates_dir

_PACKAGE_DIR = Path(__file__).resolve().parent
MISSING = "missing"
REFUSED = "refused"
WEB_ONLY = ("web/", "web.css")  # the web app's own pages and stylesheet never reach a PDF


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_capped(path: Path) -> bytes | None:
    """A regular file's bytes if it is at most ``MAX_RESOURCE_BYTES``; else ``None``.

    ``stat`` first, then open without following a swap to a FIFO or device: nothing here can
    block or read without end.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_RESOURCE_BYTES:
            return None
        with path.open("rb") as handle:
            data = handle.read(MAX_RESOURCE_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_RESOURCE_BYTES else None


class Hasher:
    """Hashes files and folders, each at most once per run (a batch reads a logo 5×, hashes it once)."""

    def __init__(self) -> None:
        self._files: dict[Path, str] = {}
        self._shared: dict[str, str] | None = None

    def file(self, path: Path) -> str:
        """sha256 of a regular file's bytes; ``missing`` (adding it later rebuilds) or ``refused``."""
        path = path.resolve()
        if path not in self._files:
            if not path.exists():
                self._files[path] = MISSING
            else:
                data = read_capped(path)
                self._files[path] = REFUSED if data is None else _sha256(data)
        return self._files[path]

    def folder(self, folder: Path, pattern: str = "**/*", skip: tuple[str, ...] = ()) -> str:
        """One hash over every file's name and bytes under ``folder`` (hidden files and ``skip``
        prefixes left out)."""
        digest = hashlib.sha256()
        for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
            relative = path.relative_to(folder)
            if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
                continue
            if relative.as_posix().startswith(skip):
                continue
            digest.update(f"{relative.as_posix()}\0{self.file(path)}\n".encode())
        return digest.hexdigest()

    def shared(self) -> dict[str, str]:
        """What every handout is made from, whatever its content and clinic."""
        if self._shared is None:
            self._shared = {
                "handouts": __version__,
                "weasyprint": _version_of("weasyprint"),  # metadata only: WeasyPrint is not imported
                "code": self.folder(_PACKAGE_DIR, "**/*.py"),
                "templates/": self.folder(templates_dir(), skip=WEB_ONLY),
                "styles/": self.folder(styles_dir(), skip=WEB_ONLY),
                "locales/": self.folder(locales_dir()),
            }
        return self._shared


class Fingerprints:
    """The inputs and fingerprints of one library's handouts, for any clinic."""

    def __init__(self, library: Library, hasher: Hasher | None = None) -> None:
        self.library = library
        self.hasher = hasher or Hasher()
        self.shared = self.hasher.shared()
        self._images: dict[str, tuple[Path, ...]] = {}
        every_set = [*library.red_flags.values()]
        every_set += [s for sets in library.translations.values() for s in sets.values()]
        self._red_flags = {s.source.name: _sha256(s.source.raw) for s in sorted(every_set, key=lambda s: s.source.name)}

    def clinic_inputs(self, clinic: Clinic) -> dict[str, str]:
        files = {"clinic": clinic.source, "logo": clinic.logo}
        return {display_path(path): self.hasher.file(path) for path in files.values() if path}

    def article_inputs(self, article: Article) -> dict[str, str]:
        inputs = {article.source.name: _sha256(article.source.raw)} | self._red_flags
        for path in self.article_images(article):
            inputs[display_path(path)] = self.hasher.file(path)
        return inputs

    def exercise_inputs(self, exercises: Iterable[Exercise], template: Path | None = None) -> dict[str, str]:
        inputs = dict(self._red_flags)
        if template is not None:
            inputs[display_path(template)] = self.hasher.file(template)
        for exercise in exercises:
            inputs[exercise.source.name] = _sha256(exercise.source.raw)
            if exercise.image is not None:
                inputs[display_path(exercise.image)] = self.hasher.file(exercise.image)
        return inputs

    def article_images(self, article: Article) -> tuple[Path, ...]:
        """The image files the article's PDF shows, as the Markdown stage itself resolves them."""
        if article.slug not in self._images:
            ctx = MarkdownContext(
                source_name=article.source.name, base_dir=article.path.parent, image_roots=self.library.image_roots
            )
            self._images[article.slug] = tuple(render_markdown(article.body, ctx).images)
        return self._images[article.slug]

    def of(self, inputs: dict[str, str], variant: dict[str, object]) -> str:
        payload = json.dumps({"shared": self.shared, "inputs": inputs, "variant": variant}, sort_keys=True)
        return _sha256(payload.encode())


def _version_of(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"
