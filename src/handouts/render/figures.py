"""Drawings of exercises, made by the project as standalone SVG.

An exercise's front matter describes two poses (``start`` and ``end``) of one side-view figure;
:func:`render_svg` draws them side by side with an arrow between. The figure has volume: a
rounded torso, head with a nose (so you see which way the face looks), limbs drawn as tapered
capsules, hands and feet. Near limbs are dark, far limbs a mid grey (still 3.4:1 on white), and
the moving parts are the clinic's colour with a dark outline, with curved arrows showing how they
move, so the movement also reads in greyscale.

How a pose is described (see :class:`Pose`)
---------------------------------------------
The figure is seen from the side and faces **right** (when standing, it looks to the right);
the viewer sees its left side, so "near" limbs are the left arm/leg and "far" limbs the right.
Every body segment has an absolute direction in degrees, like a compass drawn on the page:
``0`` points right, ``90`` up, ``180`` left, ``270`` down (counter-clockwise, y up).

* ``torso``: from the hip joint to the shoulder (lying on the back with the head to the left: 180).
* ``head``: from the shoulder to the centre of the head.
* ``near_arm`` / ``far_arm``: ``upper`` (shoulder → elbow), ``lower`` (elbow → wrist) and
  optionally ``hand`` (wrist → fingertips; straight on from the forearm when left out).
  ``hold: near_knee`` (or ``far_knee``, ``near_shin``, ``far_shin``, ``near_thigh``,
  ``far_thigh``) puts the hand there instead – on the front of the shin just below the knee, on
  the front of the shin, or behind the thigh – and works out the arm's angles.
* ``near_leg`` / ``far_leg``: ``thigh`` (hip → knee), ``shin`` (knee → ankle), ``foot`` (ankle →
  toes; a relaxed foot is at right angles to the shin, toes pulled up is about 20° more).
  ``ankle_on: far_knee`` (or ``near_knee``) rests the ankle on the other leg's knee (crossed
  legs, as in a figure-4 stretch) and works out the shin.
* ``spine``: bend of the back, -30…30: positive rounds the back (cat), negative hollows/arches it.
* ``pelvis``: -30…30, extra tilt where the spine leaves the pelvis (negative arches the low back,
  positive flattens it into the mat).
* ``*_len`` (0.3…1.2, default 1): foreshortening of a segment that points towards the viewer.
* ``base`` picks a preset (``lying_back``, ``all_fours``, ``sitting_chair``, ``standing``) that fills
  in every field not given, so a pose only lists what differs from the preset; ``prop`` is the
  mat, chair or nothing under the figure (the preset's by default); ``cue`` draws an arrow at
  the back: ``low_back_press`` (the low back pressed down into the mat), ``low_back_arch`` (the
  low back lifting), ``back_round`` (the back rounded up) or ``back_hollow`` (the back sagging).

The figure is placed on the floor automatically (its lowest point touches the floor or mat), so
poses only need angles. Impossible joints (a knee bent backwards, a foot turned through the shin)
are rejected with a plain ValueError. The :class:`Illustration` adds ``moving`` (parts drawn in
the accent colour with a dark outline: ``head``, ``torso``, ``near_arm``, ``far_arm``,
``near_leg``, ``far_leg``), ``arrow`` (``forward`` or ``both`` for a back-and-forth movement)
and ``motion_arrows`` (the parts that get a curved arrow in the end picture; default: the moving
limbs and head, and the torso when the hips move). Example::

    illustration:
      moving: [far_arm, near_leg]
      start: {base: all_fours}
      end:
        base: all_fours
        far_arm: {upper: 0, lower: 0, hand: 0}        # right arm straight forward
        near_leg: {thigh: 180, shin: 180, foot: 270}  # left leg straight back

The picture's height follows the figures: the viewBox is always 720 wide (0.1 mm per unit at the
72 mm it is printed at: two 35.2 mm panels with a 1.6 mm gap) and as tall as the taller pose
needs, between 720:138 and 720:450 (5.2:1 … 1.6:1). The arrow between the panels straddles the
gap where neither figure is; with no room it is left out (the captions and arrows still say it).
"""

from __future__ import annotations

import itertools
import math
import re
from typing import Annotated, Any, Literal
from xml.sax.saxutils import escape

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

__all__ = [
    "Arm",
    "Leg",
    "Pose",
    "Illustration",
    "BASES",
    "render_svg",
    "placeholder_svg",
    "parse_illustration",
    "illustration_svg",
]

# ---------------------------------------------------------------------------------------------
# Data model

Angle = Annotated[float, Field(ge=-360, le=360, allow_inf_nan=False)]
Bend = Annotated[float, Field(ge=-30, le=30, allow_inf_nan=False)]
Length = Annotated[float, Field(ge=0.3, le=1.2, allow_inf_nan=False)]
Part = Literal["head", "torso", "near_arm", "far_arm", "near_leg", "far_leg"]
Base = Literal["lying_back", "all_fours", "sitting_chair", "standing"]
Grip = Literal["near_knee", "far_knee", "near_shin", "far_shin", "near_thigh", "far_thigh"]
Knee = Literal["near_knee", "far_knee"]
Cue = Literal["none", "low_back_press", "low_back_arch", "back_round", "back_hollow"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Arm(_Model):
    upper: Angle  # shoulder → elbow
    lower: Angle  # elbow → wrist
    hand: Angle | None = None  # wrist → fingertips; None: straight on from the forearm
    upper_len: Length = 1.0
    lower_len: Length = 1.0
    hold: Grip | None = None  # the hand holds this place on a leg; upper/lower are worked out


class Leg(_Model):
    thigh: Angle  # hip → knee
    shin: Angle  # knee → ankle
    foot: Angle  # ankle → toes
    thigh_len: Length = 1.0
    shin_len: Length = 1.0
    ankle_on: Knee | None = None  # the ankle rests on the other leg's knee; the shin is worked out


# Presets: every field a pose does not give is taken from its base's preset.
BASES: dict[str, dict[str, Any]] = {
    "lying_back": {  # on the back, head to the left, knees bent with the feet on the floor
        "torso": 180,
        "head": 176,
        "spine": 0,
        "pelvis": 0,
        "prop": "mat",
        "near_arm": {"upper": 354, "lower": 357},
        "far_arm": {"upper": 354, "lower": 357},
        "near_leg": {"thigh": 50, "shin": 294.9, "foot": 0},
        "far_leg": {"thigh": 50, "shin": 294.9, "foot": 0},
    },
    "all_fours": {  # hands under the shoulders, knees under the hips, facing right
        "torso": 9.6,
        "head": 15,
        "spine": 0,
        "pelvis": 0,
        "prop": "mat",
        "near_arm": {"upper": 270, "lower": 270, "hand": 0},
        "far_arm": {"upper": 270, "lower": 270, "hand": 0},
        "near_leg": {"thigh": 270, "shin": 180, "foot": 180},
        "far_leg": {"thigh": 270, "shin": 180, "foot": 180},
    },
    "sitting_chair": {  # upright on a chair, facing right, hands on the thighs, feet on the floor
        "torso": 92,
        "head": 90,
        "spine": 0,
        "pelvis": 0,
        "prop": "chair",
        "near_arm": {"upper": 285, "lower": 326, "hand": 355},
        "far_arm": {"upper": 285, "lower": 326, "hand": 355},
        "near_leg": {"thigh": 0, "shin": 270, "foot": 0},
        "far_leg": {"thigh": 0, "shin": 270, "foot": 0},
    },
    "standing": {
        "torso": 90,
        "head": 90,
        "spine": 0,
        "pelvis": 0,
        "prop": "none",
        "near_arm": {"upper": 272, "lower": 275},
        "far_arm": {"upper": 268, "lower": 265},
        "near_leg": {"thigh": 272, "shin": 270, "foot": 0},
        "far_leg": {"thigh": 268, "shin": 270, "foot": 0},
    },
}


def _norm(angle: float) -> float:
    """An angle folded into (-180, 180]."""
    a = math.fmod(angle, 360.0)
    if a > 180:
        a -= 360
    elif a <= -180:
        a += 360
    return a


class Pose(_Model):
    """One position of the figure; see the module docstring for the angle convention."""

    base: Base
    torso: Angle
    head: Angle
    spine: Bend = 0
    pelvis: Bend = 0
    near_arm: Arm
    far_arm: Arm
    near_leg: Leg
    far_leg: Leg
    prop: Literal["none", "mat", "chair"]
    cue: Cue = "none"

    @model_validator(mode="before")
    @classmethod
    def _fill_from_base(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("base") not in BASES:
            return data  # pydantic reports the missing or unknown base
        merged: dict[str, Any] = dict(BASES[data["base"]])
        for key, value in data.items():
            preset = merged.get(key)
            if isinstance(preset, dict) and isinstance(value, dict):
                merged[key] = {**preset, **value}
            else:
                merged[key] = value
        return merged

    @model_validator(mode="after")
    def _joints_possible(self) -> Pose:
        for side, other in (("near", "far"), ("far", "near")):
            leg: Leg = getattr(self, f"{side}_leg")
            if leg.ankle_on == f"{side}_knee":
                raise ValueError(f"{side}_leg.ankle_on: a leg cannot rest on its own knee; use {other}_knee")
        if self.near_leg.ankle_on and self.far_leg.ankle_on:
            raise ValueError("only one leg can rest its ankle on the other knee")
        # (name, how far the joint is bent, lowest, highest) – generous human ranges.
        checks = [("head", _norm(self.torso - self.head), -60, 75, "tilts")]
        for side in ("near", "far"):
            leg = getattr(self, f"{side}_leg")
            arm: Arm = getattr(self, f"{side}_arm")
            # A foreshortened segment points towards the viewer, so its drawn angle says little;
            # a crossed leg's shin and a holding arm's angles are worked out, not given.
            if leg.thigh_len == 1:
                checks.append((f"{side}_leg hip", _norm(leg.thigh - self.torso - 180), -40, 160, "bends"))
            if leg.thigh_len == 1 and leg.shin_len == 1 and leg.ankle_on is None:
                checks.append((f"{side}_leg knee", _norm(leg.thigh - leg.shin), -5, 165, "bends"))
            if leg.shin_len == 1 and leg.ankle_on is None:
                checks.append((f"{side}_leg ankle", _norm(leg.foot - leg.shin), -5, 135, "is at"))
            if arm.upper_len == 1 and arm.lower_len == 1 and arm.hold is None:
                checks.append((f"{side}_arm elbow", _norm(arm.lower - arm.upper), -10, 170, "bends"))
            if arm.hand is not None and arm.hold is None:
                checks.append((f"{side}_arm wrist", _norm(arm.hand - arm.lower), -100, 100, "bends"))
        for name, value, low, high, verb in checks:
            if not low <= value <= high:
                raise ValueError(
                    f"{name} {verb} {value:.0f}°, which a body cannot do (allowed {low}° to {high}°); "
                    "check the angles (0 = right, 90 = up, 180 = left, 270 = down)"
                )
        return self


class Illustration(_Model):
    start: Pose
    end: Pose
    moving: list[Part] = []  # parts drawn in the accent colour with a dark outline
    arrow: Literal["forward", "both"] = "forward"  # "both": the movement goes back and forth
    motion_arrows: list[Part] | None = None  # parts with a curved arrow; None: worked out


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
        where = ".".join(str(p) for p in first["loc"]) or "illustration"
        kind = first["type"]
        if kind == "missing":
            problem = "is missing; add it"
        elif kind == "extra_forbidden":
            problem = "is not a known field; check the spelling or remove it"
        elif kind == "value_error":
            problem = re.sub(r"^Value error, ", "", first["msg"])
        else:
            problem = f"{first.get('input')!r}: {first['msg'][0].lower()}{first['msg'][1:]}"
        raise ValueError(f"illustration.{where}: {problem}") from None


# ---------------------------------------------------------------------------------------------
# Geometry: the figure in its own units (y up, hip joint at the origin)

TORSO, NECK, HEAD_R = 54.0, 8.0, 9.5  # the head's centre is NECK + HEAD_R from the shoulder
UPPER_ARM, FOREARM, HAND = 31.0, 26.0, 13.0
THIGH, SHIN, FOOT = 46.0, 45.0, 14.0
# Half thicknesses (radii) at each end of a segment, in figure units.
R_UPPER, R_FOREARM, R_HAND = (4.2, 3.4), (3.4, 2.6), (2.9, 2.4)
R_THIGH, R_SHIN, R_HEEL, R_TOE = (7.2, 4.9), (4.7, 3.2), 3.5, 2.2
R_NECK, R_NOSE = 4.0, 2.3
# Half the depth of the torso along the spine (t = 0 at the hip, 1 at the shoulder).
TORSO_DEPTH = ((0.0, 9.5), (0.35, 8.2), (0.7, 10.0), (1.0, 8.0))

Point = tuple[float, float]
# A filled shape in figure units: ("capsule", a, ra, b, rb), ("circle", c, r) or ("poly", points).
Shape = tuple[Any, ...]


def _dir(angle: float) -> Point:
    r = math.radians(angle)
    return math.cos(r), math.sin(r)


def _step(p: Point, angle: float, length: float) -> Point:
    dx, dy = _dir(angle)
    return p[0] + dx * length, p[1] + dy * length


def _angle(a: Point, b: Point) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def _dist(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    u = 1 - t
    return (
        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
    )


def _bezier_tangent(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> float:
    """The direction (degrees) of the curve at t."""
    u = 1 - t
    dx = 3 * u * u * (p1[0] - p0[0]) + 6 * u * t * (p2[0] - p1[0]) + 3 * t * t * (p3[0] - p2[0])
    dy = 3 * u * u * (p1[1] - p0[1]) + 6 * u * t * (p2[1] - p1[1]) + 3 * t * t * (p3[1] - p2[1])
    return math.degrees(math.atan2(dy, dx))


def _depth(t: float) -> float:
    for (t0, w0), (t1, w1) in itertools.pairwise(TORSO_DEPTH):
        if t <= t1:
            k = (t - t0) / (t1 - t0)
            k = k * k * (3 - 2 * k)  # smooth
            return w0 + (w1 - w0) * k
    return TORSO_DEPTH[-1][1]


def _reach(shoulder: Point, target: Point, upper: float, lower: float) -> tuple[float, float]:
    """(upper, lower) angles that put the wrist on target, the elbow bending the natural way."""
    d = _dist(shoulder, target)
    phi = _angle(shoulder, target)
    if d >= upper + lower - 1e-6:
        return phi, phi  # out of reach: the arm points at it, straight
    d = max(d, abs(upper - lower) + 1e-6)
    cos_a = (upper * upper + d * d - lower * lower) / (2 * upper * d)
    a = math.degrees(math.acos(max(-1.0, min(1.0, cos_a))))
    elbow = _step(shoulder, phi - a, upper)
    return phi - a, _angle(elbow, target)


class _Figure:
    """A pose's joints and filled shapes in figure units."""

    def __init__(self, pose: Pose) -> None:
        self.pose = pose
        self._shapes: dict[str, list[Shape]] | None = None
        self._box: tuple[float, float, float, float] | None = None
        hip: Point = (0.0, 0.0)
        shoulder = _step(hip, pose.torso, TORSO)
        # The spine leaves the pelvis at torso + spine + pelvis and reaches the shoulder at
        # torso - spine: positive spine bulges towards the back (rounded), negative towards the
        # front (hollow). The figure faces right, so its back is on the side torso + 90.
        self.spine_ctrl = (
            hip,
            _step(hip, pose.torso + pose.spine * 2 + pose.pelvis * 2, TORSO / 3),
            _step(shoulder, pose.torso - pose.spine * 2 + 180, TORSO / 3),
            shoulder,
        )
        self.hip, self.shoulder = hip, shoulder
        self.head = _step(shoulder, pose.head, NECK + HEAD_R)
        self.joints: dict[str, dict[str, Point]] = {}
        self.angles: dict[str, dict[str, float]] = {}
        legs = sorted(("near", "far"), key=lambda s: getattr(pose, f"{s}_leg").ankle_on is not None)
        for side in legs:  # a leg resting on the other knee needs that knee first
            leg: Leg = getattr(pose, f"{side}_leg")
            knee = _step(hip, leg.thigh, THIGH * leg.thigh_len)
            shin = leg.shin
            if leg.ankle_on is None:
                ankle = _step(knee, shin, SHIN * leg.shin_len)
            else:  # on the other knee's kneecap: halfway between the front of its thigh and shin
                other = self.joints[leg.ankle_on.replace("_knee", "_leg")]
                bent = self.angles[leg.ankle_on.replace("_knee", "_leg")]
                fx, fy = _dir(bent["thigh"] + 90)
                gx, gy = _dir(bent["shin"] + 90)
                cap = math.degrees(math.atan2(fy + gy, fx + gx))
                ankle = _step(other["knee"], cap, R_THIGH[1] + R_SHIN[1] - 1.0)
                shin = _angle(knee, ankle)
            self.joints[f"{side}_leg"] = {"hip": hip, "knee": knee, "ankle": ankle, "toe": _step(ankle, leg.foot, FOOT)}
            self.angles[f"{side}_leg"] = {"thigh": leg.thigh, "shin": shin, "foot": leg.foot}
        for side in ("near", "far"):
            arm: Arm = getattr(pose, f"{side}_arm")
            upper_l, lower_l = UPPER_ARM * arm.upper_len, FOREARM * arm.lower_len
            upper, lower, hand = arm.upper, arm.lower, arm.hand
            if arm.hold is not None:
                wrist_at, hand = self._grip(arm.hold)
                upper, lower = _reach(shoulder, wrist_at, upper_l, lower_l)
                bend = _norm(hand - lower)  # the wrist bends at most 100°
                hand = lower + max(-100.0, min(100.0, bend))
            elbow = _step(shoulder, upper, upper_l)
            wrist = _step(elbow, lower, lower_l)
            hand = lower if hand is None else hand
            self.joints[f"{side}_arm"] = {
                "shoulder": shoulder,
                "elbow": elbow,
                "wrist": wrist,
                "tip": _step(wrist, hand, HAND),
            }
            self.angles[f"{side}_arm"] = {"upper": upper, "lower": lower, "hand": hand}

    def _grip(self, place: str) -> tuple[Point, float]:
        """Where the wrist goes and which way the hand points to hold ``place``."""
        side, where = place.split("_")
        j, a = self.joints[f"{side}_leg"], self.angles[f"{side}_leg"]
        if where == "thigh":  # behind the thigh, near the knee: the palm on the back of it
            at = 0.6
            point = (j["hip"][0] + (j["knee"][0] - j["hip"][0]) * at, j["hip"][1] + (j["knee"][1] - j["hip"][1]) * at)
            out = a["thigh"] - 90
            radius = R_THIGH[0] + (R_THIGH[1] - R_THIGH[0]) * at
        else:  # on the front of the shin: just below the knee, or halfway down
            at = 0.18 if where == "knee" else 0.45
            point = (
                j["knee"][0] + (j["ankle"][0] - j["knee"][0]) * at,
                j["knee"][1] + (j["ankle"][1] - j["knee"][1]) * at,
            )
            out = a["shin"] + 90
            radius = R_SHIN[0] + (R_SHIN[1] - R_SHIN[0]) * at
        contact = _step(point, out, radius)
        return _step(contact, out, 2.0), out + 180

    def spine_at(self, t: float) -> Point:
        return _bezier(*self.spine_ctrl, t)

    def torso_outline(self, n: int = 14) -> list[Point]:
        """The torso's outline, counter-clockwise: front edge up, round shoulder, back edge down, round seat."""
        front, back = [], []
        for i in range(n + 1):
            t = i / n
            c = self.spine_at(t)
            a = _bezier_tangent(*self.spine_ctrl, t)
            w = _depth(t)
            front.append(_step(c, a - 90, w))
            back.append(_step(c, a + 90, w))
        a1 = _bezier_tangent(*self.spine_ctrl, 1.0)
        a0 = _bezier_tangent(*self.spine_ctrl, 0.0)
        top = [_step(self.shoulder, a1 - 90 + 180 * k / 6, TORSO_DEPTH[-1][1]) for k in range(1, 6)]
        seat = [_step(self.hip, a0 + 90 + 180 * k / 6, TORSO_DEPTH[0][1]) for k in range(1, 6)]
        return front + top + back[::-1] + seat

    def shapes(self) -> dict[str, list[Shape]]:
        """Every body part as filled shapes (worked out once; a pose never changes)."""
        if self._shapes is None:
            self._shapes = self._make_shapes()
        return self._shapes

    def _make_shapes(self) -> dict[str, list[Shape]]:
        out: dict[str, list[Shape]] = {"torso": [("poly", self.torso_outline())]}
        face = self.pose.head - 90
        out["head"] = [
            ("capsule", self.shoulder, R_NECK, self.head, R_NECK),
            ("circle", self.head, HEAD_R),
            ("circle", _step(self.head, face, HEAD_R - 0.6), R_NOSE),
        ]
        for side in ("near", "far"):
            j, a = self.joints[f"{side}_leg"], self.angles[f"{side}_leg"]
            heel = _step(_step(j["ankle"], a["foot"] + 180, 2.5), a["shin"], 1.0)
            out[f"{side}_leg"] = [
                ("capsule", j["hip"], R_THIGH[0], j["knee"], R_THIGH[1]),
                ("capsule", j["knee"], R_SHIN[0], j["ankle"], R_SHIN[1]),
                ("capsule", heel, R_HEEL, _step(j["ankle"], a["foot"], FOOT - R_TOE), R_TOE),
            ]
            j, a = self.joints[f"{side}_arm"], self.angles[f"{side}_arm"]
            out[f"{side}_arm"] = [
                ("capsule", j["shoulder"], R_UPPER[0], j["elbow"], R_UPPER[1]),
                ("capsule", j["elbow"], R_FOREARM[0], j["wrist"], R_FOREARM[1]),
                ("capsule", j["wrist"], R_HAND[0], _step(j["wrist"], a["hand"], HAND - R_HAND[1]), R_HAND[1]),
            ]
        return out

    def box(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of every shape."""
        if self._box is not None:
            return self._box
        xs: list[float] = []
        ys: list[float] = []
        for shapes in self.shapes().values():
            for shape in shapes:
                for p, r in _shape_circles(shape):
                    xs += [p[0] - r, p[0] + r]
                    ys += [p[1] - r, p[1] + r]
        self._box = min(xs), min(ys), max(xs), max(ys)
        return self._box


def _shape_circles(shape: Shape) -> list[tuple[Point, float]]:
    """Points with radii that cover a shape's extent."""
    if shape[0] == "capsule":
        return [(shape[1], shape[2]), (shape[3], shape[4])]
    if shape[0] == "circle":
        return [(shape[1], shape[2])]
    return [(p, 0.0) for p in shape[1]]


# ---------------------------------------------------------------------------------------------
# Colours

INK = "#2b2b2b"  # near limbs, torso and head: 14:1 on white
FAR_INK = "#8a8a8a"  # far limbs: lighter, still 3.4:1 on white
OUTLINE = "#141414"  # around moving parts, so they stand out in greyscale too
HALO = "#ffffff"  # a thin white edge separates overlapping parts
FLOOR_INK, MAT_FILL, CHAIR_INK, BETWEEN_INK = "#7a7a7a", "#e3e3e3", "#8a8a8a", "#4d4d4d"
# Relative luminance bands (WCAG) the clinic colour is shaded into for each use.
NEAR_MOVING_L = (0.13, 0.17)  # 4.9–5.8:1 on white, and ≥ 2.4:1 against INK (so it reads in grey)
FAR_MOVING_L = (0.23, 0.27)  # 3.3–3.7:1 on white: lighter than the near side, like FAR_INK
ARROW_L = (0.0, 0.12)  # ≥ 6:1 on white
FONT = "IBM Plex Sans, sans-serif"


def _rgb(colour: str) -> tuple[float, float, float]:
    c = colour.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * 255):02x}" for v in rgb)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rgb/#rrggbb colour (0 black … 1 white)."""
    lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in _rgb(colour)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str = "#ffffff") -> float:
    """WCAG contrast ratio of two colours (1 to 21); against white by default."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _shade(colour: str, low: float, high: float) -> str:
    """The colour mixed with white or black just enough that its luminance is in [low, high]."""
    lum = luminance(colour)
    if low <= lum <= high:
        return _hex(_rgb(colour))
    rgb = _rgb(colour)
    towards, goal = ((1.0, 1.0, 1.0), low) if lum < low else ((0.0, 0.0, 0.0), high)
    lo_k, hi_k = 0.0, 1.0
    for _ in range(30):
        k = (lo_k + hi_k) / 2
        mixed = _hex(_mix(rgb, towards, k))
        if (luminance(mixed) < goal) == (lum < low):
            lo_k = k
        else:
            hi_k = k
    return _hex(_mix(rgb, towards, hi_k))


def _mix(rgb: tuple[float, float, float], towards: tuple[float, float, float], k: float) -> tuple[float, float, float]:
    return (rgb[0] + (towards[0] - rgb[0]) * k, rgb[1] + (towards[1] - rgb[1]) * k, rgb[2] + (towards[2] - rgb[2]) * k)


def palette(accent: str) -> dict[str, str]:
    """The colours a drawing uses with this clinic colour."""
    accent = _check_accent(accent)
    return {
        "near": INK,
        "far": FAR_INK,
        "near_moving": _shade(accent, *NEAR_MOVING_L),
        "far_moving": _shade(accent, *FAR_MOVING_L),
        "arrow": _shade(accent, *ARROW_L),
    }


# ---------------------------------------------------------------------------------------------
# SVG output

# The picture, in viewBox units: 0.1 mm each when printed 72 mm wide (the card's column). Two
# panels ("Start" and "Slut") of 35.2 mm with a 1.6 mm gap; the arrow between them straddles the
# gap wherever neither figure is. The height follows the taller pose.
VIEW_W = 720
PANEL_W = 352
PANELS = (0.0, VIEW_W - PANEL_W)  # left edges of the start and end panels
VIEW_H_MIN, VIEW_H_MAX = 138, 450  # aspect 5.2:1 … 1.6:1
SIDE, TOP, BOTTOM, LABEL_H = 4.0, 14.0, 3.0, 38.0
BETWEEN_REACH, BETWEEN_W = (22.0, 14.0), 5.5  # how far the arrow between reaches into each panel; width
MAT_H = 10.0
HALO_W, OUTLINE_W = 3.0, 2.2  # widths of the white edge and the dark outline
ARROW_W, HEAD_L, HEAD_W = 7.0, 22.0, 11.0  # movement arrows
PLACEHOLDER_H = 260

_ACCENT = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _check_accent(accent: object) -> str:
    if not isinstance(accent, str) or not _ACCENT.match(accent):
        raise ValueError(f"accent {accent!r} is not a colour; write it as #rgb or #rrggbb, e.g. #1f5fa8")
    return accent.lower()


def _n(value: float) -> str:
    """A coordinate with one decimal, never "-0"."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


class _Placer:
    """Maps figure units (hip at the origin, y up) to viewBox units for one panel."""

    def __init__(self, x0: float, ground: float, lift: float, scale: float) -> None:
        self.x0, self.ground, self.lift, self.s = x0, ground, lift, scale

    def __call__(self, p: Point) -> Point:
        return self.x0 + p[0] * self.s, self.ground - (p[1] + self.lift) * self.s


def _xy(p: Point) -> str:
    return f"{_n(p[0])} {_n(p[1])}"


def _shape_d(shape: Shape, place: _Placer) -> str:
    """One filled shape as closed SVG path data, always wound the same way (so shapes unite)."""
    s = place.s
    if shape[0] == "circle" or (shape[0] == "capsule" and _dist(shape[1], shape[3]) <= abs(shape[2] - shape[4]) + 1e-6):
        if shape[0] == "circle":
            c, r = shape[1], shape[2]
        else:  # a capsule with one end inside the other: just the bigger circle
            c, r = max((shape[1], shape[2]), (shape[3], shape[4]), key=lambda x: x[1])
        cx, cy = place(c)
        r *= s
        return (
            f"M{_n(cx + r)} {_n(cy)} A{_n(r)} {_n(r)} 0 1 1 {_n(cx - r)} {_n(cy)} "
            f"A{_n(r)} {_n(r)} 0 1 1 {_n(cx + r)} {_n(cy)}Z"
        )
    if shape[0] == "capsule":
        a, b = place(shape[1]), place(shape[3])
        ra, rb = shape[2] * s, shape[4] * s
        d = _dist(a, b)
        ux, uy = (b[0] - a[0]) / d, (b[1] - a[1]) / d
        alpha = math.acos(max(-1.0, min(1.0, (ra - rb) / d)))
        ca, sa = math.cos(alpha), math.sin(alpha)
        n_plus = (ux * ca - uy * sa, ux * sa + uy * ca)
        n_minus = (ux * ca + uy * sa, -ux * sa + uy * ca)
        p1 = (a[0] + ra * n_minus[0], a[1] + ra * n_minus[1])
        p2 = (b[0] + rb * n_minus[0], b[1] + rb * n_minus[1])
        p3 = (b[0] + rb * n_plus[0], b[1] + rb * n_plus[1])
        p4 = (a[0] + ra * n_plus[0], a[1] + ra * n_plus[1])
        big_b = 1 if 2 * alpha > math.pi else 0
        return (
            f"M{_xy(p1)} L{_xy(p2)} A{_n(rb)} {_n(rb)} 0 {big_b} 1 {_xy(p3)} "
            f"L{_xy(p4)} A{_n(ra)} {_n(ra)} 0 {1 - big_b} 1 {_xy(p1)}Z"
        )
    pts = [place(p) for p in shape[1]]
    area = sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(pts, pts[1:] + pts[:1], strict=False))
    if area < 0:
        pts.reverse()
    return "M" + " L".join(_xy(p) for p in pts) + "Z"


def _part(out: list[str], d: str, fill: str, outline: str | None = None, halo: bool = True) -> None:
    """A body part: a white edge (so it stands apart from what is behind), an outline, the fill."""
    if halo:
        width = 2 * (HALO_W + (OUTLINE_W if outline else 0))
        out.append(f'<path d="{d}" fill="{HALO}" stroke="{HALO}" stroke-width="{_n(width)}" stroke-linejoin="round"/>')
    if outline:
        out.append(
            f'<path d="{d}" fill="{outline}" stroke="{outline}" stroke-width="{_n(2 * OUTLINE_W)}" '
            'stroke-linejoin="round"/>'
        )
    out.append(f'<path d="{d}" fill="{fill}"/>')


def _chair(fig: _Figure) -> list[tuple[Point, Point]]:
    """The chair's lines in figure units (hip frame), down to the figure's floor."""
    seat = -TORSO_DEPTH[0][1] - 1.8
    floor = fig.box()[1]
    back, front = -13.0, THIGH * 0.68
    return [
        ((back - 3, TORSO * 0.6), (back, seat)),  # backrest
        ((back, seat), (front, seat)),  # seat
        ((back + 1.5, seat), (back + 1.5, floor + 1.5)),  # back leg
        ((front - 1.5, seat), (front - 1.5, floor + 1.5)),  # front leg
    ]


def _arrow(out: list[str], pts: list[Point], colour: str, both: bool, width: float = ARROW_W) -> None:
    """A bold arrow along pts (viewBox units) with a head at the end (and the start if both)."""
    head_l, head_w = HEAD_L * width / ARROW_W, HEAD_W * width / ARROW_W

    def head(tip: Point, before: Point) -> tuple[str, Point]:
        a = math.atan2(tip[1] - before[1], tip[0] - before[0])
        ux, uy = math.cos(a), math.sin(a)
        base = (tip[0] - ux * head_l, tip[1] - uy * head_l)
        left = (base[0] - uy * head_w, base[1] + ux * head_w)
        right = (base[0] + uy * head_w, base[1] - ux * head_w)
        corners = " ".join(f"{_n(x)},{_n(y)}" for x, y in (tip, left, right))
        poly = f'<polygon points="{corners}" fill="{colour}"/>'
        return poly, (tip[0] - ux * head_l * 0.7, tip[1] - uy * head_l * 0.7)

    def direction_point(points: list[Point]) -> Point:
        """A point a head length back along the line, so a head on a curve points along it."""
        walked = 0.0
        for p, q in zip(points[::-1], points[-2::-1], strict=False):
            walked += _dist(p, q)
            if walked >= head_l:
                return q
        return points[0]

    heads = []
    end_head, end_base = head(pts[-1], direction_point(pts))
    shaft = [*pts[:-1], end_base]
    heads.append(end_head)
    if both:
        start_head, start_base = head(pts[0], direction_point(pts[::-1]))
        shaft = [start_base, *shaft[1:]]
        heads.append(start_head)
    d = "M" + " L".join(_xy(p) for p in shaft)
    out.append(
        f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{_n(width)}" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )
    out += heads


def _cue(fig: _Figure) -> list[Point] | None:
    """The cue arrow at the back (figure units, hip frame), or None."""
    kind = fig.pose.cue
    if kind == "none":
        return None
    t = 0.3 if kind.startswith("low_back") else 0.5
    centre, along, w = fig.spine_at(t), _bezier_tangent(*fig.spine_ctrl, t), _depth(t)
    side = along - 90 if kind.startswith("low_back") else along + 90  # the belly side, or the back
    near, far = w + 4.0, w + 21.0
    start, end = (far, near) if kind in ("low_back_press", "back_hollow") else (near, far)
    return [_step(centre, side, start), _step(centre, side, end)]


def _motion(ill: Illustration, figs: list[_Figure], lifts: list[float]) -> list[list[Point]]:
    """Curved arrows (figure units, the end pose's hip frame) from where each part starts to where it ends."""
    start, end = figs
    shift = lifts[0] - lifts[1]  # the start pose's points, moved into the end pose's frame
    parts = ill.motion_arrows
    if parts is None:
        parts = [p for p in ill.moving if p != "torso"]
        if "torso" in ill.moving and abs(shift) >= 8:
            parts.append("torso")
    arrows = []
    for part in parts:
        if part == "torso":
            rise = (0.0, -shift)
            length = math.hypot(*rise)
            if length < 1e-6:
                continue
            ux, uy = rise[0] / length, rise[1] / length
            base = TORSO_DEPTH[0][1] + 4.0
            arrows.append([(ux * base, uy * base), (ux * (base + 18), uy * (base + 18))])
            continue
        if part == "head":
            pivot, track, off = "shoulder", "head", HEAD_R + 5.0
            p0, p1, c = start.head, end.head, end.shoulder
        else:
            a0, a1 = start.angles[part], end.angles[part]
            first = "thigh" if part.endswith("leg") else "upper"
            if abs(_norm(a1[first] - a0[first])) >= 10:
                pivot, track = ("hip", "knee") if part.endswith("leg") else ("shoulder", "wrist")
            else:
                pivot, track = ("knee", "ankle") if part.endswith("leg") else ("elbow", "wrist")
            off = 11.0 if track == "knee" else 12.0
            p0, p1, c = start.joints[part][track], end.joints[part][track], end.joints[part][pivot]
        p0 = (p0[0], p0[1] + shift)
        r0, r1 = _dist(c, p0), _dist(c, p1)
        ang0 = _angle(c, p0)
        sweep = _norm(_angle(c, p1) - ang0)
        if abs(sweep) < 12 or max(r0, r1) < 1:
            continue
        pts = []
        for i in range(17):
            t = 0.08 + 0.84 * i / 16
            pts.append(_step(c, ang0 + sweep * t, r0 + (r1 - r0) * t + off))
        runs, run = [], []
        for p in pts:  # never through the floor
            if p[1] + lifts[1] >= 4:
                run.append(p)
            else:
                runs.append(run)
                run = []
        runs.append(run)
        best = max(runs, key=len)
        if len(best) >= 4:
            arrows.append(best)
    return arrows


def _pad_box(box: tuple[float, float, float, float], pts: list[Point], pad: float) -> tuple[float, float, float, float]:
    left, bottom, right, top = box
    for x, y in pts:
        left, right = min(left, x - pad), max(right, x + pad)
        bottom, top = min(bottom, y - pad), max(top, y + pad)
    return left, bottom, right, top


def _layout(
    figs: list[_Figure],
    extras: list[list[Point]],
    labelled: bool,
) -> tuple[float, float, list[float], float, float]:
    """(scale, view height, lift of each pose, x offset of the hip, floor y)."""
    bodies = [f.box() for f in figs]
    lifts = [-b[1] for b in bodies]  # the lowest point of each pose touches the floor
    boxes = []
    for fig, body, pts in zip(figs, bodies, extras, strict=False):
        box = body
        if fig.pose.prop == "chair":
            box = _pad_box(box, [p for line in _chair(fig) for p in line], 2.0)
        boxes.append(_pad_box(box, pts, 4.5))  # room for the arrowheads
    left = min(b[0] for b in boxes)
    width = max(b[2] for b in boxes) - left
    height = max(b[3] + lift for b, lift in zip(boxes, lifts, strict=False))
    fixed = TOP + BOTTOM + (LABEL_H if labelled else 0) + (MAT_H if any(f.pose.prop == "mat" for f in figs) else 0)
    scale = min((PANEL_W - 2 * SIDE) / width, (VIEW_H_MAX - fixed) / height)
    view_h = float(
        min(VIEW_H_MAX, math.ceil(max(VIEW_H_MIN, fixed + height * scale)))
    )  # ceil may overshoot by a rounding
    x0 = (PANEL_W - width * scale) / 2 - left * scale
    return scale, view_h, lifts, x0, view_h - BOTTOM


def _covers(shape: Shape, p: Point, clearance: float) -> bool:
    """Whether p is inside the shape or within clearance of it (figure units)."""
    if shape[0] == "circle":
        return bool(_dist(shape[1], p) <= shape[2] + clearance)
    if shape[0] == "capsule":
        a, ra, b, rb = shape[1:]
        ab = (b[0] - a[0], b[1] - a[1])
        length2 = ab[0] ** 2 + ab[1] ** 2
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / length2))
        return bool(_dist((a[0] + ab[0] * t, a[1] + ab[1] * t), p) <= ra + (rb - ra) * t + clearance)
    pts = shape[1]
    inside = False
    for q, r in zip(pts, pts[1:] + pts[:1], strict=False):
        if (q[1] > p[1]) != (r[1] > p[1]) and p[0] < q[0] + (p[1] - q[1]) * (r[0] - q[0]) / (r[1] - q[1]):
            inside = not inside
    return inside or any(
        _covers(("capsule", q, 0.0, r, 0.0), p, clearance) for q, r in zip(pts, pts[1:] + pts[:1], strict=False)
    )


def _between_y(
    figs: list[_Figure],
    placers: list[_Placer],
    extras: list[list[Point]],
    wanted: float,
    top: float,
    bottom: float,
    reach: float,
) -> float | None:
    """The height (viewBox) nearest ``wanted`` where the arrow between the panels touches no figure."""
    occupied = []
    for fig, place, pts in zip(figs, placers, extras, strict=False):
        shapes = [shape for part, group in fig.shapes().items() if part != "torso" for shape in group]
        spine = [(fig.spine_at(i / 8), _depth(i / 8)) for i in range(9)]  # the torso, as quick capsules
        shapes += [("capsule", a, ra, b, rb) for (a, ra), (b, rb) in itertools.pairwise(spine)]
        if fig.pose.prop == "chair":
            shapes += [("capsule", a, 2.0, b, 2.0) for a, b in _chair(fig)]
        shapes += [("circle", p, 6.0) for p in pts]  # cue and movement arrows
        clearance = 10.0 / place.s
        boxed = []
        for shape in shapes:
            circles = _shape_circles(shape)
            box = (
                min(c[0] - r for c, r in circles) - clearance,
                min(c[1] - r for c, r in circles) - clearance,
                max(c[0] + r for c, r in circles) + clearance,
                max(c[1] + r for c, r in circles) + clearance,
            )
            boxed.append((box, shape))
        # only shapes that reach into the strip the arrow crosses can be in its way
        x0, x1 = (PANEL_W - reach, PANEL_W) if place is placers[0] else (PANELS[1], PANELS[1] + reach)
        fx0, fx1 = (x0 - place.x0) / place.s, (x1 - place.x0) / place.s
        boxed = [(box, shape) for box, shape in boxed if box[2] >= fx0 and box[0] <= fx1]
        occupied.append((boxed, place, clearance))
    half = HEAD_W * BETWEEN_W / ARROW_W + 5.0
    xs = [PANEL_W - reach + 3.0 * i for i in range(int(reach / 3) + 2)]
    xs += [PANELS[1] + reach - 3.0 * i for i in range(int(reach / 3) + 2)]
    heights = (bottom - 3.0 * i for i in range(int((bottom - top) / 3) + 1))
    candidates = sorted(heights, key=lambda y: (abs(y - wanted), y))
    for y in candidates:
        near = []  # per panel: the shapes whose box reaches the arrow's height
        for boxed, place, _clearance in occupied:
            low = (place.ground - (y + half)) / place.s - place.lift
            high = (place.ground - (y - half)) / place.s - place.lift
            near.append([shape for b, shape in boxed if b[3] >= low and b[1] <= high])
        free = True
        for x in xs:
            panel = 0 if x < PANEL_W else 1
            shapes, (_, place, clearance) = near[panel], occupied[panel]
            if not shapes:
                continue
            for dy in (-half, 0.0, half):
                p = ((x - place.x0) / place.s, (place.ground - (y + dy)) / place.s - place.lift)
                if any(_covers(shape, p, clearance) for shape in shapes):
                    free = False
                    break
            if not free:
                break
        if free:
            return round(y, 1)
    return None


def _draw_figure(out: list[str], fig: _Figure, place: _Placer, moving: set[str], colours: dict[str, str]) -> None:
    shapes = fig.shapes()

    def d(*parts: str) -> str:
        return " ".join(_shape_d(shape, place) for part in parts for shape in shapes[part])

    if fig.pose.prop == "chair":
        lines = " ".join(f"M{_xy(place(a))} L{_xy(place(b))}" for a, b in _chair(fig))
        out.append(
            f'<path d="{lines}" fill="none" stroke="{CHAIR_INK}" stroke-width="{_n(3.4 * place.s)}" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )
    for part in ("far_leg", "far_arm"):  # behind the body
        if part in moving:
            _part(out, d(part), colours["far_moving"], OUTLINE)
        else:
            _part(out, d(part), colours["far"])
    body = [p for p in ("torso", "head") if p not in moving]
    if body:
        _part(out, d(*body), colours["near"])
    for part in ("torso", "head"):
        if part in moving:
            _part(out, d(part), colours["near_moving"], OUTLINE)
    # In front: the near leg, then the near arm – unless that hand holds the far leg: then the
    # arm reaches behind the near leg (between the legs, as in a figure-4 stretch).
    front = ("near_leg", "near_arm")
    if (fig.pose.near_arm.hold or "").startswith("far_"):
        front = ("near_arm", "near_leg")
    for part in front:
        if part in moving:
            _part(out, d(part), colours["near_moving"], OUTLINE)
        else:
            _part(out, d(part), colours["near"])


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _svg_open(title: str, height: float) -> list[str]:
    """The opening tag (no ids, so several SVGs can be inlined in one page) and the <title>."""
    text = escape(_NOT_XML.sub("", str(title)))  # characters XML cannot hold are dropped
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W} {_n(height)}" role="img">',
        f"<title>{text}</title>",
    ]


def render_svg(
    illustration: Illustration | dict[str, object],
    *,
    accent: str = "#1f5fa8",
    title: str = "",
    labels: tuple[str, str] = ("Start", "Slut"),
) -> str:
    """The start and end poses side by side as one standalone, scalable SVG.

    780 units wide; as tall as the figures need (aspect 5.2:1 to 1.6:1), so lying figures get no
    empty sky. Moving parts are in ``accent`` (shaded to keep contrast) with a dark outline and
    curved arrows; far limbs mid grey. Same input → byte-identical output.
    """
    accent = _check_accent(accent)
    if not isinstance(illustration, Illustration):
        illustration = parse_illustration(illustration)
    colours = palette(accent)
    figs = [_Figure(illustration.start), _Figure(illustration.end)]
    lifts0 = [-f.box()[1] for f in figs]
    cues = [_cue(f) for f in figs]
    motion = _motion(illustration, figs, lifts0)
    extras = [
        [p for p in cues[0] or []],
        [p for p in cues[1] or []] + [p for arrow in motion for p in arrow],
    ]
    labelled = any(labels)
    scale, view_h, lifts, x0, floor_y = _layout(figs, extras, labelled)
    out = _svg_open(title, view_h)
    if labelled:
        for left, name in zip(PANELS, labels, strict=False):
            if name:
                out.append(
                    f'<text x="{_n(left + 6)}" y="{_n(TOP + 26)}" font-family="{FONT}" font-size="30" '
                    f'fill="#4d4d4d">{escape(name)}</text>'
                )
    moving: set[str] = set(illustration.moving)
    both = illustration.arrow == "both"
    placers = []
    for left, fig, lift, cue in zip(PANELS, figs, lifts, cues, strict=False):
        out.append(
            f'<path d="M{_n(left)} {_n(floor_y)} L{_n(left + PANEL_W)} {_n(floor_y)}" '
            f'stroke="{FLOOR_INK}" stroke-width="3" stroke-linecap="butt"/>'
        )
        ground = floor_y
        if fig.pose.prop == "mat":
            ground -= MAT_H
            out.append(
                f'<rect x="{_n(left + 2)}" y="{_n(ground)}" width="{_n(PANEL_W - 4)}" height="{_n(MAT_H)}" '
                f'rx="4" fill="{MAT_FILL}" stroke="{FLOOR_INK}" stroke-width="1.5"/>'
            )
        place = _Placer(left + x0, ground, lift, scale)
        placers.append(place)
        _draw_figure(out, fig, place, moving, colours)
        if cue:
            _arrow(out, [place(p) for p in cue], colours["arrow"], False)
        if left == PANELS[1]:
            for arrow in motion:
                _arrow(out, [place(p) for p in arrow], colours["arrow"], both)
    # the arrow between the pictures: as near half the taller figure's height as is free
    tallest = max((f.box()[3] + lift) * scale for f, lift in zip(figs, lifts, strict=False))
    for reach in BETWEEN_REACH:  # a shorter arrow where a long one finds no room
        y = _between_y(
            figs,
            placers,
            [extras[0], extras[1]],
            floor_y - MAT_H - max(tallest / 2, 24.0),
            TOP + (LABEL_H if labelled else 0) + 12,
            floor_y - MAT_H - 12,
            reach,
        )
        if y is not None:
            _arrow(out, [(PANEL_W - reach, y), (PANELS[1] + reach, y)], BETWEEN_INK, both, width=BETWEEN_W)
            break
    out.append("</svg>")
    return "\n".join(out) + "\n"


def placeholder_svg(title: str, text: str = "Illustration mangler") -> str:
    """A neutral stand-in of the usual width: a grey outline figure and "Illustration mangler"."""
    h = PLACEHOLDER_H
    out = _svg_open(title, h)
    grey = "#b3b3b3"
    out.append(
        f'<rect x="4" y="4" width="{VIEW_W - 8}" height="{h - 8}" rx="16" fill="none" '
        f'stroke="{grey}" stroke-width="3" stroke-dasharray="12 9"/>'
    )
    cx = 150.0
    out.append(
        f'<g fill="none" stroke="{grey}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round">'
        f'<circle cx="{_n(cx)}" cy="58" r="20"/>'
        f'<path d="M{_n(cx)} 84 L{_n(cx)} 160 M{_n(cx - 40)} 134 L{_n(cx)} 100 L{_n(cx + 40)} 134 '
        f'M{_n(cx - 30)} 228 L{_n(cx)} 160 L{_n(cx + 30)} 228"/></g>'
    )
    out.append(f'<path d="M60 236 L240 236" stroke="{grey}" stroke-width="3" stroke-linecap="round"/>')
    out.append(
        f'<text x="520" y="142" text-anchor="middle" font-family="{FONT}" font-size="40" '
        'fill="#666666">' + escape(text) + "</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def illustration_svg(
    data: object | None,
    *,
    accent: str = "#1f5fa8",
    title: str = "",
    labels: tuple[str, str] = ("Start", "Slut"),
    missing: str = "Illustration mangler",
) -> str:
    """The SVG for an exercise's ``illustration`` front matter, or the placeholder when it has none.

    Bad data raises ValueError (so a catalogue mistake is reported, not hidden by a placeholder).
    """
    if data is None:
        _check_accent(accent)
        return placeholder_svg(title, missing)
    return render_svg(parse_illustration(data), accent=accent, title=title, labels=labels)
