"""Markdown to HTML: the title-line rule, directory promotions, images and raw HTML."""

import re

import pytest

from conftest import SEEDS
from handouts.render.markdown import MarkdownContext, is_title_line, render_markdown

CTA = "Ring til Demo Fysioterapi på +45 70 00 00 00."


def render(text: str, **kwargs) -> str:
    return render_markdown(text, MarkdownContext("x.md", base_dir=SEEDS, image_roots=(SEEDS,), **kwargs)).html


def test_seed_000_question_titles_become_headings(library, demo):
    from handouts.render.html import article_html

    article = library.articles["iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening"]
    html = article_html(article, demo, library).html
    for title in [
        "Hvad er iskias, og hvorfor gør det ondt?",
        "Kan øvelser gøre iskias værre? Hvornår skal du stoppe og søge hjælp?",
        "Oversigt over øvelsestyper (kort)",
        "Hjemmeøvelser du kan begynde med i dag",
        "Ofte stillede spørgsmål om Iskiasøvelser",
    ]:
        assert f"<h2>{title}</h2>" in html
    # The FAQ questions sit one level below their group heading.
    assert "<h3>Hvad er de bedste øvelser mod iskias?</h3>" in html
    # and the text after a title line stays a paragraph
    assert "<p>Iskias beskriver symptomer fra irritation" in html


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hvad er iskias, og hvorfor gør det ondt?", True),
        ("Oversigt over øvelsestyper (kort)", True),
        ("Iskias beskriver symptomer fra irritation eller afklemning af iskiasnerven.", False),
        ("Ja.", False),
        ("Bemærk:", False),
        ("![billede](x.png)", False),
        ("små bogstaver først", False),
        ("Et", False),
    ],
)
def test_title_line_rule(line, expected):
    assert is_title_line(line) is expected


@pytest.mark.parametrize("name", ["001_1304a1e945d0e051.txt", "002_9b433c6635c168fa.txt", "004_f0bd1eb8c4791116.txt"])
def test_real_paragraphs_stay_paragraphs_in_seeds_with_markdown_headings(name):
    from handouts.load import read_source

    source = read_source(SEEDS / name)
    html = render(source.body)
    real = len(re.findall(r"^#{2,3} ", source.body, re.MULTILINE))
    assert len(re.findall(r"<h[23]>", html)) == real  # no paragraph was promoted


def test_directory_promotions_are_replaced_by_the_clinic_call_to_action():
    html = render("Søg hjælp. Find en fysioterapeut på FysFinder for vejledning. Søg læge akut.", call_to_action=CTA)
    assert "FysFinder" not in html
    assert html == f"<p>Søg hjælp. {CTA} Søg læge akut.</p>\n"


def test_raw_html_is_not_passed_through():
    html = render('<script>alert(1)</script>\n\nTekst <img src=x onerror="alert(1)"> <iframe src="https://x">')
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;script&gt;" in html


def test_missing_image_warns_and_prints_alt_text():
    result = render_markdown("![Illustration af balden](/images/blog/x.png)", MarkdownContext("a.md", base_dir=SEEDS, image_roots=(SEEDS,)))
    assert result.warnings == [
        "a.md: image '/images/blog/x.png' not found; printed without it – put the file next to the article or fix the path"
    ]
    assert '<span class="missing-image">Illustration af balden</span>' in result.html


@pytest.mark.parametrize("src", ["https://example.com/x.png", "file:///etc/passwd", "../../../etc/hostname", "data:image/png;base64,AAAA"])
def test_images_outside_the_content_folder_are_refused(src):
    result = render_markdown(f"![x]({src})", MarkdownContext("a.md", base_dir=SEEDS, image_roots=(SEEDS,)))
    assert "<img" not in result.html


def test_local_image_is_used(tmp_path):
    (tmp_path / "fig.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    result = render_markdown("![Figur](fig.svg)", MarkdownContext("a.md", base_dir=tmp_path, image_roots=(tmp_path,)))
    assert result.warnings == []
    assert f'<img src="{(tmp_path / "fig.svg").resolve().as_uri()}" alt="Figur"' in result.html


def test_tables_emphasis_and_lists_render():
    html = render("| A | B |\n|---|---:|\n| *x* | **y** |\n\n- en\n- to\n")
    assert '<div class="table"><table>' in html and "<em>x</em>" in html and "<strong>y</strong>" in html
    assert "<ul>\n<li>en</li>" in html


def test_jinja_syntax_in_articles_prints_literally(library, demo, tmp_path):
    from handouts.model.library import load_library
    from handouts.render.html import article_html

    (tmp_path / "a.md").write_text("---\ntitle: 'Skabelon {{ 7*7 }}'\n---\nTekst {{ clinic.phone }} {% if x %}\n", "utf-8")
    lib = load_library(tmp_path)
    html = article_html(lib.articles["skabelon-7-7"], demo, lib).html
    assert "Tekst {{ clinic.phone }} {% if x %}" in html and "Skabelon {{ 7*7 }}" in html
