"""What every route answers with: pages in the clinic's language, assets with ETags, PDFs.

``Web`` holds what the app was made with (the site, the render pool, the PDF cache, the
stylesheet and fonts read once) and the few ways the routes answer; routers reach it through
``web_of(request)``, so no route closes over app-building code.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from handouts.build import render_programme
from handouts.errors import HandoutsError, display_path, one_line
from handouts.i18n import catalogue
from handouts.model.catalogue import catalogue_order
from handouts.model.clinic import Colours
from handouts.model.programme import build_programme
from handouts.render.document import RenderedHTML
from handouts.render.html import render_template
from handouts.resources import fonts_dir, styles_dir
from handouts.web import worker
from handouts.web.cache import PdfCache
from handouts.web.http import content_disposition, etag_for, etag_matches
from handouts.web.pages import tel_links
from handouts.web.pool import RenderPool
from handouts.web.site import ClinicSite, Site

DEFAULT_ADDRESS = "http://localhost:8000"
log = logging.getLogger("handouts.web")
PDF_CACHE_CONTROL = "public, max-age=300"
ASSET_CACHE_CONTROL = "public, max-age=3600"
PRIVATE = "no-store"  # anything that may show a patient's name
CONTENT_LANGUAGE = "da"
WEB_FONTS = (
    "ibm-plex-sans-latin-400-normal.woff",
    "ibm-plex-sans-latin-700-normal.woff",
    "ibm-plex-sans-latin-ext-400-normal.woff",
    "ibm-plex-sans-latin-ext-700-normal.woff",
)


def _read_fonts() -> dict[str, bytes]:
    return {name: (fonts_dir() / name).read_bytes() for name in WEB_FONTS if (fonts_dir() / name).is_file()}


@dataclass
class Web:
    site: Site
    pool: RenderPool
    cache: PdfCache
    # This server's own address, as configured (``serve --host/--port``): the base of share
    # links and QR codes for a clinic without ``public_url``. Never a request's Host header,
    # which anyone can set.
    address: str = DEFAULT_ADDRESS
    # Read once: the routes serve these by fixed name, so no part of a URL reaches the disk.
    # The default brand closes the stylesheet; a clinic's page then loads its own brand.css.
    web_css: bytes = field(
        default_factory=lambda: (styles_dir() / "web.css").read_bytes() + Colours().css.encode() + b"\n"
    )
    fonts: dict[str, bytes] = field(default_factory=_read_fonts)
    # The builder's one script; the pages work without it (see routes/programmes.py).
    builder_js: bytes = field(default_factory=lambda: (files("handouts.web") / "static" / "builder.js").read_bytes())

    def page(
        self,
        template: str,
        entry: ClinicSite | None,
        *,
        status: int = 200,
        private: bool = False,
        language: str | None = None,
        **context: Any,
    ) -> HTMLResponse:
        """``language`` (an article's) chooses the page's labels; by default the clinic's."""
        clinic = entry.clinic if entry else None
        labels = catalogue(language or (clinic.language if clinic else "da"))
        context.setdefault("description", "")
        # The catalogue's own words (body parts) are Danish; a clinic may label its pages in English.
        context.setdefault("content_lang", CONTENT_LANGUAGE)
        html = render_template(
            f"web/{template}",
            clinic=clinic,
            has_logo=bool(entry and entry.logo),
            labels=labels,
            lang=labels.language,
            tel_links=tel_links,
            **context,
        )
        headers = {"Cache-Control": PRIVATE} if private else {}
        return HTMLResponse(html, status_code=status, headers=headers)

    def warm_up_page(self) -> RenderedHTML | None:
        """A real programme to warm the render workers with: four exercises for the first clinic,
        no patient. Making it also loads this process's templates; None if it cannot be made."""
        entry = self._warm_up_clinic()
        library = self.site.library
        if entry is None or not library.exercises:
            return None
        slugs = [e.slug for e in catalogue_order(library.exercises.values())][:4]
        try:
            return render_programme(library, build_programme(library, slugs), entry.clinic)
        except HandoutsError as exc:
            log.warning("no warm-up programme (%s); the workers warm up on a plain page", one_line(str(exc)))
            return None

    def _warm_up_clinic(self) -> ClinicSite | None:
        return min(self.site.clinics.values(), key=lambda e: e.slug) if self.site.clinics else None

    def warm_up(self) -> None:
        """Warm every worker with ``warm_up_page``, within the render limit. A clinic whose
        page goes over it (its logo, most likely) is reported and skipped, not served broken;
        the workers, replaced, then warm up on a plain page."""
        entry, page = self._warm_up_clinic(), self.warm_up_page()
        if self.pool.warm_up(page) or not self.pool.warm_up_timed_out or page is None or entry is None:
            return
        log.error(
            "skipped: clinic %s (%s): a handout took longer than %.0f s to render; check its logo",
            entry.slug,
            display_path(entry.clinic.source) if entry.clinic.source else "?",
            self.pool.timeout,
        )
        self.site.clinics.pop(entry.slug, None)
        self.pool.warm_up(None)

    def entry_for(self, request: Request) -> ClinicSite | None:
        """The clinic a URL is about, when its first part names one (for error pages)."""
        first = request.url.path.strip("/").split("/", 1)[0]
        return self.site.clinics.get(first)

    async def render(self, rendered: RenderedHTML) -> bytes:
        data, warnings = await self.pool.run(worker.render_pdf, rendered)
        for message in warnings:
            log.warning("%s", one_line(message))
        return data

    async def cached_pdf(
        self, request: Request, key: str, html: Callable[[], RenderedHTML], filename: str, ascii_name: str
    ) -> Response:
        """A PDF without personal data: 304 for a matching ETag, else from the cache or rendered once."""
        etag = etag_for(key)
        headers = {"ETag": etag, "Cache-Control": PDF_CACHE_CONTROL}
        if etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)

        async def make() -> bytes:
            return await self.render(await run_in_threadpool(html))

        data = await self.cache.get_or_make(key, make)
        return pdf_response(data, filename, ascii_name, headers)


def web_of(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


def asset(data: bytes, media_type: str, request: Request) -> Response:
    """A fixed file (stylesheet, font, logo) with an ETag, answered from memory."""
    etag = etag_for(hashlib.sha256(data).hexdigest())
    headers = {"ETag": etag, "Cache-Control": ASSET_CACHE_CONTROL}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=media_type, headers=headers)


def pdf_response(data: bytes, filename: str, fallback: str, headers: dict[str, str]) -> Response:
    headers = {**headers, "Content-Disposition": content_disposition(filename, fallback)}
    return Response(data, media_type="application/pdf", headers=headers)
