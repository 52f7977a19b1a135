"""Choosing the red-flag box: front matter, the matching rule, the general set, programmes,
languages; and the box on paper."""

import re
from pathlib import Path

import pytest

from handouts.errors import InputError
from handouts.model.library import load_library
from handouts.model.red_flags import (
    article_box,
    choose_for_article,
    choose_for_exercises,
    keyword_matches,
    match_text,
    ordered,
    words,
)
from handouts.model.regions import parse_regions
from readback import read_pdf


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


SET = """---
slug: {slug}
title: "Røde flag – {slug}"
regions: [{regions}]
keywords:
  strong: [{strong}]
  weak: [{weak}]
  exclude: [{exclude}]
default: false
---
- **{sign}**, med det samme.
"""


@pytest.fixture
def content(tmp_path):
    """A content folder with a set of its own (no English version) next to the built-in ones."""
    folder = tmp_path / "content"
    write(
        folder / "red-flags",
        "tennis.md",
        SET.format(slug="tennis", regions="", strong="tennis", weak="", exclude="", sign="Albuen er hævet"),
    )
    return folder


@pytest.fixture(scope="module")
def fixture_sets(tmp_path_factory):
    """Two sets written for the tests, in this order, for the rule alone (no built-in sets)."""
    from handouts.load import read_source
    from handouts.model.content import red_flags_from_source

    folder = tmp_path_factory.mktemp("sets")
    elbow = write(
        folder,
        "albue.md",
        SET.format(
            slug="albue",
            regions="skulder",
            strong="albue, =tennisalbue",
            weak="underarm",
            exclude="albuerum",
            sign="Albuen er hævet",
        ),
    )
    knee = write(
        folder,
        "knae.md",
        SET.format(slug="knae", regions="knae", strong="-knæ", weak="", exclude="", sign="Knæet låser"),
    )
    return [red_flags_from_source(read_source(path)) for path in (elbow, knee)]


def article(folder: Path, name: str, front: str, body: str):
    write(folder, name, f"---\n{front}\n---\n{body}")
    library = load_library(folder)
    assert library.problems == []
    return library.articles[Path(name).stem], library


def choose(sets, title: str, body: str, topics=()) -> tuple[str | None, str]:
    """The one slug the rule picks (None for none), and why; two slugs fail the test that gets them."""
    slugs, reason, _scores = match_text(sets, title, body, topics)
    assert len(slugs) <= 1, slugs
    return (slugs[0] if slugs else None), reason


@pytest.mark.parametrize(
    ("keyword", "word", "expected"),
    [
        ("lænd", "lændesmerter", True),
        ("lænd", "smertelænd", False),
        ("-knæ", "løberknæ", True),
        ("=arm", "arm", True),
        ("=arm", "varme", False),
        ("=arm", "armen", False),
    ],
)
def test_keyword_forms(keyword, word, expected):
    assert keyword_matches(word, keyword) is expected


def test_words_leave_out_images_addresses_and_link_targets():
    assert words("![Knæ](/images/knae.png) Se [albuen](https://x.dk/knae) på www.knae.dk <b>nu</b>") == [
        "se",
        "albuen",
        "på",
        "nu",
    ]


def test_front_matter_wins(content):
    chosen, library = article(content, "a.md", "title: Ondt i knæet\nred_flags: tennis", "Knæ knæ knæ.\n")
    choice = choose_for_article(chosen, library)
    assert (choice.slugs, choice.reason) == (("tennis",), "front matter")


def test_the_title_decides_first(fixture_sets):
    assert choose(fixture_sets, "Tennisalbue", "Tekst om " + "knæet " * 20 + ".") == ("albue", "title")


def test_the_cms_tags_count_like_the_title(fixture_sets):
    assert choose(fixture_sets, "Skader i sport", "Tekst.", topics=["albue"]) == ("albue", "title")


def test_headings_decide_when_the_body_backs_them(fixture_sets):
    body = "## Når albuen gør ondt\n\n" + "Albuen og albueleddet. " * 4 + "Underarm, underarmen.\n"
    assert choose(fixture_sets, "Smerter ved sport", body) == ("albue", "headings")


def test_a_stray_heading_without_body_hits_does_not_decide(fixture_sets):
    assert choose(fixture_sets, "Smerter ved sport", "## Og albuen?\n\nTekst om løb.\n") == (None, "general")


def test_the_body_decides_with_a_clear_lead(fixture_sets):
    assert choose(fixture_sets, "Smerter ved sport", "Tekst: " + "knæet, " * 9 + "albuen.") == ("knae", "body")


def test_no_confident_match_is_the_general_set(fixture_sets, tmp_path):
    body = "Tekst: " + "knæet, " * 5 + "albuen, " * 5 + "."  # too few, and no clear lead
    assert choose(fixture_sets, "Smerter ved sport", body) == (None, "general")
    chosen, library = article(tmp_path, "a.md", "title: Smerter ved sport", body + "\n")
    choice = choose_for_article(chosen, library)
    assert (choice.slugs, choice.reason, choice.fell_back) == (("generelt",), "general", True)


def test_excluded_words_never_count(fixture_sets):
    assert choose(fixture_sets, "Albuerum i bilen", "Tekst.") == (None, "general")


def test_weak_keywords_count_only_twice_or_more(fixture_sets):
    assert choose(fixture_sets, "Sport", "Albuen " * 7 + "underarm.")[0] is None
    assert choose(fixture_sets, "Sport", "Albuen " * 6 + "underarm underarmen.")[0] == "albue"


def test_ties_go_to_the_fixed_set_order():
    sets = load_library().red_flags
    candidates = ordered([sets["hofte-knae-og-ben"], sets["ryg-og-iskias"]])
    assert [s.slug for s in candidates] == ["ryg-og-iskias", "hofte-knae-og-ben"]
    slugs, reason, _ = match_text(candidates, "Ryg og knæ", "Tekst.")
    assert (slugs, reason) == (("ryg-og-iskias", "hofte-knae-og-ben"), "title")  # both, in the set order
    slugs, reason, _ = match_text(candidates, "Knæ, knæet og ryggen", "Tekst.")
    assert slugs == ("ryg-og-iskias", "hofte-knae-og-ben")  # more hits for the knee: still printed in order


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ondt i lænden", "ryg-og-iskias"),
        ("Iskias", "ryg-og-iskias"),
        ("Piskesmæld", "nakke"),
        ("Ondt i skulderen", "skulder-og-arm"),
        ("Løberknæ", "hofte-knae-og-ben"),
        ("Forstuvet ankel", "fod-og-ankel"),
        ("Spændingshovedpine", "hoved"),
        ("Hjertekarsygdom og træning", "brystkasse-hjerte-og-lunger"),
        ("Bækkenløsning i graviditeten", "graviditet-og-baekken"),
        ("Proteinbehov ved træning", "generelt"),
        ("Træning med type 2-diabetes", "diabetes"),
        ("Lavt blodsukker efter motion", "diabetes"),
        ("Træning under og efter kræftbehandling", "kraeft"),
        ("Brug dine kræfter rigtigt", "generelt"),  # "kræfter" is strength, not cancer
    ],
)
def test_built_in_sets_by_title(tmp_path, title, expected):
    chosen, library = article(tmp_path, "a.md", f"title: {title}", "Tekst.\n")
    assert choose_for_article(chosen, library).slugs == (expected,)


def test_an_unknown_set_in_front_matter_is_an_error_naming_the_field(tmp_path):
    chosen, library = article(tmp_path, "a.md", "title: A\nred_flags: findes-ikke", "Tekst.\n")
    with pytest.raises(InputError, match=r'a.md: red_flags: "findes-ikke" is not a red-flag set; known: '):
        choose_for_article(chosen, library)


# --- programmes and regions ----------------------------------------------------------------


def test_regions_from_front_matter_and_cms_body_parts():
    assert parse_regions({"region": "knae"}, "x.md") == ("knae",)
    assert parse_regions({"regions": ["hofte", "ryg", "hofte"]}, "x.md") == ("ryg", "hofte")
    assert parse_regions({"bodyParts": ["ankel", "fod", "mave"]}, "x.md") == ("fod",)
    assert parse_regions({"Regions": ["ryg"]}, "x.md") == ()  # keys are canonical by now
    with pytest.raises(InputError, match=r'x\.md: region: "albue" is not a region; use one of: ryg, nakke'):
        parse_regions({"region": "albue"}, "x.md")


def test_every_built_in_exercise_names_its_regions(library):
    assert [e.slug for e in library.exercises.values() if not e.regions] == []
    assert library.exercises["bird-dog"].regions == ("ryg",)


def test_a_programme_gets_the_sets_of_its_exercises_regions_merged(tmp_path):
    exercises = tmp_path / "exercises"
    for slug, region in [("knaebalance", "knae"), ("hofteloeft", "hofte"), ("nakkedrej", "nakke"), ("fri", "")]:
        write(
            exercises,
            f"{slug}.md",
            f"---\nname: {slug}\ncategory: styrke\nregion: {region}\ndose: 2x5\n"
            "stop: Stop ved smerte.\n---\n1. Gør sådan.\n",
        )
    library = load_library(tmp_path)
    pick = [library.exercises[s] for s in ("hofteloeft", "nakkedrej", "knaebalance", "fri")]
    choice = choose_for_exercises(pick, library)
    assert choice.slugs == ("nakke", "hofte-knae-og-ben")  # the fixed order, each set once
    assert choose_for_exercises([library.exercises["fri"]], library).slugs == ("generelt",)


# --- language --------------------------------------------------------------------------------


def test_an_english_clinic_gets_the_english_set(tmp_path):
    chosen, library = article(tmp_path, "a.md", "title: Ondt i knæet", "Tekst.\n")
    box = article_box(chosen, library, "en")
    assert box.language == "en" and not box.untranslated
    assert [p.title for p in box.parts] == [library.translations["en"]["hofte-knae-og-ben"].title]
    assert box.sets[0].source.path.parent.name == "en"


def test_a_set_without_translation_is_printed_in_danish_and_says_so(content):
    chosen, library = article(content, "a.md", "title: Tennis\nred_flags: tennis", "Tekst.\n")
    box = article_box(chosen, library, "en")
    assert (box.language, box.untranslated, [p.title for p in box.parts]) == ("da", True, [""])


def test_a_clinic_rewording_a_built_in_set_keeps_its_keywords(tmp_path):
    write(
        tmp_path / "red-flags",
        "nakke.md",
        "---\nslug: nakke\ntitle: Vores nakke-flag\n---\n- **Stiv nakke** og feber.\n",
    )
    chosen, library = article(tmp_path, "a.md", "title: Ondt i nakken", "Tekst.\n")
    assert library.red_flags["nakke"].keywords.strong
    assert [p.title for p in article_box(chosen, library, "da").parts] == ["Vores nakke-flag"]


def test_a_programme_for_many_regions_gets_one_box_with_every_sign_once(tmp_path):
    from handouts.model.red_flags import programme_box

    library = _programme_library(tmp_path, [("nakkedrej", "nakke"), ("knaeboej", "knae"), ("skulderrul", "skulder")])
    box = programme_box([library.exercises[s] for s in ("nakkedrej", "knaeboej", "skulderrul")], library, "da")
    sets = [library.red_flags[s] for s in ("nakke", "skulder-og-arm", "hofte-knae-og-ben")]
    assert [p.title for p in box.parts] == ["Røde flag – nakke, skulder, arm, hofte, knæ og ben"]
    printed = [" ".join(words(sign)) for part in box.parts for group in part.groups for sign in group.signs]
    assert len(printed) == len(set(printed))
    assert set(printed) == {" ".join(words(sign.text)) for s in sets for sign in s.signs}


@pytest.mark.slow
def test_the_box_of_a_programme_for_many_regions_is_whole_on_its_pages(tmp_path, writer):
    """Each printed part of the one box (cut between levels when taller than a page) on one page."""
    from handouts.build import Builder
    from handouts.model.clinic import demo_clinic
    from handouts.model.programme import build_programme

    library = _programme_library(tmp_path, [("nakkedrej", "nakke"), ("knaeboej", "knae"), ("skulderrul", "skulder")])
    programme = build_programme(library, ["nakkedrej", "knaeboej", "skulderrul"])
    result = Builder(library, writer).build_programme(programme, demo_clinic(), tmp_path / "out.pdf")
    pages = [" ".join(page.text.split()) for page in read_pdf(result.path)]
    title = "Røde flag – nakke, skulder, arm, hofte, knæ og ben"
    starts = [i for i, text in enumerate(pages) if title in text]
    assert starts
    for start in starts:
        after_title = pages[start].split(title, 1)[1]
        assert "Ikke akut? Ring til Demo Fysioterapi" in after_title, start  # each part whole on its page
    assert "Ring 112 nu" in pages[starts[0]].split(title, 1)[1]


def _programme_library(folder: Path, exercises: list[tuple[str, str]]):
    for slug, region in exercises:
        write(
            folder / "exercises",
            f"{slug}.md",
            f"---\nname: {slug}\ncategory: styrke\nregion: {region}\n"
            "dose: 2x5\nstop: Stop ved smerte.\n---\n1. Gør sådan.\n",
        )
    library = load_library(folder)
    assert library.problems == []
    return library


def test_each_token_is_classified_as_the_keyword_rule_says():
    """Tokens are classified once per keyword list, with one matcher per list (whole words, starts,
    parts): the same answer as testing every keyword, for every token of every article and set."""
    from handouts.model.content import Keywords
    from handouts.model.red_flags import _kind, _matchers

    def by_rule(token: str, keywords: Keywords) -> str | None:
        if any(keyword_matches(token, k) for k in keywords.exclude):
            return None
        if any(keyword_matches(token, k) for k in keywords.strong):
            return "strong"
        return next((k for k in keywords.weak if keyword_matches(token, k)), None)

    library = load_library()
    tokens = {t for a in library.articles.values() for t in words(f"{a.title} {a.body}")}
    tokens |= {"ryg", "rygning", "spændingshovedpine", "knæ", "a.b", "x*y", ""}
    sets = [s.keywords for s in library.red_flags.values()]
    sets.append(Keywords(strong=("=ryg", "a.b"), weak=("-hoved", "knæ", "x*"), exclude=("rygn",)))
    sets.append(Keywords(strong=("-ryg", "=knæ"), weak=("=a.b", "-x*", "hovedpine"), exclude=("=rygning", "-spænd")))
    for keywords in sets:
        for token in tokens:
            assert _kind(token, keywords, _matchers(keywords)) == by_rule(token, keywords), (token, keywords)


# --- the set file: levels, sources, review ------------------------------------------------------


def _own_set(tmp_path: Path, front: str, body: str):
    write(tmp_path / "red-flags", "egne.md", f"---\nslug: egne\ntitle: Egne\n{front}---\n{body}")
    return load_library(tmp_path)


def test_signs_carry_their_level_and_sources(tmp_path):
    library = _own_set(
        tmp_path,
        'sources: ["A: a", "B: b"]\n',
        "## 112\n- **Brystsmerter**, nu. [1]\n\n## days\n- **Vægttab**,\n  langsomt. [1, 2]\n",
    )
    assert library.problems == []
    signs = library.red_flags["egne"].signs
    assert [(s.level, s.text, s.sources) for s in signs] == [
        ("112", "**Brystsmerter**, nu.", (1,)),
        ("days", "**Vægttab**, langsomt.", (1, 2)),
    ]


@pytest.mark.parametrize(
    ("front", "body", "message"),
    [
        ("reviewed: 2026-12-01\n", "- **Feber**.\n", r"egne\.md: reviewed: a review date needs `reviewed_by:`"),
        ('sources: ["A: a"]\n', "## 112\n- **Feber**. [2]\n", r"egne\.md: sources: line 2: the sign cites source 2"),
        ("", "## snart\n- **Feber**.\n", r'egne\.md: line 1: "snart" is not a level; use ## 112, ## today, ## days'),
    ],
)
def test_a_broken_set_is_an_error_naming_the_file_and_the_field(tmp_path, front, body, message):
    library = _own_set(tmp_path, front, body)
    assert len(library.problems) == 1
    assert re.search(message, str(library.problems[0])), str(library.problems[0])


def test_a_reviewed_set_names_its_reviewer(tmp_path):
    library = _own_set(tmp_path, 'reviewed: 2026-12-01\nreviewed_by: "Anna Berg, overlæge"\n', "- **Feber**.\n")
    red_flags = library.red_flags["egne"]
    assert (str(red_flags.reviewed), red_flags.reviewed_by) == ("2026-12-01", "Anna Berg, overlæge")
    assert red_flags.signs[0].level == "112"  # a plain list: the most urgent level, never less


def test_the_box_of_every_set_together_has_no_near_duplicates():
    """All sets merged into one box (a programme for every region with every leaflet): no warning
    is printed twice in other words. Only the differences tests/test_red_flag_content.py lists as
    deliberate remain (chemotherapy fever, a small fall with osteoporosis, a cold foot vs leg)."""
    from rapidfuzz import fuzz

    from handouts.model.red_flags import RedFlagChoice, box, merged, ordered

    library = load_library()
    deliberate = {"feber over c", "stærke smerter og hævelse efter et lille fald", "feber eller kulderystelser"}
    choice = RedFlagChoice(tuple(ordered(library.red_flags.values())), "every set")
    one = merged(box(choice, library, "da"))
    printed = [" ".join(words(sign)) for part in one.parts for group in part.groups for sign in group.signs]
    twice = [
        (a, b)
        for i, a in enumerate(printed)
        for b in printed[i + 1 :]
        if fuzz.token_set_ratio(a, b) >= 90 and not any(x.startswith(tuple(deliberate)) for x in (a, b))
    ]
    assert not twice, twice
    assert len(printed) == len(set(printed))
