"""The built-in content parsed once and kept between processes in the user's cache folder: a
second process reads it parsed, only shipped files are kept, and a store that is broken, made by
other code or impossible to write only means parsing again."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from handouts.model import built_in as built_in_module
from handouts.model import library as library_module
from handouts.model.library import load_library
from handouts.resources import seeds_dir


@pytest.fixture
def new_process(tmp_path, monkeypatch):
    """A process that has parsed nothing yet, with a cache folder of its own; calling the
    fixture's value starts another such process (same cache folder)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def start() -> None:
        monkeypatch.setattr(built_in_module, "_PARSED", {})
        monkeypatch.setattr(built_in_module, "_state", {"restored": set(), "new": set()})

    start()
    return start


EXERCISES = ("bird-dog.md", "kat-ko.md", "aaben-bog.md")


@pytest.fixture(autouse=True)
def shipped(tmp_path, monkeypatch):
    """The shipped content with four of its exercises, copied where a test may change it."""
    copy = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), copy, ignore=shutil.ignore_patterns("__pycache__", "exercises"))
    (copy / "exercises").mkdir()
    for name in EXERCISES:
        shutil.copy2(seeds_dir() / "exercises" / name, copy / "exercises" / name)
    monkeypatch.setattr(library_module, "seeds_dir", lambda: copy)
    monkeypatch.setattr(built_in_module, "seeds_dir", lambda: copy)
    return copy.resolve()


@pytest.fixture
def files_read(monkeypatch):
    read: list[str] = []
    read_source = library_module.read_source
    monkeypatch.setattr(library_module, "read_source", lambda path: read.append(path.name) or read_source(path))
    return read


def stores(tmp_path):
    return sorted((tmp_path / "cache" / "handouts" / "library").glob("built-in-*.pickle"))


def test_a_second_process_reads_the_built_in_content_parsed(new_process, files_read, tmp_path):
    first = load_library()
    assert len(first.exercises) == len(EXERCISES) and first.red_flags and first.programmes and first.articles
    assert len(files_read) >= len(EXERCISES)
    assert len(stores(tmp_path)) == 5  # articles, exercises, red-flag sets, their translations, templates
    assert all(store.stat().st_mode & 0o077 == 0 for store in stores(tmp_path))  # in the private folder

    new_process()
    files_read.clear()
    second = load_library()
    assert second.exercises == first.exercises
    assert second.red_flags == first.red_flags and second.translations == first.translations
    assert second.programmes == first.programmes and second.articles == first.articles
    assert files_read == []


def test_an_article_reads_back_only_what_it_uses(new_process):
    assert load_library().exercises
    new_process()
    library = load_library()
    assert library.articles and library.red_flags
    assert {kind.split(":")[0] for _, kind in built_in_module._PARSED} == {
        "article_from_source",
        "red_flags_from_source",
    }


def test_only_shipped_files_are_kept(new_process, shipped, tmp_path):
    content = tmp_path / "clinic"
    (content / "exercises").mkdir(parents=True)
    own = (shipped / "exercises" / "bird-dog.md").read_text("utf-8").replace("slug: bird-dog", "slug: vores-oevelse")
    own = own.replace("name: Bird-dog", "name: Vores").replace("\nid: 3\n", "\n")
    (content / "exercises" / "vores-oevelse.md").write_text(own, "utf-8")
    (content / "artikel.md").write_text("---\ntitle: Klinikkens egen\n---\nTekst.\n", "utf-8")
    library = load_library(content)
    assert "vores-oevelse" in library.exercises and [a.title for a in library.articles.values()] == ["Klinikkens egen"]
    kept = [path for store in stores(tmp_path) for path, _ in pickle.loads(store.read_bytes())[1]]
    assert len(kept) >= len(EXERCISES) and all(Path(path).is_relative_to(shipped) for path in kept)


def test_a_changed_shipped_file_is_parsed_again_in_the_next_process(new_process, shipped, files_read):
    assert load_library().exercises["bird-dog"].name == "Bird-dog"
    source = shipped / "exercises" / "bird-dog.md"
    source.write_text(source.read_text("utf-8").replace("name: Bird-dog", "name: Fuglehund"), "utf-8")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    new_process()
    files_read.clear()
    assert load_library().exercises["bird-dog"].name == "Fuglehund"
    assert files_read == ["bird-dog.md"]


@pytest.mark.parametrize(
    "broken", [b"", b"not a pickle", pickle.dumps(["a list"]), pickle.dumps(("code", ["a list"])), pickle.dumps(1)[:-1]]
)
def test_a_broken_store_means_parsing_again_and_a_good_one_replaces_it(new_process, files_read, tmp_path, broken):
    assert load_library().exercises
    for store in stores(tmp_path):
        store.write_bytes(broken)
    new_process()
    files_read.clear()
    assert "bird-dog" in load_library().exercises
    assert len(files_read) >= len(EXERCISES)
    assert all(pickle.loads(store.read_bytes())[1] for store in stores(tmp_path))  # written again, whole


def test_a_store_written_by_other_code_is_not_read_and_is_written_over(new_process, files_read, tmp_path, monkeypatch):
    assert load_library().exercises
    old = stores(tmp_path)
    new_process()
    files_read.clear()
    monkeypatch.setattr(built_in_module, "_code_key", lambda: "changed-parser")
    assert "bird-dog" in load_library().exercises
    assert len(files_read) >= len(EXERCISES)
    assert stores(tmp_path) == old  # the same files, now the changed code's
    assert {pickle.loads(store.read_bytes())[0] for store in stores(tmp_path)} == {"changed-parser"}


def test_two_installed_copies_keep_stores_of_their_own(new_process, tmp_path, monkeypatch):
    assert load_library().exercises
    first = stores(tmp_path)
    new_process()
    monkeypatch.setattr(built_in_module, "_PACKAGE", tmp_path / "another" / "handouts")
    monkeypatch.setattr(built_in_module, "_code_key", lambda: "another copy's code")
    assert load_library().exercises
    assert len(stores(tmp_path)) == 2 * len(first) and all(store.exists() for store in first)


def test_without_a_private_cache_folder_the_content_is_parsed_and_nothing_written(
    new_process, files_read, tmp_path, monkeypatch
):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert "bird-dog" in load_library().exercises
    assert len(files_read) >= len(EXERCISES)
    assert blocked.read_text() == "a file, not a folder"


def test_the_code_key_changes_with_the_packages_code(tmp_path, monkeypatch):
    package = tmp_path / "handouts"
    (package / "model").mkdir(parents=True)
    (package / "model" / "content.py").write_text("PARSER = 1\n")
    key = built_in_module.code_key(package)
    assert key == built_in_module.code_key(package)
    (package / "model" / "content.py").write_text("PARSER = 22\n")
    assert built_in_module.code_key(package) != key


def test_a_process_that_parsed_only_other_files_leaves_the_stores_as_they_were(new_process, tmp_path, monkeypatch):
    assert load_library().articles  # no store of exercises yet
    before = {store.name: store.read_bytes() for store in stores(tmp_path)}
    new_process()
    elsewhere = tmp_path / "elsewhere"  # another built-in folder, e.g. a test's copy
    shutil.copytree(seeds_dir(), elsewhere, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(library_module, "seeds_dir", lambda: elsewhere)
    assert load_library().exercises
    assert {store.name: store.read_bytes() for store in stores(tmp_path)} == before


def test_content_that_cannot_be_kept_is_still_read(new_process, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise TypeError("cannot pickle this")

    monkeypatch.setattr(built_in_module.pickle, "dumps", refuse)
    assert "bird-dog" in load_library().exercises
    assert stores(tmp_path) == []
