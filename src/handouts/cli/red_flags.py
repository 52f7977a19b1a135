"""`handouts red-flags`: the review sheet of every red-flag set, for a clinician to read and sign."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.options import ClinicOption, ContentOption, clinic_profile, warn
from handouts.errors import UsageError


def red_flags_command(
    out: Annotated[
        Path, typer.Option("--out", help="The review sheet's PDF file, e.g. review.pdf.", show_default=False)
    ] = Path("red-flags-review.pdf"),
    clinic: ClinicOption = None,
    content: ContentOption = None,
) -> None:
    """Write the red-flag review sheet: every set in Danish and English side by side, each sign's
    level and source, the keywords, and a line to sign and date.

    Example: handouts red-flags --out review.pdf --content mine/ --clinic clinics/nord.toml
    """
    # deferred: the model, the renderer and the PDF writer load only when a command runs
    from handouts.model.library import load_library
    from handouts.pdf.writer import PdfWriter
    from handouts.render.review import review_sheet_html
    from handouts.workers import deadline

    if out.suffix.lower() != ".pdf":
        raise UsageError(f"--out: {out} must be a .pdf file, e.g. --out review.pdf")
    profile = clinic_profile(clinic)
    library = load_library(content)
    for problem in library.problems:
        warn(str(problem))
    with deadline("the review sheet"):  # a clinic's own sets are content: bounded like any render
        result = PdfWriter().write(review_sheet_html(library, profile), out)
    for message in result.warnings:
        warn(message)
    typer.echo(str(result.path))
