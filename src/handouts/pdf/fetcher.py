"""The only way WeasyPrint reads anything: files inside the project's own asset folders.

No http(s) or any other scheme, no redirects, no ``file://`` outside the allowed folders (or
away from the allowed files: a clinic's logo is allowed as one file, not its whole folder),
a size limit per resource and a pixel limit per raster image, so a small "decompression bomb"
PNG cannot exhaust memory. Every body is judged by its content, not its name or declared type
(WeasyPrint tries any file as a raster image, then as SVG): a raster image anywhere, also one
nested in an SVG or inline as ``data:``, gets the pixel limit, and an SVG is parsed first
with a bounded parser (``check_svg``) that counts what it would draw, and an SVG that shows
another SVG (or itself) as an image is refused. Fonts come from the bundled fonts folder only:
an ``@font-face`` in an SVG or stylesheet from the content is refused. Every refusal is
recorded so the caller can warn, naming the document and the URL.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from weasyprint.urls import URLFetcher, URLFetcherResponse

from handouts.images import RefusedResource, check_image, check_nested_images, check_pixels, check_svg
from handouts.limits import MAX_IMAGE_PIXELS, MAX_RESOURCE_BYTES
from handouts.resources import fonts_dir

__all__ = ["MAX_IMAGE_PIXELS", "MAX_RESOURCE_BYTES", "LockedFetcher", "RefusedResource", "check_image", "check_svg"]

_TYPES = {".woff": "font/woff", ".woff2": "font/woff2", ".svg": "image/svg+xml", ".css": "text/css"}
_RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff")
_FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".ttc", ".eot")
_NOT_IMAGES = (*_FONT_SUFFIXES, ".css")  # fonts and stylesheets: never drawn as images
_FONT_MAGIC = (b"wOFF", b"wOF2", b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf", b"typ1")


class LockedFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type information
    """A WeasyPrint URL fetcher that serves local files from ``roots`` and nothing else.

    A root that is a folder allows every file below it; a root that is a file allows that
    file only.
    """

    def __init__(self, roots: list[Path] | tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=1)
        self.fonts = fonts_dir().resolve()
        resolved = [root.resolve() for root in roots]
        self.roots = tuple(root for root in resolved if not root.is_file())
        self.files = frozenset(root for root in resolved if root.is_file())
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            return self._fetch(url)
        except RefusedResource as exc:
            note = f"{_shorten(url)} ({exc})"
            if note not in self.refused:
                self.refused.append(note)
            raise

    def open(self, url: str | Request, data: bytes | None = None, timeout: float | None = None) -> URLFetcherResponse:
        """Everything, even urllib's own internals, goes through ``fetch``'s checks."""
        return self.fetch(url.full_url if isinstance(url, Request) else url)

    def _fetch(self, url: str) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            if len(url) > MAX_RESOURCE_BYTES:
                raise RefusedResource("inline data too large")
            return _data_response(url)
        if scheme != "file":
            raise RefusedResource("only the project's own files may be read")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedResource("file on another host")
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            raise RefusedResource("no such file") from None
        if path not in self.files and not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedResource("outside the allowed folders")
        if not path.is_file():
            raise RefusedResource("not a file")
        size = path.stat().st_size
        if size > MAX_RESOURCE_BYTES:
            raise RefusedResource(f"{size / 1e6:.1f} MB; at most {MAX_RESOURCE_BYTES // 1_000_000} MB")
        body = path.read_bytes()
        if _is_font(path.suffix, body) and not path.is_relative_to(self.fonts):
            raise RefusedResource("a font from outside the bundled fonts; only those are embedded")
        if path.suffix.lower() in _RASTER_SUFFIXES:
            check_pixels(body)
        elif path.suffix.lower() not in _NOT_IMAGES:
            check_nested_images(check_image(body), path)
        kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": kind})


def _data_response(url: str) -> URLFetcherResponse:
    """A ``data:`` URL decoded here, without urllib's opener (and its other handlers)."""
    try:
        response = DataHandler().data_open(Request(url))
    except Exception:  # any malformed data URL is simply refused
        raise RefusedResource("malformed inline data") from None
    body = response.read()
    if _is_font("", body):
        raise RefusedResource("a font from outside the bundled fonts; only those are embedded")
    # Whatever type it claims: WeasyPrint tries it as an image anyway. Inline, an SVG has no
    # folder its images could come from.
    if check_image(body):
        raise RefusedResource("inline SVG refers to image files; embed them or use a file")
    return URLFetcherResponse(url, body=body, headers=dict(response.headers.items()))


def _is_font(suffix: str, body: bytes) -> bool:
    return suffix.lower() in _FONT_SUFFIXES or body.startswith(_FONT_MAGIC)


def _shorten(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "…"
