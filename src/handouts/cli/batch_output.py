"""What a batch prints as it goes: a line per file, or a progress bar on a terminal; and the
summary line. Loaded only when ``handouts batch`` runs (it imports the batch)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from handouts.batch.run import BatchEvents, BatchReport
from handouts.cli.options import warn
from handouts.errors import one_line


class Lines(BatchEvents):
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


class Bar(Lines):
    """A terminal: a progress bar with counts and time left; errors and warnings print above it."""

    def __init__(self) -> None:
        super().__init__(quiet=False)
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def planned(self, to_build: int, unchanged: int) -> None:
        if not to_build:
            return
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
