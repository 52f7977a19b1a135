"""Every drawing in the built-in catalogue, and every base, view and prop of the pose language.

The catalogue grows (seeds/exercises/*.md): these tests go over whatever is there.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import frontmatter
import pytest

from conftest import ROOT
from handouts.model.pose import BASES, FRONT_BASES, PROP_PLACES, Pose, joint_checks, parse_illustration
from handouts.render.figures import drawing, props, render_svg
from handouts.render.figures.motion import FRAMES_FOR_TESTS, frames

SVG_NS = "{http://www.w3.org/2000/svg}"
DRAWN = [
    p for p in sorted((ROOT / "seeds" / "exercises").glob("*.md")) if "illustration" in frontmatter.load(p).metadata
]
MM = 10.0  # viewBox units per millimetre on paper (720 units print 72 mm wide)


def _meta(path: Path) -> dict[str, object]:
    return frontmatter.load(path).metadata


def _layout(ill):
    """(scale, view height, the scenes) as render_svg lays them out."""
    door = props.door_x([drawing.Figure(ill.start), drawing.Figure(ill.end)])
    scenes = [drawing._scene(ill.start, door), drawing._scene(ill.end, door)]
    scale, view_h, x0, _floor = drawing._layout(scenes, [[], []], True)
    return scale, view_h, x0, scenes


def _panel_boxes(svg: str) -> list[list[float]]:
    """Every number pair drawn in each panel (x, y), split at the middle of the picture."""
    still = svg.split('class="hx-still"', 1)[-1]
    pairs = [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", still)]
    return [[p for p in pairs if p[0] < drawing.VIEW_W / 2], [p for p in pairs if p[0] >= drawing.VIEW_W / 2]]


@pytest.mark.parametrize("path", DRAWN, ids=lambda p: p.stem)
def test_drawing_is_readable_at_print_size(path: Path):
    """Each pose keeps to its 35 mm panel, and the figure is big enough to read: its longer
    side at least 20 mm on paper (a lying figure as wide as a standing one is tall)."""
    ill = parse_illustration(_meta(path)["illustration"])
    scale, view_h, _x0, scenes = _layout(ill)
    assert drawing.VIEW_H_MIN <= view_h <= drawing.VIEW_H_MAX
    for scene in scenes:
        left, bottom, right, top = scene.fig.box()
        assert max(right - left, top - bottom) * scale >= 20 * MM, path.stem
    svg = render_svg(ill)
    for panel, (low, high) in zip(_panel_boxes(svg), ((0, 352), (368, 720)), strict=True):
        xs = [x for x, _ in panel]
        assert xs and low - 5 <= min(xs) and max(xs) <= high + 5, path.stem


@pytest.mark.parametrize("path", DRAWN, ids=lambda p: p.stem)
def test_no_frame_of_the_movement_passes_an_impossible_joint(path: Path):
    """The in-between poses the screen shows keep every joint within the body's range."""
    ill = parse_illustration(_meta(path)["illustration"])
    for pose in frames(ill.start, ill.end, FRAMES_FOR_TESTS):
        for name, value, low, high, _verb in joint_checks(pose):
            assert low - 0.5 <= value <= high + 0.5, (path.stem, name, value)


@pytest.mark.parametrize("path", DRAWN, ids=lambda p: p.stem)
def test_props_are_drawn_where_the_equipment_says(path: Path):
    meta = _meta(path)
    equipment = set(meta.get("equipment") or [])
    ill = parse_illustration(meta["illustration"])
    posed = {p.name for pose in (ill.start, ill.end) for p in pose.props}
    missing = {item for item in equipment if item in PROP_PLACES} - posed
    assert not missing, f"{path.stem}: equipment {sorted(missing)} is not in the drawing; add it to props"
    drawn = set(re.findall(r'data-prop="(\w+)"', render_svg(ill)))
    assert posed <= drawn, f"{path.stem}: {sorted(posed - drawn)} not drawn"


def _pose_cases() -> list[tuple[str, dict[str, object]]]:
    cases = [(f"{b}-side", {"base": b}) for b in BASES] + [
        (f"{b}-front", {"base": b, "view": "front"}) for b in FRONT_BASES
    ]
    return cases


@pytest.mark.parametrize(("name", "pose"), _pose_cases(), ids=[c[0] for c in _pose_cases()])
def test_every_base_and_view_draws_a_readable_figure(name: str, pose: dict[str, object]):
    ill = parse_illustration({"start": pose, "end": pose})
    scale, _h, _x0, scenes = _layout(ill)
    left, bottom, right, top = scenes[0].fig.box()
    assert max(right - left, top - bottom) * scale >= 20 * MM, name
    svg = render_svg(ill)
    ET.fromstring(svg)
    for prop in scenes[0].fig.pose.props:
        assert f'data-prop="{prop.name}"' in svg, (name, prop.name)
    if pose.get("view") == "front" or name.startswith(("side_lying", "side_plank")):
        assert svg.count(f'fill="{drawing.HALO}"/>') >= 4  # two eyes in each pose: the face looks at you


PROP_CASES = [
    (prop, at, base)
    for prop, places in PROP_PLACES.items()
    for at in places
    for base in (
        {
            "mat": "lying_back",
            "chair": "sitting_chair" if at == "seat" else "standing",
            "step": "standing",
            "table": "lying_table" if at == "under" else "standing",
            "towel": "sitting_floor" if at == "near_foot" else "standing",
            "rolled_towel": "lying_back",
            "foam_roller": "lying_back",
            "knee_band": "lying_back",
        }.get(prop, "standing"),
    )
]


@pytest.mark.parametrize(("prop", "at", "base"), PROP_CASES, ids=[f"{p}-{a}" for p, a, _ in PROP_CASES])
def test_every_prop_is_drawn_in_the_picture(prop: str, at: str, base: str):
    item: dict[str, object] = {"name": prop, "at": at}
    if prop == "band":
        item["anchor"] = "foot" if at.endswith("foot") else "door"
    ill = parse_illustration({"start": {"base": base, "props": [item]}, "end": {"base": base, "props": [item]}})
    svg = render_svg(ill)
    root = ET.fromstring(svg)
    height = float(root.get("viewBox").split()[3])
    mine = [el for el in root.iter() if el.get("data-prop") == prop]
    assert len(mine) >= 2, "drawn in both pictures"
    for el in mine:
        numbers = [
            float(n)
            for n in re.findall(r"-?\d+(?:\.\d+)?", " ".join(el.get(k, "") for k in ("d", "cx", "cy", "x", "y")))
        ]
        assert numbers and all(-5 <= n <= max(drawing.VIEW_W, height) + 5 for n in numbers), (prop, at)


def test_a_band_to_a_door_follows_the_hand():
    """The band's line ends at the hand in both poses; the door stays where it is."""
    item = {"name": "band", "anchor": "door", "at": "near_hand"}
    ill = parse_illustration(
        {
            "start": {"base": "standing", "near_arm": {"upper": 0, "lower": 0}, "props": [item]},
            "end": {"base": "standing", "near_arm": {"upper": 300, "lower": 300}, "props": [item]},
        }
    )
    door = props.door_x([drawing.Figure(ill.start), drawing.Figure(ill.end)])
    for pose in (ill.start, ill.end):
        scene = drawing._scene(pose, door)
        band = next(s for n, s in scene.floor_props if n == "band")
        assert band[1][0][0] == pytest.approx(door)
        hand = props._hand(scene.fig, "near")
        assert band[1][-1] == pytest.approx(hand)


def test_lying_poses_lift_off_the_floor_when_they_rest_on_something():
    on_roller = drawing._scene(Pose.model_validate({"base": "lying_back", "props": ["foam_roller"]}), None)
    flat = drawing._scene(Pose.model_validate({"base": "lying_back"}), None)
    assert on_roller.lift > flat.lift + 2 * props.ROLLER_R - 2
    on_table = drawing._scene(Pose.model_validate({"base": "lying_table"}), None)
    seat = min(p[1] for p in on_table.fig.shapes()["torso"][0][1])
    assert seat + on_table.lift == pytest.approx(props.TABLE_H)


def test_a_turned_head_shows_in_the_front_view():
    """A neck rotation: the eyes move towards the side the face turns to, with an arc over the head."""
    ill = parse_illustration(
        {
            "moving": ["head"],
            "start": {"base": "sitting_chair", "view": "front", "face": -60},
            "end": {"base": "sitting_chair", "view": "front", "face": 60},
        }
    )
    left, right = drawing.Figure(ill.start), drawing.Figure(ill.end)
    assert min(x for x, _ in right.eyes()) > max(x for x, _ in left.eyes())
    arrows = drawing._motion(ill, [left, right], [props.lift(left), props.lift(right)])
    assert len(arrows) == 1 and min(y for _, y in arrows[0]) > right.head[1]  # above the head
