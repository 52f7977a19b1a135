"""Stage 4, write PDF: WeasyPrint with bundled fonts, a locked-down fetcher and atomic writes.

A ``PdfWriter`` is meant to live long: it parses the stylesheet once, keeps one
``FontConfiguration`` (passed to both ``CSS()`` and rendering, or ``@font-face`` is ignored)
and one image cache across documents.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import HandoutsError
from handouts.pdf.atomic import write_atomically
from handouts.render.document import RenderedHTML
from handouts.resources import styles_dir

STYLESHEETS = ("handout.css", "programme.css")  # parsed once per writer, in this order
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


class PdfWriter:
    """Turns RenderedHTML into PDF files; reuse one instance for many documents."""

    def __init__(self, *, tagged: bool = True) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from handouts.pdf.fetcher import LockedFetcher

        self.tagged = tagged
        self.font_config = FontConfiguration()
        self.image_cache: dict[str, object] = {}  # WeasyPrint's: URL (or md5-slot key) → image
        self.stylesheets = []
        for name in STYLESHEETS:
            with weasyprint_messages() as messages:
                self.stylesheets.append(CSS(
                    filename=str(styles_dir() / name),
                    font_config=self.font_config,
                    url_fetcher=LockedFetcher([styles_dir()]),
                ))
            if messages:  # our own CSS must be clean: a typo here would ship silently
                raise HandoutsError(f"styles/{name}: {messages[0]}")

    def render(self, rendered: RenderedHTML) -> tuple[bytes, int, list[str]]:
        from weasyprint import HTML

        from handouts.pdf.fetcher import LockedFetcher

        fetcher = LockedFetcher(rendered.asset_roots)
        variant = {"pdf_variant": PDF_VARIANT} if self.tagged else {"pdf_tags": False}
        with weasyprint_messages() as messages:
            document = HTML(
                string=rendered.html, base_url=str(styles_dir()) + "/", url_fetcher=fetcher
            ).render(
                font_config=self.font_config,
                stylesheets=self.stylesheets,
                cache=self.image_cache,
                **variant,
            )
            data = document.write_pdf(pdf_identifier=b"handouts", **variant)
        name = rendered.source or rendered.title
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            raise HandoutsError(f"{name}: the PDF could not be made (incomplete output)")
        warnings = [f"{name}: refused resource {r}" for r in fetcher.refused]
        warnings += [f"{name}: {m}" for m in messages if not _is_refusal_echo(m)]
        return data, len(document.pages), warnings

    def write(self, rendered: RenderedHTML, target: Path) -> PdfResult:
        data, pages, warnings = self.render(rendered)
        write_atomically(target, data)
        return PdfResult(path=target, pages=pages, size=len(data), warnings=rendered.warnings + warnings)


def _is_refusal_echo(message: str) -> bool:
    """WeasyPrint also logs each refused fetch; the fetcher's own note already names it."""
    return "RefusedResource" in message and message.startswith(("Failed to load", "Failed to fetch"))
