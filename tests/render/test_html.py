"""The HTML intermediate: autoescaping, metadata, brand properties and labels."""

import os
import re
import subprocess
import sys

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


def _english_article(folder, name="a.md", front=""):
    from handouts.model.library import load_library

    (folder / name).write_text(f"---\ntitle: Sciatica\nlanguage: en\n{front}---\nRest a little.\n", "utf-8")
    library = load_library(folder)
    return library.articles[name.removesuffix(".md")], library


def test_an_english_article_gets_english_labels_and_the_english_red_flags(tmp_path):
    article, library = _english_article(tmp_path)
    html = article_html(article, Clinic(name="Nord", phone="1"), library).html  # a Danish clinic
    assert '<html lang="en"' in html and ' lang="da"' not in html
    assert library.translations["en"]["ryg-og-iskias"].title in html and "Call 112 now" in html
    assert "Ring 112 nu" not in html and "Røde flag" not in html and "Kontakt " not in html


def test_one_handout_one_language(library):
    """A Danish article for an English clinic is Danish all through: labels, box, call to action."""
    clinic = Clinic(name="Sund Ryg", phone="1", language="en", region="hovedstaden")
    html = article_html(library.articles["ondt-i-laenden"], clinic, library).html
    assert '<html lang="da"' in html and ' lang="en"' not in html
    assert "Sidst opdateret: 12. oktober 2025" in html and "Røde flag – ryg og iskias" in html
    assert "Akuttelefonen på 1813" in html and "Ring 112 nu" in html
    for english in ("Call 112", "Red flags", "Last updated", "Contact a doctor", "Contact Sund Ryg", "Not urgent"):
        assert english not in html, english


def test_a_clinics_own_words_follow_the_page_language(tmp_path):
    """A Danish clinic's own call to action and footer line never print on an English page: its
    [translations.en] when the profile gives them, else the catalogue's call to action and no
    footer line; an emergency text without a translation is printed as written (never dropped)."""
    article, library = _english_article(tmp_path)
    danish = {"call_to_action": "Ring til os om dit ryk.", "footer": "Mandag–fredag 7–18", "emergency": "Ring 70 00"}
    html = article_html(article, Clinic(name="Nord", phone="1", **danish), library).html
    assert "Ring til os om dit ryk." not in html and "Mandag–fredag" not in html
    assert "Need help, or an exercise programme made for you? Contact Nord on 1." in html
    assert "Ring 70 00" in html
    translated = {
        "en": {"call_to_action": "Call us about your back.", "footer": "Mon–Fri 7–18", "emergency": "Call 70 01"}
    }
    html = article_html(article, Clinic(name="Nord", phone="1", translations=translated, **danish), library).html
    assert "Call us about your back." in html and "Mon–Fri 7–18" in html and "Call 70 01" in html
    assert "Ring til os om dit ryk." not in html and "Mandag–fredag" not in html and "Ring 70 00" not in html


def test_danish_red_flags_under_english_labels_say_so(tmp_path):
    (tmp_path / "red-flags").mkdir()
    (tmp_path / "red-flags" / "egne.md").write_text("---\nslug: egne\ntitle: Egne flag\n---\n- **Feber**.\n", "utf-8")
    article, library = _english_article(tmp_path, front="red_flags: egne\n")
    html = article_html(article, Clinic(name="Sund Ryg", phone="1", language="en"), library).html
    assert "Red flags – get help straight away" in html and "Egne flag" not in html
    assert "(the signs below are in Danish: no English version of this list yet)" in html
    assert '<div class="red-flags__signs" lang="da">' in html
    assert "Call 112 now" in html  # a sign without a level is printed at the most urgent one


def test_set_action_and_levels_in_the_box(library, demo, tmp_path):
    from handouts.model.library import load_library

    (tmp_path / "a.md").write_text("---\ntitle: Bækkenløsning i graviditeten\n---\nTekst.\n", "utf-8")
    own = load_library(tmp_path)
    html = article_html(own.articles["a"], demo, own).html
    action = own.red_flags["graviditet-og-baekken"].action
    box = html[html.index('class="red-flags"') :]
    assert action and box.index("Ring 112 nu") < box.index("Kontakt læge eller lægevagt i dag") < box.index(action)
    assert box.index(action) < box.index("Ikke akut?")
    assert "Lægevagten på 70 11 31 31" in re.sub(r"<[^>]+>", "", box)  # the demo clinic is in Region Midtjylland


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


def test_call_to_action_by_kind(library):
    """A profile may give one call to action for articles and one for programmes; without the
    second, programmes use the first."""
    from handouts.model.programme import build_programme
    from handouts.render.html import programme_html

    article = library.articles[sorted(library.articles)[0]]
    programme = build_programme(library, ["bird-dog"])
    both = Clinic(
        name="Nord", phone="1", call_to_action="Ring om dit ryk.", programme_call_to_action="Ring om øvelserne."
    )
    article_page = article_html(article, both, library).html
    programme_page = programme_html(programme, both, library).html
    assert "Ring om dit ryk." in article_page and "Ring om øvelserne." not in article_page
    assert "Ring om øvelserne." in programme_page and "Ring om dit ryk." not in programme_page
    one = Clinic(name="Nord", phone="1", call_to_action="Ring til os.")
    assert "Ring til os." in programme_html(programme, one, library).html


def test_missing_images_and_foreign_text_on_paper(library, demo, tmp_path):
    """No "Billede: …" line for an image that is not there; an English reference in a Danish
    article carries lang="en" (not hyphenated by Danish rules) and a references section is
    marked so it is never hyphenated."""
    from handouts.model.library import load_library

    (tmp_path / "a.md").write_text(
        "---\ntitle: Knæ\n---\n![Illustration af migræne](/images/x.png)\n\nKnæet er et led i benet, og det"
        " bærer kroppen.\n\n## Kilder\n\n- Smith J. Exercise therapy for the treatment of knee osteoarthritis"
        " in adults. BMJ 2019.\n- Sundhedsstyrelsen. Artrose i knæ og hofte. 2018.\n",
        "utf-8",
    )
    content = load_library(tmp_path)
    rendered = article_html(content.articles["a"], demo, content)
    assert "Billede" not in rendered.html and "migræne" not in rendered.html
    assert any("image '/images/x.png' not found" in warning for warning in rendered.warnings)
    assert '<div class="article-body">\n    <p>Knæet er et led' in rendered.html  # no empty paragraph left
    assert '<ul class="references">\n<li lang="en">Smith J. Exercise therapy' in rendered.html
    assert "<li>Sundhedsstyrelsen. Artrose" in rendered.html  # Danish stays the article's language


# A process that renders a programme for a named patient and counts the templates it compiles.
COMPILES = """
import jinja2
compiled = []
original = jinja2.Environment._compile
jinja2.Environment._compile = lambda self, source, filename: compiled.append(filename) or original(self, source, filename)
from handouts.build import render_programme
from handouts.model.clinic import demo_clinic
from handouts.model.library import load_library
from handouts.model.programme import build_programme
library = load_library()
programme = build_programme(library, ["bird-dog"], patient="Zebulon Patientsen")
assert "Zebulon Patientsen" in render_programme(library, programme, demo_clinic()).html
print(len(compiled))
"""


def test_a_second_process_uses_the_templates_the_first_compiled_and_the_cache_holds_no_patient(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", COMPILES], capture_output=True, text=True, env=env, check=True)
        for _ in range(2)
    ]
    first, second = (int(run.stdout) for run in runs)
    assert first > 0 and second == 0
    cached = sorted((tmp_path / "handouts" / "templates").iterdir())
    assert len(cached) == first
    assert all(b"Zebulon" not in path.read_bytes() for path in cached)
