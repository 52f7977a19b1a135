"""The command line: a thin Typer layer that parses options, calls the library and prints
paths and one-line errors. Every command is registered here, explicitly."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from handouts import __version__
from handouts.cli import batch, check, commands, serve
from handouts.errors import HandoutsError

app = typer.Typer(
    name="handouts",
    help="Branded, printable A4 patient handouts (PDF) from physiotherapy articles and exercise programmes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"handouts {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """Turn physiotherapy articles and exercise programmes into branded A4 patient handouts."""


app.command("list")(commands.list_command)
app.command("article")(commands.article)
app.command("programme")(commands.programme)
app.command("batch")(batch.batch)
app.command("check")(check.check_command)
app.command("serve")(serve.serve)


def main() -> None:
    """Entry point: user mistakes are one line on stderr and exit 1 (2 for usage); no traceback."""
    try:
        app()
    except HandoutsError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
