"""The physiotherapist's programme builder and the patient's share links."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from handouts.build import render_programme
from handouts.i18n import catalogue
from handouts.model import share
from handouts.model.programme import MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_WEEKS, Programme, build_programme
from handouts.web import pages
from handouts.web.forms import BuilderForm, FormProblem, read_form, to_programme
from handouts.web.responses import PRIVATE, Web, pdf_response, web_of
from handouts.web.site import ClinicSite, NotFound

router = APIRouter()


@router.get("/{clinic}/programme")
def builder(clinic: str, request: Request) -> HTMLResponse:
    web = web_of(request)
    return builder_page(web, web.site.clinic(clinic), BuilderForm())


def builder_page(
    web: Web, entry: ClinicSite, form: BuilderForm, *, status: int = 200, code: str = "", base: str = ""
) -> HTMLResponse:
    labels = catalogue(entry.clinic.language)
    share_path = f"/{entry.slug}/p/{code}" if code else ""
    # The link to give the patient: the clinic's public address when it has one.
    share_url = f"{entry.clinic.public_url or base + '/' + entry.slug}/p/{code}" if code else ""
    return web.page(
        "builder.html.j2", entry, status=status, private=True,
        page_title=f"{labels.t('web_builder_title')} – {entry.clinic.name}",
        groups=pages.builder_groups(web.site.library, entry.clinic, labels), form=form,
        share_path=share_path, share_url=share_url,
        max_name=MAX_NAME_CHARS, max_note=MAX_NOTE_CHARS, max_weeks=MAX_WEEKS,
    )


@router.post("/{clinic}/programme")
async def builder_submit(clinic: str, request: Request) -> Response:
    web = web_of(request)
    entry = web.site.clinic(clinic)
    library = web.site.library
    labels = catalogue(entry.clinic.language)
    # The builder sends two fields per exercise and five more; no files.
    async with request.form(max_files=0, max_fields=2 * len(library.exercises) + 10) as data:
        form = read_form(data, library, labels)
    if not form.ok:
        return await run_in_threadpool(builder_page, web, entry, form, status=400)
    try:
        programme = to_programme(form, library)
    except FormProblem:
        form.errors.append(labels.t("web_error_unknown_exercise"))
        return await run_in_threadpool(builder_page, web, entry, form, status=400)
    if form.action == "share":
        base = str(request.base_url).rstrip("/")
        return await run_in_threadpool(builder_page, web, entry, form, code=share.encode_programme(programme, web.site.library), base=base)
    # Personalised (a name, a note): rendered for this response only, never cached.
    rendered = await run_in_threadpool(render_programme, library, programme, entry.clinic)
    data = await web.render(rendered)
    name = programme.default_file_name(entry.slug)
    return pdf_response(data, name, name, {"Cache-Control": PRIVATE})


def shared_programme(web: Web, code: str) -> Programme:
    try:
        shared = share.decode(code, web.site.library)
    except share.ShareCodeError:
        raise NotFound(code) from None
    return build_programme(web.site.library, list(shared.exercises), doses=shared.dose_options(), weeks=shared.weeks)


@router.get("/{clinic}/p/{code}.pdf")
async def shared_pdf(clinic: str, code: str, request: Request) -> Response:
    web = web_of(request)
    entry = web.site.clinic(clinic)
    programme = shared_programme(web, code)
    key = web.site.programme_key(entry, code, [e.exercise for e in programme.entries], programme.date)
    name = programme.default_file_name(entry.slug)
    html = partial(render_programme, web.site.library, programme, entry.clinic)
    return await web.cached_pdf(request, key, html, name, name)


@router.get("/{clinic}/p/{code}")
def shared_page(clinic: str, code: str, request: Request) -> HTMLResponse:
    web = web_of(request)
    entry = web.site.clinic(clinic)
    programme = shared_programme(web, code)
    labels = catalogue(entry.clinic.language)
    return web.page(
        "programme.html.j2", entry, page_title=f"{labels.t('programme_title')} – {entry.clinic.name}",
        code=code, cards=pages.programme_cards(programme, entry.clinic, labels),
        weeks_label=labels.t("weeks" if programme.weeks == 1 else "weeks_plural", n=programme.weeks),
        **pages.red_flags(web.site.library, None),
    )
