"""Article paper (issue 23), measured on WeasyPrint's layout boxes of the shipped articles for the
clinic with a QR code: no page but the last under a third full, the last at least a fifth full,
no page holding only the call to action or the QR code, the red-flag box whole on one page; and
the second layout pass moves the box only when that is better."""

from __future__ import annotations

import pytest

from conftest import CLINICS
from handouts.pdf.placement import HOLE, SHORT_LAST, measure, score

CLOSING_ONLY = {"closing", "closing--with-qr", "call-to-action", "qr", "qr__code", "qr__caption", "qr__url"}


@pytest.fixture(scope="module")
def layouts(library, writer):
    """(slug, large print) → (rendered HTML, laid-out document) for every shipped article."""
    from handouts.build import render_article
    from handouts.model.clinic import load_clinic

    nord = load_clinic(CLINICS / "nord.toml")
    found = {}
    for slug, article in sorted(library.articles.items()):
        for large in (False, True):
            rendered = render_article(library, article, nord, large_print=large)
            found[slug, large] = (rendered, writer.layout(rendered))
    return found


def test_no_hole_and_no_near_empty_last_page(layouts):
    for (slug, large), (_, document) in layouts.items():
        pages = measure(document)
        fills = [round(page.fill, 2) for page in pages]
        assert all(page.fill >= HOLE for page in pages[:-1]), (slug, large, fills)
        assert pages[-1].fill >= SHORT_LAST, (slug, large, fills)


def test_the_call_to_action_and_qr_code_never_have_a_page_of_their_own(layouts):
    for (slug, large), (rendered, document) in layouts.items():
        assert 'class="qr"' in rendered.html  # Nord has a public address: the QR code is printed
        for page in measure(document):
            content = {name for name in page.classes if not name.startswith(("running-", "nowrap", "link", "tel"))}
            assert not content <= CLOSING_ONLY | {"red-flags-group"}, (slug, large, sorted(content))


def test_the_red_flag_box_is_whole_on_one_page(layouts):
    for (slug, large), (_, document) in layouts.items():
        pages_with_box = [number for number, page in enumerate(measure(document)) if "red-flags" in page.classes]
        assert len(pages_with_box) == 1, (slug, large, pages_with_box)


def test_the_standard_print_articles_average_300_words_a_page(layouts):
    pages = [measure(document) for (_, large), (_, document) in layouts.items() if not large]
    words = sum(page.words for document in pages for page in document)
    assert words / sum(len(document) for document in pages) >= 300


def test_the_box_is_moved_only_when_the_layout_is_better(library, writer, layouts):
    """The second pass: with the move switched off, no handout is better than with it."""
    moved = 0
    for (slug, large), (rendered, document) in layouts.items():
        without = writer.layout(rendered, place=False)
        assert score(measure(document)) <= score(measure(without)), (slug, large)
        moved += score(measure(document)) < score(measure(without))
    assert moved >= 1  # the shipped articles do have a handout the move improves
