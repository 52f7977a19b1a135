"""Fingerprints for incremental batches: one hash over everything a handout is made from.

A handout is rebuilt only when its fingerprint changes. The fingerprint covers the handout's
own files (article, red-flag set, images it names, programme template, exercises, clinic
profile and logo), the folders every handout shares (templates/, styles/ with the fonts, the
locale catalogues, the package's own code), the tool's and WeasyPrint's versions, and the
variant. Shared folders are hashed once per run; every file is hashed at most once per run.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from handouts import __version__
from handouts.errors import display_path
from handouts.resources import locales_dir, styles_dir, templates_dir

_PACKAGE_DIR = Path(__file__).resolve().parent
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
MISSING = "missing"
WEB_ONLY = ("web/", "web.css")


class Hasher:
    """Hashes files and folders, each at most once per run (a batch reads a logo 5×, hashes it once)."""

    def __init__(self) -> None:
        self._files: dict[Path, str] = {}
        self._shared: dict[str, str] | None = None

    def file(self, path: Path) -> str:
        """sha256 of the file's bytes, or ``missing`` (so adding the file later rebuilds)."""
        path = path.resolve()
        if path not in self._files:
            try:
                self._files[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self._files[path] = MISSING
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
                "weasyprint": _version_of("weasyprint"),
                "code": self.folder(_PACKAGE_DIR, "*.py"),
                # The web app's own pages and stylesheet never reach a PDF.
                "templates/": self.folder(templates_dir(), skip=WEB_ONLY),
                "styles/": self.folder(styles_dir(), skip=WEB_ONLY),
                "locales/": self.folder(locales_dir()),
            }
        return self._shared

    def inputs(self, paths: dict[str, Path | None]) -> dict[str, str]:
        """``{display name: hash}`` for one handout's own files; ``None`` entries are skipped."""
        return {display_path(path): self.file(path) for path in paths.values() if path is not None}


def fingerprint(shared: dict[str, str], inputs: dict[str, str], variant: dict[str, object]) -> str:
    payload = json.dumps({"shared": shared, "inputs": inputs, "variant": variant}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _image_targets(markdown: str) -> list[str]:
    """Markdown image paths, ``![alt](path "title")``: what the renderer will look for.

    The same matches as ``re.findall(r"!\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?", markdown)``, in
    linear time: that regex scans from every ``![`` to the next ``]`` (quadratic on ``![![![…``).
    """
    found: list[str] = []
    pos, end = 0, len(markdown)
    while True:
        opening = markdown.find("![", pos)
        if opening < 0:
            return found
        closing = markdown.find("]", opening + 2)
        if closing < 0:
            return found  # no later start can find a "]" either
        pos = closing + 1  # every "![" before this "]" ends at it: one try covers them all
        if not markdown.startswith("(", pos):
            continue
        start = pos + 1
        while start < end and markdown[start].isspace():
            start += 1
        bracketed = markdown.startswith("<", start)
        stop = start + bracketed
        while stop < end and markdown[stop] not in ")>" and not markdown[stop].isspace():
            stop += 1
        if stop > start + bracketed:
            found.append(markdown[start + bracketed : stop])
        elif bracketed:
            found.append("<")  # what the regex captures when nothing follows the "<"
            stop = start + 1
        else:
            continue
        pos = stop + markdown.startswith(">", stop)


def referenced_images(markdown: str, base_dir: Path) -> list[Path]:
    """Local files the Markdown shows as images (web addresses are never fetched, so skipped)."""
    found = []
    for target in _image_targets(markdown):
        if _SCHEME.match(target):
            continue
        relative = target.split("?")[0].split("#")[0].lstrip("/")  # as handouts.markdown resolves it
        if relative:
            found.append(base_dir / relative)
    return found


def _version_of(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"
