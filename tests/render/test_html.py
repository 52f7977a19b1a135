"""The HTML intermediate: autoescaping, metadata, brand properties and labels."""

from handouts.i18n import catalogue
from handouts.model.clinic import Clinic
from handouts.render.html import article_html, css_string, page_counter_css


def test_page_counter_words_come_from_the_catalogue():
    assert page_counter_css(catalogue("da")) == '"Side " counter(page) " af " counter(pages)'
    assert page_counter_css(catalogue("en")) == '"Page " counter(page) " of " counter(pages)'


def test_css_strings_are_escaped():
    assert css_string('a"b\\c') == '"a\\"b\\\\c"'


def test_clinic_text_is_escaped(library):
    clinic = Clinic(name='<b>Klinik</b> "Nord"', phone="<i>1</i>")
    html = article_html(library.articles["ondt-i-laenden"], clinic, library).html
    assert "<b>Klinik</b>" not in html and "&lt;b&gt;Klinik&lt;/b&gt; &#34;Nord&#34;" in html
    assert "<i>1</i>" not in html


def test_metadata_and_language(library, demo):
    html = article_html(library.articles["ondt-i-laenden"], demo, library).html
    assert '<html lang="da"' in html
    assert "<title>Ondt i lænden</title>" in html
    assert '<meta name="author" content="Demo Fysioterapi">' in html
    assert "--brand: #1f5fa8;" in html


def test_english_clinic_gets_english_labels_and_the_english_red_flags(library):
    clinic = Clinic(name="Sund Ryg", phone="1", language="en")
    html = article_html(library.articles["ondt-i-laenden"], clinic, library).html
    english = library.translations["en"]["ryg-og-iskias"]
    assert english.title in html and "Last updated: 12 October 2025" in html
    assert "Get help straight away if you notice one or more of these signs:" in html
    assert "Følelsesløshed i skridtet" not in html and "(the signs below are in Danish" not in html


def test_text_language_is_not_label_language(library):
    """A Danish article for an English clinic: the document is Danish, the labels say they are English."""
    clinic = Clinic(name="Sund Ryg", phone="1", language="en")
    html = article_html(library.articles["ondt-i-laenden"], clinic, library).html
    assert '<html lang="da"' in html
    assert '<p class="title-block__meta" lang="en">Last updated: 12 October 2025' in html
    assert '<aside class="red-flags" aria-labelledby="red-flags-heading" lang="en">' in html
    assert (
        '<section class="closing closing--with-qr" lang="en">' in html or '<section class="closing" lang="en">' in html
    )
    danish = article_html(library.articles["ondt-i-laenden"], Clinic(name="Nord", phone="1"), library).html
    assert ' lang="en"' not in danish and ' lang="da"' not in danish.split("<html", 1)[1].split(">", 1)[1]


def test_danish_red_flags_under_english_labels_say_so(tmp_path):
    from handouts.model.library import load_library

    (tmp_path / "red-flags").mkdir()
    (tmp_path / "red-flags" / "egne.md").write_text("---\nslug: egne\ntitle: Egne flag\n---\n- **Feber**.\n", "utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: A\nred_flags: egne\n---\nTekst.\n", "utf-8")
    library = load_library(tmp_path)
    html = article_html(library.articles["a"], Clinic(name="Sund Ryg", phone="1", language="en"), library).html
    assert "Red flags – get help straight away" in html and "Egne flag" not in html
    assert "(the signs below are in Danish: no English version of this list yet)" in html
    assert '<div class="red-flags__signs" lang="da">' in html


def test_set_action_is_printed_before_the_clinic_emergency_line(library, demo, tmp_path):
    from handouts.model.library import load_library

    (tmp_path / "a.md").write_text("---\ntitle: Ondt i brystet\n---\nTekst.\n", "utf-8")
    own = load_library(tmp_path)
    html = article_html(own.articles["a"], demo, own).html
    action = own.red_flags["brystkasse-hjerte-og-lunger"].action
    assert action and html.index('class="red-flags"') < html.index(action) < html.index("Gør dette:") < html.index(
        "Ikke akut?"
    )


def test_english_programme_prints_english_steps_and_english_red_flags(library):
    from dataclasses import replace

    from handouts.model.programme import Programme, ProgrammeEntry, build_programme
    from handouts.render.html import programme_html

    programme = build_programme(library, ["bird-dog", "kat-ko"])
    english = programme_html(programme, Clinic(name="Sund Ryg", phone="1", language="en"), library).html
    assert '<html lang="en"' in english
    assert "Cat-cow" in english and "Start on all fours" in english and "Kat-ko" not in english
    assert "The exercise instructions are in Danish" not in english and 'lang="da"' not in english
    assert library.translations["en"]["ryg-og-iskias"].title in english
    danish = programme_html(programme, Clinic(name="Nord", phone="1"), library).html
    assert "Øvelsernes beskrivelser er på dansk." not in danish and 'lang="da">' not in danish.split("<html", 1)[1]
    assert "Røde flag – ryg og iskias" in danish
    # an exercise a clinic wrote in Danish only keeps its Danish steps, and says so
    danish_only = replace(library.exercises["bird-dog"], translations=())
    own = Programme(entries=(ProgrammeEntry(danish_only, danish_only.dose),))
    mixed = programme_html(own, Clinic(name="Sund Ryg", phone="1", language="en"), library).html
    assert "The exercise instructions are in Danish (no English version yet)." in mixed
    assert '<div class="card__steps" aria-label="How to do it" lang="da">' in mixed
