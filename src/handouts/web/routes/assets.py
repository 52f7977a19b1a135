"""Fixed assets: the web stylesheet, the builder's script and the fonts, exercise pictures and
drawings, a clinic's brand and logo."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from handouts.i18n import catalogue
from handouts.images import EXERCISE_IMAGE_TYPES
from handouts.web.pages import figure_svg
from handouts.web.responses import asset, web_of
from handouts.web.site import NotFound

router = APIRouter()


@router.get("/-/web.css")
def stylesheet(request: Request) -> Response:
    return asset(web_of(request).web_css, "text/css; charset=utf-8", request)


@router.get("/-/builder.js")
def builder_script(request: Request) -> Response:
    return asset(web_of(request).builder_js, "text/javascript; charset=utf-8", request)


@router.get("/-/fonts/{name}")
def font(name: str, request: Request) -> Response:
    fonts = web_of(request).fonts
    if name not in fonts:
        raise NotFound(name)
    return asset(fonts[name], "font/woff", request)


@router.get("/-/exercise/{slug}")
def exercise_image(slug: str, request: Request) -> Response:
    exercise = web_of(request).site.exercise(slug)
    if exercise.image is None or exercise.image.suffix.lower() not in EXERCISE_IMAGE_TYPES:
        raise NotFound(slug)
    return asset(exercise.image.read_bytes(), EXERCISE_IMAGE_TYPES[exercise.image.suffix.lower()], request)


@router.get("/{clinic}/brand.css")
def brand_css(clinic: str, request: Request) -> Response:
    css = web_of(request).site.clinic(clinic).clinic.brand_css + "\n"
    return asset(css.encode(), "text/css; charset=utf-8", request)


@router.get("/{clinic}/figure/{slug}.svg")
def exercise_drawing(clinic: str, slug: str, request: Request) -> Response:
    """An exercise's drawing in the clinic's colour: the builder's thumbnails, loaded lazily."""
    web = web_of(request)
    entry = web.site.clinic(clinic)
    exercise = web.site.exercise(slug)
    if exercise.illustration is None:
        raise NotFound(slug)
    return asset(figure_svg(exercise, entry.clinic, catalogue(entry.clinic.language)), "image/svg+xml", request)


@router.get("/{clinic}/moving/{slug}.svg")
def moving_drawing(clinic: str, slug: str, request: Request) -> Response:
    """An exercise's drawing that moves from start to end and back: the cards on a screen."""
    web = web_of(request)
    entry = web.site.clinic(clinic)
    exercise = web.site.exercise(slug)
    if exercise.illustration is None:
        raise NotFound(slug)
    drawing = figure_svg(exercise, entry.clinic, catalogue(entry.clinic.language), moving=True)
    return asset(drawing, "image/svg+xml", request)


@router.get("/{clinic}/logo")
def logo(clinic: str, request: Request) -> Response:
    entry = web_of(request).site.clinic(clinic)
    if not entry.logo:
        raise NotFound(clinic)
    return asset(entry.logo, entry.logo_type, request)
