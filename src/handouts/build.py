"""The library's front door: turn content + a clinic profile into handout PDFs.

The CLI, the batch builder and the web app all call these functions; none of them touches
Jinja or WeasyPrint directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .clinic import Clinic
from .content import Article, Library
from .pdf import PdfResult, PdfWriter
from .render import article_html

DEFAULT_OUTPUT = Path("output")


@dataclass
class Builder:
    """One clinic's view of one content library, with a long-lived PDF writer."""

    library: Library
    writer: PdfWriter

    def article_path(self, clinic: Clinic, article: Article, out_dir: Path, *, large_print: bool = False) -> Path:
        suffix = "-storskrift" if large_print else ""
        return out_dir / clinic.slug / f"{article.slug}{suffix}.pdf"

    def build_article(
        self, article: Article, clinic: Clinic, out_dir: Path = DEFAULT_OUTPUT, *, large_print: bool = False
    ) -> PdfResult:
        rendered = article_html(article, clinic, self.library, large_print=large_print, qr=article_qr(clinic, article))
        return self.writer.write(rendered, self.article_path(clinic, article, out_dir, large_print=large_print))


def article_qr(clinic: Clinic, article: Article):  # noqa: ANN201 - filled in by the QR feature
    return None
