"""Atomic file writes: a hidden ``.NAME.*.part`` file beside the target, then a rename.

Every file the tool writes (PDFs, the batch manifest, index pages, saved programmes) goes
through here, so an interrupted run never leaves a half-written file under its real name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from handouts.errors import HandoutsError

PART_SUFFIX = ".part"


def write_atomically(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``target`` all at once; ``durable`` also waits for the disk (fsync)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise HandoutsError(f"{target.parent}: cannot write here ({exc.strerror or exc}); choose another --out folder") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text_atomically(target: Path, text: str) -> None:
    write_atomically(target, text.encode("utf-8"), durable=False)
