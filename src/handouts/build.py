"""The library's front door: turn content + a clinic profile into handout PDFs.

The CLI, the batch builder and the web app all call these functions; none of them touches
Jinja or WeasyPrint directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.model.clinic import Clinic
from handouts.model.content import Article
from handouts.model.library import Library
from handouts.model.programme import Programme, ProgrammeTemplate, build_programme
from handouts.pdf.writer import PdfResult, PdfWriter
from handouts.render.html import article_html, programme_html

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

    def programme_path(self, clinic: Clinic, programme: Programme, out: Path, *, large_print: bool = False) -> Path:
        """``--out file.pdf`` is used as given; a folder gets ``<clinic>/programme-<date>-<hash>.pdf``."""
        if out.suffix.lower() == ".pdf":
            return out
        return out / clinic.slug / programme.default_file_name(clinic.slug, large_print=large_print)

    def build_programme(
        self, programme: Programme, clinic: Clinic, out: Path = DEFAULT_OUTPUT, *, large_print: bool = False
    ) -> PdfResult:
        rendered = programme_html(programme, clinic, self.library, large_print=large_print, qr=programme_qr(clinic, programme))
        return self.writer.write(rendered, self.programme_path(clinic, programme, out, large_print=large_print))

    def build_template_programme(
        self, template: ProgrammeTemplate, clinic: Clinic, out_dir: Path = DEFAULT_OUTPUT, *, large_print: bool = False
    ) -> PdfResult:
        """A shipped or clinic programme template, unpersonalised: ``<clinic>/programme-<slug>.pdf``."""
        programme = build_programme(self.library, template=template)
        suffix = "-storskrift" if large_print else ""
        target = out_dir / clinic.slug / f"programme-{template.slug}{suffix}.pdf"
        return self.build_programme(programme, clinic, target, large_print=large_print)


def programme_qr(clinic: Clinic, programme: Programme):  # noqa: ANN201 - (Markup, url) or None
    """The QR code to the programme's share link, when the clinic sets ``public_url``."""
    from handouts.render import qr

    return qr.programme_qr(clinic, programme)


def article_qr(clinic: Clinic, article: Article):  # noqa: ANN201 - (Markup, url) or None
    """The QR code to the article's online copy, when the clinic sets ``public_url``."""
    from handouts.render import qr

    return qr.article_qr(clinic, article)
