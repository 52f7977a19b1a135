"""Directory-site promotion out of articles: whole sections, sentences, links; nothing put back."""

import re

import pytest

from handouts.model.markdown import MarkdownContext
from handouts.model.promotions import Promotions
from handouts.render.markdown import render_markdown


def render(text: str):
    return render_markdown(text, MarkdownContext("x.md"))


def test_a_heading_naming_the_site_goes_with_its_section():
    result = render(
        "## Om øvelserne\n\nLav dem roligt.\n\n## Find hjælp på FysFinder\n\nSøg efter en klinik.\n\n"
        "### Tips\n\nLæs anmeldelser.\n\n## Hvornår skal du stoppe?\n\nVed skarp smerte.\n"
    )
    assert "FysFinder" not in result.html and "Søg efter en klinik" not in result.html and "Tips" not in result.html
    assert "<h2>Om øvelserne</h2>" in result.html and "<h2>Hvornår skal du stoppe?</h2>" in result.html
    assert [(r.kind, r.text) for r in result.removed] == [
        ("section", "Find hjælp på FysFinder Søg efter en klinik. Tips Læs anmeldelser.")
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "Hvordan finder jeg en fysioterapeut til skulderproblemer?",
        "Hvordan vælger man den rigtige behandler?",
        "Hvad koster akupunktur?",
        "Hvordan booker jeg en hjemmebehandling?",
    ],
)
def test_a_section_about_getting_a_clinic_through_the_site_goes_entirely(heading):
    result = render(
        f"## Symptomer\n\nOndt.\n\n## {heading}\n\nVælg en med erfaring. På FysFinder kan du sammenligne klinikker.\n\n"
        "Spørg ind til træningen.\n\n## Næste afsnit\n\nTekst.\n"
    )
    assert heading not in result.html and "Vælg en med erfaring" not in result.html and "Spørg ind" not in result.html
    assert "<h2>Næste afsnit</h2>" in result.html and result.html.count("<h2>") == 2
    assert [r.kind for r in result.removed] == ["section"]


def test_a_section_about_getting_a_clinic_stays_when_it_does_not_promote_the_site():
    result = render("## Hvad koster fysioterapi med henvisning?\n\nDu betaler en del selv; regionen betaler resten.\n")
    assert "<h2>Hvad koster fysioterapi med henvisning?</h2>" in result.html and "regionen betaler" in result.html
    assert result.removed == []


def test_a_sentence_naming_the_site_goes_and_is_not_replaced():
    result = render(
        "Hvis det varer ved, så få en vurdering. På FysFinder kan du sammenligne fysioterapeuter. Hvil dig.\n"
    )
    assert result.html == "<p>Hvis det varer ved, så få en vurdering. Hvil dig.</p>\n"
    assert [(r.kind, r.text) for r in result.removed] == [
        ("sentence", "På FysFinder kan du sammenligne fysioterapeuter.")
    ]


def test_a_paragraph_of_nothing_but_promotion_goes_with_the_sentences_leaning_on_it():
    result = render(
        "Find viden, der hjælper.\n\nPå FysFinder kan du finde behandlere. Som hjælper dig videre. "
        "Platformen har anmeldelser.\n\n-> [Find fysioterapeut](https://www.fysfinder.dk/find/x)\n\nDu er ikke ødelagt.\n"
    )
    assert result.html == "<p>Find viden, der hjælper.</p>\n<p>Du er ikke ødelagt.</p>\n"
    assert [r.kind for r in result.removed] == ["paragraph", "paragraph"]


def test_comparing_clinics_goes_only_next_to_the_site():
    kept = render("Sammenlign de to øvelser, og vælg den, der gør mindst ondt.\n")
    assert "Sammenlign de to øvelser" in kept.html and kept.removed == []
    gone = render("På FysFinder finder du en klinik. Du kan sammenligne klinikker og læse anmeldelser. Bevæg dig.\n")
    assert gone.html == "<p>Bevæg dig.</p>\n"


def test_a_sentence_that_only_links_to_the_site_keeps_its_words():
    result = render("Iskias skyldes ofte en [diskusprolaps](https://www.fysfinder.dk/ordbog/diskusprolaps) i lænden.\n")
    assert result.html == "<p>Iskias skyldes ofte en diskusprolaps i lænden.</p>\n"
    assert [(r.kind, r.text) for r in result.removed] == [("link", "https://www.fysfinder.dk/ordbog/diskusprolaps")]


def test_a_link_whose_closing_bracket_is_missing_is_still_taken_out():
    result = render(
        "Iskias skyldes ofte en [diskusprolaps](https://www.fysfinder.dk/ordbog/x, der trykker på nerven.\n"
    )
    assert result.html == "<p>Iskias skyldes ofte en diskusprolaps, der trykker på nerven.</p>\n"


@pytest.mark.parametrize("title", ['"Sundhedsstyrelsen"', "'Sundhedsstyrelsen'"])
def test_a_link_with_a_title_is_not_taken_for_an_unclosed_one(title):
    result = render(f"Læs [rådene](https://www.sst.dk/da/viden {title}) om knæ, og bliv ved.\n")
    assert (
        result.html
        == '<p>Læs <a href="https://www.sst.dk/da/viden" title="Sundhedsstyrelsen">rådene</a> om knæ, og bliv ved.</p>\n'
    )


def test_a_directory_prompt_goes_with_or_without_its_link():
    linked = render(
        "Hvil ryggen. Det kan være en fordel at [finde en fysioterapeut specialiseret i iskias]"
        "(https://www.fysfinder.dk/find/fysioterapeut/danmark/iskias), så du får hjælp.\n"
    )
    assert linked.html == "<p>Hvil ryggen.</p>\n"
    assert [r.kind for r in linked.removed] == ["sentence"]
    # the link is gone (a CMS export, an earlier edit), the prompt is still a prompt
    for prompt in (
        "Find en fysioterapeut tæt på dig…",
        "Du kan også kontakte en fysioterapeut via hjemmesiden.",
        "Book en tid hos en fysioterapeut i dit område.",
        "Find a physiotherapist near you.",
    ):
        result = render(f"Gå en tur hver dag. {prompt}\n")
        assert result.html == "<p>Gå en tur hver dag.</p>\n", prompt
        assert [(r.kind, r.text) for r in result.removed] == [("sentence", prompt)]
    # advice about a provider, with no "where", stays
    for advice in (
        "Vælg en fysioterapeut med erfaring i genoptræning.",
        "Du får tilskud, hvis du finder en fysioterapeut med ydernummer.",
        "Kontakt en læge, hvis du får feber.",
        "Kontakt din læge via 1813 om natten.",
    ):
        assert render(advice + "\n").removed == [], advice


def test_a_link_that_only_points_here_goes_with_its_sentence():
    result = render("En fysioterapeut kan hjælpe. Du kan [finde en fysioterapeut her](https://www.fysfinder.dk/).\n")
    assert result.html == "<p>En fysioterapeut kan hjælpe.</p>\n"


@pytest.mark.parametrize("href", ["/find/fysioterapeut/danmark/ryg", "/ordbog/iskias", "iskias.md"])
def test_relative_links_become_plain_text(href):
    result = render(f"Læs om [iskias]({href}) og bevæg dig.\n")
    assert result.html == "<p>Læs om iskias og bevæg dig.</p>\n"


def test_links_to_other_sites_and_anchors_stay_links():
    html = render("Se [Sundhedsstyrelsen](https://www.sst.dk) og [noten](#note).\n").html
    assert '<a href="https://www.sst.dk">Sundhedsstyrelsen</a>' in html and '<a href="#note">noten</a>' in html


def test_list_items_and_lists_left_empty_go():
    result = render("Gode råd:\n\n- [Find en klinik](https://www.fysfinder.dk/)\n- Brug FysFinder\n\nBevæg dig.\n")
    assert result.html == "<p>Gode råd:</p>\n<p>Bevæg dig.</p>\n"


def test_a_heading_whose_section_is_left_empty_goes():
    result = render("## Hvornår skal du søge hjælp?\n\nSøg hjælp på FysFinder.\n\n## Øvelser\n\nLig på ryggen.\n")
    assert result.html == "<h2>Øvelser</h2>\n<p>Lig på ryggen.</p>\n"


def test_the_call_to_action_is_never_put_inline(library, demo):
    from handouts.render.html import article_html

    html = render("Søg hjælp på FysFinder. Bevæg dig.\n").html
    assert demo.call_to_action not in html
    # the text as printed: the phone number's no-wrap span taken away
    seeds_html = re.sub(
        r'<span class="nowrap tel">([^<]*)</span>',
        r"\1",
        article_html(library.articles["ondt-i-laenden"], demo, library).html,
    )
    assert seeds_html.count(demo.call_to_action) == 1
    assert seeds_html.index(demo.call_to_action) > seeds_html.index('class="red-flags"')


def test_no_sites_means_nothing_is_removed():
    result = render_markdown("Brug FysFinder.\n", MarkdownContext("x.md", promoted_sites=()))
    assert result.html == "<p>Brug FysFinder.</p>\n" and result.removed == []


def test_sentence_kinds():
    rules = Promotions()
    assert rules.sentence_kind("Brug fysfinder.dk til at finde en klinik.") == "site"
    assert rules.sentence_kind("[Find en klinik](https://www.fysfinder.dk/)") == "site"
    assert rules.sentence_kind("Du kan [finde hjælp](https://www.fysfinder.dk/x) i din by.") == "link"
    assert rules.sentence_kind("Du kan sammenligne klinikker og priser.") == "feature"
    assert rules.sentence_kind("Lig på ryggen.") == "text"
