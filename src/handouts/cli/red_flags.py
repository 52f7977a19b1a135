"""`handouts red-flags`: the review sheet of every red-flag set, for a clinician to read and sign."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.options import ClinicOption, ContentOption
from handouts.cli.sheet import write_sheet


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
    from handouts.render.review import review_sheet_html  # deferred: the renderer loads only when this runs

    write_sheet(
        out,
        clinic,
        content,
        html=review_sheet_html,
        name="the review sheet",
        not_a_pdf=f"--out: {out} must be a .pdf file, e.g. --out review.pdf",
    )
