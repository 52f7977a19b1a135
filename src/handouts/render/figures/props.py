"""Props drawn with the figure (mat, chair, wall, step, table, ball, towels, roller, dumbbell, bands).

Each prop is worked out in figure units from the pose it belongs to: a prop the body rests on
(table, step, a ball or roller under it) decides how high the figure stands; the rest follows
the hands and feet. Shapes are plain tuples the SVG writer draws: ``("line", points, ink, width)``,
``("poly", points, fill, ink, width)`` and ``("circle", centre, r, fill, ink, width)``.
"""

from __future__ import annotations

import math
from typing import Any

from handouts.model.pose import Prop
from handouts.render.figures.body import (
    R_CLOSE_FOREARM,
    R_HAND,
    R_SHIN,
    R_THIGH,
    THIGH,
    TORSO,
    Figure,
    Point,
    angle_of,
    depth,
    dist,
    lerp,
    step,
)

PROP_INK, PROP_FILL, BAND_INK, TOWEL_FILL = "#8a8a8a", "#e3e3e3", "#4d4d4d", "#ededed"
TABLE_H, STEP_H, STEP_W, CHAIR_SEAT = 72.0, 18.0, 42.0, 46.0
BALL_SMALL, BALL_BIG, ROLLER_R, ROLL_R = 10.0, 30.0, 7.5, 5.8
DOOR_GAP, DOOR_H = 30.0, 190.0
CLOSE_TABLE_TOP, CLOSE_BALL = 16.0, 4.2  # the close-up of the hand: table height, a ball to squeeze
PropShape = tuple[Any, ...]
# Drawn behind the figure, or in front of it.
BEHIND = frozenset({"chair", "wall", "step", "table", "foam_roller", "rolled_towel", "door", "held_ball"})
# Furniture: it stands still while the figure moves.
FIXED = frozenset({"chair", "wall", "step", "table", "door"})


def _foot_sole(fig: Figure, side: str) -> Point:
    """The ball of the foot's underside (where a foot stands on a step or a band goes round)."""
    j = fig.joints[f"{side}_leg"]
    return lerp(j["ankle"], j["toe"], 0.55)


def _hand(fig: Figure, side: str) -> Point:
    j = fig.joints[f"{side}_arm"]
    return lerp(j["wrist"], j["tip"], 0.45)


def _hands(fig: Figure, at: str) -> list[Point]:
    if at == "hands":
        return [_hand(fig, "near"), _hand(fig, "far")]
    return [_hand(fig, at.split("_")[0])]


def _under(p: Point, radius: float, r: float) -> Point:
    """The centre of a round thing of radius r under a limb point of the given thickness."""
    return p[0], p[1] - radius - r


def attached(fig: Figure) -> list[tuple[str, PropShape]]:
    """The props that go with the body (and count for where it touches the floor): ``(name, shape)``."""
    out: list[tuple[str, PropShape]] = []
    for prop in fig.pose.props:
        name, at = prop.name, prop.at
        if name == "ball":
            if at == "knees":
                c = _between(fig, "knee")
                out.append((name, ("circle", c, BALL_SMALL, PROP_FILL, PROP_INK, 1.6)))
            elif at == "back":
                c = step(fig.spine_at(0.55), fig.spine_angle(0.55) + 90, depth(0.55) + BALL_BIG)
                out.append((name, ("circle", c, BALL_BIG, PROP_FILL, PROP_INK, 1.6)))
            elif at == "feet":
                ankle = fig.joints["near_leg"]["ankle"]
                out.append((name, ("circle", _under(ankle, 3.5, BALL_BIG - 2), BALL_BIG, PROP_FILL, PROP_INK, 1.6)))
            elif fig.hand:  # squeezed in the hand: against the palm, under the bent fingers
                j = fig.joints["near_arm"]
                back = fig.angles["near_arm"]["hand"]
                palm_side = back + (90 if fig.pose.turn > 0 else -90)
                c = step(lerp(j["wrist"], j["knuckle"], 0.75), palm_side, fig.palm_half() + CLOSE_BALL - 0.5)
                out.append(("held_ball", ("circle", c, CLOSE_BALL, PROP_FILL, PROP_INK, 0.5)))
            else:
                hands = _hands(fig, at)
                mid = (sum(p[0] for p in hands) / len(hands), sum(p[1] for p in hands) / len(hands))
                j = fig.joints["near_arm"]
                c = step(mid, angle_of(j["wrist"], j["tip"]) + (90 if fig.front else 0), BALL_SMALL - 4)
                if fig.front and at == "hands":
                    c = mid
                out.append((name, ("circle", c, BALL_SMALL, PROP_FILL, PROP_INK, 1.6)))
        elif name == "foam_roller":
            c = _roll_centre(fig, at, ROLLER_R)
            out.append((name, ("circle", c, ROLLER_R, PROP_FILL, PROP_INK, 1.6)))
            out.append((name, ("circle", c, ROLLER_R * 0.45, "none", PROP_INK, 1.2)))
        elif name == "rolled_towel":
            c = _roll_centre(fig, at, ROLL_R)
            out.append((name, ("circle", c, ROLL_R, TOWEL_FILL, PROP_INK, 1.4)))
            out.append((name, ("circle", c, ROLL_R * 0.45, "none", PROP_INK, 1.0)))
        elif name == "dumbbell" and fig.hand:
            out += [(name, s) for s in _close_dumbbell(fig)]
        elif name == "dumbbell":
            for side in ("near", "far") if at == "hands" else (at.split("_")[0],):
                j = fig.joints[f"{side}_arm"]
                grip = lerp(j["wrist"], j["tip"], 0.4)
                across = angle_of(j["wrist"], j["tip"]) + 90
                a, b = step(grip, across, 8.5), step(grip, across + 180, 8.5)
                out.append((name, ("line", [a, b], BAND_INK, 2.4)))
                for end in (a, b):
                    plate = [
                        step(step(end, across, dx), across + 90, dy)
                        for dx, dy in ((-2.5, -5), (2.5, -5), (2.5, 5), (-2.5, 5))
                    ]
                    out.append((name, ("poly", plate, BAND_INK, BAND_INK, 1.0)))
    return out


def _close_dumbbell(fig: Figure) -> list[PropShape]:
    """A small weight in the close-up's fist: upright when the thumb is up, seen end-on (short)
    when the palm faces up or down, so the forearm's turn shows in its length too."""
    j = fig.joints["near_arm"]
    back = fig.angles["near_arm"]["hand"]
    grip = lerp(j["wrist"], j["knuckle"], 0.8)
    half = 1.5 + 6.0 * abs(math.cos(math.radians(fig.pose.turn)))
    a, b = step(grip, back + 90, half), step(grip, back - 90, half)
    out: list[PropShape] = [("line", [a, b], BAND_INK, 0.8)]
    for end in (a, b):
        plate = [
            step(step(end, back, dx), back + 90, dy) for dx, dy in ((-2.6, -1.4), (2.6, -1.4), (2.6, 1.4), (-2.6, 1.4))
        ]
        out.append(("poly", plate, BAND_INK, BAND_INK, 0.4))
    return out


def _close_band(fig: Figure) -> list[PropShape]:
    """A rubber band round the close-up's fingers (an elastic loop round the middle finger bones)."""
    j = fig.joints["near_arm"]
    mid = lerp(j["finger_mid"], j["finger_end"], 0.3)
    along = angle_of(j["finger_mid"], j["finger_end"])
    r = 1.3 + 2.3 * abs(math.cos(math.radians(fig.pose.turn))) + 0.9
    loop = [
        step(step(mid, along + 90, r * math.cos(math.radians(k))), along, 0.9 * math.sin(math.radians(k)))
        for k in range(0, 361, 30)
    ]
    return [("line", loop, BAND_INK, 0.7)]


def _between(fig: Figure, joint: str) -> Point:
    a, b = fig.joints["near_leg"][joint], fig.joints["far_leg"][joint]
    return lerp(a, b, 0.5)


def _roll_centre(fig: Figure, at: str, r: float) -> Point:
    """Where a roll or roller lies: under the back, a knee, a heel, the neck or a thigh/calf."""
    if at in ("upper_back", "low_back"):
        t = 0.72 if at == "upper_back" else 0.3
        return step(fig.spine_at(t), fig.spine_angle(t) + 90, fig.width(t) + r - 0.5)
    if at == "neck":
        mid = lerp(fig.shoulder, fig.head, 0.45)
        return step(mid, fig.pose.head + 90, 4.0 + r - 0.5)
    j = fig.joints["near_leg"]
    if at == "near_knee":
        return _under(lerp(j["hip"], j["knee"], 0.92), R_THIGH[1] - 0.5, r)
    if at == "near_heel":
        return _under(j["ankle"], 3.5, r)
    if at == "near_thigh":
        return _under(lerp(j["hip"], j["knee"], 0.5), (R_THIGH[0] + R_THIGH[1]) / 2, r)
    if at == "near_calf":
        return _under(lerp(j["knee"], j["ankle"], 0.45), R_SHIN[0], r)
    if at == "knees":
        return _between(fig, "knee") if fig.front else lerp(j["knee"], j["hip"], 0.12)
    # near_armpit: between the elbow and the side of the chest
    a = fig.joints["near_arm"]
    return lerp(a["elbow"], fig.spine_at(0.7), 0.45)


def lift(fig: Figure) -> float:
    """How far the figure is raised so its lowest point touches the floor, a table or a step."""
    if fig.hand:  # the close-up: the forearm lies on a table top at the same height in every pose
        return CLOSE_TABLE_TOP + R_CLOSE_FOREARM[0]
    bottoms = [fig.box()[1]]
    for _name, shape in attached(fig):
        if shape[0] == "circle":
            bottoms.append(shape[1][1] - shape[2])
    up = -min(bottoms)
    table = fig.pose.prop("table")
    if table is not None and table.at == "under":
        seat = min(p[1] for p in fig.shapes()["torso"][0][1])
        up = max(up, TABLE_H - seat)
    stair = fig.pose.prop("step")
    if stair is not None:
        sides = ("near", "far") if stair.at == "feet" else (stair.at.split("_")[0],)
        up = max(up, STEP_H - min(_foot_sole(fig, s)[1] - 2.0 for s in sides))
    return up


def floor_props(fig: Figure, up: float, door_x: float | None) -> list[tuple[str, PropShape]]:
    """The props that stand on the floor (table, step, chair, wall, door) and the bands and towels."""
    floor = -up
    out: list[tuple[str, PropShape]] = []
    _left, _bottom, right, top = fig.box()
    for prop in fig.pose.props:
        name, at = prop.name, prop.at
        if name == "chair":
            out += [(name, ("line", line, PROP_INK, 3.4)) for line in chair_lines(fig, prop, floor)]
        elif name == "table":
            out += [(name, s) for s in _table(fig, prop, floor)]
        elif name == "step":
            sides = ("near", "far") if at == "feet" else (at.split("_")[0],)
            soles = [_foot_sole(fig, s) for s in sides]
            heel_x = min(fig.joints[f"{s}_leg"]["ankle"][0] for s in sides)
            x0 = min(p[0] for p in soles) - 5.0
            x0 = min(x0, heel_x - 9.0) if all(p[1] - 2 > floor + STEP_H - 1 for p in soles) else x0
            box = [(x0, floor), (x0, floor + STEP_H), (x0 + STEP_W, floor + STEP_H), (x0 + STEP_W, floor)]
            out.append((name, ("poly", box, PROP_FILL, PROP_INK, 1.6)))
        elif name == "wall":
            x = _back_x(fig) if at == "back" else right + 0.5
            balls = [s for n, s in attached(fig) if n == "ball" and s[0] == "circle"]
            if at == "back" and balls:  # a ball between the back and the wall
                x = min([x] + [s[1][0] - s[2] for s in balls])
            out += [(name, s) for s in _wall(x, floor, max(top, floor + 150), -1 if at == "back" else 1)]
        elif name == "band" and fig.hand:
            out += [(name, s) for s in _close_band(fig)]
        elif name == "band":
            out += [(name, s) for s in _band(fig, prop, door_x, floor)]
        elif name == "knee_band":
            out += [(name, s) for s in _knee_band(fig, at)]
        elif name == "towel":
            out += [(name, s) for s in _towel(fig, at, floor)]
    return out


def _back_x(fig: Figure) -> float:
    """The x of a wall behind the figure: touching the back, hips or head, whichever sticks out most."""
    shapes = fig.shapes()
    xs: list[float] = [p[0] for p in shapes["torso"][0][1]] + [fig.head[0] - 9.5]
    return min(xs) - 0.5


def _wall(x: float, floor: float, top: float, facing: int) -> list[PropShape]:
    hatch = [("line", [(x, y), (x + facing * 6, y + 6)], PROP_INK, 1.2) for y in range(int(floor) + 8, int(top), 14)]
    return [("line", [(x, floor), (x, top)], PROP_INK, 3.4), *hatch]


def chair_lines(fig: Figure, prop: Prop, floor: float) -> list[list[Point]]:
    """The chair's lines in figure units: sat on (seat under the hip) or in front (a hand on its back)."""
    if prop.at == "front":
        hand = _hand(fig, "near")
        back_x = hand[0] + 2.0
        seat_y = floor + CHAIR_SEAT
        return [
            [(back_x, hand[1] - 1), (back_x, floor)],  # backrest and back leg
            [(back_x, seat_y), (back_x + 38, seat_y)],  # seat
            [(back_x + 36.5, seat_y), (back_x + 36.5, floor)],  # front leg
        ]
    seat = -depth(0.0) - 1.8
    if fig.front:
        half = 24.0
        knees = min(fig.joints[f"{s}_leg"]["knee"][1] for s in ("near", "far"))
        seat = min(seat, knees - 3.0)
        return [
            [(-half, seat), (half, seat)],
            [(-half + 2, seat), (-half + 2, floor + 1.5)],
            [(half - 2, seat), (half - 2, floor + 1.5)],
            [(-half + 2, seat), (-half + 2, seat + 40.0)],
            [(half - 2, seat), (half - 2, seat + 40.0)],
        ]
    back, front = -13.0, THIGH * 0.68
    return [
        [(back - 3, TORSO * 0.6), (back, seat)],  # backrest
        [(back, seat), (front, seat)],  # seat
        [(back + 1.5, seat), (back + 1.5, floor + 1.5)],  # back leg
        [(front - 1.5, seat), (front - 1.5, floor + 1.5)],  # front leg
    ]


def _table(fig: Figure, prop: Prop, floor: float) -> list[PropShape]:
    """A table: under the body (its top where the seat or back rests) or in front under a hand."""
    if fig.hand:  # the close-up: the table top under the forearm, its edge at the wrist
        top = -R_CLOSE_FOREARM[0]
        x1 = fig.joints["near_arm"]["wrist"][0] - 1.0
        slab = [(-3.0, top - 4), (-3.0, top), (x1, top), (x1, top - 4)]
        return [
            ("poly", slab, PROP_FILL, PROP_INK, 0.45),
            ("line", [(x1 - 3, top - 4), (x1 - 3, floor)], PROP_INK, 0.9),
        ]
    if prop.at == "under":
        top = floor + TABLE_H
        xs = []
        for group in fig.shapes().values():
            for shape in group:
                pts = shape[1] if shape[0] == "poly" else [shape[1]] + ([shape[3]] if shape[0] == "capsule" else [])
                xs += [p[0] for p in pts if p[1] <= top + 12]
        x0, x1 = min(xs) - 4.0, max(xs) + 4.0
        if fig.pose.base == "sitting_table_edge" and not fig.front:
            x0, x1 = min(x0, -40.0), min(x1, fig.joints["near_leg"]["knee"][0] + 2.0)
        if x1 - x0 < 50:
            x0 = x1 - 50
    else:
        hand = _hand(fig, prop.at.split("_")[0])
        top = hand[1] - R_HAND[0]
        x0, x1 = hand[0] - 12.0, hand[0] + 40.0
    slab = [(x0, top - 5), (x0, top), (x1, top), (x1, top - 5)]
    legs = [("line", [(x, top - 5), (x, floor)], PROP_INK, 3.4) for x in (x0 + 4, x1 - 4)]
    return [("poly", slab, PROP_FILL, PROP_INK, 1.6), *legs]


def _band(fig: Figure, prop: Prop, door_x: float | None, floor: float) -> list[PropShape]:
    """An elastic band: between the hands, from a door to the hand/knee/foot, or round a foot to the hands."""
    at = prop.at
    if prop.anchor == "hands":
        a, b = _hand(fig, "near"), _hand(fig, "far")
        if not fig.front and dist(a, b) < 15:  # the hands together (side view): a loop hangs from them
            return [("line", [a, (a[0] + 8.0, a[1] - 14.0), (a[0] + 1.0, a[1] - 17.0), a], BAND_INK, 3.0)]
        return [("line", [a, b], BAND_INK, 3.0)]
    if at in ("near_foot", "far_foot"):
        sole = _foot_sole(fig, at.split("_")[0])
        sole = (sole[0], sole[1] - 3.0)
        ends = [_hand(fig, "near"), _hand(fig, "far")] if prop.anchor == "foot" else []
        if prop.anchor == "door":
            ends = [_door_point(fig, door_x, sole)]
        return [("line", [end, sole], BAND_INK, 3.0) for end in ends]
    if at == "near_knee":
        j = fig.joints["near_leg"]
        target = step(lerp(j["knee"], j["hip"], 0.15), angle_of(j["hip"], j["knee"]) + 90, R_THIGH[1])
        return [("line", [_door_point(fig, door_x, target), target], BAND_INK, 3.0)]
    ends = _hands(fig, at)
    return [("line", [_door_point(fig, door_x, e), e], BAND_INK, 3.0) for e in ends]


def _door_point(fig: Figure, door_x: float | None, towards: Point) -> Point:
    """Where the band is tied to the door: at the door's x, as high as the band's other end."""
    x = door_x if door_x is not None else towards[0] + DOOR_GAP
    return x, towards[1]


def door_x(figs: list[Figure]) -> float | None:
    """Where the door a band is tied to stands (the same in both pictures), or None."""
    props = [p for f in figs for p in f.pose.props if p.name == "band" and p.anchor == "door"]
    if not props:
        return None
    if props[0].side == "back":
        return min(f.box()[0] for f in figs) - DOOR_GAP
    return max(f.box()[2] for f in figs) + DOOR_GAP


def door_shapes(x: float, floor: float, facing: int) -> list[PropShape]:
    """The edge of the door (its frame) the band is tied to."""
    return [
        (
            "poly",
            [(x, floor), (x, floor + DOOR_H * 0.62), (x + facing * 5, floor + DOOR_H * 0.62), (x + facing * 5, floor)],
            PROP_FILL,
            PROP_INK,
            1.6,
        )
    ]


def _knee_band(fig: Figure, at: str) -> list[PropShape]:
    """A loop band round both legs just above the knees (or the ankles)."""
    shapes: list[PropShape] = []
    k = 0.8 if at == "knees" else 0.86
    segment = ("hip", "knee") if at == "knees" else ("knee", "ankle")
    radius = R_THIGH[1] + 1.0 if at == "knees" else R_SHIN[1] + 1.0
    points = []
    for side in ("near", "far"):
        j = fig.joints[f"{side}_leg"]
        p = lerp(j[segment[0]], j[segment[1]], k)
        across = angle_of(j[segment[0]], j[segment[1]]) + 90
        points.append((p, across))
    if fig.front:  # a stretched loop from the outside of one leg to the outside of the other
        (a, _), (b, _) = points
        out = angle_of(b, a)
        shapes.append(("line", [step(b, out + 180, radius), step(a, out, radius)], BAND_INK, 3.2))
    else:  # from the side: a ring round the near thigh
        p, across = points[0]
        shapes.append(("line", [step(p, across, radius), step(p, across + 180, radius)], BAND_INK, 4.2))
    return shapes


def _towel(fig: Figure, at: str, floor: float) -> list[PropShape]:
    """A towel: held between the hands, looped round a foot to the hands, or flat under the feet."""
    if at == "floor":
        xs = [fig.joints[f"{s}_leg"][j][0] for s in ("near", "far") for j in ("ankle", "toe")]
        x0, x1 = min(xs) - 6, max(xs) + 16
        return [("poly", [(x0, floor), (x0, floor + 2.5), (x1, floor + 2.5), (x1, floor)], TOWEL_FILL, PROP_INK, 1.4)]
    if at == "near_foot":
        sole = _foot_sole(fig, "near")
        sole = step(sole, fig.angles["near_leg"]["foot"] - 90, 3.0)
        return [("line", [_hand(fig, "near"), sole], PROP_INK, 4.0)]
    a, b = _hand(fig, "near"), _hand(fig, "far")
    if not fig.front and dist(a, b) < 15:  # the hands together (side view): the towel hangs from them
        hang = [(a[0] - 4.0, a[1]), (a[0] + 4.0, a[1]), (a[0] + 5.0, a[1] - 22.0), (a[0] - 3.0, a[1] - 22.0)]
        return [("poly", hang, TOWEL_FILL, PROP_INK, 1.4)]
    return [("line", [a, b], PROP_INK, 4.0)]
