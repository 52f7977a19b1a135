"""The command line: a thin Typer layer that parses options, calls the library and prints
paths and one-line errors. Every command is registered here, explicitly."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, NoReturn, ParamSpec

import typer

from handouts import __version__
from handouts.cli import batch, catalogue, check, commands, red_flags, serve
from handouts.errors import HandoutsError, one_line
from handouts.heap import collect_less

P = ParamSpec("P")

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


class _Ran:
    """Whether the command that ran may end without the interpreter's teardown (``main``)."""

    ends_at_once = False


def _reported(command: Callable[P, None], *, ends_at_once: bool = True) -> Callable[P, None]:
    """A user mistake inside a command is one ``error:`` line on stderr and its exit code.

    Done here rather than only in ``main`` so that Typer's own test runner sees exactly what a
    person sees (the tests drive the app in-process). ``ends_at_once``: the command starts no
    worker process or server, so the process may end as soon as it is done (``_end_now``).
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        _Ran.ends_at_once = ends_at_once
        try:
            command(*args, **kwargs)
        except HandoutsError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return run


app.command("list")(_reported(commands.list_command))
app.command("article")(_reported(commands.article))
app.command("programme")(_reported(commands.programme))
app.command("catalogue")(_reported(catalogue.catalogue))
app.command("batch")(_reported(batch.batch, ends_at_once=False))
app.command("check")(_reported(check.check_command))
app.command("red-flags")(_reported(red_flags.red_flags_command))
app.command("serve")(_reported(serve.serve, ends_at_once=False))


def main() -> None:
    """Entry point: user mistakes are one line on stderr and exit 1 (2 for usage); no traceback."""
    try:
        app()
    except HandoutsError as exc:
        typer.echo(f"error: {one_line(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


def run() -> None:
    """The ``handouts`` script: ``main`` in a process of its own, which collects garbage less often
    (handouts/heap.py) and ends at once after a command that starts no worker or server
    (``_end_now``). The tests call ``main``, in their own process."""
    collect_less()
    try:
        main()
    except SystemExit as done:  # how Typer ends every command
        if _Ran.ends_at_once:
            _end_now(done.code)
        raise


def _end_now(code: object) -> NoReturn:
    """End a finished command without the interpreter's teardown, which frees every object one by
    one (a tenth of an ``article``'s time). The output is flushed. Nothing else is left: files are
    only ever renamed into place when whole, a command closes its PdfWriter (and with it the
    writer's font folder) before it returns, and no worker or thread runs."""
    if isinstance(code, str):
        sys.stderr.write(f"{code}\n")
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`handouts list | head`)
            stream.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)
