"""Loading a library: the built-in programme templates, like the built-in sets and exercises
(tests/model/test_library.py), are parsed once per process and read again when a file changes;
a content folder's own templates are read every time."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from handouts.model import built_in as built_in_module
from handouts.model import library as library_module
from handouts.model.library import load_library
from handouts.resources import seeds_dir


def own_template(folder: Path) -> Path:
    (folder / "programmes").mkdir(parents=True)
    (folder / "programmes" / "egen.toml").write_text('title = "Egen"\nexercises = ["bird-dog"]\n', "utf-8")
    return folder


def test_built_in_templates_are_shared_and_a_folders_own_are_not(tmp_path):
    first, second = load_library(own_template(tmp_path)), load_library(tmp_path)
    assert first.programmes["laend-basis"] is second.programmes["laend-basis"]
    assert first.programmes["egen"] is not second.programmes["egen"]
    assert first.programmes["egen"] == second.programmes["egen"]


def test_a_changed_built_in_template_is_read_again(tmp_path, monkeypatch):
    built_in = tmp_path / "built-in"
    shutil.copytree(seeds_dir() / "programmes", built_in / "programmes")
    monkeypatch.setattr(library_module, "seeds_dir", lambda: built_in)
    content = own_template(tmp_path / "content")
    title = load_library(content).programmes["laend-basis"].title

    source = built_in / "programmes" / "laend-basis.toml"
    source.write_text(source.read_text("utf-8").replace(title, "Lænden, kort"), "utf-8")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_library(content).programmes["laend-basis"].title == "Lænden, kort"
    assert [key for key in built_in_module._PARSED if key[0] == str(source)] == [(str(source), "programme template")]
