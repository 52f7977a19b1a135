"""Stage 4, write PDF: WeasyPrint with bundled fonts, a locked-down fetcher and atomic writes.

A ``PdfWriter`` is meant to live long: it parses the stylesheet once, keeps one
``FontConfiguration`` (passed to both ``CSS()`` and rendering, or ``@font-face`` is ignored)
and one image cache across documents.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import warnings
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.errors import HandoutsError
from handouts.limits import MAX_PAGES
from handouts.model.scripts import script_name
from handouts.pdf import placement
from handouts.pdf.atomic import write_atomically
from handouts.render.document import RenderedHTML
from handouts.resources import styles_dir
from handouts.workers import check_deadline

if TYPE_CHECKING:  # weasyprint is imported lazily: a second to import, and not before a fork
    from weasyprint.document import Document

    from handouts.pdf.fetcher import LockedFetcher

STYLESHEETS = ("handout.css", "programme.css", "catalogue.css", "fallback.css")  # parsed once per writer, in this order
# Tagged PDF/UA-1: structure tree, /Lang, DisplayDocTitle and the PDF/UA identifier in XMP.
PDF_VARIANT = "pdf/ua-1"


@dataclass
class PdfResult:
    path: Path | None
    pages: int
    size: int
    warnings: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


MISSING_GLYPH = (
    "some characters cannot be printed with the bundled fonts ({script}) and show as empty boxes;"
    " write them in another script or leave them out"
)


class _NoPageText(logging.Filter):
    """WeasyPrint names each character it has no glyph for, and a page may carry a patient's
    name: the record is rewritten to name the script only, before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(".notdef glyph"):
            codepoint = record.args[-1] if isinstance(record.args, tuple) and record.args else None
            script = script_name(chr(codepoint)) if isinstance(codepoint, int) else "an unknown script"
            record.msg, record.args = MISSING_GLYPH.format(script=script), ()
        return True


def _filter_page_text() -> None:
    logger = logging.getLogger("weasyprint")
    if not any(isinstance(f, _NoPageText) for f in logger.filters):
        logger.addFilter(_NoPageText())


_filter_page_text()


@contextlib.contextmanager
def weasyprint_messages() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs (it logs bad CSS and failed resources instead of raising)."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    previous_propagate = logger.propagate
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous_propagate


# A short page in the handouts' own styles with what every handout sets: Danish hyphenation,
# regular, bold and italic text, headings, a list and the symbol fonts' ticks and boxes.
WARM_UP_HTML = (
    '<!doctype html><html lang="da"><head><title>Opvarmning</title></head><body><main>'
    "<h1>Opvarmning</h1><h2>Rygsmerter og iskias</h2><h3>Gode råd</h3>"
    "<p>Fysioterapeutens behandlingsmuligheder ved længerevarende lændesmerter: <strong>bevægelse</strong>"
    " og <em>tålmodighed</em>. Ring 112 ved alvorlige symptomer.</p>"
    "<ul><li>☐ ✔ → ≥ 0–10</li><li>Side 1 af 2</li></ul></main></body></html>"
)


@contextlib.contextmanager
def _temporary_files_in(folder: Path) -> Iterator[None]:
    """``tempfile``'s folder is ``folder`` within this block (for this whole process: a writer is
    made before any thread of its process renders)."""
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = before


class PdfWriter:
    """Turns RenderedHTML into PDF files; reuse one instance for many documents.

    WeasyPrint copies the bundled fonts into a temporary folder (2 MB) that it removes only when
    its font configuration is garbage-collected, which a process that ends with ``os._exit`` (the
    ``handouts`` script, a worker of a pool) never does. So a writer keeps that folder inside a
    folder of its own and removes it in ``close()`` (``with PdfWriter() as writer:``), or when
    the writer is collected or the interpreter exits.
    """

    def __init__(self, *, tagged: bool = True) -> None:
        # deferred: WeasyPrint (and the fetcher, built on it) load only in a process that renders
        from handouts.pdf.libraries import import_weasyprint

        import_weasyprint()  # first, so that its C libraries are opened by soname (libraries.py)
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from handouts.pdf.fetcher import LockedFetcher

        self.tagged = tagged
        _quiet_pillow()
        self.folder = Path(tempfile.mkdtemp(prefix="handouts-fonts-"))  # 0700, this writer's
        self._remove_folder = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)
        self.image_cache: dict[str, object] = {}  # WeasyPrint's: URL (or md5-slot key) → image
        self.stylesheets = []
        with _temporary_files_in(self.folder):  # the @font-face rules are read here
            self.font_config = FontConfiguration()
            for name in STYLESHEETS:
                with weasyprint_messages() as messages:
                    self.stylesheets.append(
                        CSS(
                            filename=str(styles_dir() / name),
                            font_config=self.font_config,
                            url_fetcher=LockedFetcher([styles_dir()]),
                        )
                    )
                if messages:  # our own CSS must be clean: a typo here would ship silently
                    self.close()
                    raise HandoutsError(f"styles/{name}: {messages[0]}")

    def close(self) -> None:
        """Remove the writer's temporary folder (WeasyPrint's copies of the fonts); the writer
        prints nothing more after this. Safe to call twice."""
        self._remove_folder()

    def __enter__(self) -> PdfWriter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _variant(self) -> dict[str, Any]:
        return {"pdf_variant": PDF_VARIANT} if self.tagged else {"pdf_tags": False}

    def layout(self, rendered: RenderedHTML, fetcher: LockedFetcher | None = None, *, place: bool = True) -> Document:
        """The laid-out pages (WeasyPrint's Document): what tests measure before it is a PDF.

        A handout whose red-flag box can move (``placement.MOVABLE_CLASS``) is laid out a second
        time, with the box moved, when the first layout leaves a hole (pdf/placement.py);
        ``place=False`` keeps the first layout (to compare).
        """
        from weasyprint import HTML  # deferred (see __init__); loaded by then

        from handouts.pdf.fetcher import LockedFetcher

        url_fetcher = fetcher or LockedFetcher(rendered.asset_roots)

        def lay_out(edit: Callable[[Any], object] | None = None) -> Document:
            html = HTML(string=rendered.html, base_url=str(styles_dir()) + "/", url_fetcher=url_fetcher)
            if edit is not None:
                edit(html.etree_element)  # before WeasyPrint's element wrappers read the tree
            return html.render(
                font_config=self.font_config, stylesheets=self.stylesheets, cache=self.image_cache, **self._variant()
            )

        document = lay_out()
        if place and placement.MOVABLE_CLASS in rendered.html:
            document = placement.place(document, lay_out)
        return document

    def render(self, rendered: RenderedHTML) -> tuple[bytes, int, list[str]]:
        from handouts.pdf.fetcher import LockedFetcher  # deferred (see __init__); loaded by then

        fetcher = LockedFetcher(rendered.asset_roots)
        with weasyprint_messages() as messages:
            document = self.layout(rendered, fetcher)
            name = rendered.source or rendered.title
            limit = rendered.max_pages or MAX_PAGES
            if len(document.pages) > limit:
                raise HandoutsError(
                    f"{name}: the handout would be {len(document.pages)} pages; at most {limit}"
                    " – split the text into several handouts"
                )
            data = document.write_pdf(pdf_identifier=b"handouts", **self._variant())
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            raise HandoutsError(f"{name}: the PDF could not be made (incomplete output)")
        warnings = [f"{name}: refused resource {r}" for r in fetcher.refused]
        warnings += [f"{name}: {m}" for m in dict.fromkeys(messages) if not _is_refusal_echo(m)]
        return data, len(document.pages), warnings

    def warm_up(self) -> None:
        """Render ``WARM_UP_HTML`` in memory: fonts, hyphenation and WeasyPrint's caches are
        loaded before the first handout of a batch or web worker. Nothing is written."""
        self.render(RenderedHTML(WARM_UP_HTML, "Opvarmning", asset_roots=[styles_dir()]))

    def write(self, rendered: RenderedHTML, target: Path) -> PdfResult:
        data, pages, warnings = self.render(rendered)
        check_deadline()  # a render the time limit interrupted may lack a drawing: never a file
        write_atomically(target, data)
        return PdfResult(path=target, pages=pages, size=len(data), warnings=rendered.warnings + warnings)


def _quiet_pillow() -> None:
    """Pillow warns (on stderr, raw) about images over 89 megapixels; the fetcher already refuses
    anything over its own, lower limit before WeasyPrint opens it, so the warning says nothing."""
    from PIL import Image  # deferred, like WeasyPrint: only in a process that renders

    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def _is_refusal_echo(message: str) -> bool:
    """WeasyPrint also logs each refused fetch; the fetcher's own note already names it."""
    return "RefusedResource" in message and message.startswith(("Failed to load", "Failed to fetch"))
