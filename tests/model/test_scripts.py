"""Which characters the bundled fonts can print: a name in another script is named, never
printed as empty boxes; Latin text is passed without reading the fonts."""

from __future__ import annotations

import pytest

from handouts.model import scripts
from handouts.model.scripts import TYPED, printable_characters, unprintable_script


def test_every_bundled_font_prints_the_characters_passed_without_reading_them():
    assert TYPED - {ord(c) for c in "\t\n\r"} <= printable_characters()


def test_danish_text_is_passed_without_reading_the_fonts(monkeypatch):
    monkeypatch.setattr(scripts, "printable_characters", lambda: pytest.fail("the fonts were read"))
    assert unprintable_script("Søren Ærø-Åberg, tlf. 12 34 56 78\nHusk: 2×10 (¼ time) – «ro» „så“ … é ü 5 €") is None


@pytest.mark.parametrize(
    ("text", "script"),
    [("王小明", "Chinese, Japanese or Korean"), ("Ana 😀", "emoji"), ("김민준", "Korean"), ("ああ", "Japanese")],
)
def test_a_script_no_font_has_is_named(text, script):
    assert unprintable_script(text) == script


def test_letters_outside_latin_1_that_the_fonts_have_are_printable():
    assert unprintable_script("Łukasz Wałęsa – Şükrü Çelik – Dvořák") is None
    assert unprintable_script("Zoë\u200d ") is None  # a joiner needs no glyph
