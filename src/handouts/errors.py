"""The kinds of failure the tool reports to a person, and how they read."""

from __future__ import annotations

import functools
import os
from pathlib import Path


class HandoutsError(Exception):
    """A user mistake or bad input: shown as one clean line, never a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        message = one_line(message)
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
        return str(path.resolve().relative_to(_working_folder(os.getcwd())))
    except ValueError:
        return str(path)


@functools.lru_cache(maxsize=4)
def _working_folder(cwd: str) -> Path:
    """The working folder with its links resolved: once per folder, not once per file named."""
    return Path(cwd).resolve()


# Line breaks, escapes and direction overrides, e.g. from a file name: never printed raw, so a
# name like "x\nerror: …" cannot forge a second line or reorder one.
_UNPRINTABLE = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_UNPRINTABLE |= {c: f"\\u{c:04x}" for c in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def one_line(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x0a`` for a newline)."""
    return text.translate(_UNPRINTABLE)
