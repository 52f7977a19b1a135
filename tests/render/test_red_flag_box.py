"""The red-flag box as printed: each level's action line above its signs, the clinic's region,
two sets for a title naming two regions, CMS pages by body part, and the box whole on one page
for every set combination the sample's articles get, in standard and large print."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from conftest import ROOT
from handouts.model.clinic import Clinic
from handouts.model.library import load_library
from handouts.model.out_of_hours import REGIONS
from handouts.model.red_flags import RedFlagChoice, box, choose_for_article, choose_for_exercises
from handouts.render.html import article_html, red_flag_box_html
from readback import read_pdf

CORPUS = ROOT.parent / "shared" / "corpus"
ARTICLES = CORPUS / "articles"
needs_corpus = pytest.mark.skipif(not ARTICLES.is_dir(), reason="the clinic sample ../shared/corpus is absent")
CALLS = {
    "da": ("Ring 112 nu", "Kontakt læge eller lægevagt i dag", "Kontakt din egen læge inden for få dage"),
    "en": ("Call 112 now", "Contact a doctor today", "See your own doctor within a few days"),
}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html.split("<body", 1)[-1]).split())


def box_text(library, slugs: tuple[str, ...], language: str, clinic: Clinic) -> str:
    chosen = box(RedFlagChoice(tuple(library.red_flags[s] for s in slugs), "test"), library, language)
    return text(red_flag_box_html(chosen, clinic, library).html)


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_level_prints_its_action_line_above_its_signs(library, language):
    clinic = Clinic(name="Nord", phone="1")
    for slug, danish in library.red_flags.items():
        red_flags = library.translated(danish, language) or danish
        printed = box_text(library, (slug,), language, clinic)
        position = 0
        for level, call in zip(("112", "today", "days"), CALLS[language], strict=True):
            signs = [s for s in red_flags.signs if s.level == level]
            if not signs:
                assert call not in printed, (slug, call)
                continue
            call_at = printed.index(call, position)
            first_sign = printed.index(_words(signs[0].text), call_at)
            assert call_at < first_sign, (slug, level)
            position = call_at
        assert any(s.level == "112" for s in red_flags.signs), f"{slug}: every built-in set has 112 signs"


def _words(markdown: str) -> str:
    """The first words of a sign as printed (bold markers dropped)."""
    return " ".join(markdown.replace("**", "").split()[:3])


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_each_regions_out_of_hours_number_prints_for_a_clinic_in_that_region(library, region):
    service = REGIONS[region]
    clinic = Clinic(name="Klinik", phone="1", region=region)
    printed = text(article_html(library.articles["ondt-i-laenden"], clinic, library).html)
    assert f"{service.service} på {service.phone}, når lægen er lukket" in printed
    for other in REGIONS.values():
        if other.phone != service.phone:
            assert other.phone not in printed


def test_the_clinics_own_emergency_text_wins_and_no_region_says_laegevagten(library):
    article = library.articles["ondt-i-laenden"]
    own = Clinic(
        name="Klinik", phone="1", region="hovedstaden", emergency="Ring til os eller vagtlægen på 12 34 56 78."
    )
    printed = text(article_html(article, own, library).html)
    assert "i dag Ring til os eller vagtlægen på 12 34 56 78." in printed and "1813" not in printed
    plain = text(article_html(article, Clinic(name="Klinik", phone="1"), library).html)
    assert "din egen læge, eller lægevagten, når lægen er lukket." in plain


def test_an_unknown_region_is_an_error_naming_the_field(tmp_path):
    from handouts.errors import InputError
    from handouts.model.clinic import load_clinic

    profile = tmp_path / "c.toml"
    profile.write_text('name = "C"\nphone = "1"\nregion = "fyn"\n', "utf-8")
    with pytest.raises(InputError, match=r'c\.toml: region: .*"fyn" is not a Danish region; use one of: hovedstaden'):
        load_clinic(profile)
    profile.write_text('name = "C"\nphone = "1"\nregion = "Region Sjælland"\n', "utf-8")
    assert load_clinic(profile).region == "sjaelland"
    profile.write_text(f'name = "C"\nphone = "1"\nemergency = "{"x" * 161}"\n', "utf-8")
    with pytest.raises(InputError, match=r"c\.toml: emergency: .*160"):  # the box must fit one page
        load_clinic(profile)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Gravid og ondt i ryggen", ("graviditet-og-baekken", "ryg-og-iskias")),
        ("Ondt i lænden og hoften", ("ryg-og-iskias", "hofte-knae-og-ben")),
        ("Hovedpine og nakkesmerter", ("hoved", "nakke")),
    ],
)
def test_a_title_naming_two_regions_gets_both_sets_without_repeated_signs(tmp_path, title, expected):
    (tmp_path / "a.md").write_text(f"---\ntitle: {title}\n---\nTekst.\n", "utf-8")
    library = load_library(tmp_path)
    article = library.articles["a"]
    assert choose_for_article(article, library).slugs == expected
    html = article_html(article, Clinic(name="Nord", phone="1"), library).html
    assert re.findall(r'data-set="([^"]+)"', html) == list(expected)
    signs = re.findall(r"<li>(.*?)</li>", html.split('class="red-flags"', 1)[1], re.S)
    assert signs and len(signs) == len(set(signs))


CMS_PAGE = """---
title: {title}
bodyParts:
{parts}
---
{title} er en øvelse.

## {title} - Sådan gør du

1. Gør sådan.
2. Og sådan.

**Antal gentagelser:** 3 sæt á 10 gentagelser.
"""


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["knae", "ben"], ("hofte-knae-og-ben",)),
        (["skulder"], ("skulder-og-arm",)),
        (["nakke"], ("nakke",)),
        (["ankel"], ("fod-og-ankel",)),
        (["mave"], ("generelt",)),
    ],
)
def test_cms_exercise_pages_get_their_regions_set(tmp_path, parts, expected):
    folder = tmp_path / "exercises"
    folder.mkdir()
    body_parts = "".join(f"  - {part}\n" for part in parts)
    (folder / "side.md").write_text(CMS_PAGE.format(title="Øvelse", parts=body_parts), "utf-8")
    library = load_library(tmp_path)
    assert library.problems == []
    page = next(e for e in library.exercises.values() if e.source.path.name == "side.md")
    assert choose_for_exercises([page], library).slugs == expected


# --- the box whole on one page ------------------------------------------------------------------


@functools.cache
def _sample():
    """The clinic sample's library, and the set combinations its articles are given: read once
    for the module (about a second and a half each time)."""
    sample = load_library(ARTICLES)
    return sample, frozenset(choose_for_article(a, sample).slugs for a in sample.articles.values())


def _printed_parts(library, language: str) -> list:
    """Every box part a handout can print in ``language``: each set alone (programmes, front
    matter), and each combination the sample's articles are given (a later set without the
    signs an earlier one has)."""
    combos = {(slug,) for slug in library.red_flags}
    if ARTICLES.is_dir():
        combos |= _sample()[1]
    parts = []
    for combo in sorted(combos):
        chosen = box(RedFlagChoice(tuple(library.red_flags[s] for s in combo), "sample"), library, language)
        parts += [(combo, part) for part in chosen.parts]
    return parts


@needs_corpus
@pytest.mark.parametrize(
    ("language", "large_print"),
    [("da", True), ("en", True), ("da", False)],
    ids=["large-print-da", "large-print-en", "standard-da"],
)
def test_every_box_the_sample_can_print_is_whole_on_one_page(library, writer, language, large_print):
    """Each box on a page of its own, all in one document: a box that fits one page takes one
    page; a box too tall for a page (break-inside: avoid cannot help) takes two. (Standard
    print in English is left out: the same box at 13 pt on a taller page is shorter than at
    17 pt in every case, and the Danish run guards the standard page.)"""
    parts = _printed_parts(library, language)
    # The longest "today" line a profile allows (its own emergency text, 160 characters) and a long name.
    emergency = (
        "Ring til os på 12 34 56 78 i åbningstiden; uden for åbningstid ring til lægevagten eller til "
        "vores vagttelefon, så hjælper vi dig videre samme dag."
    )[:160]
    clinic = Clinic(name="Fysioterapi og Træningscenter Nordvestjylland", phone="+45 12 34 56 78", emergency=emergency)
    every = box(RedFlagChoice(tuple(library.red_flags.values()), "all"), library, language)
    every = type(every)(every.choice, every.sets, tuple(part for _, part in parts), every.language, every.untranslated)
    rendered = red_flag_box_html(every, clinic, library, large_print=large_print)
    rendered.html = rendered.html.replace("</style>", ".red-flags { break-before: page; }</style>", 1)
    document = writer.layout(rendered)
    assert len(document.pages) == len(parts), "a box runs over onto a second page"
    for page, (combo, part) in zip(document.pages, parts, strict=True):
        asides = [b for b in page._page_box.descendants() if getattr(b, "element_tag", None) == "aside"]
        assert len(asides) == 1, combo
        assert asides[0].element.get("data-set") == part.slug


@needs_corpus
def test_real_articles_in_large_print_keep_the_box_on_one_sheet(library, writer, tmp_path):
    """Read back: the box's heading, its 112 line and its last line on the same page."""
    from handouts.build import Builder

    sample = _sample()[0]
    wanted = ["baekkenloesning", "hovedpine", "spaendingshovedpine", "stress"]
    slugs = [s for s in wanted if s in sample.articles][:2]
    assert slugs
    builder = Builder(sample, writer)
    clinic = Clinic(name="Fysioterapi Nord", phone="+45 98 12 34 56", region="nordjylland")
    for slug in slugs:
        result = builder.build_article(sample.articles[slug], clinic, tmp_path, large_print=True)
        pages = [" ".join(page.text.split()) for page in read_pdf(result.path)]
        title = choose_for_article(sample.articles[slug], sample).sets[0].title
        start = next(i for i, page in enumerate(pages) if title in page)
        after = pages[start].split(title, 1)[1]
        assert "Ring 112 nu" in after and "Ikke akut? Ring til Fysioterapi Nord" in after, slug
        assert "Lægevagten på 70 15 03 00" in after, slug


def test_mixed_language_never_on_one_page(library, tmp_path):
    """An English clinic's handout of a Danish article speaks Danish only, box included."""
    clinic = Clinic(name="Sund Ryg", phone="1", language="en", region="hovedstaden")
    printed = text(article_html(library.articles["ondt-i-laenden"], clinic, library).html)
    assert "Ring 112 nu" in printed and "Call 112" not in printed and "Red flags" not in printed


def test_the_box_page_is_the_handouts_page():
    """The one-box page uses the handout's own stylesheet and page: nothing of its own."""
    template = (Path(ROOT) / "templates" / "red_flag_box.html.j2").read_text("utf-8")
    assert '{% extends "base.html.j2" %}' in template and "<style" not in template
