"""Accessible PDFs: tagged PDF/UA-1 read back with pikepdf, and large print that still fits."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from pathlib import Path

import pikepdf
import pytest

from readback import Char, read_pdf

MM = 72 / 25.4
TEXT_LEFT, TEXT_RIGHT = 17 * MM, (210 - 17) * MM  # the A4 page's text area (section 3 of handout.css)
RED_FLAG_HEADING = "Røde flag – ryg og iskias"


def flat(text: str) -> str:
    return " ".join(text.split())


BLOCKS = ("H1", "H2", "H3", "H4", "H5", "H6", "P", "LI", "TH", "TD", "Caption")


def _chars_by_mcid(path: Path) -> dict[tuple[int, int], list[Char]]:
    chars: dict[tuple[int, int], list[Char]] = defaultdict(list)
    for index, page in enumerate(read_pdf(path)):
        for char in page.chars:
            if char.mcid is not None:
                chars[(index, char.mcid)].append(char)
    return chars


@functools.cache
def tagged_sequence(path: Path) -> list[tuple[str, str, dict, str, list[Char]]]:
    """The structure tree in reading order: (tag, own text, attributes, enclosing block, chars).

    Text comes from the characters (tests/readback.py), grouped by page and marked-content id (MCID), so
    the order is the order a screen reader follows, not the order of drawing.
    """
    chars_of = _chars_by_mcid(path)
    pdf = pikepdf.open(path)
    page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    out = []

    def walk(element: object, page: int, block: str) -> None:
        if not isinstance(element, pikepdf.Dictionary):
            return
        page = page_index.get(element.Pg.objgen, page) if "/Pg" in element else page
        tag = str(element.get("/S", ""))[1:]
        block = tag if tag in BLOCKS else block
        kids = element.get("/K", [])
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        chars = [c for k in kids if isinstance(k, int) for c in chars_of.get((page, int(k)), [])]
        attributes = {"alt": str(element.Alt)} if "/Alt" in element else {}
        out.append((tag, "".join(c.text for c in chars), attributes, block, chars))
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                walk(kid, page, block)

    walk(pdf.Root.StructTreeRoot, 0, "")
    return out


@pytest.fixture(scope="module")
def seed_000(seed_pdfs):
    return seed_pdfs["iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening"]


def test_pdf_ua_catalogue_and_metadata(seed_000, library):
    pdf = pikepdf.open(seed_000.path)
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert str(root.Lang) == "da"
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    assert bool(root.MarkInfo.Marked) is True
    meta = pdf.open_metadata()
    assert meta.get("pdfuaid:part") == "1"
    assert (
        meta.get("dc:title")
        == library.articles["iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening"].title
    )


def test_headings_lists_tables_and_figures_are_tagged(seed_000):
    sequence = tagged_sequence(seed_000.path)
    tags = {tag for tag, *_ in sequence}
    assert {"Document", "H1", "H2", "P", "L", "LI", "Table", "TR", "TH", "TD", "Figure"} <= tags, tags
    for tag, _, attributes, *_ in sequence:
        if tag == "Figure":
            assert attributes.get("alt"), "every figure has alt text"


def test_reading_order_title_body_red_flags_closing(seed_000, library, demo):
    """Headings in the article's order, then the red-flag box (heading, signs, what to do), then the rest."""
    from handouts.model.markdown import MarkdownContext
    from handouts.render.markdown import render_markdown

    article = library.articles["iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening"]
    expected = [flat(text) for _, text in render_markdown(article.body, MarkdownContext("x")).headings]
    sequence = tagged_sequence(seed_000.path)
    joined = flat(" ".join(text for _, text, *_ in sequence if text.strip()))
    assert joined.startswith(flat(article.title))  # the title first: the running header is not in the tree
    position = 0
    for heading in expected:  # every body heading, in order
        found = joined.find(heading, position)
        assert found >= 0, heading
        position = found
    red_flags = joined.find(RED_FLAG_HEADING, position)
    assert red_flags > position, "the red-flag box comes after the article's text"
    signs = [
        joined.find(sign, red_flags)
        for sign in ("Følelsesløs eller prikkende ved endetarm", "Nye ændringer i kønslivet", "Feber")
    ]
    # Each level's action line comes before its signs: 112 first, then today's line, then the rest.
    call_112 = joined.find("Ring 112 nu", red_flags)
    today = joined.find("Kontakt læge eller lægevagt i dag", red_flags)
    last = joined.find("Ikke akut? Ring til Demo Fysioterapi", red_flags)
    assert red_flags < call_112 < signs[0] < signs[1] < today < signs[2] < last, (red_flags, signs, last)
    tight = re.sub(r" (?=[.,;:!?])", "", joined)  # a phone number kept whole is a <span>: its own element
    assert tight.find(demo.call_to_action, tight.find("Ikke akut?")) > tight.find("Ikke akut?") > 0


def test_every_image_has_alt_text(tmp_path, writer, demo):
    from handouts.build import Builder
    from handouts.model.library import load_library

    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    (tmp_path / "knae-mod-bryst.svg").write_text(svg, "utf-8")
    (tmp_path / "figur.svg").write_text(svg, "utf-8")
    (tmp_path / "a.md").write_text(
        "---\ntitle: Billeder\n---\n![Knæ mod bryst, set fra siden](knae-mod-bryst.svg)\n\n![](figur.svg)\n", "utf-8"
    )
    lib = load_library(tmp_path)
    result = Builder(lib, writer).build_article(lib.articles["a"], demo, tmp_path / "out")
    assert result.warnings == []  # no "has no required alt description" from WeasyPrint
    alts = [attributes.get("alt") for tag, _, attributes, *_ in tagged_sequence(result.path) if tag == "Figure"]
    assert "Knæ mod bryst, set fra siden" in alts
    assert "Billede: figur" in alts  # an image without a description gets one from its file name
    assert all(alts), alts


# --- large print --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large_print(large_print_pdfs):
    """Every seed in large print for the clinic with the longest footer (conftest builds them once)."""
    return sorted(result.path for result in large_print_pdfs.values())


def test_large_print_writes_every_seed(large_print):
    assert len(large_print) == 5
    assert all(path.name.endswith("-storskrift.pdf") for path in large_print)


def test_large_print_body_is_at_least_16_pt_and_headings_are_larger(large_print):
    for path in large_print:
        sizes = defaultdict(list)  # block tag -> font sizes of its characters
        for _, _, _, block, chars in tagged_sequence(path):
            sizes[block] += [c.size for c in chars if c.text.strip()]
        body = sizes["P"] + sizes["LI"] + sizes["TD"] + sizes["TH"]
        assert body and min(body) >= 16, (path.name, min(body))
        text = sizes["P"] + sizes["LI"]
        assert min(sizes["H1"]) > min(sizes["H2"]) > max(text), path.name
        for level in ("H3", "H4"):
            assert not sizes[level] or min(sizes[level]) > max(text), (path.name, level)


@pytest.fixture(scope="module")
def large_print_programme(tmp_path_factory, library, shared_writer, nord):
    """A large-print programme with a QR code (its caption too), cards, chart and footer: Nord's
    blid-start-iskias, printed once per run (the layout and type tests print it too)."""
    from handouts.build import Builder

    out = tmp_path_factory.mktemp("large-print-programme")
    template = library.programmes["blid-start-iskias"]
    return Builder(library, shared_writer).build_template_programme(template, nord, out, large_print=True).path


def test_large_print_every_character_on_every_page_is_at_least_16_pt(large_print, large_print_programme):
    """Header, footer, page numbers, captions, tables, the QR caption and the tracking chart too."""
    for path in [*large_print, large_print_programme]:
        for number, page in enumerate(read_pdf(path), 1):
            small = [(c.text, round(c.size, 2)) for c in page.chars if c.text.strip() and c.size < 16 - 0.05]
            assert not small, (path.name, number, small[:10])
    text = " ".join(flat(page.text) for page in read_pdf(large_print_programme))
    assert "Træningsdagbog" in text and "Smerte 0–10" in text and "Scan koden" in text and "Side 1 af" in text


def test_large_print_stays_inside_the_text_width(large_print):
    """The widest seed table at 17 pt: no character left or right of the text area."""
    widest = 0.0
    for path in large_print:
        for number, page in enumerate(read_pdf(path), 1):
            xs = [(c.x0, c.x1) for c in page.chars if c.text.strip()]
            assert min(x0 for x0, _ in xs) >= TEXT_LEFT - 1, (path.name, number)
            assert max(x1 for _, x1 in xs) <= TEXT_RIGHT + 1, (path.name, number)
        cells = [c for _, _, _, block, chars in tagged_sequence(path) if block in ("TD", "TH") for c in chars]
        if cells:
            widest = max(widest, max(c.x1 for c in cells) - min(c.x0 for c in cells))
    assert widest > 150 * MM  # the check above really covered a table as wide as the text


def test_large_print_red_flag_box_is_whole_on_one_page(large_print):
    for path in large_print:
        pages = [flat(page.text) for page in read_pdf(path)]
        # The back set's box: its heading, its 112 line, its last sign and its last line on one page.
        holding = [text.split(RED_FLAG_HEADING, 1)[1] for text in pages if RED_FLAG_HEADING in text]
        assert len(holding) == 1, path.name
        for part in ("Ring 112 nu", "Stærke smerter efter et fald", "Ikke akut? Ring til"):
            assert part in holding[0], (path.name, part)


def _assert_footer_inside_paper(path: Path, footer_text: str) -> None:
    for number, page in enumerate(read_pdf(path), 1):
        assert footer_text in flat(page.text), (path.name, number)
        lowest = max(c.bottom for c in page.chars)
        # 6 mm of blank paper under the last line: printers leave about 5 (render/html.py sizes
        # the bottom margin to the footer's lines; it was 8 mm with a fixed 28 mm margin)
        assert lowest <= page.height - 6 * MM, (path.name, number, (page.height - lowest) / MM)


def test_large_print_footer_is_not_cut_off(large_print):
    """The running footer (two or three lines at 16 pt for this clinic) ends well inside the paper."""
    for path in large_print:
        _assert_footer_inside_paper(path, "Mandag–fredag 7–")


def test_standard_print_footer_is_not_cut_off(seed_pdfs):
    for result in seed_pdfs.values():
        _assert_footer_inside_paper(result.path, "Eksempel på en klinikprofil")
