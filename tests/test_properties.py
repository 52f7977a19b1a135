"""Property tests for the front-matter and Markdown path: any file either loads and renders, or
fails with one of our own errors (InputError / HandoutsError) — never anything else."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handouts.errors import HandoutsError, InputError

# HANDOUTS_PROPERTY_EXAMPLES=3000 for a deep run. The default keeps the suite in its budget:
# each example loads a library (≈ 0.2 s, the built-in exercises and templates with it), and
# hypothesis keeps the failing examples it finds (.hypothesis/) and tries them first next run.
EXAMPLES = int(os.environ.get("HANDOUTS_PROPERTY_EXAMPLES", "50"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = [
    "title",
    "metaTitle",
    "slug",
    "lastUpdated",
    "datePublished",
    "reviewed",
    "next_review",
    "sources",
    "red_flags",
    "redFlags",
    "exercises",
    "description",
    "previewImage",
    "default",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["13/09/2025", "2025-02-30", "ryg-og-iskias", "bird-dog", "", "---"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)
front_matter = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), values, max_size=6)
markdownish = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.sampled_from(
            [
                "# Titel",
                "## Afsnit",
                "- punkt",
                "1. trin",
                "| a | b |\n|---|---|\n| c | d |",
                "![x](x.png)",
                "<script>x</script>",
                "{{ 7*7 }}",
                "{% if %}",
                "> citat",
                "```\nkode\n```",
                "[l](javascript:x)",
                "Ofte stillede spørgsmål",
                "Hvad er iskias?",
                "FysFinder er god. Ring nu.",
                "\x00",
                "\ufeff",
                "\r\n",
            ]
        ),
    ),
    max_size=12,
).map("\n\n".join)


def load_and_render(raw: bytes) -> None:
    """The property: load a folder holding one file, then render every article it yields."""
    from handouts.model.clinic import demo_clinic
    from handouts.model.library import load_library
    from handouts.render.html import article_html

    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "artikel.md").write_bytes(raw)
        library = load_library(Path(folder))
        assert len(library.articles) + len(library.problems) == 1
        assert all(isinstance(p, InputError) for p in library.problems)
        for problem in library.problems:
            assert str(problem).startswith(str(Path(folder, "artikel.md"))), problem
            assert "\n" not in str(problem).strip() and "Traceback" not in str(problem)
        for article in library.articles.values():
            try:
                rendered = article_html(article, demo_clinic(), library)
            except HandoutsError:
                continue
            assert rendered.html.startswith("<!doctype html>")
            assert "<script" not in rendered.html.lower()


@SETTINGS
@given(st.text())
def test_any_text_loads_or_fails_cleanly(text):
    load_and_render(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_load_or_fail_cleanly(data):
    load_and_render(data)


@SETTINGS
@given(front_matter, markdownish)
def test_any_yaml_front_matter_loads_or_fails_cleanly(meta, body):
    try:
        head = yaml.safe_dump(meta, allow_unicode=True, default_flow_style=None)
    except yaml.YAMLError:
        return
    load_and_render(f"---\n{head}---\n{body}\n".encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.text(max_size=200), markdownish)
def test_raw_front_matter_text_loads_or_fails_cleanly(head, body):
    load_and_render(f"---\n{head}\n---\n{body}\n".encode("utf-8", "surrogatepass"))


ALLOWED_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "a",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
    "img",
    "br",
    "hr",
    "s",
}


@SETTINGS
@given(markdownish)
def test_markdown_never_passes_raw_html_through(body):
    from handouts.model.markdown import MarkdownContext
    from handouts.render.markdown import render_markdown

    result = render_markdown(
        body, MarkdownContext("a.md", base_dir=Path("/nonexistent"), image_roots=(Path("/nonexistent"),))
    )
    tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", result.html))
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", result.html)  # no event handler attributes
    assert 'href="javascript:' not in result.html.lower()


@settings(
    max_examples=max(EXAMPLES // 7, 7),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(markdownish, min_size=3, max_size=3).map("\n\n".join))
@example("")  # a body with nothing in it
def test_any_markdown_makes_a_whole_pdf(writer, demo, body):
    """Through WeasyPrint too (its tagging code has asserts): a PDF, or one of our errors.

    Each example is three bodies of the other properties one after another (about 20 blocks):
    a render's fixed part (the page's header, footer and red-flag box) is most of a short
    body's, so seven such examples lay out as many blocks as twenty single bodies did."""
    from handouts.model.library import load_library
    from handouts.render.html import article_html

    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "a.md").write_text(f"---\ntitle: Egenskab\n---\n{body}\nSlut.\n", "utf-8")
        library = load_library(Path(folder))
        if not library.articles:
            return
        data, pages, _ = writer.render(article_html(library.articles["a"], demo, library))
        assert data.startswith(b"%PDF-") and pages >= 1


def test_dates_from_yaml_are_dates(tmp_path):
    """YAML turns 2025-09-13 into a date and 2025-09-13T10:00 into a datetime; both load as dates."""
    from handouts.model.library import load_library

    raw = b"---\ntitle: Dato\nlastUpdated: 2025-09-13\nnext_review: 2026-09-13T10:00:00\n---\nTekst.\n"
    load_and_render(raw)
    (tmp_path / "dato.md").write_bytes(raw)
    article = load_library(tmp_path).articles["dato"]
    assert article.last_updated == dt.date(2025, 9, 13)
    assert article.next_review == dt.date(2026, 9, 13)
    assert type(article.next_review) is dt.date  # the time of day is dropped, not kept as a datetime
