"""The pose language of the exercise drawings: bases, views, props and joint angles (validated).

An exercise's ``illustration:`` front matter describes two poses (``start`` and ``end``) of one
figure; render/figures draws them. The full guide, with pictures, is docs/drawings.md.

Angle convention
----------------
Every body segment has an absolute direction in degrees, as on a compass drawn on the page:
``0`` points right, ``90`` up, ``180`` left, ``270`` down (counter-clockwise, y up).

``view: side`` (the default): the figure is seen from its left side and faces **right**; the
near limbs are its left arm/leg, the far limbs its right. ``view: front``: the same body seen from
the front (it looks at you); its left side is on the picture's **right**, so the near limbs are
still its left ones and are drawn on the right of the picture (``near_arm: {upper: 0}`` is the
left arm lifted sideways to shoulder height; ``far_arm: {upper: 180}`` the right arm).

* ``torso``: from the hip joint to the shoulder (upright: 90; lying on the back, head left: 180).
* ``head``: from the shoulder to the centre of the head (tilt it for a nod or a side bend).
* ``face`` (front view, -80…80): the head turned (a neck rotation); positive turns the face
  towards the picture's right (the figure's left), so the eyes and nose move that way.
* ``near_arm`` / ``far_arm``: ``upper`` (shoulder → elbow), ``lower`` (elbow → wrist) and
  optionally ``hand`` (wrist → fingertips; straight on from the forearm when left out).
  ``hold: near_knee`` (or ``far_knee``, ``near_shin``, ``far_shin``, ``near_thigh``,
  ``far_thigh``) puts the hand there instead and works out the arm's angles.
* ``near_leg`` / ``far_leg``: ``thigh`` (hip → knee), ``shin`` (knee → ankle), ``foot`` (ankle →
  toes; a relaxed foot is at right angles to the shin). ``ankle_on: far_knee`` (or ``near_knee``)
  rests the ankle on the other leg's knee (figure-4) and works out the shin.
* ``spine``: bend of the back, -30…30: positive rounds the back (cat), negative hollows it; in the
  front view it bends the trunk sideways (positive towards the far side).
* ``pelvis``: -30…30, extra tilt where the spine leaves the pelvis (negative arches the low back,
  positive flattens it into the mat).
* ``*_len`` (0.3…1.2, default 1): foreshortening of a segment that points towards the viewer.
* ``cue``: an arrow at the back: ``low_back_press``, ``low_back_arch``, ``back_round``,
  ``back_hollow``.

``view: hand`` (base ``forearm_on_table``, the only base it has): a close-up of the left forearm
resting on a table and its hand, seen from the side (the fingers point right). ``near_arm.lower``
is the forearm, ``near_arm.hand`` the back of the hand (wrist → knuckles). ``fingers``:
``knuckles``, ``middle``, ``tips`` (how far each finger joint bends towards the palm, -30…110)
and ``thumb`` (0…60). ``turn`` (-90…90): the forearm's rotation: -90 the palm down, 0 the thumb
up (the back of the hand towards you), 90 the palm up; the palm is drawn light, so which way it
faces shows in black and white. Finger bends show only when the palm faces up or down (``turn``
at most -45 or at least 45). Its parts are ``forearm``, ``hand`` and ``fingers``.

Bases (presets)
---------------
``base`` fills in every field a pose does not give, so a pose lists only what differs:
``lying_back``, ``lying_front``, ``side_lying`` (front view only: lying on the right side, head
left, the near = left leg on top), ``all_fours``, ``kneeling``, ``half_kneeling`` (near = left
foot forward), ``sitting_chair``, ``sitting_floor`` (long sitting), ``standing``,
``standing_one_leg`` (on the far = right leg, near knee lifted), ``lunge`` (near leg forward),
``plank`` (on the forearms), ``side_plank`` (front view only: on the right forearm),
``wall_lean`` (hands on a wall in front), ``sitting_table_edge`` (legs hanging),
``lying_table`` (on the back on a treatment table). :data:`FRONT_BASES` gives the front-view
preset of the bases that have one (``standing``, ``standing_one_leg``, ``sitting_chair``,
``sitting_table_edge``, ``lying_back`` seen from above, ``side_lying``,
``side_plank``); a base without one in the asked view is an error.

Props
-----
``props`` is a list; each item is a name or a table ``{name: …, at: …, anchor: …, side: …}``.
A base brings its own props (the mat under lying poses, the chair, the wall, the table); the
pose's list adds to them (an item with the same name replaces the base's). ``prop: none`` /
``prop: mat`` / ``prop: chair`` (the older single prop) still works.

=============  =====================================================  ==================
name           ``at`` (where)                                          default ``at``
=============  =====================================================  ==================
mat            under the figure                                        –
chair          ``seat`` (sat on) or ``front`` (a hand on its back)     seat
wall           ``front`` (where the hands are) or ``back``             front
step           ``near_foot``, ``far_foot`` or ``feet`` (ball of foot)  near_foot
table          ``under`` (lying or sitting on it), ``near_hand``,      under
               ``far_hand`` (a hand rests on it)
ball           ``hands``, ``near_hand``, ``knees``, ``back`` (against  hands
               a wall), ``feet`` (a big ball under the heels)
towel          ``hands`` (held between them), ``near_foot`` (looped    hands
               round the sole, ends in the hands), ``floor`` (flat
               under the feet, to scrunch)
rolled_towel   ``near_knee``, ``near_heel``, ``neck``, ``upper_back``,  near_knee
               ``low_back``, ``knees`` (between them), ``near_armpit``
foam_roller    ``upper_back``, ``low_back``, ``near_thigh``,            upper_back
               ``near_calf``
dumbbell       ``near_hand``, ``far_hand``, ``hands``                  near_hand
band           ``anchor: hands`` (stretched between the hands),        anchor hands,
               ``anchor: door`` (from a door to ``at``),                at near_hand
               ``anchor: foot`` (round the ``at`` foot, ends in the
               hands); ``at``: ``near_hand``, ``far_hand``, ``hands``,
               ``near_knee``, ``near_foot``, ``far_foot``; ``side``:
               ``front``/``back`` says where the door is
knee_band      ``knees`` (round the thighs above the knees), ``ankles``  knees
=============  =====================================================  ==================

``side`` (a band's door only): ``front`` is the way the figure faces in the side view (picture
right), ``back`` behind it; in the front view ``front`` is the picture's right.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

__all__ = [
    "Arm",
    "Leg",
    "Prop",
    "Pose",
    "Illustration",
    "BASES",
    "FRONT_BASES",
    "HAND_BASES",
    "Fingers",
    "BASE_NAMES",
    "PROP_NAMES",
    "VIEWS",
    "PROP_PLACES",
    "parse_illustration",
    "norm_angle",
]

Angle = Annotated[float, Field(ge=-360, le=360, allow_inf_nan=False)]
Bend = Annotated[float, Field(ge=-30, le=30, allow_inf_nan=False)]
Length = Annotated[float, Field(ge=0.3, le=1.2, allow_inf_nan=False)]
Turn = Annotated[float, Field(ge=-80, le=80, allow_inf_nan=False)]
Rotation = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Flex = Annotated[float, Field(ge=-30, le=110, allow_inf_nan=False)]
ThumbFlex = Annotated[float, Field(ge=0, le=60, allow_inf_nan=False)]
Part = Literal["head", "torso", "near_arm", "far_arm", "near_leg", "far_leg", "forearm", "hand", "fingers"]
HAND_PARTS = frozenset({"forearm", "hand", "fingers"})
Base = Literal[
    "lying_back",
    "lying_front",
    "side_lying",
    "all_fours",
    "kneeling",
    "half_kneeling",
    "sitting_chair",
    "sitting_floor",
    "standing",
    "standing_one_leg",
    "lunge",
    "plank",
    "side_plank",
    "wall_lean",
    "sitting_table_edge",
    "lying_table",
    "forearm_on_table",
]
View = Literal["side", "front", "hand"]
PropName = Literal[
    "mat",
    "chair",
    "wall",
    "step",
    "table",
    "ball",
    "towel",
    "rolled_towel",
    "foam_roller",
    "dumbbell",
    "band",
    "knee_band",
]
Anchor = Literal["hands", "door", "foot"]
Side = Literal["front", "back"]
Grip = Literal["near_knee", "far_knee", "near_shin", "far_shin", "near_thigh", "far_thigh"]
Knee = Literal["near_knee", "far_knee"]
Cue = Literal["none", "low_back_press", "low_back_arch", "back_round", "back_hollow"]

BASE_NAMES: tuple[str, ...] = Base.__args__  # type: ignore[attr-defined]
PROP_NAMES: tuple[str, ...] = PropName.__args__  # type: ignore[attr-defined]
VIEWS: tuple[str, ...] = View.__args__  # type: ignore[attr-defined]
PART_NAMES: tuple[str, ...] = Part.__args__  # type: ignore[attr-defined]

# Where each prop can be, the first being its default.
PROP_PLACES: dict[str, tuple[str, ...]] = {
    "mat": ("under",),
    "chair": ("seat", "front"),
    "wall": ("front", "back"),
    "step": ("near_foot", "far_foot", "feet"),
    "table": ("under", "near_hand", "far_hand"),
    "ball": ("hands", "near_hand", "knees", "back", "feet"),
    "towel": ("hands", "near_foot", "floor"),
    "rolled_towel": ("near_knee", "near_heel", "neck", "upper_back", "low_back", "knees", "near_armpit"),
    "foam_roller": ("upper_back", "low_back", "near_thigh", "near_calf"),
    "dumbbell": ("near_hand", "far_hand", "hands"),
    "band": ("near_hand", "far_hand", "hands", "near_knee", "near_foot", "far_foot"),
    "knee_band": ("knees", "ankles"),
}


def norm_angle(angle: float) -> float:
    """An angle folded into (-180, 180]."""
    a = math.fmod(angle, 360.0)
    if a > 180:
        a -= 360
    elif a <= -180:
        a += 360
    return a


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Arm(_Model):
    upper: Angle  # shoulder → elbow
    lower: Angle  # elbow → wrist
    hand: Angle | None = None  # wrist → fingertips; None: straight on from the forearm
    upper_len: Length = 1.0
    lower_len: Length = 1.0
    hold: Grip | None = None  # the hand holds this place on a leg; upper/lower are worked out


class Fingers(_Model):
    """How far the finger joints bend towards the palm (degrees; negative: bent back)."""

    knuckles: Flex = 0  # where the fingers meet the hand
    middle: Flex = 0
    tips: Flex = 0
    thumb: ThumbFlex = 0


class Leg(_Model):
    thigh: Angle  # hip → knee
    shin: Angle  # knee → ankle
    foot: Angle  # ankle → toes
    thigh_len: Length = 1.0
    shin_len: Length = 1.0
    ankle_on: Knee | None = None  # the ankle rests on the other leg's knee; the shin is worked out


class Prop(_Model):
    """A thing drawn with the figure: ``mat``, or ``{name: band, anchor: door, at: near_hand}``."""

    name: PropName
    at: str = ""  # where (see PROP_PLACES); "": the prop's default
    anchor: Anchor = "hands"  # band only: what the band's other end is fixed to
    side: Side = "front"  # a band tied to a door: the door ahead of the figure or behind it

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"name": data}
        return data

    @model_validator(mode="after")
    def _known_place(self) -> Prop:
        places = PROP_PLACES[self.name]
        if self.at == "":
            object.__setattr__(self, "at", places[0])
        elif self.at not in places:
            raise ValueError(f'a {self.name} cannot be at "{self.at}"; use one of: {", ".join(places)}')
        if self.name != "band" and self.anchor != "hands":
            raise ValueError(f"only a band has an anchor; remove anchor from the {self.name}")
        if self.name == "band" and self.anchor == "foot" and self.at not in ("near_foot", "far_foot"):
            object.__setattr__(self, "at", "near_foot")
        return self


def _arm(upper: float, lower: float, hand: float | None = None, **lengths: float) -> dict[str, Any]:
    return {"upper": upper, "lower": lower, **({} if hand is None else {"hand": hand}), **lengths}


def _leg(thigh: float, shin: float, foot: float, **lengths: float) -> dict[str, Any]:
    return {"thigh": thigh, "shin": shin, "foot": foot, **lengths}


def _preset(
    torso: float,
    head: float,
    props: list[Any],
    near_arm: dict[str, Any],
    far_arm: dict[str, Any],
    near_leg: dict[str, Any],
    far_leg: dict[str, Any],
    **more: Any,
) -> dict[str, Any]:
    """A base's fields, in the order of its table row."""
    limbs = {"near_arm": near_arm, "far_arm": far_arm, "near_leg": near_leg, "far_leg": far_leg}
    return {"torso": torso, "head": head, **more, "props": props, **limbs}


_DOWN_NEAR, _DOWN_FAR = _arm(272, 275), _arm(268, 265)  # arms hanging by the sides
_MAT: list[Any] = ["mat"]

# The bases, one row each: _preset(torso, head, props, near arm, far arm, near leg, far leg),
# an arm being _arm(upper, lower[, hand]) and a leg _leg(thigh, shin, foot), with any *_len
# (and a hand view's turn) by name. Every field a pose does not give is taken from its base.

# Side-view presets.
BASES: dict[str, dict[str, Any]] = {
    # on the back, head to the left, knees bent with the feet on the floor
    "lying_back": _preset(180, 176, _MAT, _arm(354, 357), _arm(354, 357), _leg(50, 294.9, 0), _leg(50, 294.9, 0)),
    # on the stomach, head to the right resting on the hands, legs straight
    "lying_front": _preset(0, 4, _MAT, _arm(320, 20, 0), _arm(320, 20, 0), _leg(180, 180, 205), _leg(180, 180, 205)),
    # hands under the shoulders, knees under the hips, facing right
    "all_fours": _preset(9.6, 15, _MAT, _arm(270, 270, 0), _arm(270, 270, 0), _leg(270, 180, 180), _leg(270, 180, 180)),
    # tall kneeling: upright on both knees, shins on the mat
    "kneeling": _preset(90, 90, _MAT, _DOWN_NEAR, _DOWN_FAR, _leg(270, 180, 192), _leg(268, 180, 192)),
    # on the far (right) knee, the near (left) foot forward
    "half_kneeling": _preset(90, 90, _MAT, _DOWN_NEAR, _DOWN_FAR, _leg(0, 272, 0), _leg(270, 180, 192)),
    # upright on a chair, facing right, hands on the thighs, feet on the floor
    "sitting_chair": _preset(
        92, 90, ["chair"], _arm(285, 326, 355), _arm(285, 326, 355), _leg(0, 270, 0), _leg(0, 270, 0)
    ),
    # long sitting: legs straight out, hands on the floor beside the hips
    "sitting_floor": _preset(96, 92, _MAT, _arm(262, 262, 0), _arm(258, 262, 0), _leg(0, 0, 80), _leg(0, 0, 80)),
    "standing": _preset(90, 90, [], _DOWN_NEAR, _DOWN_FAR, _leg(272, 270, 0), _leg(268, 270, 0)),
    # on the far (right) leg, the near knee lifted
    "standing_one_leg": _preset(90, 90, [], _arm(280, 285), _arm(262, 258), _leg(330, 268, 350), _leg(270, 270, 0)),
    # split stance: the near (left) foot a long step forward, the far heel up
    "lunge": _preset(90, 90, [], _arm(276, 282), _arm(264, 262), _leg(305, 262, 0), _leg(245, 232, 322)),
    # on the forearms and toes, body straight
    "plank": _preset(8, 12, _MAT, _arm(270, 0, 0), _arm(270, 0, 0), _leg(188, 188, 278), _leg(188, 188, 278)),
    # leaning forward, hands flat on a wall in front at shoulder height
    "wall_lean": _preset(78, 80, ["wall"], _arm(8, 8, 90), _arm(6, 6, 90), _leg(258, 258, 348), _leg(256, 256, 346)),
    # on the edge of a high table, lower legs hanging free
    "sitting_table_edge": _preset(
        92, 90, ["table"], _arm(262, 262, 0), _arm(258, 262, 0), _leg(0, 272, 350), _leg(0, 268, 350)
    ),
    # on the back on a treatment table, head left, legs straight
    "lying_table": _preset(180, 177, ["table"], _arm(354, 357), _arm(354, 357), _leg(0, 0, 85), _leg(0, 0, 85)),
}

# Front-view presets (the figure looks at you; its left = near side on the picture's right).
FRONT_BASES: dict[str, dict[str, Any]] = {
    "standing": _preset(90, 90, [], _arm(276, 272), _arm(264, 268), _leg(272, 270, 345), _leg(268, 270, 195)),
    "standing_one_leg": _preset(
        90, 90, [], _arm(290, 285), _arm(250, 255), _leg(300, 268, 300, thigh_len=0.5), _leg(269, 270, 195)
    ),
    "sitting_chair": _preset(
        90,
        90,
        ["chair"],
        _arm(282, 270, lower_len=0.6),
        _arm(258, 270, lower_len=0.6),
        _leg(330, 272, 330, thigh_len=0.4),
        _leg(210, 268, 210, thigh_len=0.4),
    ),
    "sitting_table_edge": _preset(
        90,
        90,
        ["table"],
        _arm(280, 275),
        _arm(260, 265),
        _leg(330, 272, 330, thigh_len=0.4),
        _leg(210, 268, 210, thigh_len=0.4),
    ),
    # seen from above: head left, the near (left) side at the top of the picture
    "lying_back": _preset(180, 180, _MAT, _arm(6, 2), _arm(354, 358), _leg(2, 0, 70), _leg(358, 0, 290)),
    # on the right side, head left, seen from the front: near (left) leg on top
    "side_lying": _preset(180, 178, _MAT, _arm(350, 350), _arm(192, 186), _leg(0, 0, 30), _leg(0, 0, 330)),
    # on the right forearm and the side of the right foot, body straight
    "side_plank": _preset(
        162, 162, _MAT, _arm(345, 345), _arm(270, 200, 180, lower_len=0.5), _leg(342, 342, 30), _leg(342, 342, 330)
    ),
}

# Close-up presets (view: hand): the left forearm on a table, the hand over its edge.
HAND_BASES: dict[str, dict[str, Any]] = {
    # the forearm flat on the table, palm down, hand and fingers straight
    "forearm_on_table": _preset(
        90, 90, ["table"], _arm(0, 0, 0), _DOWN_FAR, _leg(272, 270, 0), _leg(268, 270, 0), turn=-90
    ),
}

FRONT_ONLY = frozenset(FRONT_BASES) - frozenset(BASES)
# Joint ranges: (name, lowest, highest) per view; generous human ranges in degrees.


class Pose(_Model):
    """One position of the figure; see the module docstring for the angle convention."""

    base: Base
    view: View = "side"
    torso: Angle
    head: Angle
    face: Turn = 0  # front view: the head turned, positive towards the picture's right
    turn: Rotation = 0  # hand view: the forearm's rotation, -90 palm down … 90 palm up
    fingers: Fingers = Fingers()  # hand view: the finger joints
    spine: Bend = 0
    pelvis: Bend = 0
    near_arm: Arm
    far_arm: Arm
    near_leg: Leg
    far_leg: Leg
    props: tuple[Prop, ...] = ()
    cue: Cue = "none"

    @model_validator(mode="before")
    @classmethod
    def _fill_from_base(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("base") not in (*BASES, *FRONT_BASES, *HAND_BASES):
            return data  # pydantic reports the missing or unknown base
        base = data["base"]
        view = data.get("view") or ("front" if base in FRONT_ONLY else "hand" if base in HAND_BASES else "side")
        if (view == "hand") != (base in HAND_BASES):
            if view == "hand":
                raise ValueError(f"view hand has one base: {', '.join(HAND_BASES)}")
            raise ValueError(f"base {base} is a close-up of the hand; use view: hand (or leave view out)")
        if view == "front" and base not in FRONT_BASES:
            raise ValueError(f"base {base} has no front view; use view: side, or one of: {', '.join(FRONT_BASES)}")
        if view == "side" and base in FRONT_ONLY:
            raise ValueError(f"base {base} is drawn from the front only; use view: front (or leave view out)")
        preset = FRONT_BASES[base] if view == "front" else HAND_BASES[base] if view == "hand" else BASES[base]
        merged: dict[str, Any] = {**preset, "view": view}
        for key, value in data.items():
            if key in ("props", "prop", "view"):
                continue
            was = merged.get(key)
            if isinstance(was, dict) and isinstance(value, dict):
                merged[key] = {**was, **value}
            else:
                merged[key] = value
        merged["props"] = _merge_props(preset.get("props", []), data)
        return merged

    @model_validator(mode="after")
    def _joints_possible(self) -> Pose:
        for side, other in (("near", "far"), ("far", "near")):
            leg: Leg = getattr(self, f"{side}_leg")
            if leg.ankle_on == f"{side}_knee":
                raise ValueError(f"{side}_leg.ankle_on: a leg cannot rest on its own knee; use {other}_knee")
        if self.near_leg.ankle_on and self.far_leg.ankle_on:
            raise ValueError("only one leg can rest its ankle on the other knee")
        bent = self.fingers.knuckles or self.fingers.middle or self.fingers.tips
        if self.view == "hand" and bent and abs(self.turn) < 45:
            raise ValueError(
                "fingers: a finger bend shows only when the palm faces up or down; use turn: -90 (palm down) or 90 (palm up)"
            )
        if self.view != "hand" and (self.turn or self.fingers != Fingers()):
            raise ValueError("turn and fingers belong to view: hand (the close-up of the hand)")
        for name, value, low, high, verb in joint_checks(self):
            if not low <= value <= high:
                raise ValueError(
                    f"{name} {verb} {value:.0f}°, which a body cannot do (allowed {low}° to {high}°); "
                    "check the angles (0 = right, 90 = up, 180 = left, 270 = down)"
                )
        return self

    def prop(self, name: str) -> Prop | None:
        """The pose's prop of this name, or None."""
        return next((p for p in self.props if p.name == name), None)


def _merge_props(preset: list[Any], data: dict[str, Any]) -> list[Any]:
    """The base's props plus the pose's own (the pose's replaces a base prop of the same name)."""
    props: list[Any] = list(preset)
    if "prop" in data:  # the older single prop: it replaces the base's mat or chair
        single = data["prop"]
        props = [p for p in props if _prop_name(p) not in ("mat", "chair")]
        if single != "none":
            props.append(single)
    given = data.get("props")
    if given is None:
        return props
    if not isinstance(given, list):
        return given  # type: ignore[no-any-return]  # pydantic reports it
    names = {_prop_name(p) for p in given}
    return [p for p in props if _prop_name(p) not in names] + given


def _prop_name(item: Any) -> Any:
    return item.get("name") if isinstance(item, dict) else item


def joint_checks(pose: Pose) -> list[tuple[str, float, float, float, str]]:
    """(joint, how far it is bent, lowest, highest, verb) for every joint the pose's angles show."""
    checks: list[tuple[str, float, float, float, str]] = []
    if pose.view == "hand":  # the wrist: bent back (towards the back of the hand) or forward
        wrist = pose.near_arm.lower if pose.near_arm.hand is None else pose.near_arm.hand
        checks.append(("wrist", norm_angle(wrist - pose.near_arm.lower), -80, 80, "bends"))
        return checks
    if pose.view == "front":
        checks.append(("head", norm_angle(pose.head - pose.torso), -50, 50, "tilts"))
        for side, sign in (("near", 1), ("far", -1)):
            leg: Leg = getattr(pose, f"{side}_leg")
            arm: Arm = getattr(pose, f"{side}_arm")
            if leg.thigh_len == 1:
                out = sign * norm_angle(leg.thigh - pose.torso - 180)
                checks.append((f"{side}_leg hip", out, -35, 90, "spreads"))
            if leg.thigh_len == 1 and leg.shin_len == 1 and leg.ankle_on is None:
                checks.append((f"{side}_leg knee", norm_angle(leg.thigh - leg.shin), -45, 45, "bends"))
            if arm.upper_len == 1 and arm.hold is None:
                out = sign * norm_angle(arm.upper - pose.torso - 180)
                if out < -150:  # straight overhead comes round past 180
                    out += 360
                checks.append((f"{side}_arm shoulder", out, -135, 200, "lifts"))  # -: across the chest
            if arm.upper_len == 1 and arm.lower_len == 1 and arm.hold is None:
                checks.append((f"{side}_arm elbow", abs(norm_angle(arm.lower - arm.upper)), 0, 165, "bends"))
        return checks
    checks.append(("head", norm_angle(pose.torso - pose.head), -60, 75, "tilts"))
    for side in ("near", "far"):
        leg = getattr(pose, f"{side}_leg")
        arm = getattr(pose, f"{side}_arm")
        # A foreshortened segment points towards the viewer, so its drawn angle says little;
        # a crossed leg's shin and a holding arm's angles are worked out, not given.
        if leg.thigh_len == 1:
            checks.append((f"{side}_leg hip", norm_angle(leg.thigh - pose.torso - 180), -40, 160, "bends"))
        if leg.thigh_len == 1 and leg.shin_len == 1 and leg.ankle_on is None:
            checks.append((f"{side}_leg knee", norm_angle(leg.thigh - leg.shin), -5, 165, "bends"))
        if leg.shin_len == 1 and leg.ankle_on is None:
            checks.append((f"{side}_leg ankle", norm_angle(leg.foot - leg.shin), -5, 135, "is at"))
        if arm.upper_len == 1 and arm.lower_len == 1 and arm.hold is None:
            checks.append((f"{side}_arm elbow", norm_angle(arm.lower - arm.upper), -10, 170, "bends"))
        if arm.hand is not None and arm.hold is None:
            checks.append((f"{side}_arm wrist", norm_angle(arm.hand - arm.lower), -100, 100, "bends"))
    return checks


class Illustration(_Model):
    start: Pose
    end: Pose
    moving: list[Part] = []  # parts drawn in the accent colour with a dark outline
    arrow: Literal["forward", "both"] = "forward"  # "both": the movement goes back and forth
    motion_arrows: list[Part] | None = None  # parts with a curved arrow; None: worked out

    @model_validator(mode="after")
    def _one_view(self) -> Illustration:
        if self.start.view != self.end.view:
            raise ValueError("start and end must be seen from the same side; give both the same view")
        hand = self.start.view == "hand"
        for field in ("moving", "motion_arrows"):
            wrong = [p for p in getattr(self, field) or [] if (p in HAND_PARTS) != hand]
            if wrong:
                allowed = sorted(HAND_PARTS) if hand else [p for p in PART_NAMES if p not in HAND_PARTS]
                raise ValueError(f"{field}: {wrong[0]} is not a part of this view; use: {', '.join(allowed)}")
        return self


def parse_illustration(data: object) -> Illustration:
    """An exercise's ``illustration:`` front matter as an Illustration; ValueError in one line."""
    if isinstance(data, Illustration):
        return data
    if not isinstance(data, dict):
        raise ValueError(f"illustration must be a table with a 'start' and an 'end' pose, not {type(data).__name__}")
    try:
        return Illustration.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = "".join(f".{p}" for p in first["loc"])
        kind = first["type"]
        if kind == "missing":
            problem = "is missing; add it"
        elif kind == "extra_forbidden":
            problem = "is not a known field; check the spelling or remove it"
        elif kind == "value_error":
            problem = re.sub(r"^Value error, ", "", first["msg"])
        else:
            problem = f"{first.get('input')!r}: {first['msg'][0].lower()}{first['msg'][1:]}"
        raise ValueError(f"illustration{where}: {problem}") from None
