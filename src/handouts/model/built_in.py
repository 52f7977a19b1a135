"""The built-in content, parsed once: per process, and kept between processes in the user's
cache folder.

Every library (each CLI command, each test, the web app's reloads, each batch worker) starts
from the built-in articles, exercises, red-flag sets and their translations, and they are
frozen. Parsing their 160 files is a fifth of a second of every ``handouts programme``;
reading them back parsed is a fortieth. An entry is used only while its file has the size and
time it was parsed at, and a store only while the package's own code and the Python and
pydantic it runs on are the ones that wrote it, so a changed file or parser never reads what
the old one made. Only the shipped files (``seeds/``) are kept there, never anything of a
patient's or a clinic's. A store that cannot be read or written (no private cache folder, a
full disk, a broken file) only means parsing again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

import pydantic

from handouts.cache import cache_dir
from handouts.resources import seeds_dir

Parsed = TypeVar("Parsed")
Entry = tuple[int, int, object]  # the file's size and time when parsed, and what it parsed into

_PARSED: dict[tuple[str, str], Entry] = {}  # (file, how it was read) → entry
_LOCK = threading.Lock()
# One store per way of reading (articles, exercises, each language's red-flag sets, programme
# templates), so ``handouts article`` never reads the exercises back: the kinds restored in this
# process, and those it parsed something new of.
_state: dict[str, set[str]] = {"restored": set(), "new": set()}
_PACKAGE = Path(__file__).resolve().parent.parent  # src/handouts (or site-packages/handouts)


def parsed_once(path: Path, kind: str, parse: Callable[[], Parsed]) -> Parsed:
    """What ``parse()`` makes of the built-in file ``path`` read as ``kind``: kept from this
    process or an earlier one while the file is unchanged, else parsed now and kept."""
    found = _parsed(path, kind)
    if found is not None:
        return cast(Parsed, found)  # kept under this kind, so made by the same parse
    item = parse()
    _remember(path, kind, item)
    return item


def _parsed(path: Path, kind: str) -> object | None:
    """What ``path`` parsed into when read as ``kind``, while the file is unchanged."""
    if kind not in _state["restored"]:
        _restore(kind)
    entry = _PARSED.get((str(path), kind))
    if entry is None:
        return None
    found = path.stat()
    return entry[2] if entry[:2] == (found.st_size, found.st_mtime_ns) else None


def _remember(path: Path, kind: str, item: object) -> None:
    found = path.stat()
    with _LOCK:
        _PARSED[(str(path), kind)] = (found.st_size, found.st_mtime_ns, item)
        if path.is_relative_to(seeds_dir().resolve()):  # a shipped file: its kind's store is written again
            _state["new"].add(kind)


def keep() -> None:
    """Write each kind this process parsed something new of into its store."""
    with _LOCK:
        kinds, _state["new"] = _state["new"], set()
        folder = cache_dir("library") if kinds else None
        if folder is None:
            return
        shipped, code = seeds_dir().resolve(), _code_key()
        for kind in kinds:  # each with a shipped file parsed anew: its store is never emptied
            kept = {
                key: entry for key, entry in _PARSED.items() if key[1] == kind and Path(key[0]).is_relative_to(shipped)
            }
            try:
                data = pickle.dumps((code, kept), protocol=pickle.HIGHEST_PROTOCOL)
                _write(folder / _store_name(kind), data)
            except Exception:  # unpicklable or unwritable in any way: the next process parses again
                continue


def _write(store: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=store.parent, prefix=".built-in-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, store)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _restore(kind: str) -> None:
    with _LOCK:
        if kind in _state["restored"]:
            return
        _state["restored"].add(kind)
        store = _store(kind)
        if store is None:
            return
        try:  # the user's private cache folder (handouts.cache): nobody else can write it
            code, restored = pickle.loads(store.read_bytes())
        except Exception:  # none yet, or broken in any way: parsed again, never a failure
            return
        if code == _code_key() and isinstance(restored, dict):  # else written by other code: parsed again
            for key, entry in restored.items():
                _PARSED.setdefault(key, entry)


def _store(kind: str) -> Path | None:
    folder = cache_dir("library")
    return None if folder is None else folder / _store_name(kind)


def _store_name(kind: str) -> str:
    """One file per installed copy of the package and kind: a changed copy writes over its own
    (two checkouts or installs never take turns at one file, and edits never pile up files)."""
    where = hashlib.sha256(f"{_PACKAGE}|{kind}".encode()).hexdigest()[:16]
    return f"built-in-{where}.pickle"


@functools.cache
def _code_key() -> str:
    return code_key(_PACKAGE)  # once per process: the code a process runs does not change under it


def code_key(package: Path) -> str:
    """Changes with any file of the package's code, the Python version and the pydantic version."""
    digest = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}".encode())
    folders = [str(package)]
    while folders:  # os.scandir, not Path.rglob: this runs in every command's start-up
        with os.scandir(folders.pop()) as entries:
            for entry in sorted(entries, key=lambda entry: entry.name):
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    found = entry.stat()
                    digest.update(f"{entry.path}|{found.st_size}|{found.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]
