"""The built-in red-flag sets: complete, cited, and the same in Danish and English.

Content only: the files in seeds/red-flags/ are read as the format in seeds/red-flags/README.md
describes them, without the loader, so these checks hold whatever the loader looks like.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import frontmatter
import pytest

FOLDER = Path(__file__).resolve().parent.parent / "seeds" / "red-flags"
REGIONS = {"ryg", "nakke", "skulder", "hofte", "knae", "fod", "hoved", "brystkasse", "baekken"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SIGN = re.compile(r"^- \*\*[^*]+\*\*\S*\s+\S")  # "- **Short sign**, plain words."
KEYWORD = re.compile(r"^[=-]?[^\W\d_]+$")  # a lowercase stem, "-stem" or "=word"


def set_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md" and not p.name.startswith((".", "_")))


DANISH = set_files(FOLDER)
ENGLISH = set_files(FOLDER / "en")


def load(path: Path) -> frontmatter.Post:
    return frontmatter.load(path)


def signs(post: frontmatter.Post) -> list[str]:
    return [line for line in post.content.splitlines() if line.strip()]


def test_the_expected_sets_exist():
    assert {p.stem for p in DANISH} >= {
        "ryg-og-iskias",
        "nakke",
        "skulder-og-arm",
        "hofte-knae-og-ben",
        "fod-og-ankel",
        "hoved",
        "brystkasse-hjerte-og-lunger",
        "graviditet-og-baekken",
        "generelt",
    }


@pytest.mark.parametrize("path", DANISH + ENGLISH, ids=lambda p: str(p.relative_to(FOLDER)))
def test_a_set_is_complete(path):
    post = load(path)
    assert post.get("slug") == path.stem and SLUG.match(path.stem)
    title = post.get("title")
    assert isinstance(title, str) and title.strip(), "title is the box heading"
    assert isinstance(post.get("summary"), str) and post["summary"].strip()
    assert isinstance(post.get("reviewed"), dt.date), "reviewed: an ISO date"
    sources = post.get("sources")
    assert isinstance(sources, list) and len(sources) >= 2, "at least two official sources"
    for source in sources:
        assert isinstance(source, str) and re.match(r"^[^:]+: \S", source), source
        url = re.search(r"\((https?://[^)]*)\)$", source)
        assert url is None or url.group(1).startswith("https://"), source
    assert isinstance(post.get("regions"), list) and set(post["regions"]) <= REGIONS
    assert isinstance(post.get("default"), bool)
    if "action" in post.metadata:
        assert isinstance(post["action"], str) and post["action"].strip()
    lines = signs(post)
    assert 4 <= len(lines) <= 8, f"{len(lines)} signs; keep 4–8"
    for line in lines:
        assert SIGN.match(line), f"not a '- **sign** words' item: {line}"


@pytest.mark.parametrize("path", DANISH, ids=lambda p: p.name)
def test_every_danish_set_has_an_english_twin(path):
    twin = FOLDER / "en" / path.name
    assert twin.is_file(), f"missing en/{path.name}"
    da, en = load(path), load(twin)
    assert len(signs(da)) == len(signs(en))
    for key in ("slug", "regions", "default"):
        assert da.get(key) == en.get(key), key
    assert ("action" in da.metadata) == ("action" in en.metadata)
    assert da["title"] != en["title"], "the English title is translated"


def test_no_english_set_without_a_danish_one():
    assert {p.name for p in ENGLISH} <= {p.name for p in DANISH}


def test_exactly_one_default_and_it_is_the_general_set():
    defaults = [p.stem for p in DANISH if load(p).get("default") is True]
    assert defaults == ["generelt"]
    assert load(FOLDER / "generelt.md").get("regions") == []


def test_each_region_belongs_to_exactly_one_set():
    owners: dict[str, list[str]] = {}
    for path in DANISH:
        for region in load(path)["regions"]:
            owners.setdefault(region, []).append(path.stem)
    assert {r: o for r, o in owners.items() if len(o) != 1} == {}
    assert set(owners) == REGIONS


@pytest.mark.parametrize("path", DANISH, ids=lambda p: p.name)
def test_keywords_are_well_formed(path):
    post = load(path)
    keywords = post.get("keywords")
    if post["default"]:
        assert not keywords, "the default set is the fallback and is never matched"
        return
    assert isinstance(keywords, dict) and set(keywords) <= {"strong", "weak", "exclude"}
    assert keywords.get("strong"), "a set needs strong keywords to be matched"
    for kind, values in keywords.items():
        assert isinstance(values, list)
        for value in values:
            assert isinstance(value, str) and value == value.lower() and KEYWORD.match(value), f"{kind}: {value!r}"
        assert len(values) == len(set(values)), f"{kind} lists a keyword twice"
