"""Every shipped programme template as a PDF: written whole, without a warning, and each drawing
with its captions once and under it.

One render per template, with the clinic and the print taking turns (Nord in Danish, Sund Ryg in
English; standard and large print), so every template, both clinics and both prints are
rendered without the whole cross product (15 × 2 × 2 renders of 2–12 pages each). Sund Ryg
prints the two templates it had a caption left alone in (2 December) in both prints; Nord's
are test_programme_layout's renders. What the clinic changes is the language, the brand and
the header, not how a card breaks over a page.
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


def test_the_cases_cover_every_template_both_clinics_and_both_prints(library):
    assert set(TEMPLATES) == set(library.programmes) and len(TEMPLATES) >= 2
    assert {slug for slug, *_ in CASES} == set(TEMPLATES)
    assert {(clinic, large) for _, clinic, large in CASES} == set(TURNS)


@pytest.mark.parametrize(
    ("slug", "clinic", "large"), CASES, ids=[f"{s}-{c}-{'large' if g else 'standard'}" for s, c, g in CASES]
)
def test_every_template_prints_whole_with_its_captions_under_each_drawing(
    library, writer, tmp_path, slug, clinic, large
):
    from handouts.build import Builder, template_programme
    from handouts.model.clinic import load_clinic

    programme = template_programme(library, library.programmes[slug])
    profile = load_clinic(CLINICS / f"{clinic}.toml")
    result = Builder(library, writer).build_programme(programme, profile, tmp_path / f"{slug}.pdf", large_print=large)
    assert result.warnings == []
    assert_valid_pdf(result.path, result.pages)
    assert_captions_under_each_drawing(result.path, len(programme.entries))
