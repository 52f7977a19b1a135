"""Every seed as a real PDF, read back: text, headings, red flags, page size, fonts, sizes."""

import re
import tempfile

import pytest
from pypdf import PdfReader

from conftest import BUNDLED_FONTS, body_font_sizes, pdf_fonts
from readback import pdf_text, read_pdf

SEED_SLUGS = [
    "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening",
    "iskiasnerve-i-klemme",
    "nervetryk-i-laenden",
    "ondt-i-laenden",
    "7-facts-om-ondt-i-balden-og-benet-er-det-iskias",
]
RED_FLAG_PHRASES = [
    "Røde flag – ryg og iskias",
    "Følelsesløs eller prikkende ved endetarm",
    "komme af med urin eller afføring",
    "Svaghed, prikken eller følelsesløshed i det ene eller begge ben",
    "Feber sammen med rygsmerter",
    "Vægttab",
    "Kendt kræftsygdom",
    "Stærke smerter efter et fald",
    "Ring 112 nu",
    "Lægevagten på 70 11 31 31",
    "Ikke akut? Ring til Demo Fysioterapi på +45 70 00 00 00.",
]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_seed_pdf_content(seed_pdfs, library, slug):
    result = seed_pdfs[slug]
    text = flat(pdf_text(result.path))
    article = library.articles[slug]
    assert flat(article.title) in text
    for phrase in RED_FLAG_PHRASES:
        assert phrase in text, phrase
    assert "Demo Fysioterapi" in text and "+45 70 00 00 00" in text
    assert f"Side 1 af {result.pages}" in text and f"Side {result.pages} af {result.pages}" in text
    assert "FysFinder" not in text
    assert "Sidst opdateret:" in text


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_heading_reaches_the_pdf(seed_pdfs, library, demo, slug):
    from handouts.model.markdown import MarkdownContext
    from handouts.render.markdown import render_markdown

    article = library.articles[slug]
    headings = render_markdown(article.body, MarkdownContext("x")).headings
    assert headings, "every seed has headings"
    text = flat(pdf_text(seed_pdfs[slug].path))
    for _level, heading in headings:
        assert flat(heading) in text, heading


def test_seed_000_has_its_bare_titles_as_pdf_bookmarks(seed_pdfs):
    reader = PdfReader(seed_pdfs[SEED_SLUGS[0]].path)
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    assert "Hvad er iskias, og hvorfor gør det ondt?" in titles
    assert "Ofte stillede spørgsmål om Iskiasøvelser" in titles


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_page_size_fonts_and_text_size(seed_pdfs, slug):
    path = seed_pdfs[slug].path
    for page in read_pdf(path):
        assert (round(page.width), round(page.height)) == (595, 842)
    fonts = pdf_fonts(path)
    assert fonts and all(name.startswith(BUNDLED_FONTS) for name in fonts), fonts
    sizes = body_font_sizes(path)
    assert sizes and min(sizes) >= 12, min(sizes)


def test_metadata(seed_pdfs):
    reader = PdfReader(seed_pdfs["ondt-i-laenden"].path)
    assert reader.metadata.title == "Ondt i lænden"
    assert reader.metadata.author == "Demo Fysioterapi"
    assert str(reader.trailer["/Root"]["/Lang"]) == "da"


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_weasyprint_logged_nothing(seed_pdfs, slug):
    expected = {
        "7-facts-om-ondt-i-balden-og-benet-er-det-iskias": [
            "seeds/004_f0bd1eb8c4791116.txt: image '/images/blog/iskias_balde_intro.png' not found; printed without it – put the file in the content folder as images/blog/iskias_balde_intro.png or fix the path",
            "seeds/004_f0bd1eb8c4791116.txt: image '/images/blog/iskias_balde_oversigt.png' not found; printed without it – put the file in the content folder as images/blog/iskias_balde_oversigt.png or fix the path",
        ]
    }.get(slug, [])
    assert [re.sub(r"^.*?(seeds/)", r"\1", w) for w in seed_pdfs[slug].warnings] == expected


def test_red_flag_box_is_on_one_page(seed_pdfs):
    """Each box (one per set: "… ondt i balden og benet" gets two) whole on its page: every box
    heading has its last line after it on the same page, and no last line is left without one."""
    for result in seed_pdfs.values():
        pages = [flat(page.text) for page in read_pdf(result.path)]
        boxes = [part for text in pages for part in text.split("Røde flag –")[1:]]
        assert boxes and all("Ring 112 nu" in part and "Ikke akut?" in part for part in boxes), result.path
        assert sum(text.count("Ikke akut?") for text in pages) == len(boxes), result.path


@pytest.mark.slow
def test_closing_box_never_ends_up_alone_on_the_last_page(tmp_path, writer, nord):
    """Whatever the length of the text, the last page holds the red-flag box with the call to
    action and QR code, never the closing row alone (the lengths cross a page break). Measured
    on WeasyPrint's laid-out pages (the boxes' classes), as test_page_fill measures the seeds:
    the PDF written from them adds nothing to where the boxes are."""
    from handouts.build import render_article
    from handouts.model.library import load_library
    from handouts.pdf.placement import _classes, _walk

    clinic = nord  # with a QR code
    line = "Knæet gør ondt, når du går på trapper, og det bliver bedre, når du hviler."
    text_pages = set()
    for lines in range(20, 36):
        (tmp_path / "a.md").write_text("---\ntitle: Ondt i knæet\n---\n" + "\n\n".join([line] * lines), "utf-8")
        library = load_library(tmp_path)
        document = writer.layout(render_article(library, library.articles["a"], clinic))
        last = list(_walk(document.pages[-1]._page_box))
        classes = {name for box in last for name in _classes(box)}
        sets = {box.element.get("data-set") for box in last if "red-flags" in _classes(box)}
        assert {"red-flags", "call-to-action", "qr"} <= classes, (lines, sorted(classes))
        assert sets == {"hofte-knae-og-ben"}, (lines, sets)
        text_pages.add(sum("article-body" in _classes(box) for page in document.pages for box in _walk(page._page_box)))
    assert len(text_pages) >= 2, text_pages  # the lengths did cross a page break: the text on one page, then two


def test_table_rows_do_not_split(tmp_path, writer, demo):
    from handouts.build import Builder
    from handouts.model.library import load_library

    filler = "lang forklaring " * 12
    rows = "\n".join(f"| R{i}A | {filler} R{i}Z |" for i in range(40))
    (tmp_path / "t.md").write_text(f"---\ntitle: Tabel\n---\n| Navn | Tekst |\n|---|---|\n{rows}\n", "utf-8")
    lib = load_library(tmp_path)
    result = Builder(lib, writer).build_article(lib.articles["t"], demo, tmp_path / "out")
    pages = [flat(page.text) for page in read_pdf(result.path)]
    assert result.pages > 2
    for i in range(40):
        first = {n for n, text in enumerate(pages) if re.search(rf"\bR{i}A\b", text)}
        last = {n for n, text in enumerate(pages) if re.search(rf"\bR{i}Z\b", text)}
        assert first == last and len(first) == 1, (i, first, last)


def test_no_half_written_file_on_failure(tmp_path, writer, demo, monkeypatch):
    """A one-paragraph article: what is written, and when, does not depend on the text's length."""
    from handouts.build import Builder
    from handouts.model.library import load_library
    from handouts.pdf import atomic

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\ntitle: Ondt i lænden\n---\nGå en tur hver dag.\n", "utf-8")
    library = load_library(tmp_path / "content")
    out = tmp_path / "out"

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(atomic.os, "replace", explode)
    with pytest.raises(RuntimeError):
        Builder(library, writer).build_article(library.articles["a"], demo, out)
    assert list(out.rglob("*")) == [out / "demo"]


def test_symbols_come_from_bundled_fonts(tmp_path, writer, demo):
    from handouts.build import Builder
    from handouts.model.library import load_library

    (tmp_path / "s.md").write_text(
        "---\ntitle: Symboler → ✔ ☐ ≥\n---\nPil → flueben ✔ ✓ boks ☐ mindst ≥ 3 ⚠\n", "utf-8"
    )
    lib = load_library(tmp_path)
    result = Builder(lib, writer).build_article(lib.articles["s"], demo, tmp_path / "out")
    fonts = pdf_fonts(result.path)
    assert all(name.startswith(BUNDLED_FONTS) for name in fonts), fonts
    assert {"Handouts-Symbols", "Handouts-Math"} <= {n.split("-Bold")[0] for n in fonts}
    assert "→ flueben ✔ ✓ boks ☐ mindst ≥ 3" in flat(pdf_text(result.path))


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_no_heading_is_stranded_at_the_bottom_of_a_page(seed_pdfs, slug):
    for number, page in enumerate(read_pdf(seed_pdfs[slug].path)[:-1], 1):
        bottom_limit = page.height - 24 * 72 / 25.4
        body = [c for c in page.chars if c.bottom <= bottom_limit and c.text.strip()]
        last_line_top = max(c.top for c in body)
        last_line = [c for c in body if abs(c.top - last_line_top) < 2]
        assert max(c.size for c in last_line) < 14, (number, "".join(c.text for c in last_line))


def test_the_warm_up_page_renders_cleanly_and_writes_nothing(writer, tmp_path, monkeypatch):
    """Batch and web workers both warm up with it: it must render without a WeasyPrint message."""
    from handouts.pdf.writer import WARM_UP_HTML
    from handouts.render.document import RenderedHTML
    from handouts.resources import styles_dir

    monkeypatch.chdir(tmp_path)
    writer.warm_up()
    assert list(tmp_path.iterdir()) == []
    _data, pages, warnings = writer.render(RenderedHTML(WARM_UP_HTML, "Opvarmning", asset_roots=[styles_dir()]))
    assert pages == 1 and warnings == []


def test_a_render_the_time_limit_interrupts_inside_an_svg_is_a_failure_not_a_pdf(tmp_path, writer, demo, monkeypatch):
    """Under load the render limit's alarm can land while WeasyPrint draws an SVG. WeasyPrint
    catches any exception there, logs "Failed to render SVG image" and goes on, so the handout
    would be written with the drawing missing. The alarm is raised exactly there, every time."""
    import logging
    import signal

    from weasyprint.svg import SVG

    from handouts.build import Builder
    from handouts.model.library import load_library
    from handouts.workers import RenderTimeout, deadline, too_slow

    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    (tmp_path / "knae-mod-bryst.svg").write_text(svg, "utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: Knæ\n---\n![Knæ mod bryst](knae-mod-bryst.svg)\n", "utf-8")
    lib = load_library(tmp_path)
    draw = SVG.draw

    def alarm_while_drawing(self: SVG, *args: object, **kwargs: object) -> None:
        signal.raise_signal(signal.SIGALRM)  # the render limit runs out here, as under load
        draw(self, *args, **kwargs)

    monkeypatch.setattr(SVG, "draw", alarm_while_drawing)
    logged: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        with pytest.raises(RenderTimeout) as stopped, deadline("a.md", 60, grace=30):
            Builder(lib, writer).build_article(lib.articles["a"], demo, tmp_path / "out")
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    assert any(m.startswith("Failed to render SVG image") for m in logged), logged  # WeasyPrint swallowed it
    assert str(stopped.value) == too_slow("a.md", 60)
    assert not list((tmp_path / "out").rglob("*.pdf")) and not list((tmp_path / "out").rglob("*.part"))
    # the next render in the same process is not failed by the old alarm
    monkeypatch.setattr(SVG, "draw", draw)
    with deadline("a.md", 60, grace=30):
        result = Builder(lib, writer).build_article(lib.articles["a"], demo, tmp_path / "out")
    assert result.path is not None and result.path.exists() and result.warnings == []


def test_weasyprints_copies_of_the_fonts_are_in_the_writers_folder_and_go_with_close(tmp_path, monkeypatch):
    """WeasyPrint would remove them only when its font configuration is garbage-collected, which
    a process ending with os._exit (the `handouts` script, a pool's worker) never does."""
    from handouts.pdf.writer import PdfWriter

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with PdfWriter() as writer:
        assert sorted(tmp_path.iterdir()) == [writer.folder]
        assert writer.folder.stat().st_mode & 0o777 == 0o700
        fonts = [path for path in writer.folder.rglob("*") if path.is_file()]
        assert len(fonts) >= len(BUNDLED_FONTS)  # every @font-face of the stylesheets
        assert tempfile.tempdir == str(tmp_path)  # only while the stylesheets were read
    assert sorted(tmp_path.iterdir()) == []
    writer.close()  # twice is harmless
