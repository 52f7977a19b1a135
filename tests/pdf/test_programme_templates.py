"""Every shipped programme template as a PDF: written whole, without a warning, and each drawing
with its captions once and under it.

One render per template, with the clinic and the print taking turns (Nord in Danish, Sund Ryg in
English; standard and large print), so every template, both clinics and both prints are
rendered without the whole cross product (15 × 2 × 2 renders of 2–12 pages each). Sund Ryg
prints the two templates it had a caption left alone in (2 December) in both prints; Nord's
are test_programme_layout's renders. What the clinic changes is the language, the brand and
the header, not how a card breaks over a page.

The tracking chart comes after the cards and takes two weeks a block: a template of 4–12 weeks
prints the same block two to six times, and a twelve-week chart is most of a render's work.
Each template is printed with its first two weeks (every kind of row and box its doses give, in
one block); one twelve-week template and Sund Ryg's two are printed as shipped, so a chart that
runs over several pages is still written and checked whole here (and its head on every page,
for twelve weeks, by test_programme_layout).
"""

from __future__ import annotations

import pytest

from conftest import CLINICS, SEEDS
from helpers.validity import assert_captions_under_each_drawing, assert_valid_pdf

TEMPLATES = sorted(path.stem for path in (SEEDS / "programmes").glob("*.toml"))
TURNS = [("nord", False), ("sund-ryg", False), ("nord", True), ("sund-ryg", True)]
EARLIER_FAULTS = ["blid-start-iskias", "laend-basis"]
CASES = [(slug, *TURNS[i % len(TURNS)]) for i, slug in enumerate(t for t in TEMPLATES if t not in EARLIER_FAULTS)]
CASES += [(slug, "sund-ryg", large) for slug in EARLIER_FAULTS for large in (False, True)]
AS_SHIPPED = {"akillessene", *EARLIER_FAULTS}  # every week of the chart; the others their first two
SHORT_CHART = 2


def test_the_cases_cover_every_template_both_clinics_and_both_prints(library):
    assert set(TEMPLATES) == set(library.programmes) and len(TEMPLATES) >= 2
    assert {slug for slug, *_ in CASES} == set(TEMPLATES)
    assert {(clinic, large) for _, clinic, large in CASES} == set(TURNS)
    assert max(library.programmes[slug].weeks for slug in AS_SHIPPED) == 12  # a chart over several pages


@pytest.mark.parametrize(
    ("slug", "clinic", "large"), CASES, ids=[f"{s}-{c}-{'large' if g else 'standard'}" for s, c, g in CASES]
)
def test_every_template_prints_whole_with_its_captions_under_each_drawing(
    library, writer, tmp_path, slug, clinic, large
):
    from handouts.build import Builder, template_programme
    from handouts.model.clinic import load_clinic
    from handouts.model.programme import build_programme

    template = library.programmes[slug]
    if slug in AS_SHIPPED:
        programme = template_programme(library, template)
    else:
        programme = build_programme(library, template=template, weeks=min(template.weeks, SHORT_CHART))
    profile = load_clinic(CLINICS / f"{clinic}.toml")
    result = Builder(library, writer).build_programme(programme, profile, tmp_path / f"{slug}.pdf", large_print=large)
    assert result.warnings == []
    assert_valid_pdf(result.path, result.pages)
    assert_captions_under_each_drawing(result.path, len(programme.entries))
