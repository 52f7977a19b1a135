"""The user's cache folder: work a command would otherwise redo in every process (compiled
templates, the shipped content parsed), never anything of a patient's or a clinic's.

It lives where the platform keeps caches (``$XDG_CACHE_HOME/handouts`` or ``~/.cache/handouts``
on Linux), is readable by its owner only, and is optional: a folder that cannot be made, or
one that is not private to this user, is not used, and the command does the work again.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import platformdirs

PRIVATE = stat.S_IRWXU  # 0700: code is loaded from here, so nobody else may write to it


def cache_dir(part: str) -> Path | None:
    """``<user cache>/handouts/<part>``, made if need be; None when it cannot be made private."""
    folder = Path(platformdirs.user_cache_dir("handouts", appauthor=False))
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        for each in (folder, folder / part):
            with contextlib.suppress(FileExistsError):
                each.mkdir(mode=PRIVATE)
            if not _private(each):
                return None
    except OSError:
        return None
    return folder / part


def _private(folder: Path) -> bool:
    """A real folder (not a link) of this user's that only this user can read or write."""
    found = folder.lstat()
    if not stat.S_ISDIR(found.st_mode):
        return False
    if not hasattr(os, "getuid"):  # Windows: a user's own profile folder is private already
        return True
    if found.st_uid != os.getuid():
        return False
    if stat.S_IMODE(found.st_mode) != PRIVATE:
        os.chmod(folder, PRIVATE)  # one the user made by hand: ours, so made private
    return stat.S_IMODE(folder.lstat().st_mode) == PRIVATE
