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


def test_english_clinic_gets_english_labels(library):
    clinic = Clinic(name="Sund Ryg", phone="1", language="en")
    html = article_html(library.articles["ondt-i-laenden"], clinic, library).html
    assert "Red flags – get help straight away" in html and "Last updated: 12 October 2025" in html
