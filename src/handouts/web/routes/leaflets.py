"""The clinics and their leaflets: lists, online copies and branded PDFs."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from handouts.build import render_article
from handouts.i18n import SUPPORTED_LANGUAGES, catalogue
from handouts.web import pages
from handouts.web.responses import web_of

router = APIRouter()
LONG_READ_CHARS = 2500  # about two phone screens: then the red-flag box gets a link near the top


@router.get("/")
def index(request: Request) -> HTMLResponse:
    web = web_of(request)
    labels = catalogue("da")
    return web.page(
        "index.html.j2",
        None,
        page_title=labels.t("web_clinics_title"),
        clinics=sorted(web.site.clinics.values(), key=lambda e: e.clinic.name),
    )


@router.get("/{clinic}")
def clinic_without_slash(clinic: str, request: Request) -> RedirectResponse:
    return RedirectResponse(f"/{web_of(request).site.clinic(clinic).slug}/", status_code=308)


@router.get("/{clinic}/")
def clinic_page(clinic: str, request: Request) -> HTMLResponse:
    web = web_of(request)
    entry = web.site.clinic(clinic)
    labels = catalogue(entry.clinic.language)
    leaflets = [
        {
            "article": article,
            "summary": pages.summary(article),
            "updated": labels.date(article.updated),
        }
        for article in web.site.articles()
    ]
    return web.page(
        "clinic.html.j2", entry, page_title=f"{labels.t('leaflets')} – {entry.clinic.name}", leaflets=leaflets
    )


@router.get("/{clinic}/{article}.pdf")
async def article_pdf(clinic: str, article: str, request: Request) -> Response:
    web = web_of(request)
    entry = web.site.clinic(clinic)
    chosen = web.site.article(article)
    key = await run_in_threadpool(web.site.article_key, entry, chosen)
    html = partial(render_article, web.site.library, chosen, entry.clinic)
    return await web.cached_pdf(request, key, html, f"{chosen.title}.pdf", f"{chosen.slug}.pdf")


@router.get("/{clinic}/{article}")
def article_page(clinic: str, article: str, request: Request) -> HTMLResponse:
    web = web_of(request)
    entry = web.site.clinic(clinic)
    chosen = web.site.article(article)
    # One page, one language, as on paper: the labels speak the article's language.
    language = chosen.language if chosen.language in SUPPORTED_LANGUAGES else entry.clinic.language
    labels = catalogue(language)
    return web.page(
        "article.html.j2",
        entry,
        language=language,
        page_title=f"{chosen.title} – {entry.clinic.name}",
        description=pages.summary(chosen),
        article=chosen,
        body_html=pages.article_body(chosen, entry.clinic, labels),
        last_updated=labels.date(chosen.updated),
        next_review=labels.date(chosen.next_review),
        long_read=len(chosen.body) > LONG_READ_CHARS,
        **pages.red_flags(web.site.library, entry.clinic, chosen),
    )
