"""`handouts catalogue`: the whole exercise catalogue as a contact sheet (PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.options import ClinicOption, ContentOption
from handouts.cli.sheet import write_sheet


def catalogue(
    clinic: ClinicOption = None,
    out: Annotated[Path, typer.Option("--out", help="The PDF file to write, e.g. katalog.pdf.")] = Path("katalog.pdf"),
    content: ContentOption = None,
) -> None:
    """Print every exercise as a contact sheet: drawing, name, default dose, regions and id.

    For the clinic's binder, and for a clinician to review the drawings.

    Example: handouts catalogue --clinic clinics/nord.toml --out katalog.pdf
    """
    from handouts.render.contact_sheet import catalogue_html  # deferred: the renderer loads only when this runs

    write_sheet(
        out,
        clinic,
        content,
        html=catalogue_html,
        name="the catalogue",
        not_a_pdf=f"--out {out}: give a file name ending in .pdf, e.g. --out katalog.pdf",
    )
