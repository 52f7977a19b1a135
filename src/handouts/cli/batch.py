"""`handouts batch`: options in, progress and one summary line out; the work is in ``batch``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handouts.batch.run import BatchEvents, BatchInterrupted, BatchOptions, BatchReport, run_batch
from handouts.cli.options import ClinicsOption, ContentOption, warn
from handouts.errors import one_line
from handouts.resources import DEFAULT_OUTPUT

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class _Lines(BatchEvents):
    """Not a terminal (a log, a pipe, CI): one line per built file, errors on stderr."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def built(self, path: Path) -> None:
        if not self.quiet:
            typer.echo(str(path))

    def failed(self, message: str, detail: str = "") -> None:
        typer.echo(f"error: {one_line(message)}", err=True)
        if detail:
            typer.echo(detail.rstrip(), err=True)

    def warning(self, message: str) -> None:
        if not self.quiet:
            warn(message)


class _Bar(_Lines):
    """A terminal: a progress bar with counts and time left; errors and warnings print above it."""

    def __init__(self) -> None:
        super().__init__(quiet=False)
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def planned(self, to_build: int, unchanged: int) -> None:
        if not to_build:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("building"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("· time left"),
            TimeRemainingColumn(),
            transient=True,
        )
        self.task = self.progress.add_task("building", total=to_build)
        self.progress.start()

    def built(self, path: Path) -> None:
        self._advance()

    def failed(self, message: str, detail: str = "") -> None:
        super().failed(message, detail)
        self._advance()

    def _advance(self) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def summary(report: BatchReport) -> str:
    return f"built {len(report.built)}, unchanged {report.unchanged}, failed {report.failed} in {report.seconds:.1f} s"


def batch(
    clinics: ClinicsOption = None,
    articles: Annotated[
        list[str] | None,
        typer.Option(
            "--articles",
            metavar="SLUG",
            help="Only this article (any unique prefix); repeat for more. Default: every article.",
            show_default=False,
        ),
    ] = None,
    programmes: Annotated[bool, typer.Option("--programmes", help="Also every programme template.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", metavar="N", min=1, help="Worker processes. Default: one per CPU.", show_default=False
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Output folder; PDFs go to OUT/<clinic>/, with an index.html each.")
    ] = DEFAULT_OUTPUT,
    force: Annotated[bool, typer.Option("--force", help="Rebuild every handout, changed or not.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the summary line.")] = False,
    content: ContentOption = None,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Also a large-print copy of each article (<slug>-storskrift.pdf).")
    ] = False,
) -> None:
    """Build every clinic × every handout in parallel; only what changed since the last run.

    Writes OUT/<clinic>/<article>.pdf and OUT/<clinic>/index.html, and records what each PDF
    was made from in OUT/.handouts-manifest.json. Ends with one line: built, unchanged,
    failed. Exit code 1 if anything failed; the rest is still built.

    Example: handouts batch --clinics clinics/ --jobs 2
    """
    interactive = sys.stdout.isatty() and not quiet
    events = _Bar() if interactive else _Lines(quiet)
    options = BatchOptions(
        clinics=clinics,
        articles=articles,
        programmes=programmes,
        jobs=jobs,
        out_dir=out,
        force=force,
        content=content,
        large_print=large_print,
    )
    try:
        report = run_batch(options, events)
    except BatchInterrupted as exc:
        if isinstance(events, _Bar):
            events.stop()
        if exc.report is not None:
            typer.echo(summary(exc.report))
        raise
    finally:
        if isinstance(events, _Bar):
            events.stop()
    typer.echo(summary(report))
    if report.failed:
        raise typer.Exit(1)
