"""`handouts catalogue`: the whole exercise catalogue as a contact sheet (PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.options import ClinicOption, ContentOption, clinic_profile, warn
from handouts.errors import UsageError


def catalogue(
    clinic: ClinicOption = None,
    out: Annotated[Path, typer.Option("--out", help="The PDF file to write, e.g. katalog.pdf.")] = Path("katalog.pdf"),
    content: ContentOption = None,
) -> None:
    """Print every exercise as a contact sheet: drawing, name, default dose, regions and id.

    For the clinic's binder, and for a clinician to review the drawings.

    Example: handouts catalogue --clinic clinics/nord.toml --out katalog.pdf
    """
    # deferred: the model, the renderer and the PDF writer load only when a command runs
    from handouts.limits import RENDER_SECONDS
    from handouts.model.library import load_library
    from handouts.pdf.writer import PdfWriter
    from handouts.render.contact_sheet import catalogue_html
    from handouts.workers import deadline

    if out.suffix.lower() != ".pdf":
        raise UsageError(f"--out {out}: give a file name ending in .pdf, e.g. --out katalog.pdf")
    profile = clinic_profile(clinic)
    library = load_library(content)
    for problem in library.problems:
        warn(str(problem))
    sheet = catalogue_html(library, profile)
    with deadline("the catalogue", sheet.render_seconds or RENDER_SECONDS):
        result = PdfWriter().write(sheet, out)
    for message in result.warnings:
        warn(message)
    typer.echo(str(result.path))
