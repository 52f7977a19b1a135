"""The SVG writer of the exercise drawings: colours, layout, props, arrows, and the moving version.

:func:`render_svg` draws an illustration's start and end poses side by side with an arrow
between; with ``animate`` it also draws one figure that moves from start to end and back (SMIL
``<animate>`` on the shapes' path data, no script), shown instead of the still pair unless the
viewer asks for reduced motion. Near limbs are dark, far limbs a mid grey (still 3.4:1 on
white), and the moving parts are the clinic's colour with a dark outline, with curved arrows
showing how they move, so the movement also reads in greyscale.

The picture's height follows the figures: the viewBox is always 720 wide (0.1 mm per unit at the
72 mm it is printed at: two 35.2 mm panels with a 1.6 mm gap) and as tall as the taller pose
needs, between 720:138 and 720:450 (5.2:1 … 1.6:1). The arrow between the panels straddles the
gap where neither figure is; with no room it is left out (the captions and arrows still say it).
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from handouts.model.colours import contrast, luminance, normalise_hex
from handouts.model.pose import Illustration, Pose, norm_angle, parse_illustration
from handouts.render.figures import props as kit
from handouts.render.figures.body import (
    HEAD_R,
    R_CLOSE_FOREARM,
    TORSO_DEPTH,
    Figure,
    Point,
    Shape,
    angle_of,
    bezier_tangent,
    dist,
    lerp,
    shape_circles,
    step,
)
from handouts.render.figures.motion import frames

__all__ = [
    "Figure",
    "render_svg",
    "placeholder_svg",
    "illustration_svg",
    "palette",
    "contrast",
    "luminance",
    "Timing",
]

# ---------------------------------------------------------------------------------------------
# Colours

INK = "#2b2b2b"  # near limbs, torso and head: 14:1 on white
FAR_INK = "#8a8a8a"  # far limbs: lighter, still 3.4:1 on white
OUTLINE = "#141414"  # around moving parts, so they stand out in greyscale too
HALO = "#ffffff"  # a thin white edge separates overlapping parts
PALM_FILL = "#ececec"  # the palm in the close-up of the hand: light on any hand, so its side shows in grey
FLOOR_INK, MAT_FILL, BETWEEN_INK = "#7a7a7a", "#e3e3e3", "#4d4d4d"
# Relative luminance bands (WCAG) the clinic colour is shaded into for each use.
NEAR_MOVING_L = (0.13, 0.17)  # 4.9–5.8:1 on white, and ≥ 2.4:1 against INK (so it reads in grey)
FAR_MOVING_L = (0.23, 0.27)  # 3.3–3.7:1 on white: lighter than the near side, like FAR_INK
ARROW_L = (0.0, 0.12)  # ≥ 6:1 on white
FONT = "IBM Plex Sans, sans-serif"

RGB = tuple[float, float, float]


def _rgb(colour: str) -> RGB:
    c = colour[1:]
    return int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255


def _hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * 255):02x}" for v in rgb)


def _mix(rgb: RGB, towards: RGB, k: float) -> RGB:
    return (rgb[0] + (towards[0] - rgb[0]) * k, rgb[1] + (towards[1] - rgb[1]) * k, rgb[2] + (towards[2] - rgb[2]) * k)


def _shade(colour: str, low: float, high: float) -> str:
    """The colour mixed with white or black just enough that its luminance is in [low, high]."""
    lum = luminance(colour)
    if low <= lum <= high:
        return colour
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


def _check_accent(accent: object) -> str:
    try:
        return normalise_hex(accent)
    except ValueError:
        raise ValueError(f"accent {accent!r} is not a colour; write it as #rgb or #rrggbb, e.g. #1f5fa8") from None


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


def _shape_d(shape: Shape, place: _Placer, stable: bool = False) -> str:
    """One filled shape as closed SVG path data, always wound the same way (so shapes unite).

    ``stable``: a capsule always has the same commands (the frames of a moving figure are morphed
    into each other, which needs the same commands in each)."""
    s = place.s
    if shape[0] == "circle" or (
        not stable and shape[0] == "capsule" and dist(shape[1], shape[3]) <= abs(shape[2] - shape[4]) + 1e-6
    ):
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
        d = max(dist(a, b), 1e-3)
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
            walked += dist(p, q)
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


def _cue(fig: Figure) -> list[Point] | None:
    """The cue arrow at the back (figure units, hip frame), or None."""
    kind = fig.pose.cue
    if kind == "none":
        return None
    t = 0.3 if kind.startswith("low_back") else 0.5
    centre, along, w = fig.spine_at(t), bezier_tangent(*fig.spine_ctrl, t), fig.width(t)
    side = along - 90 if kind.startswith("low_back") else along + 90  # the belly side, or the back
    near, far = w + 4.0, w + 21.0
    start, end = (far, near) if kind in ("low_back_press", "back_hollow") else (near, far)
    return [step(centre, side, start), step(centre, side, end)]


def _motion(ill: Illustration, figs: list[Figure], lifts: list[float]) -> list[list[Point]]:
    """Curved arrows (figure units, the end pose's hip frame) from where each part starts to where it ends."""
    start, end = figs
    shift = lifts[0] - lifts[1]  # the start pose's points, moved into the end pose's frame
    parts = ill.motion_arrows
    if start.hand:
        return _hand_motion(ill, start, end, shift)
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
        turn = end.pose.face - start.pose.face
        if part == "head" and end.front and abs(turn) >= 20 and dist(start.head, end.head) < 4:
            # the head turns where it is: an arc over it, the way the face turns
            sign = 1 if turn > 0 else -1
            up = end.pose.head
            arrows.append([step(end.head, up + sign * (55 - 110 * i / 12), HEAD_R + 8.0) for i in range(13)])
            continue
        if part == "head":
            pivot, track, off = "shoulder", "head", HEAD_R + 5.0
            p0, p1, c = start.head, end.head, end.shoulder
        else:
            a0, a1 = start.angles[part], end.angles[part]
            leg = part.endswith("leg")
            first, middle = ("thigh", "shin") if leg else ("upper", "lower")
            if abs(norm_angle(a1[first] - a0[first])) >= 10:
                pivot, track = ("hip", "knee") if leg else ("shoulder", "wrist")
            elif abs(norm_angle(a1[middle] - a0[middle])) >= 10:
                pivot, track = ("knee", "ankle") if leg else ("elbow", "wrist")
            else:  # only the foot or the hand turns (a heel raise, a wrist curl): follow its tip
                pivot, track = ("ankle", "toe") if leg else ("wrist", "tip")
            if track == "toe":
                toe0, toe1 = start.joints[part]["toe"], end.joints[part]["toe"]
                if dist((toe0[0], toe0[1] + shift), toe1) < 4:  # standing on the toes: the heel rises
                    pivot, track = "toe", "ankle"
            off = 6.0 if track in ("toe", "tip") or pivot == "toe" else 11.0 if track == "knee" else 12.0
            p0, p1, c = start.joints[part][track], end.joints[part][track], end.joints[part][pivot]
        swing = _swing(c, p0, p1, shift)
        if swing is None:
            continue
        r0, r1, ang0, sweep = swing
        best = _arc_above_floor(c, ang0, sweep, r0, r1, off, lifts[1])
        if len(best) < 4 and part.endswith("leg"):
            # a foot turning on the floor (in or out, seen from the front): the arc goes over it
            best = _arc_above_floor(c, -ang0, -sweep, r0, r1, off, lifts[1])
        if len(best) >= 4:
            arrows.append(best)
    return arrows


def _hand_motion(ill: Illustration, start: Figure, end: Figure, shift: float) -> list[list[Point]]:
    """The close-up's arrows: the fingers round the knuckles, the hand round the wrist, and a ring
    round the forearm the way it turns (towards the palm up, or down)."""
    arrows = []
    for part in ill.moving if ill.motion_arrows is None else ill.motion_arrows:
        if part == "forearm":
            turn = end.pose.turn - start.pose.turn
            if abs(turn) < 20:
                continue
            j = end.joints["near_arm"]
            axis = angle_of(j["elbow"], j["wrist"])
            centre = lerp(j["elbow"], j["wrist"], 0.55)
            sign = 1 if turn > 0 else -1  # palm up: the near side of the forearm rolls upwards
            ring = []
            for i in range(15):
                theta = math.radians(-150 + 300 * i / 14) * -sign
                across = (R_CLOSE_FOREARM[0] + 4.5) * math.cos(theta)
                along = 3.2 * math.sin(theta)
                ring.append(step(step(centre, axis + 90, across), axis, along))
            arrows.append(ring)
            continue
        pivot, track = ("knuckle", "tip") if part == "fingers" else ("wrist", "tip")
        c = end.joints["near_arm"][pivot]
        p0, p1 = start.joints["near_arm"][track], end.joints["near_arm"][track]
        swing = _swing(c, p0, p1, shift)
        if swing is None:
            continue
        r0, r1, ang0, sweep = swing
        arrows.append(_arc(c, ang0, sweep, r0, r1, 3.5))
    return arrows


def _swing(c: Point, p0: Point, p1: Point, shift: float) -> tuple[float, float, float, float] | None:
    """How the start point ``p0`` (drawn ``shift`` lower, as the start figure is) swings round
    ``c`` to ``p1``: the two radii, the start angle and the sweep; None when too small to show."""
    p0 = (p0[0], p0[1] + shift)
    r0, r1 = dist(c, p0), dist(c, p1)
    ang0 = angle_of(c, p0)
    sweep = norm_angle(angle_of(c, p1) - ang0)
    if abs(sweep) < 12 or max(r0, r1) < 1:
        return None
    return r0, r1, ang0, sweep


def _arc(c: Point, ang0: float, sweep: float, r0: float, r1: float, off: float) -> list[Point]:
    """An arrow's arc round c, ``off`` outside the swinging point, its ends left clear."""
    return [step(c, ang0 + sweep * t, r0 + (r1 - r0) * t + off) for t in (0.08 + 0.84 * i / 16 for i in range(17))]


def _arc_above_floor(c: Point, ang0: float, sweep: float, r0: float, r1: float, off: float, lift: float) -> list[Point]:
    """The longest run of an arc round c that stays clear of the floor."""
    pts = _arc(c, ang0, sweep, r0, r1, off)
    runs: list[list[Point]] = [[]]
    for p in pts:  # never through the floor
        if p[1] + lift >= 4:
            runs[-1].append(p)
        else:
            runs.append([])
    return max(runs, key=len)


def _covers(shape: Shape, p: Point, clearance: float) -> bool:
    """Whether p is inside the shape or within clearance of it (figure units)."""
    if shape[0] == "circle":
        return bool(dist(shape[1], p) <= shape[2] + clearance)
    if shape[0] == "capsule":
        a, ra, b, rb = shape[1:]
        ab = (b[0] - a[0], b[1] - a[1])
        length2 = ab[0] ** 2 + ab[1] ** 2
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / length2))
        return bool(dist((a[0] + ab[0] * t, a[1] + ab[1] * t), p) <= ra + (rb - ra) * t + clearance)
    pts = shape[1]
    inside = False
    for q, r in zip(pts, pts[1:] + pts[:1], strict=False):
        if (q[1] > p[1]) != (r[1] > p[1]) and p[0] < q[0] + (p[1] - q[1]) * (r[0] - q[0]) / (r[1] - q[1]):
            inside = not inside
    return inside or any(
        _covers(("capsule", q, 0.0, r, 0.0), p, clearance) for q, r in zip(pts, pts[1:] + pts[:1], strict=False)
    )


def _between_y(
    figs: list[Figure],
    placers: list[_Placer],
    extras: list[list[Point]],
    props: list[list[Shape]],
    wanted: float,
    top: float,
    bottom: float,
    reach: float,
) -> float | None:
    """The height (viewBox) nearest ``wanted`` where the arrow between the panels touches no figure."""
    occupied = []
    for fig, place, pts, obstacles in zip(figs, placers, extras, props, strict=False):
        shapes = [shape for part, group in fig.shapes().items() if part != "torso" for shape in group]
        spine = [(fig.spine_at(i / 8), fig.width(i / 8)) for i in range(9)]  # the torso, as quick capsules
        shapes += [("capsule", a, ra, b, rb) for (a, ra), (b, rb) in itertools.pairwise(spine)]
        shapes += obstacles
        shapes += [("circle", p, 6.0) for p in pts]  # cue and movement arrows
        clearance = 10.0 / place.s
        boxed = []
        for shape in shapes:
            circles = shape_circles(shape)
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


def _prop_d(shape: kit.PropShape, place: _Placer, name: str) -> str:
    """A prop shape as an SVG element (figure units placed into the panel), named by ``data-prop``."""
    name = name.removeprefix("held_")  # a ball held in the close-up's hand (drawn behind the fingers)
    kind = shape[0]
    if kind == "line":
        _, pts, ink, width = shape
        d = "M" + " L".join(_xy(place(p)) for p in pts)
        return (
            f'<path data-prop="{name}" d="{d}" fill="none" stroke="{ink}" stroke-width="{_n(width * place.s)}" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )
    if kind == "poly":
        _, pts, fill, ink, width = shape
        d = "M" + " L".join(_xy(place(p)) for p in pts) + "Z"
        return (
            f'<path data-prop="{name}" d="{d}" fill="{fill}" stroke="{ink}" stroke-width="{_n(width * place.s)}" '
            'stroke-linejoin="round"/>'
        )
    _, c, r, fill, ink, width = shape
    cx, cy = place(c)
    return (
        f'<circle data-prop="{name}" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r * place.s)}" fill="{fill}" stroke="{ink}" '
        f'stroke-width="{_n(width * place.s)}"/>'
    )


def _prop_obstacles(shapes: list[kit.PropShape]) -> list[Shape]:
    """Prop shapes as body-like shapes, for finding room for the arrow between the panels."""
    out: list[Shape] = []
    for shape in shapes:
        if shape[0] == "line":
            out += [("capsule", a, shape[3] / 2, b, shape[3] / 2) for a, b in itertools.pairwise(shape[1])]
        elif shape[0] == "poly":
            out.append(("poly", shape[1]))
        else:
            out.append(("circle", shape[1], shape[2]))
    return out


@dataclass
class _Scene:
    """One pose with everything drawn with it, in figure units."""

    fig: Figure
    lift: float
    attached: list[tuple[str, kit.PropShape]]
    floor_props: list[tuple[str, kit.PropShape]]

    @property
    def mat(self) -> bool:
        return self.fig.pose.prop("mat") is not None

    def prop_shapes(self) -> list[kit.PropShape]:
        return [s for _n, s in self.attached + self.floor_props]


def _scene(pose: Pose, door: float | None) -> _Scene:
    fig = Figure(pose)
    up = kit.lift(fig)
    floor_props = kit.floor_props(fig, up, None)
    if door is not None and pose.prop("band") is not None:
        floor_props = kit.floor_props(fig, up, door)
        facing = 1 if door > 0 else -1
        floor_props += [("door", s) for s in kit.door_shapes(door, -up, facing)]
    return _Scene(fig, up, kit.attached(fig), floor_props)


def _shapes_extent(shapes: list[kit.PropShape]) -> list[Point]:
    pts: list[Point] = []
    for shape in shapes:
        if shape[0] == "circle":
            c, r = shape[1], shape[2]
            pts += [(c[0] - r, c[1] - r), (c[0] + r, c[1] + r)]
        else:
            pts += list(shape[1])
    return pts


def _layout(
    scenes: list[_Scene],
    extras: list[list[Point]],
    labelled: bool,
    *,
    panel_w: float = PANEL_W,
    max_scale: float = math.inf,
) -> tuple[float, float, float, float]:
    """(scale, view height, x offset of the hip, floor y) for figures in a panel this wide."""
    boxes = []
    for scene, pts in zip(scenes, extras, strict=False):
        box = _pad_box(scene.fig.box(), _shapes_extent(scene.prop_shapes()), 2.0)
        box = _pad_box(box, [(box[0], -scene.lift)], 0.0)  # down to the floor
        # room for the arrowheads (a few figure units; the close-up of the hand is drawn ~4x larger)
        boxes.append(_pad_box(box, pts, 1.2 if scene.fig.hand else 4.5))
    left = min(b[0] for b in boxes)
    width = max(b[2] for b in boxes) - left
    height = max(b[3] + s.lift for b, s in zip(boxes, scenes, strict=False))
    fixed = TOP + BOTTOM + (LABEL_H if labelled else 0) + (MAT_H if any(s.mat for s in scenes) else 0)
    scale = min((panel_w - 2 * SIDE) / width, (VIEW_H_MAX - fixed) / height, max_scale)
    view_h = float(min(VIEW_H_MAX, math.ceil(max(VIEW_H_MIN, fixed + height * scale))))
    x0 = (panel_w - width * scale) / 2 - left * scale
    return scale, view_h, x0, view_h - BOTTOM


def _pad_box(box: tuple[float, float, float, float], pts: list[Point], pad: float) -> tuple[float, float, float, float]:
    left, bottom, right, top = box
    for x, y in pts:
        left, right = min(left, x - pad), max(right, x + pad)
        bottom, top = min(bottom, y - pad), max(top, y + pad)
    return left, bottom, right, top


def _part(out: list[str], d: str, fill: str, outline: str | None = None, anim: str = "") -> None:
    """A body part: a white edge (so it stands apart from what is behind), an outline, the fill.

    ``anim``: an ``<animate>`` for the path data of a moving figure (put inside each path)."""
    close = f">{anim}</path>" if anim else "/>"
    width = 2 * (HALO_W + (OUTLINE_W if outline else 0))
    out.append(f'<path d="{d}" fill="{HALO}" stroke="{HALO}" stroke-width="{_n(width)}" stroke-linejoin="round"{close}')
    if outline:
        out.append(
            f'<path d="{d}" fill="{outline}" stroke="{outline}" stroke-width="{_n(2 * OUTLINE_W)}" '
            f'stroke-linejoin="round"{close}'
        )
    out.append(f'<path d="{d}" fill="{fill}"{close}')


def _layers(fig: Figure, moving: set[str], colours: dict[str, str]) -> list[tuple[tuple[str, ...], str, str | None]]:
    """What is drawn, back to front: (parts, fill, outline) – the same list for every frame of a pose."""
    if fig.hand:  # the close-up: forearm, hand (with the thumb), fingers, the palm's light pad

        def close(shapes: str, part: str) -> tuple[tuple[str, ...], str, str | None]:
            return (
                ((shapes,), colours["near_moving"], OUTLINE) if part in moving else ((shapes,), colours["near"], None)
            )

        out_hand = [close(p, p) for p in ("forearm", "hand", "fingers")]
        return [*out_hand, (("palm",), PALM_FILL, None)]
    lying = fig.front and abs(math.sin(math.radians(fig.pose.torso))) < 0.7
    far = colours["far"] if (not fig.front or lying) else colours["near"]
    far_moving = colours["far_moving"] if (not fig.front or lying) else colours["near_moving"]

    def layer(part: str, side: str) -> tuple[tuple[str, ...], str, str | None]:
        if side == "far":
            return ((part,), far_moving, OUTLINE) if part in moving else ((part,), far, None)
        return ((part,), colours["near_moving"], OUTLINE) if part in moving else ((part,), colours["near"], None)

    out: list[tuple[tuple[str, ...], str, str | None]] = []
    if fig.front:
        out += [layer("far_leg", "far"), layer("near_leg", "near")]
    else:
        out += [layer("far_leg", "far"), layer("far_arm", "far")]
    body = tuple(p for p in ("torso", "head") if p not in moving)
    if body:
        out.append((body, colours["near"], None))
    out += [((p,), colours["near_moving"], OUTLINE) for p in ("torso", "head") if p in moving]
    if fig.front:
        out += [layer("far_arm", "far"), layer("near_arm", "near")]
    else:
        # In front: the near leg, then the near arm – unless that hand holds the far leg: then the
        # arm reaches behind the near leg (between the legs, as in a figure-4 stretch).
        front = ["near_leg", "near_arm"]
        if (fig.pose.near_arm.hold or "").startswith("far_"):
            front.reverse()
        out += [layer(p, "near") for p in front]
    return out


def _draw_props(out: list[str], scene: _Scene, place: _Placer, behind: bool) -> None:
    for name, shape in scene.floor_props + scene.attached:
        if (name in kit.BEHIND) == behind:
            out.append(_prop_d(shape, place, name))


def _draw_eyes(out: list[str], fig: Figure, place: _Placer) -> None:
    if fig.front:
        for eye in fig.eyes():
            cx, cy = place(eye)
            out.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(1.7 * place.s)}" fill="{HALO}"/>')


def _draw_figure(out: list[str], scene: _Scene, place: _Placer, moving: set[str], colours: dict[str, str]) -> None:
    fig = scene.fig
    shapes = fig.shapes()
    _draw_props(out, scene, place, behind=True)
    for parts, fill, outline in _layers(fig, moving, colours):
        _part(out, " ".join(_shape_d(s, place) for p in parts for s in shapes[p]), fill, outline)
    _draw_eyes(out, fig, place)
    _draw_props(out, scene, place, behind=False)


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _svg_open(title: str, height: float) -> list[str]:
    """The opening tag (no ids, so several SVGs can be inlined in one page) and the <title>."""
    text = escape(_NOT_XML.sub("", str(title)))  # characters XML cannot hold are dropped
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W} {_n(height)}" role="img">',
        f"<title>{text}</title>",
    ]


@dataclass(frozen=True)
class Timing:
    """How a moving drawing keeps the exercise's pace: seconds to move, to hold, to rest."""

    move: float = 2.0
    hold: float = 0.6
    rest: float = 0.6

    @classmethod
    def for_hold(cls, hold_seconds: float | None) -> Timing:
        """A held position (a stretch, a plank) stays still longer (at most 4 s of it on screen)."""
        if hold_seconds is None:
            return cls()
        return cls(move=2.5, hold=max(1.5, min(4.0, hold_seconds / 5)), rest=1.0)

    @property
    def cycle(self) -> float:
        return 2 * self.move + self.hold + self.rest


FRAMES = 8  # in-between poses per direction; the browser blends the shapes between them


def _moving_figure(
    ill: Illustration,
    scenes: list[_Scene],
    scale: float,
    x0: float,
    floor_y: float,
    colours: dict[str, str],
    timing: Timing,
) -> list[str]:
    """One figure moving start → end → start, forever (SMIL), across the whole picture's width."""
    mat = any(s.mat for s in scenes)
    ground = floor_y - (MAT_H if mat else 0)
    places = [_Placer(x0, ground, s.lift, scale) for s in scenes]
    moving: set[str] = set(ill.moving)
    out: list[str] = []
    out.append(
        f'<path d="M0 {_n(floor_y)} L{VIEW_W} {_n(floor_y)}" stroke="{FLOOR_INK}" stroke-width="3" stroke-linecap="butt"/>'
    )
    if mat:
        out.append(
            f'<rect data-prop="mat" x="2" y="{_n(ground)}" width="{_n(VIEW_W - 4)}" height="{_n(MAT_H)}" '
            f'rx="4" fill="{MAT_FILL}" stroke="{FLOOR_INK}" stroke-width="1.5"/>'
        )
    total = timing.cycle
    # key times: out over `move`, hold, back over `move`, rest; the frames are eased already
    go = [timing.move * i / FRAMES for i in range(FRAMES + 1)]
    times = go + [timing.move + timing.hold + g for g in go]
    order = list(range(FRAMES + 1)) + list(range(FRAMES, -1, -1))
    times.append(total)
    order.append(0)
    key_times = ";".join(f"{t / total:.4f}".rstrip("0").rstrip(".") or "0" for t in times)
    dur = f"{_n(total)}s"

    def animate(attr: str, values: list[str]) -> str:
        if len(set(values)) == 1:
            return ""
        vals = ";".join(values[i] for i in order)
        return (
            f'<animate attributeName="{attr}" dur="{dur}" repeatCount="indefinite" '
            f'calcMode="linear" keyTimes="{key_times}" values="{vals}"/>'
        )

    # every prop is worked out for every frame: a band, a ball, a dumbbell follow the body; the
    # furniture stays where it is at the start
    first = scenes[0]

    def props_of(scene: _Scene, behind: bool) -> list[tuple[str, kit.PropShape]]:
        return [(n, sh) for n, sh in scene.floor_props + scene.attached if (n in kit.BEHIND) == behind]

    def draw_props(behind: bool) -> None:
        per_frame = [props_of(scene, behind) for scene in scenes]
        for index, (name, shape) in enumerate(per_frame[0]):
            element = _prop_d(shape, places[0], name)
            same = all(
                len(items) == len(per_frame[0]) and items[index][0] == name and items[index][1][0] == shape[0]
                for items in per_frame
            )
            if name in kit.FIXED:  # furniture stays where the movement starts
                out.append(element)
                continue
            if not same or shape[0] == "circle":
                if same:  # a ball or a dumbbell plate moves with the hand or knee
                    centres = [place(items[index][1][1]) for items, place in zip(per_frame, places, strict=False)]
                    motion = animate("cx", [_n(c[0]) for c in centres]) + animate("cy", [_n(c[1]) for c in centres])
                    element = element[:-2] + ">" + motion + "</circle>" if motion else element
                out.append(element)
                continue
            close = "Z" if shape[0] == "poly" else ""
            ds = [
                "M" + " L".join(_xy(place(p)) for p in items[index][1][1]) + close
                for items, place in zip(per_frame, places, strict=False)
            ]
            motion = animate("d", ds)
            out.append(element[:-2] + ">" + motion + "</path>" if motion else element)

    draw_props(behind=True)
    layers = [_layers(s.fig, moving, colours) for s in scenes]
    for index, (_parts, fill, outline) in enumerate(layers[0]):
        ds = []
        for scene, place, frame_layers in zip(scenes, places, layers, strict=False):
            frame_parts = frame_layers[index][0]
            ds.append(" ".join(_shape_d(s, place, stable=True) for p in frame_parts for s in scene.fig.shapes()[p]))
        _part(out, ds[0], fill, outline, anim=animate("d", ds))
    if first.fig.front:
        for k in range(2):
            xs = [_n(place(scene.fig.eyes()[k])[0]) for scene, place in zip(scenes, places, strict=False)]
            ys = [_n(place(scene.fig.eyes()[k])[1]) for scene, place in zip(scenes, places, strict=False)]
            out.append(
                f'<circle cx="{xs[0]}" cy="{ys[0]}" r="{_n(1.7 * scale)}" fill="{HALO}">'
                + animate("cx", xs)
                + animate("cy", ys)
                + "</circle>"
            )
    draw_props(behind=False)
    return out


STYLE = (
    "<style>.hx-still{display:none}"
    "@media (prefers-reduced-motion: reduce){.hx-moving{display:none}.hx-still{display:inline}}</style>"
)


def render_svg(
    illustration: Illustration | dict[str, object],
    *,
    accent: str = "#1f5fa8",
    title: str = "",
    labels: tuple[str, str] = ("Start", "Slut"),
    animate: Timing | None = None,
) -> str:
    """The start and end poses side by side as one standalone, scalable SVG.

    720 units wide; as tall as the figures need (aspect 5.2:1 to 1.6:1), so lying figures get no
    empty sky. Moving parts are in ``accent`` (shaded to keep contrast) with a dark outline and
    curved arrows; far limbs mid grey. With ``animate`` (the screen), one figure moves from start
    to end and back at that pace instead, and the still pair shows for reduced motion. Same input
    → byte-identical output.
    """
    accent = _check_accent(accent)
    if not isinstance(illustration, Illustration):
        illustration = parse_illustration(illustration)
    colours = palette(accent)
    probe = [Figure(illustration.start), Figure(illustration.end)]
    door = kit.door_x(probe)
    scenes = [_scene(illustration.start, door), _scene(illustration.end, door)]
    figs = [s.fig for s in scenes]
    lifts = [s.lift for s in scenes]
    cues = [_cue(f) for f in figs]
    motion = _motion(illustration, figs, lifts)
    extras = [
        [p for p in cues[0] or []],
        [p for p in cues[1] or []] + [p for arrow in motion for p in arrow],
    ]
    labelled = any(labels)
    scale, view_h, x0, floor_y = _layout(scenes, extras, labelled)
    if animate is not None:
        # the moving figure has the whole width: up to twice the still pair's size (a lying
        # figure gets bigger, a standing one is as tall as the picture allows already)
        frame_scenes = [_scene(p, door) for p in frames(illustration.start, illustration.end, FRAMES)]
        m_scale, m_view_h, m_x0, _ = _layout(
            frame_scenes, [[] for _ in frame_scenes], False, panel_w=VIEW_W, max_scale=2 * scale
        )
        view_h = max(view_h, m_view_h)
        floor_y = view_h - BOTTOM
    out = _svg_open(title, view_h)
    if animate is not None:
        out.append(STYLE)
        out.append('<g class="hx-moving">')
        out += _moving_figure(illustration, frame_scenes, m_scale, m_x0, floor_y, colours, animate)
        out.append("</g>")
        out.append('<g class="hx-still">')
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
    for left, scene, cue in zip(PANELS, scenes, cues, strict=False):
        out.append(
            f'<path d="M{_n(left)} {_n(floor_y)} L{_n(left + PANEL_W)} {_n(floor_y)}" '
            f'stroke="{FLOOR_INK}" stroke-width="3" stroke-linecap="butt"/>'
        )
        ground = floor_y
        if scene.mat:
            ground -= MAT_H
            out.append(
                f'<rect data-prop="mat" x="{_n(left + 2)}" y="{_n(ground)}" width="{_n(PANEL_W - 4)}" height="{_n(MAT_H)}" '
                f'rx="4" fill="{MAT_FILL}" stroke="{FLOOR_INK}" stroke-width="1.5"/>'
            )
        place = _Placer(left + x0, ground, scene.lift, scale)
        placers.append(place)
        _draw_figure(out, scene, place, moving, colours)
        if cue:
            _arrow(out, [place(p) for p in cue], colours["arrow"], False)
        if left == PANELS[1]:
            for arrow in motion:
                _arrow(out, [place(p) for p in arrow], colours["arrow"], both)
    # the arrow between the pictures: as near half the taller figure's height as is free
    tallest = max((f.box()[3] + lift) * scale for f, lift in zip(figs, lifts, strict=False))
    obstacles = [_prop_obstacles(s.prop_shapes()) for s in scenes]
    for reach in BETWEEN_REACH:  # a shorter arrow where a long one finds no room
        y = _between_y(
            figs,
            placers,
            [extras[0], extras[1]],
            obstacles,
            floor_y - MAT_H - max(tallest / 2, 24.0),
            TOP + (LABEL_H if labelled else 0) + 12,
            floor_y - MAT_H - 12,
            reach,
        )
        if y is not None:
            _arrow(out, [(PANEL_W - reach, y), (PANELS[1] + reach, y)], BETWEEN_INK, both, width=BETWEEN_W)
            break
    if animate is not None:
        out.append("</g>")
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
    animate: Timing | None = None,
) -> str:
    """The SVG for an exercise's ``illustration`` front matter, or the placeholder when it has none.

    Bad data raises ValueError (so a catalogue mistake is reported, not hidden by a placeholder).
    """
    if data is None:
        _check_accent(accent)
        return placeholder_svg(title, missing)
    return render_svg(parse_illustration(data), accent=accent, title=title, labels=labels, animate=animate)
