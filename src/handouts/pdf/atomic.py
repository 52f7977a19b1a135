"""Atomic file writes: a hidden ``.NAME.*.part`` file beside the target, then a rename.

Every file the tool writes (PDFs, the batch manifest, index pages, saved programmes) goes
through here, so an interrupted run never leaves a half-written file under its real name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from handouts.errors import HandoutsError, display_path

PART_SUFFIX = ".part"


def write_atomically(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``target`` all at once; ``durable`` also waits for the disk (fsync)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise write_error(target.parent, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(target, exc) from None
        raise


def write_error(path: Path, exc: OSError) -> HandoutsError:
    """One line naming the file and what to do, for every way a write can fail."""
    name = display_path(path)
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return HandoutsError(f"{name}: cannot be written, the disk is full; free some space and run the command again")
    if exc.errno == errno.EISDIR or (path.is_dir() and exc.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.EACCES)):
        return HandoutsError(f"{name}: is a folder; give a file name that is not taken, or another --out")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return HandoutsError(f"{name}: cannot be written, permission denied; choose another --out folder")
    return HandoutsError(f"{name}: cannot be written ({exc.strerror or exc}); choose another --out folder")


def write_text_atomically(target: Path, text: str) -> None:
    write_atomically(target, text.encode("utf-8"), durable=False)
