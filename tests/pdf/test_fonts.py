"""Type on paper: the body font's plain zero, whole phone numbers and addresses, the running
header and footer, readable line length and headings. (Large print sizes: test_accessibility.)"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from conftest import BUNDLED_FONTS, ROOT, pdf_fonts
from readback import Span, read_pdf

FONTS = ROOT / "styles" / "fonts"
MM = 72 / 25.4
BODY_SIZE = 13.0
CLINIC_NAME = "Fysioterapi Nord"
PHONE = "+45 98 12 34 56"  # clinics/nord.toml; its call to action writes it as "98 12 34 56"


@functools.cache
def text_lines(path: Path) -> list[list[Span]]:
    """Each page's text lines, read once per file."""
    return [page.lines() for page in read_pdf(path)]


@pytest.fixture(scope="module")
def nord_pdfs(tmp_path_factory, library, shared_writer, nord):
    """For the clinic with the longest footer: an article and a programme, standard and large print
    (printed once per run: the layout, accessibility and QR tests print the same ones)."""
    from handouts.build import Builder

    out = tmp_path_factory.mktemp("nord")
    builder = Builder(library, shared_writer)
    template = library.programmes["blid-start-iskias"]
    return {
        (kind, large): (
            builder.build_article(library.articles["ondt-i-laenden"], nord, out, large_print=large)
            if kind == "article"
            else builder.build_template_programme(template, nord, out, large_print=large)
        ).path
        for kind in ("article", "programme")
        for large in (False, True)
    }


# --- the body font ----------------------------------------------------------------------------


def _stylesheet_fonts() -> list[str]:
    return [
        name
        for css in ("handout.css", "fallback.css")
        for name in re.findall(r'url\("fonts/([^"]+)"\)', (ROOT / "styles" / css).read_text("utf-8"))
    ]


def test_every_font_the_stylesheet_names_is_bundled_with_its_licence():
    named = _stylesheet_fonts()
    assert named and all((FONTS / name).is_file() for name in named), named
    assert {p.name for p in FONTS.glob("*.ttf")} == set(named), "a bundled print font nobody uses"
    # The builder's page downloads the compressed copies of the body font; print reads the
    # decoded TTFs (WeasyPrint would decode a WOFF again in every process).
    web = set(re.findall(r'url\("/-/fonts/([^"]+)"\)', (ROOT / "styles" / "web.css").read_text("utf-8")))
    assert {p.name for p in FONTS.glob("*.woff")} == web
    assert {Path(name).with_suffix(".ttf").name for name in web} <= set(named)
    for family in ("ibm-plex-sans", "noto-sans-symbols-2", "noto-sans-math"):
        assert "SIL Open Font License" in (FONTS / f"LICENSE-{family}.txt").read_text("utf-8")
    assert not list(FONTS.glob("*atkinson*"))


@pytest.mark.parametrize(
    "name", [n for n in _stylesheet_fonts() if n.startswith(("ibm-plex-sans-latin-4", "ibm-plex-sans-latin-7"))]
)
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


# --- phone numbers, e-mail and web addresses ----------------------------------------------------


def _split_across_lines(path: Path, needle: str) -> tuple[int, int]:
    """(times ``needle`` is on one line, times it is in the page's text with lines joined)."""
    whole = joined = 0
    for lines in text_lines(path):
        whole += sum(line.text.count(needle) for line in lines)
        joined += " ".join(line.text for line in lines).count(needle)
    return whole, joined


def test_the_clinics_phone_number_is_always_on_one_line(nord_pdfs):
    """Footer, red-flag box and call to action, in standard and large print."""
    for (kind, large), path in nord_pdfs.items():
        pages = len(text_lines(path))
        whole, joined = _split_across_lines(path, "98 12 34 56")
        assert whole == joined, (kind, large, whole, joined)
        assert whole >= pages + 2, (kind, large, whole)  # every footer, the red-flag box, the call to action
        assert _split_across_lines(path, PHONE)[0] >= pages + 1  # footers and "Ikke akut? Ring til …"


def test_phone_numbers_and_addresses_in_the_text_never_break(tmp_path, writer, nord):
    """Every position in a line, in turn: the number, the e-mail and the web address stay whole."""
    from handouts.build import Builder
    from handouts.model.library import load_library

    sentence = (
        "Ring på 98 12 34 56, skriv til kontakt@fysio-nord.dk eller læs https://fysio-nord.dk/ondt-i-ryggen-og-benet."
    )
    body = "\n\n".join("Ord " + "og " * n + sentence for n in range(40))
    (tmp_path / "k.md").write_text(f"---\ntitle: Kontakt\n---\n{body}\n", "utf-8")
    lib = load_library(tmp_path)
    path = Builder(lib, writer).build_article(lib.articles["k"], nord, tmp_path / "out").path
    # A web address may break after a "/", so its two parts are counted on their own.
    for needle in ("98 12 34 56", "kontakt@fysio-nord.dk", "https://fysio-nord.dk/", "ondt-i-ryggen-og-benet"):
        whole, joined = _split_across_lines(path, needle)
        assert whole == joined and whole >= 40, (needle, whole, joined)


# --- the running header and footer --------------------------------------------------------------


def test_the_clinic_is_named_once_per_page_and_the_date_once_per_article(nord_pdfs):
    for (kind, large), path in nord_pdfs.items():
        header_end, footer_start = (29 if large else 27) * MM, (36 if large else 28) * MM
        for number, lines in enumerate(text_lines(path), 1):
            height = 842
            running = " ".join(
                line.text for line in lines if line.bottom <= header_end or line.top >= height - footer_start
            )
            assert running.count(CLINIC_NAME) == 1, (kind, large, number, running)
            assert f"Side {number} af " in running, (kind, large, number, running)
            assert "Tlf. " + PHONE in running and "kontakt@fysio-nord.dk" in running, (kind, large, number, running)
        if kind == "article":
            text = " ".join(line.text for lines in text_lines(path) for line in lines)
            assert text.count("Sidst opdateret") == 1 and text.count("12. oktober 2025") == 1, (
                large,
                text.count("12. oktober 2025"),
            )


# --- line length and headings --------------------------------------------------------------------


def _body_lines(path: Path) -> list[tuple[int, Span]]:
    """Lines between the running header and footer set wholly at body size (not table text, headings)."""
    out = []
    for number, lines in enumerate(text_lines(path), 1):
        for line in lines:
            sizes = [c.size for c in line.chars if c.text.strip()]
            if (
                line.top >= 27 * MM
                and line.bottom <= 842 - 28 * MM
                and sizes
                and all(abs(s - BODY_SIZE) < 0.1 for s in sizes)
            ):
                out.append((number, line))
    return out


def test_lines_of_text_run_to_about_80_characters(seed_pdfs):
    """The product owner's measure: lines may run to about 80 characters (paper issue), no more."""
    lines = sorted(
        (len(line.text), slug, number, line.text)
        for slug, result in seed_pdfs.items()
        for number, line in _body_lines(result.path)
    )
    median = lines[len(lines) // 2]
    assert 60 <= median[0] <= 82, median  # about 80, and not needlessly short
    assert lines[-1][0] <= 92, lines[-1]  # a line of narrow letters runs at most 15 % longer


def test_h3_differs_from_body_text_by_size_weight_and_space(seed_pdfs, library, demo):
    """Not by colour alone: a level-3 heading is bold, clearly larger, with space above it."""
    from handouts.model.markdown import MarkdownContext
    from handouts.render.markdown import render_markdown

    checked = 0
    for slug, result in seed_pdfs.items():
        headings = {
            " ".join(text.split())
            for level, text in render_markdown(library.articles[slug].body, MarkdownContext("x")).headings
            if level == 3
        }
        for lines in text_lines(result.path):
            for before, line in itertools.pairwise(lines):
                if line.text not in headings:
                    continue
                chars = [c for c in line.chars if c.text.strip()]
                assert all("Bold" in c.font for c in chars), line.text
                assert min(c.size for c in chars) >= 1.15 * BODY_SIZE, line.text
                assert line.top - before.bottom >= 1.2 * BODY_SIZE, (line.text, line.top - before.bottom)
                checked += 1
    assert checked >= 10
