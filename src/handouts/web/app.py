"""The routes: parse the request, look things up by slug, call the library, answer.

Pages are server-rendered with the handouts' own Jinja environment and label catalogue and
work without JavaScript. PDFs are rendered by the bounded worker pool, off the event loop;
unpersonalised PDFs are cached by the hash of their inputs and revalidated with ETags.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from handouts.build import article_qr, programme_qr
from handouts.errors import HandoutsError
from handouts.i18n import catalogue
from handouts.model import share
from handouts.model.programme import MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_WEEKS, Programme, build_programme
from handouts.render.html import article_html, programme_html, render_template
from handouts.resources import fonts_dir, styles_dir
from handouts.web import pages, worker
from handouts.web.cache import PdfCache
from handouts.web.forms import BuilderForm, FormProblem, read_form, to_programme
from handouts.web.http import BodyLimit, SecurityHeaders, content_disposition, etag_for, etag_matches
from handouts.web.pool import PoolBusy, RenderPool
from handouts.web.site import IMAGE_TYPES, ClinicSite, NotFound, Site

log = logging.getLogger("handouts.web")
PDF_CACHE_CONTROL = "public, max-age=300"
ASSET_CACHE_CONTROL = "public, max-age=3600"
PRIVATE = "no-store"  # anything that may show a patient's name
WEB_FONTS = ("atkinson-hyperlegible-latin-400-normal.woff", "atkinson-hyperlegible-latin-700-normal.woff",
             "atkinson-hyperlegible-latin-ext-400-normal.woff", "atkinson-hyperlegible-latin-ext-700-normal.woff")


def _asset(data: bytes, media_type: str, request: Request) -> Response:
    """A fixed file (stylesheet, font, logo) with an ETag, answered from memory."""
    etag = etag_for(hashlib.sha256(data).hexdigest())
    headers = {"ETag": etag, "Cache-Control": ASSET_CACHE_CONTROL}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=media_type, headers=headers)


def create_app(site: Site, *, pool: RenderPool | None = None, cache: PdfCache | None = None) -> FastAPI:
    """The ASGI app for ``site``; the pool starts and stops with the app's lifespan."""
    pool = pool or RenderPool()
    cache = cache or PdfCache()
    # Read once: the routes serve these by fixed name, so no part of a URL reaches the disk.
    web_css = (styles_dir() / "web.css").read_bytes()
    fonts = {name: (fonts_dir() / name).read_bytes() for name in WEB_FONTS if (fonts_dir() / name).is_file()}

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # noqa: ANN202
        pool.start()
        try:
            yield
        finally:
            await run_in_threadpool(pool.close)

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.site, app.state.pool, app.state.cache = site, pool, cache
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)  # outermost: also on 413s and every error page

    def page(template: str, entry: ClinicSite | None, *, status: int = 200, private: bool = False, **context) -> HTMLResponse:
        clinic = entry.clinic if entry else None
        labels = catalogue(clinic.language if clinic else "da")
        context.setdefault("description", "")
        html = render_template(f"web/{template}", clinic=clinic, has_logo=bool(entry and entry.logo),
                               labels=labels, lang=labels.language, **context)
        headers = {"Cache-Control": PRIVATE} if private else {}
        return HTMLResponse(html, status_code=status, headers=headers)

    async def render(rendered) -> bytes:  # noqa: ANN001 - a RenderedHTML
        data, warnings = await pool.run(worker.render_pdf, rendered)
        for message in warnings:
            log.warning("%s", message)
        return data

    def pdf(data: bytes, filename: str, fallback: str, headers: dict) -> Response:
        headers = {**headers, "Content-Disposition": content_disposition(filename, fallback)}
        return Response(data, media_type="application/pdf", headers=headers)

    # --- errors: a page in the clinic's language, never a traceback ----------------------

    def _entry_for(request: Request) -> ClinicSite | None:
        first = request.url.path.strip("/").split("/", 1)[0]
        return site.clinics.get(first)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, _exc: NotFound) -> HTMLResponse:
        return _not_found_page(request)

    def _not_found_page(request: Request) -> HTMLResponse:
        entry = _entry_for(request)
        labels = catalogue(entry.clinic.language if entry else "da")
        return page("error.html.j2", entry, status=404, page_title=labels.t("web_not_found_title"),
                    heading=labels.t("web_not_found_title"), message=labels.t("web_not_found"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _not_found_page(request)
        return Response(str(exc.detail), status_code=exc.status_code, media_type="text/plain", headers=exc.headers)

    @app.exception_handler(PoolBusy)
    async def busy(request: Request, exc: PoolBusy) -> HTMLResponse:
        entry = _entry_for(request)
        labels = catalogue(entry.clinic.language if entry else "da")
        response = page("error.html.j2", entry, status=503, private=True, page_title=labels.t("web_busy_title"),
                        heading=labels.t("web_busy_title"), message=labels.t("web_busy"))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(HandoutsError)
    async def handouts_error(request: Request, exc: HandoutsError) -> Response:
        # Content that cannot be made (a broken red-flag reference, a template error): the
        # operator needs the message; the visitor gets a plain 500 without details.
        log.error("%s: %s", request.url.path, exc)
        return Response("The handout could not be made.", status_code=500, media_type="text/plain")

    # --- fixed assets -------------------------------------------------------------------

    @app.get("/-/web.css")
    def stylesheet(request: Request) -> Response:
        return _asset(web_css, "text/css; charset=utf-8", request)

    @app.get("/-/fonts/{name}")
    def font(name: str, request: Request) -> Response:
        if name not in fonts:
            raise NotFound(name)
        return _asset(fonts[name], "font/woff", request)

    @app.get("/-/exercise/{slug}")
    def exercise_image(slug: str, request: Request) -> Response:
        exercise = site.exercise(slug)
        if exercise.image is None or exercise.image.suffix.lower() not in IMAGE_TYPES:
            raise NotFound(slug)
        return _asset(exercise.image.read_bytes(), IMAGE_TYPES[exercise.image.suffix.lower()], request)

    # --- pages --------------------------------------------------------------------------

    @app.get("/")
    def index() -> HTMLResponse:
        labels = catalogue("da")
        return page("index.html.j2", None, page_title=labels.t("web_clinics_title"),
                    clinics=sorted(site.clinics.values(), key=lambda e: e.clinic.name))

    @app.get("/{clinic}")
    def clinic_without_slash(clinic: str) -> RedirectResponse:
        return RedirectResponse(f"/{site.clinic(clinic).slug}/", status_code=308)

    @app.get("/{clinic}/")
    def clinic_page(clinic: str) -> HTMLResponse:
        entry = site.clinic(clinic)
        labels = catalogue(entry.clinic.language)
        leaflets = [{
            "article": article,
            "summary": pages.summary(article),
            "updated": labels.date(article.last_updated or article.published),
        } for article in site.articles()]
        return page("clinic.html.j2", entry, page_title=f"{labels.t('leaflets')} – {entry.clinic.name}", leaflets=leaflets)

    @app.get("/{clinic}/brand.css")
    def brand_css(clinic: str, request: Request) -> Response:
        colours = site.clinic(clinic).clinic.colours  # validated #rrggbb: safe to write into CSS
        css = f":root {{\n  --brand: {colours.primary};\n  --brand-tint: {colours.accent};\n}}\n"
        return _asset(css.encode(), "text/css; charset=utf-8", request)

    @app.get("/{clinic}/logo")
    def logo(clinic: str, request: Request) -> Response:
        entry = site.clinic(clinic)
        if not entry.logo:
            raise NotFound(clinic)
        return _asset(entry.logo, entry.logo_type, request)

    @app.get("/{clinic}/programme")
    def builder(clinic: str) -> HTMLResponse:
        entry = site.clinic(clinic)
        return _builder_page(entry, BuilderForm())

    def _builder_page(entry: ClinicSite, form: BuilderForm, *, status: int = 200, code: str = "", base: str = "") -> HTMLResponse:
        labels = catalogue(entry.clinic.language)
        share_path = f"/{entry.slug}/p/{code}" if code else ""
        # The link to give the patient: the clinic's public address when it has one.
        share_url = f"{entry.clinic.public_url or base + '/' + entry.slug}/p/{code}" if code else ""
        return page(
            "builder.html.j2", entry, status=status, private=True,
            page_title=f"{labels.t('web_builder_title')} – {entry.clinic.name}",
            groups=pages.builder_groups(site.library, entry.clinic, labels), form=form,
            share_path=share_path, share_url=share_url,
            max_name=MAX_NAME_CHARS, max_note=MAX_NOTE_CHARS, max_weeks=MAX_WEEKS,
        )

    @app.post("/{clinic}/programme")
    async def builder_submit(clinic: str, request: Request) -> Response:
        entry = site.clinic(clinic)
        labels = catalogue(entry.clinic.language)
        # The builder sends two fields per exercise and five more; no files.
        async with request.form(max_files=0, max_fields=2 * len(site.library.exercises) + 10) as data:
            form = read_form(data, site.library, labels)
        if not form.ok:
            return await run_in_threadpool(_builder_page, entry, form, status=400)
        try:
            programme = to_programme(form, site.library)
        except FormProblem:
            form.errors.append(labels.t("web_error_unknown_exercise"))
            return await run_in_threadpool(_builder_page, entry, form, status=400)
        if form.action == "share":
            base = str(request.base_url).rstrip("/")
            return await run_in_threadpool(_builder_page, entry, form, code=share.encode_programme(programme), base=base)
        # Personalised (a name, a note): rendered for this response only, never cached.
        rendered = await run_in_threadpool(
            programme_html, programme, entry.clinic, site.library, qr=programme_qr(entry.clinic, programme)
        )
        data = await render(rendered)
        name = programme.default_file_name(entry.slug)
        return pdf(data, name, name, {"Cache-Control": PRIVATE})

    def _shared(code: str) -> Programme:
        try:
            shared = share.decode(code, site.library)
        except share.ShareCodeError:
            raise NotFound(code) from None
        return build_programme(site.library, list(shared.exercises), doses=shared.dose_options(), weeks=shared.weeks)

    async def cached_pdf(request: Request, key: str, html: Callable, filename: str, ascii_name: str) -> Response:
        """A PDF without personal data: 304 for a matching ETag, else from the cache or rendered once."""
        etag = etag_for(key)
        headers = {"ETag": etag, "Cache-Control": PDF_CACHE_CONTROL}
        if etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)

        async def make() -> bytes:
            return await render(await run_in_threadpool(html))

        data = await cache.get_or_make(key, make)
        return pdf(data, filename, ascii_name, headers)

    @app.get("/{clinic}/p/{code}.pdf")
    async def shared_pdf(clinic: str, code: str, request: Request) -> Response:
        entry = site.clinic(clinic)
        programme = _shared(code)
        key = site.programme_key(entry, code, [e.exercise for e in programme.entries], programme.date)
        name = programme.default_file_name(entry.slug)
        html = partial(programme_html, programme, entry.clinic, site.library, qr=programme_qr(entry.clinic, programme))
        return await cached_pdf(request, key, html, name, name)

    @app.get("/{clinic}/p/{code}")
    def shared_page(clinic: str, code: str) -> HTMLResponse:
        entry = site.clinic(clinic)
        programme = _shared(code)
        labels = catalogue(entry.clinic.language)
        return page(
            "programme.html.j2", entry, page_title=f"{labels.t('programme_title')} – {entry.clinic.name}",
            code=code, cards=pages.programme_cards(programme, entry.clinic, labels),
            weeks_label=labels.t("weeks" if programme.weeks == 1 else "weeks_plural", n=programme.weeks),
            **pages.red_flags(site.library, entry.clinic, exercises=[e.exercise for e in programme.entries]),
        )

    @app.get("/{clinic}/{article}.pdf")
    async def article_pdf(clinic: str, article: str, request: Request) -> Response:
        entry = site.clinic(clinic)
        chosen = site.article(article)
        key = await run_in_threadpool(site.article_key, entry, chosen)
        html = partial(article_html, chosen, entry.clinic, site.library, qr=article_qr(entry.clinic, chosen))
        return await cached_pdf(request, key, html, f"{chosen.title}.pdf", f"{chosen.slug}.pdf")

    @app.get("/{clinic}/{article}")
    def article_page(clinic: str, article: str) -> HTMLResponse:
        entry = site.clinic(clinic)
        chosen = site.article(article)
        labels = catalogue(entry.clinic.language)
        return page(
            "article.html.j2", entry, page_title=f"{chosen.title} – {entry.clinic.name}",
            description=pages.summary(chosen), article=chosen, body_html=pages.article_body(chosen, entry.clinic, labels),
            last_updated=labels.date(chosen.last_updated or chosen.published),
            next_review=labels.date(chosen.next_review),
            **pages.red_flags(site.library, entry.clinic, chosen),
        )

    return app


