"""Drawings that move on screen: SMIL between in-between poses, still for reduced motion, still on paper.

That a browser shows the drawing move, and stand still for reduced motion, is tested on the
share page in tests/e2e/test_browser.py (the browser tests' Chromium and server).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import frontmatter
import pytest

from conftest import ROOT
from handouts.render.figures import Timing, render_svg

SVG_NS = "{http://www.w3.org/2000/svg}"
BIRD_DOG = frontmatter.load(ROOT / "seeds" / "exercises" / "bird-dog.md").metadata["illustration"]


@pytest.fixture(scope="module")
def moving() -> str:
    return render_svg(BIRD_DOG, labels=("", ""), animate=Timing())


def test_the_moving_drawing_animates_its_shapes_without_script(moving: str):
    root = ET.fromstring(moving)
    animations = list(root.iter(f"{SVG_NS}animate"))
    assert animations, "no <animate>"
    assert {a.get("attributeName") for a in animations} >= {"d"}
    for a in animations:
        assert a.get("repeatCount") == "indefinite"
        values = a.get("values").split(";")
        times = [float(t) for t in a.get("keyTimes").split(";")]
        assert len(values) == len(times) and times[0] == 0 and times[-1] == 1 and times == sorted(times)
        assert values[0] == values[-1]  # back where it started: the loop has no jump
        if a.get("attributeName") == "d":  # shapes morph only between paths of the same commands
            assert len({re.sub(r"[^A-Za-z]", "", v) for v in values}) == 1
    assert "<script" not in moving and "href" not in moving and "url(" not in moving


def test_reduced_motion_shows_the_two_still_poses(moving: str):
    assert "@media (prefers-reduced-motion: reduce){.hx-moving{display:none}.hx-still{display:inline}}" in moving
    still = moving.split('<g class="hx-still">', 1)[1]
    assert "<animate" not in still
    assert still.count('data-prop="mat"') == 2  # both poses, each on its mat


def test_paper_keeps_the_still_pair():
    still = render_svg(BIRD_DOG)
    assert "<animate" not in still and "prefers-reduced-motion" not in still and "<style" not in still


def test_the_pace_follows_the_dose():
    reps = render_svg(BIRD_DOG, animate=Timing.for_hold(None))
    held = render_svg(BIRD_DOG, animate=Timing.for_hold(30))
    dur = re.compile(r'dur="([\d.]+)s"')
    assert float(dur.search(held).group(1)) > float(dur.search(reps).group(1))


def test_the_web_serves_the_moving_drawing_and_paper_the_still_one(library, demo):
    from handouts.i18n import catalogue
    from handouts.render.html import exercise_figure
    from handouts.web.pages import figure_svg

    exercise = library.exercises["bird-dog"]
    labels = catalogue(demo.language)
    assert b"<animate" in figure_svg(exercise, demo, labels, moving=True)
    assert b"<animate" not in figure_svg(exercise, demo, labels)  # thumbnails and reduced motion
    paper = str(exercise_figure(exercise, demo, labels, inline=False))
    import base64

    data = base64.b64decode(paper.split("base64,", 1)[1].split('"', 1)[0]).decode()
    assert "<animate" not in data


def test_what_is_held_moves_with_the_hand_and_the_furniture_stands_still():
    raise_ = {
        "moving": ["near_arm", "far_arm"],
        "start": {"base": "wall_lean", "props": [{"name": "dumbbell", "at": "hands"}]},
        "end": {
            "base": "wall_lean",
            "near_arm": {"upper": 300, "lower": 40, "hand": 90},
            "far_arm": {"upper": 300, "lower": 40, "hand": 90},
            "props": [{"name": "dumbbell", "at": "hands"}],
        },
    }
    svg = render_svg(raise_, animate=Timing())
    root = next(g for g in ET.fromstring(svg).iter(f"{SVG_NS}g") if g.get("class") == "hx-moving")
    dumbbells = [el for el in root.iter() if el.get("data-prop") == "dumbbell"]
    walls = [el for el in root.iter() if el.get("data-prop") == "wall"]
    assert dumbbells and all(el.find(f"{SVG_NS}animate") is not None for el in dumbbells)
    assert walls and all(el.find(f"{SVG_NS}animate") is None for el in walls)
