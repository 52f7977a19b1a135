"""A sheet of the whole library in one PDF (the exercise catalogue, the red-flag review): how
every such command loads, renders and reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from handouts.cli.options import clinic_profile, warn
from handouts.errors import UsageError

if TYPE_CHECKING:
    from handouts.model.clinic import Clinic
    from handouts.model.library import Library
    from handouts.render.document import RenderedHTML


def write_sheet(
    out: Path,
    clinic: Path | None,
    content: Path | None,
    *,
    html: Callable[[Library, Clinic], RenderedHTML],
    name: str,
    not_a_pdf: str,
) -> None:
    """Render ``html`` of the library for the clinic to ``out`` and print its path; every file
    that could not be read is a warning. ``name`` is the sheet in the time-limit message,
    ``not_a_pdf`` the usage error for an ``--out`` that is not a .pdf file."""
    # deferred: the model and the PDF writer load only when a command runs
    from handouts.limits import RENDER_SECONDS
    from handouts.model.library import load_library
    from handouts.pdf.writer import PdfWriter
    from handouts.workers import deadline

    if out.suffix.lower() != ".pdf":
        raise UsageError(not_a_pdf)
    profile = clinic_profile(clinic)
    library = load_library(content)
    for problem in library.problems:
        warn(str(problem))
    sheet = html(library, profile)
    # a clinic's own content: bounded like any render; a big catalogue says how long it may take
    with PdfWriter() as writer, deadline(name, sheet.render_seconds or RENDER_SECONDS):
        result = writer.write(sheet, out)
    for message in result.warnings:
        warn(message)
    typer.echo(str(result.path))
