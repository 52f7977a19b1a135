"""Line illustrations of exercises, drawn by the project as standalone SVG.

An exercise's front matter describes two poses (``start`` and ``end``) of one simple side-view
figure; :func:`render_svg` draws them side by side as "Start" and "Slut" with an arrow between.

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
* ``near_leg`` / ``far_leg``: ``thigh`` (hip → knee), ``shin`` (knee → ankle), ``foot`` (ankle →
  toes; a relaxed foot is at right angles to the shin, toes pulled up is about 20° more).
* ``spine``: bend of the back, -30…30: positive rounds the back (cat), negative hollows/arches it.
* ``pelvis``: -30…30, extra tilt where the spine leaves the pelvis (negative arches the low back).
* ``*_len`` (0.3…1.2, default 1): foreshortening of a segment that points towards the viewer.
* ``base`` picks a preset (``lying_back``, ``all_fours``, ``sitting_chair``, ``standing``) that fills
  in every field not given, so a pose only lists what differs from the preset; ``prop`` is the
  mat, chair or nothing under the figure (the preset's by default); ``cue`` draws a small curved
  arrow at the low back (``low_back_press`` or ``low_back_arch``).

The figure is placed on the floor automatically (its lowest point touches the floor or mat), so
poses only need angles. Impossible joints (a knee bent backwards, a foot turned through the shin)
are rejected with a plain ValueError. The :class:`Illustration` adds ``moving`` (parts drawn in
the accent colour and thicker: ``head``, ``torso``, ``near_arm``, ``far_arm``, ``near_leg``,
``far_leg``) and ``arrow`` (``forward`` or ``both`` for a back-and-forth movement). Example::

    illustration:
      moving: [far_arm, near_leg]
      start: {base: all_fours}
      end:
        base: all_fours
        far_arm: {upper: 0, lower: 0, hand: 0}        # right arm straight forward
        near_leg: {thigh: 180, shin: 180, foot: 270}  # left leg straight back
"""

from __future__ import annotations

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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Arm(_Model):
    upper: Angle  # shoulder → elbow
    lower: Angle  # elbow → wrist
    hand: Angle | None = None  # wrist → fingertips; None: straight on from the forearm
    upper_len: Length = 1.0
    lower_len: Length = 1.0


class Leg(_Model):
    thigh: Angle  # hip → knee
    shin: Angle  # knee → ankle
    foot: Angle  # ankle → toes
    thigh_len: Length = 1.0
    shin_len: Length = 1.0


# Presets: every field a pose does not give is taken from its base's preset.
BASES: dict[str, dict[str, Any]] = {
    "lying_back": {  # on the back, head to the left, knees bent with the feet on the floor
        "torso": 180, "head": 155, "spine": 0, "pelvis": 0, "prop": "mat",
        "near_arm": {"upper": 0, "lower": 0}, "far_arm": {"upper": 0, "lower": 0},
        "near_leg": {"thigh": 50, "shin": 302.6, "foot": 0},
        "far_leg": {"thigh": 50, "shin": 302.6, "foot": 0},
    },
    "all_fours": {  # hands under the shoulders, knees under the hips, facing right
        "torso": 4.2, "head": 15, "spine": 0, "pelvis": 0, "prop": "mat",
        "near_arm": {"upper": 270, "lower": 270, "hand": 0},
        "far_arm": {"upper": 270, "lower": 270, "hand": 0},
        "near_leg": {"thigh": 270, "shin": 180, "foot": 180},
        "far_leg": {"thigh": 270, "shin": 180, "foot": 180},
    },
    "sitting_chair": {  # upright on a chair, facing right, hands on the thighs, feet on the floor
        "torso": 92, "head": 90, "spine": 0, "pelvis": 0, "prop": "chair",
        "near_arm": {"upper": 280, "lower": 310, "hand": 0},
        "far_arm": {"upper": 280, "lower": 310, "hand": 0},
        "near_leg": {"thigh": 0, "shin": 270, "foot": 0},
        "far_leg": {"thigh": 0, "shin": 270, "foot": 0},
    },
    "standing": {
        "torso": 90, "head": 90, "spine": 0, "pelvis": 0, "prop": "none",
        "near_arm": {"upper": 272, "lower": 275}, "far_arm": {"upper": 268, "lower": 265},
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
    cue: Literal["none", "low_back_press", "low_back_arch"] = "none"

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
        # (name, how far the joint is bent, lowest, highest) – generous human ranges.
        checks = [("head", _norm(self.torso - self.head), -60, 75, "tilts")]
        for side in ("near", "far"):
            leg: Leg = getattr(self, f"{side}_leg")
            arm: Arm = getattr(self, f"{side}_arm")
            # A foreshortened segment points towards the viewer, so its drawn angle says little.
            if leg.thigh_len == 1:
                checks.append((f"{side}_leg hip", _norm(leg.thigh - self.torso - 180), -40, 160, "bends"))
            if leg.thigh_len == 1 and leg.shin_len == 1:
                checks.append((f"{side}_leg knee", _norm(leg.thigh - leg.shin), -5, 165, "bends"))
            if leg.shin_len == 1:
                checks.append((f"{side}_leg ankle", _norm(leg.foot - leg.shin), -5, 135, "is at"))
            if arm.upper_len == 1 and arm.lower_len == 1:
                checks.append((f"{side}_arm elbow", _norm(arm.lower - arm.upper), -10, 170, "bends"))
            if arm.hand is not None:
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
    moving: list[Part] = []  # parts drawn in the accent colour (and thicker)
    arrow: Literal["forward", "both"] = "forward"  # "both": the movement goes back and forth


def parse_illustration(data: object) -> Illustration:
    """An exercise's ``illustration:`` front matter as an Illustration; ValueError in one line."""
    if isinstance(data, Illustration):
        return data
    if not isinstance(data, dict):
        raise ValueError(
            "illustration must be a table with a 'start' and an 'end' pose, "
            f"not {type(data).__name__}"
        )
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

TORSO, NECK, HEAD_R = 54.0, 4.0, 10.0
UPPER_ARM, FOREARM, HAND = 25.0, 23.0, 11.0
THIGH, SHIN, FOOT = 44.0, 40.0, 11.0

# Drawing, in viewBox units (the whole picture is 440 × 200; ~50 mm wide in print).
VIEW_W, VIEW_H = 440, 200
PANEL_W = 192
PANELS = (8.0, VIEW_W - 8.0 - PANEL_W)  # left edges of the "Start" and "Slut" panels
FLOOR_Y = 188.0
MAT_H = 5.0
TOP_Y = 30.0  # figures stay below the labels
MAX_SCALE = 1.35
W_TORSO, W_LIMB, W_FAR, W_MOVING, W_HALO = 8.0, 6.0, 5.5, 9.0, 3.0
INK, FAR_INK, FLOOR_INK, MAT_FILL, CHAIR_INK = "#2b2b2b", "#a6a6a6", "#7a7a7a", "#e3e3e3", "#8c8c8c"
FONT = "Atkinson Hyperlegible, sans-serif"

Point = tuple[float, float]


def _dir(angle: float) -> Point:
    r = math.radians(angle)
    return math.cos(r), math.sin(r)


def _step(p: Point, angle: float, length: float) -> Point:
    dx, dy = _dir(angle)
    return p[0] + dx * length, p[1] + dy * length


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    u = 1 - t
    return (
        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
    )


class _Figure:
    """A pose's joint positions in figure units."""

    def __init__(self, pose: Pose) -> None:
        self.pose = pose
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
        self.limbs: dict[str, list[Point]] = {}
        for side in ("near", "far"):
            arm: Arm = getattr(pose, f"{side}_arm")
            elbow = _step(shoulder, arm.upper, UPPER_ARM * arm.upper_len)
            wrist = _step(elbow, arm.lower, FOREARM * arm.lower_len)
            tip = _step(wrist, arm.lower if arm.hand is None else arm.hand, HAND)
            self.limbs[f"{side}_arm"] = [shoulder, elbow, wrist, tip]
            leg: Leg = getattr(pose, f"{side}_leg")
            knee = _step(hip, leg.thigh, THIGH * leg.thigh_len)
            ankle = _step(knee, leg.shin, SHIN * leg.shin_len)
            toe = _step(ankle, leg.foot, FOOT)
            self.limbs[f"{side}_leg"] = [hip, knee, ankle, toe]

    def spine_points(self, n: int = 16) -> list[Point]:
        return [_bezier(*self.spine_ctrl, i / n) for i in range(n + 1)]

    def spine_at(self, t: float) -> Point:
        return _bezier(*self.spine_ctrl, t)

    def extent_points(self) -> list[tuple[Point, float]]:
        """(point, half stroke width in viewBox units) pairs; the head has radius in figure units."""
        pts = [(p, W_TORSO / 2) for p in self.spine_points()]
        for part, limb in self.limbs.items():
            width = W_FAR if part.startswith("far") else W_LIMB
            pts += [(p, width / 2) for p in limb]
        return pts


# ---------------------------------------------------------------------------------------------
# SVG output

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
    """Maps figure units to viewBox units for one panel."""

    def __init__(self, left: float, hip_x: float, ground: float, scale: float) -> None:
        self.left, self.hip_x, self.ground, self.s = left, hip_x, ground, scale

    def __call__(self, p: Point) -> Point:
        return self.left + self.hip_x + p[0] * self.s, self.ground - p[1] * self.s

    def path(self, points: list[Point]) -> str:
        out = []
        for i, p in enumerate(points):
            x, y = self(p)
            out.append(f"{'M' if i == 0 else 'L'}{_n(x)} {_n(y)}")
        return " ".join(out)


def _lowest(fig: _Figure, scale: float) -> float:
    """How far below the hip (viewBox units) the lowest drawn edge of the figure is."""
    low = min(p[1] * scale - hw for p, hw in fig.extent_points())
    return min(low, (fig.head[1] - HEAD_R) * scale)


def _layout(figs: list[_Figure]) -> tuple[float, float, list[float], tuple[float, float]]:
    """(scale, hip x inside a panel, hip height above the ground per figure, x span of both)."""
    xs = [p[0] for f in figs for p, _ in f.extent_points()] + [
        f.head[0] + s * HEAD_R for f in figs for s in (-1, 1)
    ]
    ys = [p[1] for f in figs for p, _ in f.extent_points()] + [f.head[1] + HEAD_R for f in figs]
    ys += [f.head[1] - HEAD_R for f in figs]
    for f in figs:
        if f.pose.prop == "chair":
            xs.append(-THIGH * 0.45)
    width = max(xs) - min(xs)
    usable_w = PANEL_W - 2 * W_MOVING
    usable_h = FLOOR_Y - MAT_H - TOP_Y
    scale = MAX_SCALE
    for _ in range(3):  # the height depends on the grounding, which depends on the scale
        heights = [max(p[1] for p, _ in f.extent_points()) * scale - _lowest(f, scale) for f in figs]
        heights += [(f.head[1] + HEAD_R) * scale - _lowest(f, scale) for f in figs]
        scale = min(MAX_SCALE, usable_w / width, scale * usable_h / max(max(heights), 1e-6))
    hip_x = (PANEL_W - width * scale) / 2 - min(xs) * scale
    return scale, hip_x, [-_lowest(f, scale) for f in figs], (min(xs), max(xs))


def _arrowhead(tip: Point, angle: float, size: float, colour: str) -> str:
    back = angle + 180
    a = _step(tip, back + 28, size)
    b = _step(tip, back - 28, size)
    # angles here are in SVG (y down) space
    return (
        f'<polygon points="{_n(tip[0])},{_n(tip[1])} {_n(a[0])},{_n(a[1])} {_n(b[0])},{_n(b[1])}" '
        f'fill="{colour}"/>'
    )


def _limb_style(part: str, moving: set[str], accent: str) -> tuple[str, float, str]:
    far = part.startswith("far")
    if part in moving:
        return accent, W_MOVING, ' stroke-opacity="0.6"' if far else ""
    if far:
        return FAR_INK, W_FAR, ""
    return INK, W_LIMB, ""


def _draw_chair(out: list[str], place: _Placer, fig: _Figure, ground_y: float) -> None:
    seat_y = place(fig.hip)[1] + W_TORSO / 2 + 2.5
    back_x = place((-THIGH * 0.42, 0))[0]
    front_x = place((THIGH * 0.55, 0))[0]
    top_y = place(fig.hip)[1] - TORSO * 0.55 * place.s
    d = (
        f"M{_n(back_x)} {_n(top_y)} L{_n(back_x)} {_n(ground_y)} "
        f"M{_n(back_x)} {_n(seat_y)} L{_n(front_x)} {_n(seat_y)} L{_n(front_x)} {_n(ground_y)}"
    )
    out.append(
        f'<path d="{d}" fill="none" stroke="{CHAIR_INK}" stroke-width="4.5" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def _draw_cue(out: list[str], place: _Placer, fig: _Figure, kind: str, accent: str) -> None:
    """A small curved arrow in front of the low back: pressing it down, or arching it up."""
    low_back = place(fig.spine_at(0.3))
    front = -math.radians(fig.pose.torso - 90)  # in SVG space (y down)
    fx, fy = math.cos(front), math.sin(front)
    near = W_TORSO / 2 + 5
    far = near + 17
    p_near = (low_back[0] + fx * near, low_back[1] + fy * near)
    p_far = (low_back[0] + fx * far, low_back[1] + fy * far)
    start, end = (p_far, p_near) if kind == "low_back_press" else (p_near, p_far)
    mid = ((start[0] + end[0]) / 2 - fy * 7, (start[1] + end[1]) / 2 + fx * 7)  # bulge sideways
    ctrl = (2 * mid[0] - (start[0] + end[0]) / 2, 2 * mid[1] - (start[1] + end[1]) / 2)
    ang = math.degrees(math.atan2(end[1] - ctrl[1], end[0] - ctrl[0]))
    shaft_end = _step(end, ang + 180, 5)
    out.append(
        f'<path d="M{_n(start[0])} {_n(start[1])} Q{_n(ctrl[0])} {_n(ctrl[1])} '
        f'{_n(shaft_end[0])} {_n(shaft_end[1])}" fill="none" stroke="{accent}" stroke-width="3.5" '
        'stroke-linecap="round"/>'
    )
    out.append(_arrowhead(end, ang, 10, accent))


def _draw_figure(
    out: list[str], fig: _Figure, left: float, hip_x: float, hip_h: float, scale: float,
    span: tuple[float, float], moving: set[str], accent: str,
) -> None:
    pose = fig.pose
    ground_y = FLOOR_Y - (MAT_H if pose.prop == "mat" else 0)
    place = _Placer(left, hip_x, ground_y - hip_h, scale)
    if pose.prop == "mat":  # the same mat under both poses: it spans both figures
        x0 = max(left + 2, place((span[0], 0))[0] - 8)
        x1 = min(left + PANEL_W - 2, place((span[1], 0))[0] + 8)
        out.append(
            f'<rect x="{_n(x0)}" y="{_n(ground_y)}" width="{_n(x1 - x0)}" height="{_n(MAT_H)}" '
            f'rx="2.5" fill="{MAT_FILL}" stroke="{FLOOR_INK}" stroke-width="1"/>'
        )
    if pose.prop == "chair":
        _draw_chair(out, place, fig, FLOOR_Y)

    def limb(part: str, halo: bool) -> None:
        colour, width, extra = _limb_style(part, moving, accent)
        d = place.path(fig.limbs[part])
        if halo:
            out.append(
                f'<path d="{d}" fill="none" stroke="#ffffff" stroke-width="{_n(width + W_HALO)}" '
                'stroke-linecap="round" stroke-linejoin="round"/>'
            )
        out.append(
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{_n(width)}"{extra} '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )

    def torso() -> None:
        c = [place(p) for p in fig.spine_ctrl]
        torso_colour = accent if "torso" in moving else INK
        torso_w = W_TORSO + (1.5 if "torso" in moving else 0)
        out.append(
            f'<path d="M{_n(c[0][0])} {_n(c[0][1])} C{_n(c[1][0])} {_n(c[1][1])} {_n(c[2][0])} '
            f'{_n(c[2][1])} {_n(c[3][0])} {_n(c[3][1])}" fill="none" stroke="{torso_colour}" '
            f'stroke-width="{_n(torso_w)}" stroke-linecap="round"/>'
        )

    def head() -> None:
        hx, hy = place(fig.head)
        sx, sy = place(fig.shoulder)
        head_colour = accent if "head" in moving else INK
        out.append(
            f'<path d="M{_n(sx)} {_n(sy)} L{_n(hx)} {_n(hy)}" stroke="{head_colour}" '
            f'stroke-width="{_n(W_LIMB)}" stroke-linecap="round"/>'
        )
        ring = ' stroke="#ffffff" stroke-width="2"' if "head" in moving else ""
        out.append(
            f'<circle cx="{_n(hx)}" cy="{_n(hy)}" r="{_n(HEAD_R * scale)}" fill="{head_colour}"{ring}/>'
        )

    # Far limbs behind the body; accented torso/head in front of the still near limbs.
    limb("far_leg", False)
    limb("far_arm", False)
    if "torso" not in moving:
        torso()
    if "head" not in moving:
        head()
    limb("near_leg", True)
    limb("near_arm", True)
    if "torso" in moving:
        torso()
    if "head" in moving:
        head()
    if pose.cue != "none":
        _draw_cue(out, place, fig, pose.cue, accent)


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _svg_open(title: str) -> list[str]:
    """The opening tag (no ids, so several SVGs can be inlined in one page) and the <title>."""
    text = escape(_NOT_XML.sub("", str(title)))  # characters XML cannot hold are dropped
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W} {VIEW_H}" role="img">',
        f"<title>{text}</title>",
    ]


def _labels(out: list[str], names: tuple[str, str]) -> None:
    for left, name in zip(PANELS, names, strict=True):
        if not name:  # the page prints its own captions
            continue
        out.append(
            f'<text x="{_n(left + 4)}" y="20" font-family="{FONT}" font-size="17" '
            f'fill="#4d4d4d">{escape(name)}</text>'
        )


def _floor(out: list[str]) -> None:
    for left in PANELS:
        out.append(
            f'<path d="M{_n(left)} {_n(FLOOR_Y)} L{_n(left + PANEL_W)} {_n(FLOOR_Y)}" '
            f'stroke="{FLOOR_INK}" stroke-width="2" stroke-linecap="round"/>'
        )


def _between_arrow(out: list[str], both: bool, y: float) -> None:
    x0, x1 = PANELS[0] + PANEL_W + 4, PANELS[1] - 4
    colour = "#4d4d4d"
    out.append(
        f'<path d="M{_n(x0 + (8 if both else 0))} {_n(y)} L{_n(x1 - 8)} {_n(y)}" stroke="{colour}" '
        'stroke-width="4" stroke-linecap="round"/>'
    )
    out.append(_arrowhead((x1, y), 0, 11, colour))
    if both:
        out.append(_arrowhead((x0, y), 180, 11, colour))


def render_svg(
    illustration: Illustration | dict[str, object], *, accent: str = "#1f5fa8", title: str = "", labels: tuple[str, str] = ("Start", "Slut")
) -> str:
    """The start and end poses side by side as one standalone, scalable SVG (about 2.2 : 1).

    The parts in ``illustration.moving`` are drawn in ``accent`` and thicker, far-side limbs in
    light grey, so the movement also reads in greyscale. Same input → byte-identical output.
    """
    accent = _check_accent(accent)
    if not isinstance(illustration, Illustration):
        illustration = parse_illustration(illustration)
    figs = [_Figure(illustration.start), _Figure(illustration.end)]
    scale, hip_x, hip_hs, span = _layout(figs)
    moving: set[str] = set(illustration.moving)
    out = _svg_open(title)
    _labels(out, labels)
    _floor(out)
    for left, fig, hip_h in zip(PANELS, figs, hip_hs, strict=True):
        _draw_figure(out, fig, left, hip_x, hip_h, scale, span, moving, accent)
    # the arrow at mid-height of the taller figure, so it points from body to body
    tallest = max(
        max([p[1] for p, _ in f.extent_points()] + [f.head[1] + HEAD_R]) * scale + h
        for f, h in zip(figs, hip_hs, strict=True)
    )
    _between_arrow(out, illustration.arrow == "both", round(FLOOR_Y - max(tallest / 2, 14.0), 1))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def placeholder_svg(title: str, text: str = "Illustration mangler") -> str:
    """A neutral stand-in of the same shape: a grey outline figure and "Illustration mangler"."""
    out = _svg_open(title)
    grey = "#b3b3b3"
    out.append(
        f'<rect x="4" y="4" width="{VIEW_W - 8}" height="{VIEW_H - 8}" rx="10" fill="none" '
        f'stroke="{grey}" stroke-width="2" stroke-dasharray="8 6"/>'
    )
    cx = 120.0
    out.append(
        f'<g fill="none" stroke="{grey}" stroke-width="6" stroke-linecap="round" stroke-linejoin="round">'
        f'<circle cx="{_n(cx)}" cy="45" r="14"/>'
        f'<path d="M{_n(cx)} 64 L{_n(cx)} 120 M{_n(cx - 28)} 100 L{_n(cx)} 76 L{_n(cx + 28)} 100 '
        f'M{_n(cx - 20)} 170 L{_n(cx)} 120 L{_n(cx + 20)} 170"/></g>'
    )
    out.append(
        f'<path d="M40 176 L200 176" stroke="{grey}" stroke-width="2" stroke-linecap="round"/>'
    )
    out.append(
        f'<text x="312" y="110" text-anchor="middle" font-family="{FONT}" font-size="27" '
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
