"""Sets for a condition rather than a body part (osteoporosis, neurological and rheumatic
conditions): chosen
for the articles about that condition, never taking an article another set had, and each sign
printed under its own level's action line, in Danish and English."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from handouts.model.clinic import Clinic
from handouts.model.library import load_library
from handouts.model.red_flags import RedFlagChoice, box, choose_for_article, match_text, ordered
from handouts.render.html import red_flag_box_html
from handouts.render.review import review_sheet_html

CORPUS = ROOT.parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "articles").is_dir(), reason="the clinic sample ../shared/corpus is absent"
)
TOPICS = ("knogleskoerhed", "neurologi", "gigt")
CALLS = {
    "da": ("Ring 112 nu", "Kontakt læge eller lægevagt i dag", "Kontakt din egen læge inden for få dage"),
    "en": ("Call 112 now", "Contact a doctor today", "See your own doctor within a few days"),
}


@pytest.fixture(scope="module")
def corpus():
    return load_library(CORPUS)


@needs_corpus
@pytest.mark.parametrize(
    ("article", "expected"),
    [
        ("knogleskoerhed", "knogleskoerhed"),
        ("neurologiske-lidelser", "neurologi"),
        ("cerebral-parese", "neurologi"),
        ("marvskader", "neurologi"),
        ("nervesmerter", "neurologi"),
        ("nervebetaendelse-og-traethed", "neurologi"),
        ("nerver", "neurologi"),
        ("reumatologi", "gigt"),
        ("boernegigt", "gigt"),
    ],
)
def test_the_samples_articles_about_a_condition_get_its_set(corpus, article, expected):
    assert choose_for_article(corpus.articles[article], corpus).slugs == (expected,)


@needs_corpus
def test_a_condition_set_takes_only_articles_that_had_the_general_set(corpus):
    """Without the condition sets each article that gets one falls back to the general set: a
    condition set adds warnings where there were none for the topic, and takes no article's set."""
    others = [s for s in ordered(corpus.red_flags.values()) if not s.is_default and s.slug not in TOPICS]
    taken = 0
    for article in corpus.articles.values():
        if set(choose_for_article(article, corpus).slugs) & set(TOPICS):
            taken += 1
            slugs, reason, _ = match_text(others, article.title, article.body, article.topics)
            assert (slugs, reason) == ((), "general"), article.slug
    assert taken >= 9


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Osteoporose og styrketræning", ("knogleskoerhed",)),
        ("Knogleskørhed i ryggen", ("knogleskoerhed", "ryg-og-iskias")),
        ("Parkinsons sygdom og balance", ("neurologi",)),
        ("Træning med multipel sklerose", ("neurologi",)),
        ("Epilepsi og motion", ("neurologi",)),
        ("Polyneuropati i fødderne", ("neurologi", "fod-og-ankel")),
        ("Klemt nerve i lænden", ("ryg-og-iskias",)),  # a pinched nerve is the back's
        ("Nerven i klemme i håndleddet", ("skulder-og-arm",)),
        ("Genoptræning efter hoftebrud", ("hofte-knae-og-ben",)),
        ("Apopleksi", ("hoved",)),  # stroke keeps the head set
        ("Leddegigt og træning", ("gigt",)),
        ("Urinsyregigt i storetåen", ("gigt", "fod-og-ankel")),
        ("Slidgigt i knæet", ("hofte-knae-og-ben",)),  # osteoarthritis is the body part's
    ],
)
def test_condition_sets_by_title(library, title, expected):
    candidates = [s for s in ordered(library.red_flags.values()) if not s.is_default]
    slugs, _, _ = match_text(candidates, title, "Tekst.")
    assert slugs == expected


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html.split("<body", 1)[-1]).split())


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("slug", TOPICS)
def test_every_sign_prints_under_its_own_levels_action_line(library, slug, language):
    red_flags = library.translated(library.red_flags[slug], language) or library.red_flags[slug]
    assert red_flags.language == language
    chosen = box(RedFlagChoice((library.red_flags[slug],), "test"), library, language)
    printed = _text(red_flag_box_html(chosen, Clinic(name="Nord", phone="1"), library).html)
    bounds = [printed.index(call) for call in CALLS[language]] + [len(printed)]
    assert bounds == sorted(bounds), "the levels most urgent first"
    for sign in red_flags.signs:
        words = " ".join(sign.text.replace("**", "").split()[:4])
        level = ("112", "today", "days").index(sign.level)
        assert bounds[level] < printed.index(words) < bounds[level + 1], (sign.level, words)
    assert sum(s.level == "112" for s in red_flags.signs) >= 2


@pytest.mark.parametrize("slug", TOPICS)
def test_english_says_the_same_at_the_same_levels(library, slug):
    danish, english = library.red_flags[slug], library.translations["en"][slug]
    assert [(s.level, s.sources) for s in english.signs] == [(s.level, s.sources) for s in danish.signs]
    assert danish.reviewed is None and not danish.reviewed_by and english.reviewed is None


def test_the_review_sheet_has_the_condition_sets(library):
    sheet = _text(review_sheet_html(library, Clinic(name="Nord", phone="1")).html)
    for slug in TOPICS:
        danish, english = library.red_flags[slug], library.translations["en"][slug]
        start = sheet.index(f"{danish.title} / {english.title}")
        assert "Ikke fagligt gennemgået endnu." in sheet[start : start + 300], slug
        for sign in (*danish.signs, *english.signs):
            assert " ".join(sign.text.replace("**", "").split()[:4]) in sheet[start:], (slug, sign.text)
    assert "osteoporose.dk" in sheet and "epilepsiforeningen.dk" in sheet and "nidirect.gov.uk" in sheet
