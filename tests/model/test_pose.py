"""The pose language (model/pose.py): bases, views, props and the plain errors for mistakes."""

from __future__ import annotations

import pytest

from conftest import ROOT
from handouts.model.pose import (
    BASE_NAMES,
    BASES,
    FRONT_BASES,
    HAND_BASES,
    PROP_NAMES,
    PROP_PLACES,
    VIEWS,
    Pose,
    parse_illustration,
)

DOC = (ROOT / "docs" / "drawings.md").read_text("utf-8")


def _error(start: dict[str, object], end: dict[str, object] | None = None) -> str:
    with pytest.raises(ValueError) as caught:
        parse_illustration({"start": start, "end": end or start})
    return str(caught.value)


def test_every_name_is_documented():
    names_line = {
        "bases": BASE_NAMES,
        "views": VIEWS,
        "props": PROP_NAMES,
    }
    for kind, names in names_line.items():
        row = next(line for line in DOC.splitlines() if line.startswith(f"| {kind} "))
        assert all(f"`{name}`" in row for name in names), kind
    assert set(BASE_NAMES) == set(BASES) | set(FRONT_BASES) | set(HAND_BASES)
    assert set(PROP_PLACES) == set(PROP_NAMES)


@pytest.mark.parametrize(
    ("base", "view"), [(b, "side") for b in BASES] + [(b, "front") for b in FRONT_BASES], ids=lambda x: str(x)
)
def test_every_base_is_a_possible_pose(base, view):
    pose = Pose.model_validate({"base": base, "view": view})
    assert pose.view == view


def test_front_only_bases_default_to_the_front_view():
    assert Pose.model_validate({"base": "side_lying"}).view == "front"
    assert "drawn from the front only" in _error({"base": "side_plank", "view": "side"})


def test_a_base_without_a_front_view_says_which_have_one():
    message = _error({"base": "all_fours", "view": "front"})
    assert message.startswith("illustration.start: base all_fours has no front view; use view: side")
    assert "standing" in message


def test_start_and_end_share_a_view():
    assert _error({"base": "standing"}, {"base": "standing", "view": "front"}) == (
        "illustration: start and end must be seen from the same side; give both the same view"
    )


def test_props_add_to_the_base_and_replace_the_same_name():
    pose = Pose.model_validate({"base": "lying_back", "props": ["ball"]})
    assert [p.name for p in pose.props] == ["mat", "ball"]
    assert pose.prop("ball").at == "hands"  # the default place
    pose = Pose.model_validate({"base": "sitting_chair", "props": [{"name": "chair", "at": "front"}]})
    assert [(p.name, p.at) for p in pose.props] == [("chair", "front")]


def test_the_older_single_prop_still_works():
    assert [p.name for p in Pose.model_validate({"base": "lying_back", "prop": "none"}).props] == []
    assert [p.name for p in Pose.model_validate({"base": "standing", "prop": "chair"}).props] == ["chair"]


def test_a_band_has_an_anchor_and_other_props_do_not():
    pose = Pose.model_validate({"base": "standing", "props": [{"name": "band", "anchor": "door", "at": "near_knee"}]})
    band = pose.prop("band")
    assert (band.anchor, band.at, band.side) == ("door", "near_knee", "front")
    foot = Pose.model_validate({"base": "sitting_floor", "props": [{"name": "band", "anchor": "foot"}]}).prop("band")
    assert foot.at == "near_foot"  # round a foot, whatever the default place is
    assert "only a band has an anchor" in _error({"base": "standing", "props": [{"name": "ball", "anchor": "door"}]})


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        (["rope"], "illustration.start.props.0.name: 'rope': input should be"),
        (
            [{"name": "ball", "at": "nose"}],
            'a ball cannot be at "nose"; use one of: hands, near_hand, knees, back, feet',
        ),
        ([{"name": "band", "anchor": "tree"}], "illustration.start.props.0.anchor: 'tree'"),
        ([{"name": "ball", "colour": "red"}], "props.0.colour: is not a known field"),
    ],
)
def test_prop_mistakes_are_one_plain_line(props, expected):
    message = _error({"base": "standing", "props": props})
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("pose", "joint"),
    [
        ({"base": "standing", "view": "front", "near_leg": {"thigh": 30}}, "near_leg hip spreads"),
        ({"base": "standing", "view": "front", "far_arm": {"upper": 60, "lower": 60}}, "far_arm shoulder lifts"),
        ({"base": "standing", "view": "front", "near_arm": {"upper": 0, "lower": 180}}, "near_arm elbow bends"),
        ({"base": "standing", "view": "front", "head": 20}, "head tilts"),
        ({"base": "lunge", "near_leg": {"shin": 320}}, "near_leg knee bends"),
    ],
)
def test_impossible_joints_are_refused_in_both_views(pose, joint):
    message = _error(pose)
    assert joint in message and "which a body cannot do" in message


def test_front_view_allows_what_a_body_does():
    # arms straight overhead, a side bend, a leg out to the side
    Pose.model_validate(
        {
            "base": "standing",
            "view": "front",
            "near_arm": {"upper": 95, "lower": 95},
            "far_arm": {"upper": 85, "lower": 85},
            "head": 70,
            "near_leg": {"thigh": 305, "shin": 305},
        }
    )


def test_a_face_turns_at_most_80_degrees():
    assert Pose.model_validate({"base": "standing", "view": "front", "face": 80}).face == 80
    assert "illustration.start.face: 90" in _error({"base": "standing", "view": "front", "face": 90})


def test_the_close_up_of_the_hand_has_its_own_base_and_parts():
    assert Pose.model_validate({"base": "forearm_on_table"}).view == "hand"
    assert "close-up of the hand; use view: hand" in _error({"base": "forearm_on_table", "view": "side"})
    assert "view hand has one base: forearm_on_table" in _error({"base": "standing", "view": "hand"})
    assert "turn and fingers belong to view: hand" in _error({"base": "standing", "fingers": {"knuckles": 40}})
    hand = {"base": "forearm_on_table"}
    with pytest.raises(ValueError, match=r"moving: fingers is not a part of this view; use: .*near_arm"):
        parse_illustration({"start": {"base": "standing"}, "end": {"base": "standing"}, "moving": ["fingers"]})
    with pytest.raises(ValueError, match="moving: near_arm is not a part of this view; use: fingers, forearm, hand"):
        parse_illustration({"start": hand, "end": hand, "moving": ["near_arm"]})


def test_a_finger_bend_needs_the_palm_up_or_down_and_joints_stay_human():
    """Seen from the back of the hand a bend would point at the viewer and not show, so it is refused."""
    message = _error({"base": "forearm_on_table", "turn": 0, "fingers": {"knuckles": 60}})
    assert "a finger bend shows only when the palm faces up or down" in message
    Pose.model_validate(
        {"base": "forearm_on_table", "turn": 90, "fingers": {"knuckles": 90, "middle": 100, "tips": 70}}
    )
    assert "less than or equal to 110" in _error({"base": "forearm_on_table", "fingers": {"middle": 130}})
    assert "wrist bends 90°, which a body cannot do" in _error(
        {"base": "forearm_on_table", "near_arm": {"lower": 0, "hand": 90}}
    )
