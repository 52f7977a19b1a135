"""Loading a library: the built-in sets and exercises are parsed once per process; what a
library works out once per article (red-flag choice, HTML body) and reuses for every clinic's
handout of it, without growing for articles that are not its own."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

from handouts.model import built_in as built_in_module
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
    keys = [key for key in built_in_module._PARSED if key[0] == str(source.resolve())]
    assert len(keys) == 1  # replaced, not added


def test_a_result_is_made_once_per_kind_for_the_librarys_own_article():
    library = load_library()
    article = library.articles["ondt-i-laenden"]
    calls = []

    def make() -> list[str]:
        calls.append(1)
        return ["made"]

    first = library.per_article("test", article, make)
    assert library.per_article("test", article, make) is first
    assert library.per_article("other", article, make) is not first
    assert len(calls) == 2


def test_an_article_from_elsewhere_is_never_remembered():
    library = load_library()
    stranger = dataclasses.replace(library.articles["ondt-i-laenden"], body="Anden tekst.")
    calls = []
    for _ in range(3):
        library.per_article("test", stranger, lambda: calls.append(1))
    assert len(calls) == 3
    assert library._per_article == {}


def test_the_same_article_for_clinics_in_two_languages_speaks_the_articles_language(demo):
    """One handout, one language: a Danish article is Danish for an English clinic too, and its
    body is built once."""
    from handouts.build import render_article

    library = load_library()
    article = library.articles["ondt-i-laenden"]
    english = demo.model_copy(update={"language": "en"})
    danish_twice = [render_article(library, article, demo).html for _ in range(2)]
    in_english = render_article(library, article, english).html
    assert danish_twice[0] == danish_twice[1]
    assert "Sidst opdateret" in in_english and "Last updated" not in in_english
    assert {kind for kind, _ in library._per_article} == {"red_flags", "body da"}


def test_each_kind_is_read_when_first_used(monkeypatch):
    """An article's handout never reads the exercises; asking for every problem reads them all."""
    from handouts.build import render_article
    from handouts.model.clinic import demo_clinic

    read: list[int] = []
    read_exercises = library_module._read_exercises
    monkeypatch.setattr(library_module, "_read_exercises", lambda *args: read.append(1) or read_exercises(*args))
    library = load_library()
    assert "Ondt i lænden" in render_article(library, library.articles["ondt-i-laenden"], demo_clinic()).html
    assert read == []
    assert library.problems == []
    assert read == [1] and len(library.exercises) >= 128 and "bird-dog" in library.exercises
