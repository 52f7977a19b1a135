"""Loading a library: the built-in sets and exercises are parsed once per process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from handouts.model import library as library_module
from handouts.model.library import load_library
from handouts.resources import seeds_dir


def article(folder: Path) -> Path:
    (folder / "a.md").write_text("---\ntitle: Knæ\n---\nKnæet gør ondt.\n", "utf-8")
    return folder


def test_built_in_items_are_shared_and_a_folders_own_are_not(tmp_path):
    first, second = load_library(article(tmp_path)), load_library(tmp_path)
    assert first.exercises["bird-dog"] is second.exercises["bird-dog"]
    assert first.red_flags["ryg-og-iskias"] is second.red_flags["ryg-og-iskias"]
    assert first.translations["en"]["ryg-og-iskias"] is second.translations["en"]["ryg-og-iskias"]
    assert first.translations["en"]["ryg-og-iskias"] != first.red_flags["ryg-og-iskias"]  # read as English
    assert first.articles["a"] is not second.articles["a"]  # the clinic's own text: read every time


def test_a_changed_built_in_file_is_read_again(tmp_path, monkeypatch):
    built_in = tmp_path / "built-in"
    shutil.copytree(seeds_dir() / "exercises", built_in / "exercises")
    monkeypatch.setattr(library_module, "seeds_dir", lambda: built_in)
    content = tmp_path / "content"
    content.mkdir()
    article(content)
    assert load_library(content).exercises["bird-dog"].name == "Bird-dog"

    source = built_in / "exercises" / "bird-dog.md"
    source.write_text(source.read_text("utf-8").replace("name: Bird-dog", "name: Fuglehund"), "utf-8")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_library(content).exercises["bird-dog"].name == "Fuglehund"
    keys = [key for key in library_module._BUILT_IN if key[0] == str(source.resolve())]
    assert len(keys) == 1  # replaced, not added
