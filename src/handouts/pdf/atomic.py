"""Atomic file writes: a hidden temporary file beside the target, then a rename.

Every file the tool writes (PDFs, the batch manifest, index pages, saved programmes) goes
through here, so an interrupted run never leaves a half-written file under its real name.
The temporary file is ``.handouts-<pid>-<random>.part``: only the tool makes such names, so
only those are ever deleted, and only once the process that wrote one is gone (a killed
``programme`` leaves its copy for the next write into that folder to remove). While written
it is readable by its owner only; the finished file gets the mode of the file it replaces,
or what the umask allows for a new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path

from handouts.errors import HandoutsError, display_path
from handouts.limits import NEW_FILE_MODE
from handouts.processes import running

PART_PREFIX = ".handouts-"
PART_SUFFIX = ".part"
PART_GLOB = f"{PART_PREFIX}*{PART_SUFFIX}"
# mkstemp's random part is 8 characters of [a-z0-9_]; the pid says whose file it is.
_PART_NAME = re.compile(rf"^{re.escape(PART_PREFIX)}(\d+)-[a-z0-9_]{{8}}{re.escape(PART_SUFFIX)}$")
_swept: set[Path] = set()  # folders this process has already cleared of leftovers


def write_atomically(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``target`` all at once; ``durable`` also waits for the disk (fsync)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _sweep_once(target.parent)
        fd, tmp = tempfile.mkstemp(prefix=f"{PART_PREFIX}{os.getpid()}-", suffix=PART_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise write_error(target.parent, exc) from None
    try:
        mode = _mode_for(target)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            # The copy stays owner-only (mkstemp's 0600) until it has its real name, so one a
            # crash leaves behind is never readable by others; then it gets the target's mode.
            os.replace(tmp, target)
            os.fchmod(handle.fileno(), mode)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(target, exc) from None
        raise


def _mode_for(target: Path) -> int:
    """The replaced file's mode; for a new file what the umask allows (0644 under umask 022,
    0600 under umask 077), as for any file a program creates."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return NEW_FILE_MODE & ~current_umask()


def current_umask() -> int:
    """This process's umask, read without changing it (Linux), else by setting it back at once."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text("ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def is_part_file(path: Path) -> bool:
    """A temporary file this tool made (and no file of the user's that merely ends in .part)."""
    return _PART_NAME.match(path.name) is not None


def remove_leftovers(paths: list[Path]) -> int:
    """Delete those of ``paths`` that are the tool's temporary files whose writer is gone."""
    removed = 0
    for path in paths:
        match = _PART_NAME.match(path.name)
        if match is None or _writer_alive(int(match.group(1)), path):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def _sweep_once(folder: Path) -> None:
    key = folder.resolve()
    if key in _swept:
        return
    _swept.add(key)
    with contextlib.suppress(OSError):
        remove_leftovers(list(folder.glob(PART_GLOB)))


def _writer_alive(pid: int, path: Path) -> bool:
    """Whether the process that wrote ``path`` may still be writing it. A pid that is gone, a
    zombie, or a process started after the file was last written (the pid was reused) is not;
    another user's process is left alone."""
    if pid == os.getpid():
        return True
    writer = running(pid, others="alive")
    if writer is None:
        return False
    started = writer.started_at()
    try:
        return started is None or started <= path.stat().st_mtime + 1
    except OSError:
        return True


def write_error(path: Path, exc: OSError) -> HandoutsError:
    """One line naming the file and what to do, for every way a write can fail."""
    name = display_path(path)
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return HandoutsError(f"{name}: cannot be written, the disk is full; free some space and run the command again")
    if exc.errno == errno.ENAMETOOLONG:
        return HandoutsError(
            f"{name}: cannot be written, a name in it is too long; choose a shorter --out folder or slug"
        )
    if exc.errno == errno.EROFS:
        return HandoutsError(f"{name}: cannot be written, the file system is read-only; choose another --out folder")
    if exc.errno == errno.EISDIR or (_is_dir(path) and exc.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.EACCES)):
        return HandoutsError(f"{name}: is a folder; give a file name that is not taken, or another --out")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return HandoutsError(f"{name}: cannot be written, permission denied; choose another --out folder")
    return HandoutsError(f"{name}: cannot be written ({exc.strerror or exc}); choose another --out folder")


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long, a NUL: not a folder we can see
        return False


def write_text_atomically(target: Path, text: str) -> None:
    write_atomically(target, text.encode("utf-8"), durable=False)
