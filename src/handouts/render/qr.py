"""QR codes on paper: the printed handout's link to its online copy, drawn as inline SVG.

A clinic's ``public_url`` is where it serves this tool's web app (``handouts serve``); the
online copy of an article is ``{public_url}/{article slug}`` and a programme's share link is
``{public_url}/p/{share code}``, the same paths the web app answers.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from handouts.i18n import SUPPORTED_LANGUAGES, catalogue
from handouts.model.clinic import Clinic
from handouts.model.content import Article
from handouts.model.library import Library
from handouts.model.programme import Programme
from handouts.model.share import encode_programme

if TYPE_CHECKING:
    import segno

# Error correction "M" (15 % of the code may be damaged: a fold, a coffee ring) is the floor;
# segno raises it further whenever that fits in the same symbol size, so it costs nothing.
ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white around the code: what the QR standard asks for
# Printed size of the symbol itself (the quiet zone comes on top): at least 28 mm, and never a
# module under 0.4 mm, so an older phone camera reads it at arm's length from a creased sheet.
MIN_SYMBOL_MM = 28.0
MIN_MODULE_MM = 0.4


def article_url(clinic: Clinic, article: Article) -> str | None:
    """Where the article's online copy lives, or None when the clinic publishes none."""
    return f"{clinic.public_url}/{article.slug}" if clinic.public_url else None


def programme_url(clinic: Clinic, programme: Programme, library: Library) -> str | None:
    """The programme's share link (exercises, doses and weeks only), or None."""
    return f"{clinic.public_url}/p/{encode_programme(programme, library)}" if clinic.public_url else None


def make(url: str) -> segno.QRCode:
    import segno  # deferred: with urllib, http and ssl it is a twentieth of a second, for a QR code only

    return segno.make(url, error=ERROR_LEVEL, micro=False)


def printed_size_mm(code: segno.QRCode) -> tuple[float, float]:
    """(symbol, symbol with its quiet zone) in millimetres: ≥ 28 mm, modules ≥ 0.4 mm."""
    modules = code.symbol_size(border=0)[0]
    symbol = max(MIN_SYMBOL_MM, MIN_MODULE_MM * modules)
    return symbol, symbol * (modules + 2 * QUIET_ZONE) / modules


@lru_cache(maxsize=512)  # the same article or share link printed again (another round, the web app): encoded once
def qr_svg(url: str, title: str, *, printed: bool = False) -> Markup:
    """The code as inline SVG: black modules on white, quiet zone included, sized in mm.

    The size is set here, not by the stylesheet, because it depends on how many modules the
    URL needs; segno escapes the title, and the path holds only numbers. On paper
    (``printed``) the quiet zone's width goes with it as ``--qr-quiet``; a web page gets no
    inline style (its Content-Security-Policy allows none).
    """
    code = make(url)
    symbol, total = printed_size_mm(code)
    quiet = (total - symbol) / 2  # --qr-quiet: the stylesheet may lay the white margin over white paper
    svg = code.svg_inline(dark="#000000", light="#ffffff", border=QUIET_ZONE, omitsize=True, title=title)
    size = f'width="{total:.2f}mm" height="{total:.2f}mm"'
    if printed:
        size += f' style="--qr-quiet: {quiet:.2f}mm"'
    return Markup(svg.replace("<svg ", f'<svg role="img" {size} ', 1))


def _with_code(language: str, url: str | None) -> tuple[Markup, str] | None:
    if url is None:
        return None
    return qr_svg(url, catalogue(language).t("qr_alt", url=url), printed=True), url


def article_qr(clinic: Clinic, article: Article) -> tuple[Markup, str] | None:
    """(inline SVG, URL) for the printed article, or None: then the page has no QR and no gap.
    The code's description speaks the article's language, as the page around it does."""
    language = article.language if article.language in SUPPORTED_LANGUAGES else clinic.language
    return _with_code(language, article_url(clinic, article))


def programme_qr(clinic: Clinic, programme: Programme, library: Library) -> tuple[Markup, str] | None:
    """(inline SVG, URL) leading to the programme's share link, or None."""
    return _with_code(clinic.language, programme_url(clinic, programme, library))
