"""Article paper (issue 23), measured on WeasyPrint's layout boxes of the shipped articles for the
clinic with a QR code: no page but the last under a third full, the last at least a fifth full,
no page holding only the call to action or the QR code, the red-flag box whole on one page; and
the second layout pass moves the box only when that is better."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from conftest import CLINICS
from handouts.pdf import placement
from handouts.pdf.placement import HOLE, SHORT_LAST, PageFill, measure, score
from handouts.render.document import RenderedHTML

WORDS_A_PAGE = 300
CLOSING_ONLY = {"closing", "closing--with-qr", "call-to-action", "qr", "qr__code", "qr__caption", "qr__url"}


@dataclass(frozen=True)
class Laid:
    """An article's handout as WeasyPrint laid it out: what the tests below measure."""

    rendered: RenderedHTML
    pages: list[PageFill]  # placement.measure of the layout printed
    first: list[PageFill] | None  # …of the first layout, handed to the second pass (None: it was not)
    red_flag_boxes: list[set[int]]  # each red-flag box: the pages it has a box on


@pytest.fixture(scope="module")
def layouts(library, shared_writer):
    """(slug, large print) → Laid, for every shipped article printed for Nord. Printed once per
    run (helpers/renders.py: the large-print seeds are conftest's large_print_pdfs, the standard
    ondt-i-laenden the type and QR tests'), measured on the layout the PDF was written from; the
    first layout is caught where the writer hands it to placement.place, not laid out again."""
    from handouts.build import render_article
    from handouts.model.clinic import load_clinic

    nord = load_clinic(CLINICS / "nord.toml")
    found = {}
    for slug, article in sorted(library.articles.items()):
        for large in (False, True):
            rendered = render_article(library, article, nord, large_print=large)
            kept = shared_writer.render_shared(rendered)[3]["page_fill"]
            first = kept["first"] and [PageFill(fill, words, set(classes)) for fill, words, classes in kept["first"]]
            found[slug, large] = Laid(
                rendered,
                [PageFill(fill, words, set(classes)) for fill, words, classes in kept["pages"]],
                first,
                [set(pages) for pages in kept["red_flag_boxes"]],
            )
    return found


def test_no_hole_and_no_near_empty_last_page(layouts):
    for (slug, large), laid in layouts.items():
        pages = laid.pages
        fills = [round(page.fill, 2) for page in pages]
        assert all(page.fill >= HOLE for page in pages[:-1]), (slug, large, fills)
        assert pages[-1].fill >= SHORT_LAST, (slug, large, fills)


def test_the_call_to_action_and_qr_code_never_have_a_page_of_their_own(layouts):
    for (slug, large), laid in layouts.items():
        assert 'class="qr"' in laid.rendered.html  # Nord has a public address: the QR code is printed
        for page in laid.pages:
            content = {name for name in page.classes if not name.startswith(("running-", "nowrap", "link", "tel"))}
            assert not content <= CLOSING_ONLY | {"red-flags-group"}, (slug, large, sorted(content))


def test_each_red_flag_box_is_whole_on_one_page(layouts):
    for (slug, large), laid in layouts.items():
        found = laid.red_flag_boxes
        assert len(found) == laid.rendered.html.count('<aside class="red-flags"'), slug
        assert all(len(pages) == 1 for pages in found), (slug, large, found)


def test_the_standard_print_articles_words_a_page(layouts):
    """Issue 23 asks 300 on average: the shipped articles reach it (221 before, 309 now)."""
    pages = [laid.pages for (_, large), laid in layouts.items() if not large]
    words = sum(page.words for document in pages for page in document)
    assert words / sum(len(document) for document in pages) >= WORDS_A_PAGE


def test_the_box_is_never_moved_for_the_worse(layouts):
    """The layout kept scores no worse than the first; every article went through the second
    pass (each has the movable box group), so this compares two layouts, never one with itself."""
    for (slug, large), laid in layouts.items():
        assert placement.MOVABLE_CLASS in laid.rendered.html and laid.first is not None, slug
        assert score(laid.pages) <= score(laid.first), (slug, large)


def test_a_box_that_leaves_a_hole_gets_places_before_a_heading_where_it_fits(writer, tmp_path):
    """An article whose box, after the text, leaves a hole: the second pass is offered places
    before a later heading where the box fits whole on the rest of the page, and the layout it
    keeps is no worse. (Moving the box cannot always help: text and box take as much paper
    wherever the box is, so a hole may only turn into a near-empty last page; see docs/layout.md.)
    The clinic writes a long call to action: with the usual one the box and the call to action
    are under two thirds of a page, so they fit under any text that ends in a page's first third
    and leave no hole to move."""
    from handouts.build import render_article
    from handouts.model.clinic import load_clinic
    from handouts.model.library import load_library
    from handouts.pdf.placement import _group_height, candidate_slots

    profile = (CLINICS / "nord.toml").read_text("utf-8").replace('logo = "nord-logo.svg"', "")
    long_call = "Har du spørgsmål, eller vil du have hjælp til dine gener? " * 5
    profile = re.sub(r"(?m)^call_to_action = .*$", f'call_to_action = "{long_call.strip()}"', profile)
    (tmp_path / "nord.toml").write_text(profile, "utf-8")
    nord = load_clinic(tmp_path / "nord.toml")
    paragraph = (
        "Ryggen har det bedst med bevægelse. Gå en tur hver dag, og hold pauser, når du sidder længe. "
        "Smerten aftager for de fleste i løbet af nogle uger, også uden behandling. "
    )
    for sections in range(10, 24):  # until the text ends high on a page and the box leaves a hole
        body = "".join(f"## Afsnit {n}\n\n{paragraph}\n\n" for n in range(1, sections + 1))
        (tmp_path / "ryg.md").write_text(f"---\ntitle: Ondt i ryggen\n---\n{body}", "utf-8")
        library = load_library(tmp_path)
        rendered = render_article(library, library.articles["ryg"], nord)
        first = writer.layout(rendered, place=False)
        if score(measure(first))[1]:
            break
    else:
        pytest.fail("no length of text left a hole")
    group = _group_height(first)
    slots = candidate_slots(first)
    assert group is not None and slots
    assert slots[0].heading and all(slot.room >= group[1] for slot in slots)
    assert score(measure(writer.layout(rendered))) <= score(measure(first))


@pytest.mark.parametrize("large", [False, True])
def test_the_running_footer_fits_its_bottom_margin(writer, tmp_path, large):
    """The bottom margin is as tall as the footer's lines need (render/html.py footer_lines):
    a clinic with the longest contact details still gets every footer line on the paper, its
    last line at least 5 mm from the edge; Nord's two lines get the 22 mm margin."""
    from weasyprint.formatting_structure import boxes

    from handouts.build import render_article
    from handouts.i18n import catalogue
    from handouts.model.clinic import load_clinic
    from handouts.model.library import load_library
    from handouts.pdf.placement import _walk
    from handouts.render.html import footer_lines

    profile = tmp_path / "lang.toml"
    profile.write_text(
        'name = "Fysioterapeuterne i Midtbyen"\nphone = "+45 98 12 34 56 / +45 20 30 40 50"\n'
        'address = "Store Kongensgade 114, 3. sal tv., Gården bag porten, 1264 København K"\n'
        'email = "reception.og.tidsbestilling@fysioterapeuterne-i-midtbyen.dk"\n'
        'website = "https://www.fysioterapeuterne-i-midtbyen.dk/patientinformation"\n'
        'footer = "Åbent mandag til torsdag 7–20, fredag 7–16 og lørdag 9–13 · Parkering i gården · '
        'Elevator fra gaden · Ydernummer 123456 · Medlem af Danske Fysioterapeuter"\n',
        "utf-8",
    )
    (tmp_path / "kort.md").write_text("---\ntitle: Kort\n---\nGå en tur hver dag.\n", "utf-8")
    library = load_library(tmp_path)
    for clinic in (load_clinic(CLINICS / "nord.toml"), load_clinic(profile)):
        document = writer.layout(render_article(library, library.articles["kort"], clinic, large_print=large))
        for page in document.pages:
            page_box = page._page_box
            footer = [child for child in page_box.children if getattr(child, "at_keyword", "") == "@bottom-left"]
            lines = [box for box in _walk(footer[0]) if isinstance(box, boxes.LineBox)]
            tops = {round(line.position_y, 1) for line in lines}
            edge = page_box.margin_height() - max(line.position_y + line.height for line in lines)
            assert len(tops) <= footer_lines(clinic, catalogue(clinic.language), large_print=large), clinic.name
            assert edge >= 5 * 96 / 25.4, (clinic.name, large, round(edge * 25.4 / 96, 1))
            if clinic.name == "Fysioterapi Nord" and not large:
                assert round(page_box.margin_bottom * 25.4 / 96) == 22


def test_the_call_to_action_can_leave_the_group_for_the_text_s_last_page():
    """The last edit the second pass tries: the call to action before the box, out of the group."""
    from xml.etree import ElementTree

    from handouts.pdf.placement import closing_first

    tree = ElementTree.fromstring(
        '<article class="handout-flow"><div class="article-body"><p>Tekst</p></div>'
        '<div class="red-flags-group"><aside class="red-flags"/><section class="closing"/></div></article>'
    )
    assert closing_first(tree)
    assert [child.get("class") for child in tree] == ["article-body", "closing", "red-flags-group"]
    assert [child.get("class") for child in tree[2]] == ["red-flags"]
    assert not closing_first(ElementTree.fromstring('<article><div class="red-flags-group"/></article>'))
