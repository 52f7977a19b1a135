"""Markdown to HTML: the title-line rule, directory promotions, images and raw HTML."""

import re

import pytest

from conftest import SEEDS
from handouts.model.markdown import MarkdownContext, is_title_line
from handouts.render.markdown import render_markdown

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


def test_directory_promotions_are_removed_not_replaced():
    html = render("Søg hjælp. Find en fysioterapeut på FysFinder for vejledning. Søg læge akut.")
    assert html == "<p>Søg hjælp. Søg læge akut.</p>\n"


def test_doubled_heading_marks_are_one_heading():
    result = render_markdown("## ## Øvelser mod iskias\n\nTekst.\n", MarkdownContext("x.md"))
    assert result.html.startswith("<h2>Øvelser mod iskias</h2>")
    assert result.headings == [(2, "Øvelser mod iskias")]


def test_list_indented_by_four_spaces_is_a_list_not_code():
    html = render("Gør sådan:\n\n    * Stå op\n    * Gå en tur\n\nTekst.\n")
    assert "<pre>" not in html and "<code>" not in html
    assert "<ul>\n<li>Stå op</li>\n<li>Gå en tur</li>\n</ul>" in html


def test_indented_code_that_is_not_a_list_stays_code():
    assert "<pre><code>x = 1\n" in render("Tekst.\n\n    x = 1\n")


def test_nested_list_indented_by_four_spaces_stays_nested():
    html = render("- Et\n\n    - Under et\n- To\n")
    assert "<li>\n<p>Et</p>\n<ul>\n<li>Under et</li>" in html


@pytest.mark.parametrize(
    "text",
    [
        "## Referenceliste\n\nSundhedsstyrelsen National klinisk retningslinje 2016\n\nNICE Low back pain\n",
        "Kilder\n\nSundhedsstyrelsen National klinisk retningslinje\n\nDansk Selskab for Fysioterapi\n",
        'Tekst.\n\nMacquarie University. "Walking brings huge benefits" ScienceDaily\n\nMere tekst.\n',
        "Tekst.\n\nHayden J et al (2021) Exercise therapy for low back pain\n\nMere tekst.\n",
        "Tekst.\n\nSe [Sundhedsstyrelsen](https://www.sst.dk) om rygsmerter\n\nMere tekst.\n",
    ],
)
def test_references_and_sources_never_become_headings(text):
    html = render(text).replace("<h2>Referenceliste</h2>", "")  # a real heading stays one
    assert "<h" not in html


def test_lone_question_in_running_text_stays_a_paragraph():
    text = "Mange har ondt i ryggen.\n\nHvad betyder det for dig?\n\nDet betyder, at du skal bevæge dig.\n"
    assert "<h" not in render(text)
    assert "<p>Hvad betyder det for dig?</p>" in render(text)


def test_questions_in_a_series_or_under_a_heading_become_headings():
    series = "## Spørgsmål\n\nTekst.\n\nHvor længe varer det?\nOfte få uger.\n\nHjælper øvelser?\nJa.\n"
    assert "<h3>Hvor længe varer det?</h3>" in render(series) and "<h3>Hjælper øvelser?</h3>" in render(series)
    under = "## Øvelser\n\nHvordan laver jeg hageindtræk?\nSæt dig oprejst.\n"
    assert "<h3>Hvordan laver jeg hageindtræk?</h3>" in render(under)


@pytest.mark.parametrize("line", ["Men hvad kan du selv gøre?", "Og hvad så nu"])
def test_a_line_going_on_from_the_last_is_not_a_title(line):
    assert is_title_line(line) is False


def test_raw_html_is_not_passed_through():
    html = render('<script>alert(1)</script>\n\nTekst <img src=x onerror="alert(1)"> <iframe src="https://x">')
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "alert" not in html and "&lt;" not in html  # neither run nor printed as code
    assert "<p>Tekst" in html


def test_cms_html_prints_its_words_never_its_markup():
    text = (
        "Første linje<br>anden linje.\n\n"
        '<div class="callout">Husk at <strong>varme op</strong>.</div>\n\n'
        "<!-- redaktøren: ret denne -->\n\n"
        "<ul>\n<li>Punkt et</li>\n<li>Punkt to</li>\n</ul>\n\n"
        "<table><tr><th>Muskel</th><th>Funktion</th></tr><tr><td>Quadriceps</td><td>Strækker knæet</td></tr></table>\n\n"
        '<p>Læs <a href="https://www.sst.dk/x">Sundhedsstyrelsens råd</a>.</p>\n\n'
        "Tekst med <span style='color:red'>farve</span>, <b>fed</b> og &nbsp;et mellemrum. Kontakt <os> i dag."
    )
    result = render_markdown(text, MarkdownContext("x.md", base_dir=SEEDS, image_roots=(SEEDS,)))
    html = result.html
    assert "<p>Første linje<br />\nanden linje.</p>" in html
    assert "<p>Husk at <strong>varme op</strong>.</p>" in html
    assert "<ul>\n<li>Punkt et</li>\n<li>Punkt to</li>\n</ul>" in html
    assert "<th>Muskel</th>" in html and "<td>Strækker knæet</td>" in html
    assert '<a href="https://www.sst.dk/x">Sundhedsstyrelsens råd</a>' in html
    assert "Tekst med farve, <strong>fed</strong> og" in html and "Kontakt &lt;os&gt; i dag." in html
    assert not re.search(r"&lt;/?(?:div|span|b|ul|li|table|p|br)|redaktøren|callout|style=", html)
    assert result.warnings == []


def test_an_embedded_video_is_left_out_with_a_warning():
    result = render_markdown(
        'Se her:\n\n<iframe src="https://www.youtube.com/embed/x"></iframe>\n\nTekst <video src="v.mp4"></video> slut.',
        MarkdownContext("x.md", base_dir=SEEDS, image_roots=(SEEDS,)),
    )
    assert "youtube" not in result.html and "iframe" not in result.html and "<p>Tekst  slut.</p>" in result.html
    assert result.warnings[0].startswith("x.md: an embedded iframe (<iframe>) cannot be printed and is left out;")


def test_missing_image_warns_and_is_left_out():
    result = render_markdown(
        "![Illustration af balden](/images/blog/x.png)", MarkdownContext("a.md", base_dir=SEEDS, image_roots=(SEEDS,))
    )
    assert result.warnings == [
        "a.md: image '/images/blog/x.png' not found; printed without it – put the file in the content folder as images/blog/x.png or fix the path"
    ]
    assert "Illustration" not in result.html and "<img" not in result.html


@pytest.mark.parametrize(
    "src", ["https://example.com/x.png", "file:///etc/passwd", "../../../etc/hostname", "data:image/png;base64,AAAA"]
)
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

    (tmp_path / "a.md").write_text(
        "---\ntitle: 'Skabelon {{ 7*7 }}'\n---\nTekst {{ clinic.phone }} {% if x %}\n", "utf-8"
    )
    lib = load_library(tmp_path)
    html = article_html(lib.articles["a"], demo, lib).html
    assert "Tekst {{ clinic.phone }} {% if x %}" in html and "Skabelon {{ 7*7 }}" in html


def test_pasted_bullet_lines_are_a_list_and_a_bullet_inside_a_line_is_text():
    html = render("Symptomerne kan være:\n• Smerter i knæet\n▪ Hævelse\n• Stivhed\n\nTekst med • i • linjen.\n")
    assert html == (
        "<p>Symptomerne kan være:</p>\n<ul>\n<li>Smerter i knæet</li>\n<li>Hævelse</li>\n<li>Stivhed</li>\n</ul>\n"
        "<p>Tekst med • i • linjen.</p>\n"
    )


def test_a_percent_encoded_image_path_is_the_file_of_that_name(tmp_path):
    (tmp_path / "træning.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    ctx = MarkdownContext("a.md", base_dir=tmp_path, image_roots=(tmp_path,))
    assert "<img" in render_markdown("![Træning](tr%C3%A6ning.svg)", ctx).html
    missing = render_markdown("![Øvelse](/images/%C3%B8velse.png)", ctx)
    assert missing.warnings[0] == (
        "a.md: image '/images/øvelse.png' not found; printed without it"
        " – put the file in the content folder as images/øvelse.png or fix the path"
    )


def test_bold_faq_questions_are_headings_like_plain_ones():
    html = render("## FAQ\n\n**Hvad er knæsmerter?**\nSmerter i knæet.\n\n**Hvordan behandles det?**\nMed træning.\n")
    assert "<h3>Hvad er knæsmerter?</h3>\n<p>Smerter i knæet.</p>\n<h3>Hvordan behandles det?</h3>" in html
    assert "<p><strong>Bemærk:</strong> hvil" in render("Tekst.\n\n**Bemærk:** hvil knæet.\n")


def test_a_heading_with_nothing_under_it_is_left_out_with_a_warning_but_a_short_last_line_stays():
    result = render_markdown(
        "## Om knæet\n\n## Træning\n\nTekst.\n\n### Tom\n\n## Til sidst\n\nGod bedring\n\n## Kilder\n",
        MarkdownContext("x.md"),
    )
    assert result.html == "<h2>Træning</h2>\n<p>Tekst.</p>\n<h2>Til sidst</h2>\n<h3>God bedring</h3>\n"
    assert [w.split("'")[1] for w in result.warnings] == ["Om knæet", "Tom", "Kilder"]
    assert (
        result.warnings[0]
        == "x.md: heading 'Om knæet' has no text under it and is left out; write its text or remove the heading"
    )
