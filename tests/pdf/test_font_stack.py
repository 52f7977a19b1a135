"""The font stack each document gets: fallback faces only for the scripts its text uses, and
every name in those scripts still printed in its own bundled face."""

from __future__ import annotations

import pytest

from conftest import pdf_fonts

SAMPLES = {  # a patient's name per fallback family (the seeds' text needs none of them)
    "Handouts Fallback Greek": "Γιώργος Παπαδόπουλος",
    "Handouts Fallback Greek Ext": "Ἀθηνᾶ",
    "Handouts Fallback Cyrillic": "Олена Шевченко",
    "Handouts Fallback Cyrillic Ext": "Ѳеодоръ",
    "Handouts Fallback Vietnamese": "Nguyễn Văn Anh",
    "Handouts Fallback Arabic": "محمد علي",
    "Handouts Fallback Hebrew": "דוד כהן",
    "Handouts Fallback Devanagari": "राहुल शर्मा",
    "Handouts Fallback Thai": "สมชาย ใจดี",
}


def _fallbacks(stack: tuple[str, ...]) -> set[str]:
    return {name for name in stack if name.startswith("Handouts Fallback")}


def test_the_stylesheet_names_every_fallback_family_and_each_has_a_sample():
    from handouts.pdf.fonts import full_stack

    stack = full_stack()
    assert stack[:2] == ("IBM Plex Sans", "IBM Plex Sans Ext")
    assert stack[-2:] == ("Handouts Symbols", "Handouts Math")
    assert _fallbacks(stack) == set(SAMPLES)


def test_danish_text_needs_no_fallback_family(library):
    from handouts.pdf.fonts import stack_for

    for article in library.articles.values():
        assert stack_for(article.body) == ("IBM Plex Sans", "IBM Plex Sans Ext", "Handouts Symbols", "Handouts Math")
    assert _fallbacks(stack_for("Søren Ærø, 3 × 30 sek. – ≥ 2 gange ☐ → ✓")) == set()


@pytest.mark.parametrize("family", sorted(SAMPLES))
def test_a_name_in_another_script_brings_its_family_in_the_stylesheets_order(family):
    from handouts.pdf.fonts import full_stack, stack_for

    stack = stack_for(f"Patient: {SAMPLES[family]}")
    assert family in stack
    assert stack == tuple(name for name in full_stack() if name in stack)  # order kept


def test_arabic_and_hebrew_come_only_for_their_own_letters():
    """Their faces also carry the hyphen U+2010, but are declared for their own letters only."""
    from handouts.pdf.fonts import stack_for

    assert _fallbacks(stack_for("selv‐hjælp")) == set()


def test_a_latin_document_is_rendered_without_the_fallback_families(library, writer, demo):
    from handouts.build import render_article

    rendered = render_article(library, library.articles["ondt-i-laenden"], demo)
    sheets = writer._stylesheets(rendered.html)
    assert sheets[: len(writer.stylesheets)] == writer.stylesheets
    (narrowed,) = sheets[len(writer.stylesheets) :]
    assert narrowed is writer._stylesheets(rendered.html)[-1]  # parsed once, reused


def test_a_greek_name_still_embeds_the_greek_face_and_prints(library, writer, demo, tmp_path):
    from pypdf import PdfReader

    from handouts.build import Builder
    from handouts.model.programme import build_programme

    name = "Γιώργος Παπαδόπουλος"
    programme = build_programme(library, ["bird-dog"], patient=name)
    result = Builder(library, writer).build_programme(programme, demo, tmp_path / "greek.pdf")
    assert result.warnings == []
    fonts = pdf_fonts(result.path)
    assert any(found.startswith("Handouts-Fallback-Greek") for found in fonts), fonts
    assert not any(found.startswith("Handouts-Fallback-Cyrillic") for found in fonts), fonts
    assert name in PdfReader(result.path).pages[0].extract_text()
