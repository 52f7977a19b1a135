"""What a library works out once per article (red-flag choice, HTML body) and reuses for every
clinic's handout of it, without growing for articles that are not its own."""

from __future__ import annotations

import dataclasses

from handouts.model.library import load_library


def test_a_result_is_made_once_per_kind_for_the_librarys_own_article():
    library = load_library()
    article = library.articles["ondt-i-laenden"]
    calls = []

    def make() -> list[str]:
        calls.append(1)
        return ["made"]

    first = library.per_article("test", article, make)
    assert library.per_article("test", article, make) is first
    assert library.per_article("other", article, make) is not first
    assert len(calls) == 2


def test_an_article_from_elsewhere_is_never_remembered():
    library = load_library()
    stranger = dataclasses.replace(library.articles["ondt-i-laenden"], body="Anden tekst.")
    calls = []
    for _ in range(3):
        library.per_article("test", stranger, lambda: calls.append(1))
    assert len(calls) == 3
    assert library._per_article == {}


def test_the_same_article_for_clinics_in_two_languages_keeps_each_clinics_labels(demo):
    from handouts.build import render_article

    library = load_library()
    article = library.articles["ondt-i-laenden"]
    english = demo.model_copy(update={"language": "en"})
    danish_twice = [render_article(library, article, demo).html for _ in range(2)]
    in_english = render_article(library, article, english).html
    assert danish_twice[0] == danish_twice[1]
    assert "Sidst opdateret" in danish_twice[0] and "Sidst opdateret" not in in_english
    assert {kind for kind, _ in library._per_article} == {"red_flags", "body da", "body en"}
