"""The exercise catalogue (seeds/exercises/*.md) and its SVG illustrations."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import frontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from conftest import ROOT
from handouts.render.figures import (
    BASES,
    Illustration,
    illustration_svg,
    parse_illustration,
    placeholder_svg,
    render_svg,
)

EXERCISES = sorted((ROOT / "seeds" / "exercises").glob("*.md"))
SVG_NS = "{http://www.w3.org/2000/svg}"
KEYS = {"slug", "name", "category", "dose", "stop", "sources", "summary", "illustration"}
CATEGORIES = {"stræk", "styrke", "nerveglidning", "mobilitet"}
ARTICLES = {
    "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening",
    "iskiasnerve-i-klemme",
    "nervetryk-i-laenden",
    "ondt-i-laenden",
    "7-facts-om-ondt-i-balden-og-benet-er-det-iskias",
}
REQUIRED = {
    "knae-til-bryst", "piriformisstraek", "baekkenloeft", "bird-dog", "siddende-nerveglidning",
    "liggende-nerveglidning", "kat-ko", "baekkenkip",
}
DOSE = re.compile(r"^[1-9]\d*x[1-9]\d*s?(/side)?(@(daily|[1-9]\d*/day|[1-9]\d*/week))?$")
SIMPLE = {"start": {"base": "lying_back"}, "end": {"base": "lying_back", "torso": 200}}


def _svg_root(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    return root


def _check_svg(svg: str) -> ET.Element:
    root = _svg_root(svg)
    parts = root.get("viewBox", "").split()
    assert len(parts) == 4, "the SVG needs a viewBox"
    w, h = float(parts[2]), float(parts[3])
    assert 2.0 <= w / h <= 2.4
    assert root.get("width") is None and root.get("height") is None  # scales to its box
    assert "<script" not in svg and "href" not in svg and "url(" not in svg
    fonts = {el.get("font-family") for el in root.iter() if el.get("font-family")}
    assert fonts <= {"Atkinson Hyperlegible, sans-serif"}
    return root


def test_catalogue_has_the_required_exercises():
    assert {p.stem for p in EXERCISES} >= REQUIRED


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_exercise_file(path: Path):
    post = frontmatter.load(path)
    meta = post.metadata
    assert set(meta) >= KEYS, f"missing: {KEYS - set(meta)}"
    assert meta["slug"] == path.stem
    assert meta["category"] in CATEGORIES
    assert DOSE.match(meta["dose"]), meta["dose"]
    assert meta["sources"] and set(meta["sources"]) <= ARTICLES
    for key in ("name", "stop", "summary"):
        assert isinstance(meta[key], str) and meta[key].strip()
    assert meta["stop"].startswith("Stop")
    # the body is an ordered list of 3–6 steps and nothing else
    lines = [line for line in post.content.strip().splitlines() if line.strip()]
    assert 3 <= len(lines) <= 6
    assert [int(line.split(".", 1)[0]) for line in lines] == list(range(1, len(lines) + 1))
    assert all(re.match(r"^\d+\. \S", line) for line in lines)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_exercise_illustration_renders(path: Path):
    meta = frontmatter.load(path).metadata
    illustration = parse_illustration(meta["illustration"])
    svg = render_svg(illustration, title=meta["name"])
    root = _check_svg(svg)
    assert root.find(f"{SVG_NS}title").text == meta["name"]
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert texts == ["Start", "Slut"]
    if illustration.moving:
        assert "#1f5fa8" in svg
    # deterministic: same input, byte-identical output (also from a fresh parse)
    fresh = frontmatter.load(path).metadata["illustration"]
    assert svg == render_svg(parse_illustration(fresh), title=meta["name"])


def test_numbers_are_finite_and_inside_the_picture():
    for path in EXERCISES:
        svg = render_svg(parse_illustration(frontmatter.load(path).metadata["illustration"]))
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", svg.split("</title>", 1)[1])]
        assert all(math.isfinite(n) and -5 <= n <= 445 for n in numbers), path.stem


def test_every_base_preset_is_a_valid_pose():
    for base in BASES:
        svg = render_svg(parse_illustration({"start": {"base": base}, "end": {"base": base}}))
        _check_svg(svg)


def test_placeholder_is_valid_svg_of_the_same_shape():
    svg = placeholder_svg("Bird-dog")
    root = _check_svg(svg)
    assert root.get("viewBox") == _svg_root(render_svg(parse_illustration(SIMPLE))).get("viewBox")
    assert "Illustration mangler" in svg
    assert illustration_svg(None, title="x") == placeholder_svg("x")


@pytest.mark.parametrize(
    "accent", ["red; } body{", "red", "#12", "#1234567", "#ggg", "", None, 123, "#fff\" onload=\"x"]
)
def test_bad_accent_is_refused(accent):
    with pytest.raises(ValueError):
        render_svg(parse_illustration(SIMPLE), accent=accent)
    with pytest.raises(ValueError):
        illustration_svg(None, accent=accent)


@pytest.mark.parametrize("accent", ["#abc", "#A1B2C3", "#1f5fa8"])
def test_good_accent_is_used(accent):
    data = {**SIMPLE, "moving": ["torso"]}
    assert accent.lower() in render_svg(parse_illustration(data), accent=accent)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "start: lying",
        [],
        {"start": {"base": "lying_back"}},  # no end
        {"start": {"base": "flying"}, "end": {"base": "lying_back"}},
        {"start": {"torso": 180}, "end": {"base": "lying_back"}},  # no base
        {"start": {"base": "lying_back", "elbow": 3}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "torso": "up"}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "torso": float("nan")}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "torso": 9999}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "near_leg": {"shin": 180}}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "near_leg": {"knee": 3}}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "near_arm": 5}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "spine": 90}, "end": {"base": "lying_back"}},
        {**SIMPLE, "moving": ["tail"]},
        {**SIMPLE, "colour": "red"},
    ],
)
def test_bad_pose_data_is_one_plain_value_error(data):
    with pytest.raises(ValueError) as info:
        parse_illustration(data)
    message = str(info.value)
    assert message and "\n" not in message and "pydantic" not in message
    with pytest.raises(ValueError):
        render_svg(data)


def test_impossible_knee_is_explained():
    bad = {"start": {"base": "standing", "near_leg": {"shin": 330, "foot": 60}}, "end": {"base": "standing"}}
    with pytest.raises(ValueError, match="knee"):
        parse_illustration(bad)


def test_title_with_control_characters_stays_well_formed():
    svg = render_svg(parse_illustration(SIMPLE), title="a\x00b\x1bc\ufffe")
    assert _svg_root(svg).find(f"{SVG_NS}title").text == "abc"


def test_title_is_escaped():
    title = 'Bird-dog <b>&" </title><script>x</script>'
    svg = render_svg(parse_illustration(SIMPLE), title=title)
    assert "<b>" not in svg and "<script>" not in svg
    assert _svg_root(svg).find(f"{SVG_NS}title").text == title
    assert _svg_root(placeholder_svg(title)).find(f"{SVG_NS}title").text == title


def test_parse_accepts_an_illustration_and_is_frozen():
    ill = parse_illustration(SIMPLE)
    assert parse_illustration(ill) is ill
    assert isinstance(ill, Illustration)
    with pytest.raises(ValidationError, match="frozen"):
        ill.start.torso = 3  # type: ignore[misc]


_angle = st.floats(min_value=-360, max_value=360, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    base=st.sampled_from(sorted(BASES)),
    torso=_angle, head=_angle, thigh=_angle, shin=_angle, foot=_angle, upper=_angle, lower=_angle,
    spine=st.floats(-30, 30), title=st.text(max_size=40),
)
def test_any_pose_is_refused_or_drawn(base, torso, head, thigh, shin, foot, upper, lower, spine, title):
    pose = {
        "base": base, "torso": torso, "head": head, "spine": spine,
        "near_leg": {"thigh": thigh, "shin": shin, "foot": foot},
        "near_arm": {"upper": upper, "lower": lower},
    }
    try:
        ill = parse_illustration({"start": {"base": base}, "end": pose, "moving": ["near_leg"]})
    except ValueError:
        return
    _check_svg(render_svg(ill, title=title))  # any title, even with control characters
