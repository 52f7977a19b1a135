"""Type on paper: the body font's plain zero, and only bundled fonts in the PDF."""

from __future__ import annotations

import re

import pytest
from fontTools.ttLib import TTFont

from conftest import BUNDLED_FONTS, CLINICS, ROOT, pdf_fonts

FONTS = ROOT / "styles" / "fonts"


@pytest.fixture(scope="module")
def nord():
    from handouts.model.clinic import load_clinic

    return load_clinic(CLINICS / "nord.toml")


@pytest.fixture(scope="module")
def nord_pdfs(tmp_path_factory, library, writer, nord):
    """For the clinic with the longest footer: an article and a programme, standard and large print."""
    from handouts.build import Builder

    out = tmp_path_factory.mktemp("nord")
    builder = Builder(library, writer)
    template = library.programmes["blid-start-iskias"]
    return {
        (kind, large): (builder.build_article(library.articles["ondt-i-laenden"], nord, out, large_print=large) if kind == "article"
                        else builder.build_template_programme(template, nord, out, large_print=large)).path
        for kind in ("article", "programme") for large in (False, True)
    }


# --- the body font ----------------------------------------------------------------------------


def _stylesheet_fonts() -> list[str]:
    return re.findall(r'url\("fonts/([^"]+)"\)', (ROOT / "styles" / "handout.css").read_text("utf-8"))


def test_every_font_the_stylesheet_names_is_bundled_with_its_licence():
    named = _stylesheet_fonts()
    assert named and all((FONTS / name).is_file() for name in named), named
    assert {p.name for p in FONTS.glob("*.woff")} == set(named), "a bundled font file nobody uses"
    for family in ("ibm-plex-sans", "noto-sans-symbols-2", "noto-sans-math"):
        assert "SIL Open Font License" in (FONTS / f"LICENSE-{family}.txt").read_text("utf-8")
    assert not list(FONTS.glob("*atkinson*"))


@pytest.mark.parametrize("name", [n for n in _stylesheet_fonts() if n.startswith(("ibm-plex-sans-latin-4", "ibm-plex-sans-latin-7"))])
def test_the_body_fonts_zero_is_plain(name):
    """A slashed or dotted zero has a third contour: Danish readers take a slashed one for Ø."""
    font = TTFont(FONTS / name)
    cmap, glyphs = font.getBestCmap(), font["glyf"]
    assert glyphs[cmap[ord("0")]].numberOfContours == 2
    assert glyphs[cmap[ord("Ø")]].numberOfContours >= 3  # the letter keeps its slash
    assert len({cmap[ord(c)] for c in "Il1|"}) == 4  # capital I, small l, one and bar: four glyphs


def test_the_pdf_embeds_only_the_body_font_and_the_symbol_fonts(nord_pdfs):
    for path in nord_pdfs.values():
        fonts = pdf_fonts(path)
        assert all(name.startswith(BUNDLED_FONTS) for name in fonts), fonts
        assert {"IBM-Plex-Sans", "IBM-Plex-Sans-Bold"} <= fonts, fonts
