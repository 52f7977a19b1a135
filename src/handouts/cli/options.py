"""Option types and helpers shared by every command: one definition, one help text."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handouts.errors import one_line

if TYPE_CHECKING:
    from handouts.model.clinic import Clinic

ContentOption = Annotated[
    Path | None,
    typer.Option(
        "--content",
        help="Folder of the clinic's own articles (default: the built-in seeds; env HANDOUTS_CONTENT).",
        envvar="HANDOUTS_CONTENT",
        show_default=False,
    ),
]
ClinicOption = Annotated[
    Path | None,
    typer.Option("--clinic", help="Clinic profile (.toml). Default: the built-in demo clinic.", show_default=False),
]
OutOption = Annotated[Path, typer.Option("--out", help="Output folder; PDFs go to OUT/<clinic>/.")]
ClinicsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--clinics",
        metavar="PATH",
        help="Clinic profile or folder of profiles; repeat for more. Default: the demo clinic and clinics/*.toml.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
LargePrintOption = Annotated[bool, typer.Option("--large-print", help="Large print: body text 17 pt.")]


def warn(message: str) -> None:
    typer.echo(f"warning: {one_line(message)}", err=True)


def clinic_profile(path: Path | None) -> Clinic:
    """The profile named by ``--clinic``, else the built-in demo clinic."""
    from handouts.model.clinic import demo_clinic, load_clinic  # deferred: pydantic only when a command runs

    return load_clinic(path) if path else demo_clinic()
