"""The only way WeasyPrint reads anything: files inside the project's own asset folders.

No http(s), no redirects, no ``file://`` outside the allowed folders, and a size limit per
resource. Every refusal is recorded so the caller can warn, naming the document and the URL.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_RESOURCE_BYTES = 5_000_000
_TYPES = {".woff": "font/woff", ".woff2": "font/woff2", ".svg": "image/svg+xml", ".css": "text/css"}


class RefusedResource(ValueError):
    pass


class LockedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves local files from ``roots`` and nothing else."""

    def __init__(self, roots: list[Path] | tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:  # noqa: ARG002
        try:
            return self._fetch(url)
        except RefusedResource as exc:
            self.refused.append(f"{_shorten(url)} ({exc})")
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            if len(url) > MAX_RESOURCE_BYTES:
                raise RefusedResource("inline data too large")
            return super().fetch(url)
        if scheme != "file":
            raise RefusedResource("only the project's own files may be read")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedResource("file on another host")
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError):
            raise RefusedResource("no such file") from None
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedResource("outside the allowed folders")
        if not path.is_file():
            raise RefusedResource("not a file")
        if path.stat().st_size > MAX_RESOURCE_BYTES:
            raise RefusedResource(f"larger than {MAX_RESOURCE_BYTES // 1_000_000} MB")
        kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": kind})


def _shorten(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "…"
