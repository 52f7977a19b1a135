"""The kinds of failure the tool reports to a person, and how they read."""

from __future__ import annotations

from pathlib import Path


class HandoutsError(Exception):
    """A user mistake or bad input: shown as one clean line, never a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(HandoutsError):
    """Bad content in a file a person edits: names the file, the field and what to do."""

    def __init__(self, source: str | Path | None, field: str | None, problem: str) -> None:
        self.source = str(source) if source is not None else None
        self.field = field
        self.problem = problem
        parts = [p for p in (self.source, field, problem) if p]
        super().__init__(": ".join(parts))


class UnusablePage(InputError):
    """A CMS page in exercises/ that cannot be a catalogue entry: skipped with a warning (in
    `list` and `check` alike) naming the file and why; the rest of the catalogue still loads."""


class UsageError(HandoutsError):
    """The command line itself is wrong (exit code 2, like Typer's own usage errors)."""

    exit_code = 2


def display_path(path: Path) -> str:
    """A path as a person typed it: relative to the working folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
