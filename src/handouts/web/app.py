"""The app: middleware, error pages and the routers; the routes themselves live in ``routes/``.

Pages are server-rendered with the handouts' own Jinja environment and label catalogue and
work without JavaScript. PDFs are rendered by the bounded worker pool, off the event loop;
unpersonalised PDFs are cached by the hash of their inputs and revalidated with ETags.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from handouts.errors import HandoutsError, one_line
from handouts.i18n import catalogue
from handouts.web.cache import PdfCache
from handouts.web.http import BodyLimit, HeadAsGet, SecurityHeaders
from handouts.web.pool import PoolBusy, RenderPool
from handouts.web.responses import DEFAULT_ADDRESS, Web
from handouts.web.routes import assets, leaflets, programmes
from handouts.web.site import NotFound, Site

log = logging.getLogger("handouts.web")


def create_app(
    site: Site, *, pool: RenderPool | None = None, cache: PdfCache | None = None, address: str = DEFAULT_ADDRESS
) -> FastAPI:
    """The ASGI app for ``site``; the pool starts and stops with the app's lifespan. ``address``
    is where this server is reached: share links of a clinic without ``public_url`` use it."""
    web = Web(site, pool or RenderPool(), cache or PdfCache(), address=address.rstrip("/"))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Requests are taken only once every worker has rendered a real programme: the first
        # physiotherapist after a start waits no longer than the next one.
        web.pool.start(warm=False)
        await run_in_threadpool(web.warm_up)
        try:
            yield
        finally:
            # uvicorn has finished every request it will wait for; a stuck render must not
            # hold the shutdown, so the workers are stopped rather than waited for.
            await run_in_threadpool(web.pool.terminate)

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = web
    app.state.site, app.state.pool, app.state.cache = web.site, web.pool, web.cache
    app.add_middleware(BodyLimit)
    # Pages, CSS and the script go compressed (a phone on a slow line); PDFs and images are
    # compressed already.
    app.add_middleware(
        GZipMiddleware, minimum_size=1000, exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf")
    )
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)  # outermost: also on 413s and every error page
    _error_pages(app, web)
    # Order matters: fixed paths and /{clinic}/programme, /p/… before /{clinic}/{article}.
    for router in (assets.router, programmes.router, leaflets.router):
        app.include_router(router)
    return app


def _error_pages(app: FastAPI, web: Web) -> None:
    """A page in the clinic's language for every error, never a traceback."""

    def not_found_page(request: Request) -> HTMLResponse:
        entry = web.entry_for(request)
        labels = catalogue(entry.clinic.language if entry else "da")
        return web.page(
            "error.html.j2",
            entry,
            status=404,
            page_title=labels.t("web_not_found_title"),
            heading=labels.t("web_not_found_title"),
            message=labels.t("web_not_found"),
        )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, _exc: NotFound) -> HTMLResponse:
        return not_found_page(request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return not_found_page(request)
        return Response(str(exc.detail), status_code=exc.status_code, media_type="text/plain", headers=exc.headers)

    @app.exception_handler(PoolBusy)
    async def busy(request: Request, exc: PoolBusy) -> HTMLResponse:
        entry = web.entry_for(request)
        labels = catalogue(entry.clinic.language if entry else "da")
        response = web.page(
            "error.html.j2",
            entry,
            status=503,
            private=True,
            page_title=labels.t("web_busy_title"),
            heading=labels.t("web_busy_title"),
            message=labels.t("web_busy"),
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(HandoutsError)
    async def handouts_error(request: Request, exc: HandoutsError) -> Response:
        # Content that cannot be made (a broken red-flag reference, a template error): the
        # operator needs the message; the visitor gets a plain 500 without details.
        log.error("%s: %s", one_line(request.url.path), exc)
        return Response("The handout could not be made.", status_code=500, media_type="text/plain")
