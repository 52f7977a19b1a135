"""`handouts programme … --with ARTICLE`: leaflets printed after the programme in one PDF, with
one red-flag box for all of it and one call to action."""

import re

from conftest import invoke_cli
from handouts.build import render_programme
from handouts.model.programme import build_programme
from handouts.model.red_flags import choose_for_article, choose_for_exercises, words
from readback import pdf_text

LEAFLET = "iskiasnerve-i-klemme"
OTHER = "7-facts-om-ondt-i-balden-og-benet-er-det-iskias"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_leaflet_follows_the_programme_in_one_pdf_with_one_box_and_one_call_to_action(tmp_path, library):
    out = tmp_path / "p.pdf"
    result = invoke_cli("programme", "kat-ko", "bird-dog", "--with", "iskiasnerve", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    text = flat(pdf_text(out.read_bytes()))
    article = library.articles[LEAFLET]
    first_words = " ".join(words(article.body)[:6])
    assert text.index("Træningsdagbog") < text.index(article.title) < text.index("Røde flag")
    assert flat(re.sub(r"[^\w\s]", " ", text.lower())).count(first_words) == 1  # the leaflet's text, once
    # Programme (back exercises) and leaflet (sciatica) share their set: one box, said once.
    assert text.count("Røde flag") == 1 and text.count("Ring 112 nu") == 1
    assert text.count("Har du brug for hjælp") == 1  # one call to action, at the end
    assert text.index("Røde flag") > text.index(article.title)


def test_the_box_combines_the_programmes_and_the_leaflets_sets_without_repeating_a_sign(library, nord):
    programme = build_programme(library, ["knaestraek-med-elastik"])
    leaflets = [library.articles[LEAFLET], library.articles[OTHER]]
    html = render_programme(library, programme, nord, leaflets=leaflets).html
    expected = {*choose_for_exercises([programme.entries[0].exercise], library).slugs}
    expected |= {slug for a in leaflets for slug in choose_for_article(a, library).slugs}
    assert expected == {"hofte-knae-og-ben", "ryg-og-iskias"}  # the case this test is about
    boxes = re.findall(r'<aside class="red-flags"[^>]*data-set="([^"]+)"', html)
    assert len(set(boxes)) == 1 and sorted(boxes[0].split()) == sorted(expected)  # one box (maybe in parts)
    assert html.index('<aside class="red-flags"') > html.rindex('<article class="leaflet"')
    assert html.count('class="call-to-action"') == 1
    box_html = html[html.index('<aside class="red-flags"') : html.index('class="call-to-action"')]
    signs = [flat(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li[^>]*>(.*?)</li>", box_html, re.S)]
    assert len(signs) > 5 and len(signs) == len(set(signs))


def test_an_unknown_or_repeated_leaflet_is_one_clear_line(tmp_path):
    unknown = invoke_cli("programme", "kat-ko", "--with", "ingen-saadan", "--out", str(tmp_path))
    assert unknown.returncode == 2 and unknown.stderr.startswith("error: --with ingen-saadan: unknown article")
    twice = invoke_cli("programme", "kat-ko", "--with", LEAFLET, "--with", "iskiasnerve", "--out", str(tmp_path))
    assert twice.returncode == 2
    assert twice.stderr.strip() == f"error: --with {LEAFLET}: is given twice; give each leaflet once"
    assert not any(tmp_path.iterdir())
