"""The physiotherapist's programme builder and the patient's share links.

The builder never stores anything. Its state travels in two ways:

- exercises, their order, doses and weeks: in the share code (``model.share``), the same
  short code the patient's link holds. Every POST that is not a PDF (preview, filter, move,
  remove) answers ``303 See Other`` to ``GET /<clinic>/programme?s=<code>…`` (Post/Redirect/Get),
  so Back, Forward and Reload never ask to send the form again;
- the patient's name and the note: only in the POST that makes the PDF and in the browser.
  The page's script keeps them in the tab's sessionStorage across the redirect; they are
  never in a URL, a cookie, a log line or a cache key. Without the script there is no place
  for them across a redirect, so a form holding a name or a note is answered with the page
  itself (``no-store``, every value in its field, the share link opening in a new tab so the
  builder is never reached with Back) and the PDF is made by posting that page again.

The therapist's name is remembered on the device in a cookie (``THERAPIST_COOKIE``), which
only the builder's path receives. A form with mistakes is answered with the form itself (400,
``no-store``), every value as typed.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Annotated, Any
from urllib.parse import quote, unquote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from handouts.build import render_programme, template_programme, template_toml
from handouts.errors import HandoutsError
from handouts.i18n import Catalogue, catalogue
from handouts.limits import MAX_EXERCISE_NOTE_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_WEEKS
from handouts.load import parse_toml
from handouts.model import share
from handouts.model.programme import Programme, build_programme
from handouts.model.slugs import slugify
from handouts.model.templates import template_of
from handouts.web import pages
from handouts.web.forms import (
    MAX_LEAFLETS,
    MAX_QUERY_CHARS,
    BuilderForm,
    FormProblem,
    checked_leaflets,
    read_form,
    to_programme,
)
from handouts.web.http import content_disposition
from handouts.web.responses import PRIVATE, Web, web_of
from handouts.web.site import ClinicSite, NotFound

router = APIRouter()
THERAPIST_COOKIE = "handouts_therapist"
# A template file is under 1 kB; the app's body limit (web.http, 64 kB) answers 413 beyond this page's own clear "too large".
MAX_TEMPLATE_BYTES = 32_000
COOKIE_SECONDS = 365 * 24 * 3600


@router.get("/{clinic}/programme")
def builder(
    clinic: str,
    request: Request,
    s: str = "",
    template: str = "",
    view: str = "",
    q: str = "",
    category: str = "",
    part: str = "",
    leaflets: Annotated[list[str] | None, Query(alias="with")] = None,
) -> HTMLResponse:
    web = web_of(request)
    entry = web.site.clinic(clinic)
    labels = catalogue(entry.clinic.language)
    status, code, form = 200, "", BuilderForm()
    if s:
        try:
            s = share.typed_code(s)
            form = BuilderForm.of_programme(shared_programme(web, s))
            code = s
        except BadCode:
            status = 400
            form.problem(labels.t("web_error_state"))
    elif template:
        chosen = web.site.library.programmes.get(template)
        try:
            if chosen is None:
                raise NotFound(template)
            form = BuilderForm.of_programme(template_programme(web.site.library, chosen))
        except (NotFound, HandoutsError):  # no such template, or one naming an exercise this library lacks
            status = 404
            form.problem(labels.t("web_error_template"))
    form.query, form.category, form.part = " ".join(q.split())[:MAX_QUERY_CHARS], category[:40], part[:40]
    form.leaflets = checked_leaflets((leaflets or [])[: MAX_LEAFLETS + 1], web.site.library, form, labels)
    if not form.therapist:
        form.therapist = remembered_therapist(request)
    return builder_page(
        web,
        entry,
        form,
        status=status,
        code=code if view == "preview" else "",
        base=web.address,
        template=template,
    )


def builder_page(
    web: Web,
    entry: ClinicSite,
    form: BuilderForm,
    *,
    status: int = 200,
    code: str = "",
    base: str = "",
    template: str = "",
    posted: bool = False,
) -> HTMLResponse:
    """The builder; with ``code``, also the finished programme: its link, QR code and a preview."""
    library = web.site.library
    labels = catalogue(entry.clinic.language)
    context: dict[str, Any] = {}
    if code:
        programme = with_notes(shared_programme(web, code), form.exercise_notes)
        url = pages.share_url(entry.clinic.public_url or f"{base}/{entry.slug}", code)
        context = {
            "share_url": url,
            "share_code": code,
            "share_qr": pages.share_qr(url, labels),
            "cards": pages.programme_cards(programme, entry.clinic, labels),
            "weeks_label": weeks_label(programme.weeks, labels),
            "today": labels.date(programme.date),
        }
    return web.page(
        "builder.html.j2",
        entry,
        status=status,
        private=True,
        page_title=f"{labels.t('web_builder_title')} – {entry.clinic.name}",
        form=form,
        rows=pages.chosen_rows(library, entry.clinic, labels, form),
        row_template=pages.chosen_row_template(),
        catalogue=pages.builder_catalogue(library, entry.clinic, labels, form),
        templates=sorted(library.programmes.values(), key=lambda t: t.title),
        chosen_template=template,
        max_name=MAX_NAME_CHARS,
        max_note=MAX_NOTE_CHARS,
        max_exercise_note=MAX_EXERCISE_NOTE_CHARS,
        leaflets=web.site.articles(),
        max_leaflets=MAX_LEAFLETS,
        max_weeks=MAX_WEEKS,
        posted=posted,
        **context,
    )


@router.post("/{clinic}/programme")
async def builder_submit(clinic: str, request: Request) -> Response:
    web = web_of(request)
    entry = web.site.clinic(clinic)
    library = web.site.library
    labels = catalogue(entry.clinic.language)
    # Per exercise: a tick, its place in the order, seven dose fields and a note; no files.
    fields = 10 * len(library.exercises) + len(library.articles) + 20
    async with request.form(max_files=0, max_fields=fields) as data:
        form = read_form(data, library, labels)
    response = await _answer(web, entry, form, labels, web.address)
    remember_therapist(response, request, entry, form.therapist)
    return response


async def _answer(web: Web, entry: ClinicSite, form: BuilderForm, labels: Catalogue, base: str) -> Response:
    library = web.site.library
    programme = None
    if form.ok and form.chosen:
        try:
            programme = to_programme(form, library)
        except FormProblem:
            form.problem(labels.t("web_error_unknown_exercise"))
    if not form.ok:
        return await run_in_threadpool(partial(builder_page, web, entry, form, status=400, base=base))
    if programme is not None and form.action in ("pdf", "download"):
        # Personalised (a name, a note): rendered for this response only, never cached or kept.
        leaflets = [library.articles[slug] for slug in form.leaflets]
        rendered = await run_in_threadpool(
            partial(render_programme, library, programme, entry.clinic, leaflets=leaflets)
        )
        data = await web.render(rendered)
        name = pages.download_name(programme, entry.slug, labels)
        disposition = content_disposition(name, name, "inline" if form.action == "pdf" else "attachment")
        return Response(
            data, media_type="application/pdf", headers={"Cache-Control": PRIVATE, "Content-Disposition": disposition}
        )
    if programme is not None and form.action == "export":
        return exported_template(programme, form, labels)
    code = share.encode_programme(programme, library) if programme is not None else ""
    if form.personal and not form.scripted:  # the name and note have nowhere to wait: answer in place
        shown = code if form.action == "preview" else ""
        return await run_in_threadpool(partial(builder_page, web, entry, form, code=shown, base=base, posted=True))
    return RedirectResponse(builder_url(entry, form, code), status_code=303)


def exported_template(programme: Programme, form: BuilderForm, labels: Catalogue) -> Response:
    """The programme as the template TOML ``--save`` writes, as a download: its title, exercises,
    order, doses, weeks, note and therapist; never the patient's name, nor an exercise's own
    note (those are the patient's: a template is for the next patient too)."""
    title = form.template_name or labels.t("web_template_default_name")
    kept = replace(with_notes(programme, {}), title=title, patient="")
    name = f"{slugify(title) or 'skabelon'}.toml"
    return Response(
        template_toml(kept),
        media_type="application/toml; charset=utf-8",
        headers={"Cache-Control": PRIVATE, "Content-Disposition": content_disposition(name, name, "attachment")},
    )


@router.post("/{clinic}/programme/template")
async def import_template(clinic: str, request: Request) -> Response:
    """A template TOML (a file chosen, or the text a template kept on the device holds) checked
    by the same rules as the content folder's, answered with the builder filled in from it."""
    web = web_of(request)
    entry = web.site.clinic(clinic)
    labels = catalogue(entry.clinic.language)
    too_big = int(request.headers.get("content-length") or 0) > MAX_TEMPLATE_BYTES + 10_000
    data = b""
    if not too_big:
        async with request.form(max_files=1, max_fields=4, max_part_size=MAX_TEMPLATE_BYTES + 1) as posted:
            upload, text = posted.get("file"), posted.get("toml")
            if upload is not None and not isinstance(upload, str):
                data = await upload.read(MAX_TEMPLATE_BYTES + 1)
            if not data.strip() and isinstance(text, str):  # no file chosen: a template kept on the device
                data = text.encode("utf-8")
    form = BuilderForm()
    status = 200
    try:
        if too_big or len(data) > MAX_TEMPLATE_BYTES:
            raise HandoutsError(labels.t("web_error_template_size", n=MAX_TEMPLATE_BYTES // 1000))
        if not data.strip():
            raise HandoutsError(labels.t("web_error_template_empty"))
        template = template_of(parse_toml(data, labels.t("web_template_file")), labels.t("web_template_file"), "")
        form = BuilderForm.of_programme(template_programme(web.site.library, template))
        form.template_name = template.title
    except HandoutsError as exc:
        status = 400
        form.problem(str(exc))
    if not form.therapist:
        form.therapist = remembered_therapist(request)
    return await run_in_threadpool(partial(builder_page, web, entry, form, status=status, base=web.address))


def builder_url(entry: ClinicSite, form: BuilderForm, code: str) -> str:
    """Where the builder goes after a POST: exercises, doses and weeks (as a share code) and the
    catalogue's filters; never the patient's name or the note. The fragment keeps the place."""
    query = {
        "s": code,
        "q": form.query,
        "category": form.category,
        "part": form.part,
        "view": "preview" if form.action == "preview" and code else "",
        "with": form.leaflets,
    }
    fragment = {"preview": "ready", "filter": "catalogue", "add": "programme", "remove": "programme"}.get(
        form.action, ""
    )
    if form.action in ("up", "down") and form.target in form.chosen:
        fragment = f"chosen-{form.target}"
    query_text = urlencode({key: value for key, value in query.items() if value}, doseq=True)
    return f"/{entry.slug}/programme" + (f"?{query_text}" if query_text else "") + (f"#{fragment}" if fragment else "")


def remembered_therapist(request: Request) -> str:
    value = unquote(request.cookies.get(THERAPIST_COOKIE, ""))
    return " ".join(value.split())[:MAX_NAME_CHARS]


def remember_therapist(response: Response, request: Request, entry: ClinicSite, therapist: str) -> None:
    """The therapist's name on this device (a cookie only the builder receives); empty forgets it."""
    path = f"/{entry.slug}/programme"
    name = " ".join(therapist.split())[:MAX_NAME_CHARS]
    if not name:
        if THERAPIST_COOKIE in request.cookies:
            response.delete_cookie(THERAPIST_COOKIE, path=path)
        return
    response.set_cookie(
        THERAPIST_COOKIE,
        quote(name),
        max_age=COOKIE_SECONDS,
        path=path,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def weeks_label(weeks: int, labels: Catalogue) -> str:
    return labels.t("weeks" if weeks == 1 else "weeks_plural", n=weeks)


class BadCode(Exception):
    """A programme code that does not decode: a typing mistake, most likely (answered by
    ``bad_code_page``, not the generic 404)."""


def shared_programme(web: Web, code: str) -> Programme:
    try:
        shared = share.decode(code, web.site.library)
        return build_programme(
            web.site.library, list(shared.exercises), doses=shared.dose_options(), weeks=shared.weeks
        )
    except (share.ShareCodeError, HandoutsError):
        raise BadCode from None


def with_notes(programme: Programme, notes: dict[str, str]) -> Programme:
    """The preview as printed: a code never holds the exercises' notes, the form (answered in place) does."""
    entries = tuple(replace(e, note=" ".join(notes.get(e.exercise.slug, "").split())) for e in programme.entries)
    return replace(programme, entries=entries)


def bad_code_page(web: Web, entry: ClinicSite) -> HTMLResponse:
    """The code is not right: check it on the paper, or call the clinic."""
    labels = catalogue(entry.clinic.language)
    return web.page(
        "error.html.j2",
        entry,
        status=404,
        page_title=labels.t("web_bad_code_title"),
        heading=labels.t("web_bad_code_title"),
        message=labels.t("web_bad_code", clinic=entry.clinic.name, phone=entry.clinic.phone),
        code_form=True,
    )


@router.get("/{clinic}/p")
def typed_code(clinic: str, request: Request, code: str = "") -> Response:
    """A code typed into the form on the bad-code page, in its one spelling."""
    web = web_of(request)
    entry = web.site.clinic(clinic)
    typed = share.typed_code(code.strip())
    if not typed or not typed.isalnum():
        return bad_code_page(web, entry)
    return RedirectResponse(f"/{entry.slug}/p/{quote(typed)}", status_code=303)


@router.get("/{clinic}/p/{code}.pdf")
async def shared_pdf(clinic: str, code: str, request: Request) -> Response:
    web = web_of(request)
    entry = web.site.clinic(clinic)
    code = share.typed_code(code)
    try:
        programme = shared_programme(web, code)
    except BadCode:
        return bad_code_page(web, entry)
    key = web.site.programme_key(entry, code, [e.exercise for e in programme.entries], programme.date)
    name = pages.download_name(programme, entry.slug, catalogue(entry.clinic.language))
    html = partial(render_programme, web.site.library, programme, entry.clinic)
    return await web.cached_pdf(request, key, html, name, name)


@router.get("/{clinic}/p/{code}")
def shared_page(clinic: str, code: str, request: Request) -> HTMLResponse:
    web = web_of(request)
    entry = web.site.clinic(clinic)
    code = share.typed_code(code)
    try:
        programme = shared_programme(web, code)
    except BadCode:
        return bad_code_page(web, entry)
    labels = catalogue(entry.clinic.language)
    return web.page(
        "programme.html.j2",
        entry,
        page_title=f"{labels.t('programme_title')} – {entry.clinic.name}",
        code=code,
        cards=pages.programme_cards(programme, entry.clinic, labels),
        weeks_label=weeks_label(programme.weeks, labels),
        **pages.red_flags(web.site.library, entry.clinic, exercises=[e.exercise for e in programme.entries]),
    )
