"""The library's front door: content + a clinic profile → handout HTML, and HTML → PDF files.

Rendering and writing are separate steps. ``render_article`` and ``render_programme`` give the
finished HTML (with the QR code when the clinic has a public address); the CLI and the batch
write it to a file through ``Builder``, the web app sends it to a worker for PDF bytes. None of
them touches Jinja or WeasyPrint directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from handouts.errors import HandoutsError, display_path
from handouts.model.clinic import Clinic
from handouts.model.content import Article
from handouts.model.library import Library
from handouts.model.programme import Programme, build_programme
from handouts.model.templates import ProgrammeTemplate
from handouts.pdf.atomic import write_atomically
from handouts.pdf.writer import PdfResult, PdfWriter
from handouts.render import qr
from handouts.render.document import RenderedHTML
from handouts.render.html import article_html, programme_html
from handouts.resources import DEFAULT_OUTPUT

LARGE_PRINT_SUFFIX = "-storskrift"


def render_article(library: Library, article: Article, clinic: Clinic, *, large_print: bool = False) -> RenderedHTML:
    return article_html(article, clinic, library, large_print=large_print, qr=qr.article_qr(clinic, article))


def render_programme(
    library: Library,
    programme: Programme,
    clinic: Clinic,
    *,
    large_print: bool = False,
    leaflets: Sequence[Article] = (),
) -> RenderedHTML:
    """The programme, then ``leaflets`` (articles) in the same document, one red-flag box for all."""
    return programme_html(
        programme,
        clinic,
        library,
        large_print=large_print,
        qr=qr.programme_qr(clinic, programme, library),
        leaflets=leaflets,
    )


def template_programme(library: Library, template: ProgrammeTemplate) -> Programme:
    """A shipped or clinic programme template, unpersonalised."""
    return build_programme(library, template=template)


# --- where files go --------------------------------------------------------------------------


def _suffix(large_print: bool) -> str:
    return LARGE_PRINT_SUFFIX if large_print else ""


def inside(out_dir: Path, path: Path) -> Path:
    """``path`` when it lies inside ``out_dir``; slugs are validated where they are read, and
    every output path is checked once more here, before anything is written."""
    if not path.resolve().is_relative_to(out_dir.resolve()):
        raise HandoutsError(
            f"{display_path(path)}: is outside the output folder {display_path(out_dir)}; check its slug"
        )
    return path


def article_path(clinic: Clinic, article: Article, out_dir: Path, *, large_print: bool = False) -> Path:
    return inside(out_dir, out_dir / clinic.slug / f"{article.slug}{_suffix(large_print)}.pdf")


def programme_path(clinic: Clinic, programme: Programme, out: Path, *, large_print: bool = False) -> Path:
    """``--out file.pdf`` is used as given; a folder gets ``<clinic>/programme-<date>-<hash>.pdf``."""
    if out.suffix.lower() == ".pdf":
        return out
    return inside(out, out / clinic.slug / programme.default_file_name(clinic.slug, large_print=large_print))


def template_path(clinic: Clinic, template: ProgrammeTemplate, out_dir: Path, *, large_print: bool = False) -> Path:
    return inside(out_dir, out_dir / clinic.slug / f"programme-{template.slug}{_suffix(large_print)}.pdf")


def save_template(programme: Programme, path: Path) -> None:
    """Write the programme as a template TOML (atomically; the patient's name is not part of it)."""
    write_atomically(path, template_toml(programme).encode("utf-8"))


def template_toml(programme: Programme) -> str:
    """The template TOML ``--save`` writes (the web builder's export is this text too)."""
    return tomli_w.dumps(programme.as_template())


# --- rendering and writing files -------------------------------------------------------------


@dataclass
class Builder:
    """One content library with a long-lived PDF writer: renders handouts and writes them."""

    library: Library
    writer: PdfWriter

    def build_article(
        self, article: Article, clinic: Clinic, out_dir: Path = DEFAULT_OUTPUT, *, large_print: bool = False
    ) -> PdfResult:
        rendered = render_article(self.library, article, clinic, large_print=large_print)
        return self.writer.write(rendered, article_path(clinic, article, out_dir, large_print=large_print))

    def build_programme(
        self,
        programme: Programme,
        clinic: Clinic,
        out: Path = DEFAULT_OUTPUT,
        *,
        large_print: bool = False,
        leaflets: Sequence[Article] = (),
    ) -> PdfResult:
        rendered = render_programme(self.library, programme, clinic, large_print=large_print, leaflets=leaflets)
        return self.writer.write(rendered, programme_path(clinic, programme, out, large_print=large_print))

    def build_template_programme(
        self, template: ProgrammeTemplate, clinic: Clinic, out_dir: Path = DEFAULT_OUTPUT, *, large_print: bool = False
    ) -> PdfResult:
        """A programme template, unpersonalised: ``<clinic>/programme-<slug>.pdf``."""
        programme = template_programme(self.library, template)
        target = template_path(clinic, template, out_dir, large_print=large_print)
        return self.build_programme(programme, clinic, target, large_print=large_print)
