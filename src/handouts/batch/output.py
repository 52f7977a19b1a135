"""The batch's output folder: one batch at a time (a lock), and no partial files left in it."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from handouts.errors import HandoutsError
from handouts.pdf.atomic import PART_GLOB, remove_leftovers

LOCK_NAME = ".handouts-batch.lock"


def remove_partial_files(out_dir: Path) -> int:
    """Delete the temporary files a killed writer left behind (ours only: ``atomic.PART_GLOB``
    names, whose writer is gone; never a file of the user's that merely ends in ``.part``)."""
    if not out_dir.is_dir():
        return 0
    return remove_leftovers(list(out_dir.rglob(PART_GLOB)))


@contextlib.contextmanager
def exclusive(out_dir: Path) -> Iterator[None]:
    """Hold a lock on the output folder: two batches must not delete each other's partial files."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir / LOCK_NAME, "a+b")  # noqa: SIM115 - held for the whole run
    except OSError as exc:
        raise HandoutsError(
            f"{out_dir}: cannot write here ({exc.strerror or exc}); choose another --out folder"
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise HandoutsError(
                f"{out_dir}: another `handouts batch` is writing here; wait for it or choose another --out folder"
            ) from None
        yield
    finally:
        handle.close()
