"""The figure's body geometry: joints and filled shapes of a pose (side, front or hand view), in figure units.

Figure units are about a centimetre (a standing figure is ~172 tall); y points up and the hip
joint (the middle of the pelvis) is at the origin.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from handouts.model.pose import Arm, Leg, Pose, norm_angle

TORSO, NECK, HEAD_R = 54.0, 8.0, 9.5  # the head's centre is NECK + HEAD_R from the shoulder
UPPER_ARM, FOREARM, HAND = 31.0, 26.0, 13.0
THIGH, SHIN, FOOT = 46.0, 45.0, 18.0
# Half thicknesses (radii) at each end of a segment, in figure units.
R_UPPER, R_FOREARM, R_HAND = (4.2, 3.4), (3.4, 2.6), (2.9, 2.4)
R_THIGH, R_SHIN, R_HEEL, R_TOE = (7.2, 4.9), (4.7, 3.2), 3.5, 2.2
R_NECK, R_NOSE = 4.0, 2.3
# Half the depth of the torso along the spine (t = 0 at the hip, 1 at the shoulder): side view.
TORSO_DEPTH = ((0.0, 9.5), (0.35, 8.2), (0.7, 10.0), (1.0, 8.0))
# Half the width of the torso seen from the front, and where the hips and shoulders are.
TORSO_WIDTH = ((0.0, 13.5), (0.45, 11.5), (0.8, 15.0), (1.0, 15.5))
HIP_HALF, SHOULDER_HALF = 7.5, 13.5
FRONT_FOOT = 0.47  # a foot seen from the front looks shorter
# The close-up of the hand (view: hand): the forearm from the elbow (at the origin), the back of
# the hand (wrist → knuckles) and the three finger bones, drawn as one finger seen from the side.
CLOSE_FOREARM, PALM, PHALANX, THUMB = 12.0, 9.0, (4.6, 2.9, 2.4), (4.2, 3.0)
R_CLOSE_FOREARM = (3.5, 2.9)

Point = tuple[float, float]
# A filled shape in figure units: ("capsule", a, ra, b, rb), ("circle", c, r) or ("poly", points).
Shape = tuple[Any, ...]


def direction(angle: float) -> Point:
    r = math.radians(angle)
    return math.cos(r), math.sin(r)


def step(p: Point, angle: float, length: float) -> Point:
    dx, dy = direction(angle)
    return p[0] + dx * length, p[1] + dy * length


def angle_of(a: Point, b: Point) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def dist(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def lerp(a: Point, b: Point, t: float) -> Point:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    u = 1 - t
    return (
        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
    )


def bezier_tangent(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> float:
    """The direction (degrees) of the curve at t."""
    u = 1 - t
    dx = 3 * u * u * (p1[0] - p0[0]) + 6 * u * t * (p2[0] - p1[0]) + 3 * t * t * (p3[0] - p2[0])
    dy = 3 * u * u * (p1[1] - p0[1]) + 6 * u * t * (p2[1] - p1[1]) + 3 * t * t * (p3[1] - p2[1])
    return math.degrees(math.atan2(dy, dx))


def _profile(table: tuple[tuple[float, float], ...], t: float) -> float:
    for (t0, w0), (t1, w1) in itertools.pairwise(table):
        if t <= t1:
            k = (t - t0) / (t1 - t0)
            k = k * k * (3 - 2 * k)  # smooth
            return w0 + (w1 - w0) * k
    return table[-1][1]


def depth(t: float) -> float:
    """Half the side-view depth of the torso at t (0 hip … 1 shoulder)."""
    return _profile(TORSO_DEPTH, t)


def reach(shoulder: Point, target: Point, upper: float, lower: float) -> tuple[float, float]:
    """(upper, lower) angles that put the wrist on target, the elbow bending the natural way."""
    d = dist(shoulder, target)
    phi = angle_of(shoulder, target)
    if d >= upper + lower - 1e-6:
        return phi, phi  # out of reach: the arm points at it, straight
    d = max(d, abs(upper - lower) + 1e-6)
    cos_a = (upper * upper + d * d - lower * lower) / (2 * upper * d)
    a = math.degrees(math.acos(max(-1.0, min(1.0, cos_a))))
    elbow = step(shoulder, phi - a, upper)
    return phi - a, angle_of(elbow, target)


class Figure:
    """A pose's joints and filled shapes in figure units."""

    def __init__(self, pose: Pose) -> None:
        self.pose = pose
        self.front = pose.view == "front"
        self.hand = pose.view == "hand"
        self._shapes: dict[str, list[Shape]] | None = None
        self._box: tuple[float, float, float, float] | None = None
        if self.hand:
            self._close_up()
            return
        hip: Point = (0.0, 0.0)
        shoulder = step(hip, pose.torso, TORSO)
        # The spine leaves the pelvis at torso + spine + pelvis and reaches the shoulder at
        # torso - spine: positive spine bulges towards the back (rounded), negative towards the
        # front (hollow). The figure faces right, so its back is on the side torso + 90.
        self.spine_ctrl = (
            hip,
            step(hip, pose.torso + pose.spine * 2 + pose.pelvis * 2, TORSO / 3),
            step(shoulder, pose.torso - pose.spine * 2 + 180, TORSO / 3),
            shoulder,
        )
        self.hip, self.shoulder = hip, shoulder
        self.head = step(shoulder, pose.head, NECK + HEAD_R)
        top = bezier_tangent(*self.spine_ctrl, 1.0)
        if self.front:  # the near (left) side is on the figure's torso - 90 side
            self.hips = {"near": step(hip, pose.torso - 90, HIP_HALF), "far": step(hip, pose.torso + 90, HIP_HALF)}
            self.shoulders = {
                "near": step(shoulder, top - 90, SHOULDER_HALF),
                "far": step(shoulder, top + 90, SHOULDER_HALF),
            }
        else:
            self.hips = {"near": hip, "far": hip}
            self.shoulders = {"near": shoulder, "far": shoulder}
        self.joints: dict[str, dict[str, Point]] = {}
        self.angles: dict[str, dict[str, float]] = {}
        foot_len = FOOT * (FRONT_FOOT if self.front else 1.0)
        legs = sorted(("near", "far"), key=lambda s: getattr(pose, f"{s}_leg").ankle_on is not None)
        for side in legs:  # a leg resting on the other knee needs that knee first
            leg: Leg = getattr(pose, f"{side}_leg")
            start = self.hips[side]
            knee = step(start, leg.thigh, THIGH * leg.thigh_len)
            shin = leg.shin
            if leg.ankle_on is None:
                ankle = step(knee, shin, SHIN * leg.shin_len)
            else:  # on the other knee's kneecap: halfway between the front of its thigh and shin
                other = self.joints[leg.ankle_on.replace("_knee", "_leg")]
                bent = self.angles[leg.ankle_on.replace("_knee", "_leg")]
                fx, fy = direction(bent["thigh"] + 90)
                gx, gy = direction(bent["shin"] + 90)
                cap = math.degrees(math.atan2(fy + gy, fx + gx))
                ankle = step(other["knee"], cap, R_THIGH[1] + R_SHIN[1] - 1.0)
                shin = angle_of(knee, ankle)
            self.joints[f"{side}_leg"] = {
                "hip": start,
                "knee": knee,
                "ankle": ankle,
                "toe": step(ankle, leg.foot, foot_len),
            }
            self.angles[f"{side}_leg"] = {"thigh": leg.thigh, "shin": shin, "foot": leg.foot}
        for side in ("near", "far"):
            arm: Arm = getattr(pose, f"{side}_arm")
            at = self.shoulders[side]
            upper_l, lower_l = UPPER_ARM * arm.upper_len, FOREARM * arm.lower_len
            upper, lower, hand = arm.upper, arm.lower, arm.hand
            if arm.hold is not None:
                wrist_at, hand = self._grip(arm.hold)
                upper, lower = reach(at, wrist_at, upper_l, lower_l)
                bend = norm_angle(hand - lower)  # the wrist bends at most 100°
                hand = lower + max(-100.0, min(100.0, bend))
            elbow = step(at, upper, upper_l)
            wrist = step(elbow, lower, lower_l)
            hand = lower if hand is None else hand
            self.joints[f"{side}_arm"] = {
                "shoulder": at,
                "elbow": elbow,
                "wrist": wrist,
                "tip": step(wrist, hand, HAND),
            }
            self.angles[f"{side}_arm"] = {"upper": upper, "lower": lower, "hand": hand}

    def _close_up(self) -> None:
        """Joints of the hand view: elbow at the origin, then wrist, knuckles, the finger and the thumb."""
        pose, arm, f = self.pose, self.pose.near_arm, self.pose.fingers
        elbow: Point = (0.0, 0.0)
        wrist = step(elbow, arm.lower, CLOSE_FOREARM)
        back = arm.lower if arm.hand is None else arm.hand
        knuckle = step(wrist, back, PALM)
        # the fingers bend towards the palm: down when it faces down, up when it faces up (a
        # bend seen edge-on; the schema keeps bent fingers out of the views between)
        towards = max(-1.0, min(1.0, math.sin(math.radians(pose.turn)) / math.sin(math.radians(45))))
        a1 = back + towards * f.knuckles
        a2 = a1 + towards * f.middle
        a3 = a2 + towards * f.tips
        middle = step(knuckle, a1, PHALANX[0])
        end = step(middle, a2, PHALANX[1])
        tip = step(end, a3, PHALANX[2])
        # the thumb: on top when the thumb is up, in front when the palm is up, hidden behind the
        # hand when the palm is down (it shrinks into its base)
        shown = max(0.0, min(1.0, 1.0 + math.sin(math.radians(pose.turn))))
        thick = self.palm_half()
        base = step(step(wrist, back, PALM * 0.3), back + 90, thick * 0.8 * math.cos(math.radians(pose.turn)))
        t1 = back + 28 * math.cos(math.radians(pose.turn)) + towards * f.thumb
        thumb_mid = step(base, t1, THUMB[0] * shown)
        thumb_tip = step(thumb_mid, t1 + towards * f.thumb * 0.6, THUMB[1] * shown)
        self.hip = self.shoulder = self.head = elbow
        self.spine_ctrl = (elbow, elbow, elbow, elbow)
        self.hips = {"near": elbow, "far": elbow}
        self.shoulders = {"near": elbow, "far": elbow}
        arm_joints = {"shoulder": elbow, "elbow": elbow, "wrist": wrist, "tip": tip}
        self.joints = {
            "near_arm": {**arm_joints, "knuckle": knuckle, "finger_mid": middle, "finger_end": end},
            "far_arm": arm_joints,
            "thumb": {"base": base, "mid": thumb_mid, "tip": thumb_tip},
        }
        for side in ("near_leg", "far_leg"):  # no legs in a close-up: a point under the elbow
            self.joints[side] = {"hip": elbow, "knee": elbow, "ankle": elbow, "toe": elbow}
        angles = {"upper": arm.lower, "lower": arm.lower, "hand": back}
        self.angles = {"near_arm": angles, "far_arm": angles}

    def palm_half(self) -> float:
        """Half the hand's thickness as drawn: thin seen edge-on (palm up or down), wide from the back."""
        return 2.4 + 2.1 * abs(math.cos(math.radians(self.pose.turn)))

    def _close_up_shapes(self) -> dict[str, list[Shape]]:
        j, thumb = self.joints["near_arm"], self.joints["thumb"]
        turn = math.radians(self.pose.turn)
        half = self.palm_half()
        finger_r = 1.3 + 2.3 * abs(math.cos(turn))  # one finger edge-on, four side by side from the back
        back = self.angles["near_arm"]["hand"]
        size = max(0.3, min(1.0, 1.0 + math.sin(turn)))  # never 0: a shape of no size draws stray lines
        # the palm's light patch, on the side the palm faces (up or down); none from the back
        side = back + (90 if turn > 0 else -90)
        pad = max(0.15, half * 0.42 * abs(math.sin(turn)))  # the palm's pad, never of no size
        edge = [step(step(j["wrist"], back, PALM * k), side, half - 0.5 - pad) for k in (0.2, 0.85)]
        return {
            "forearm": [("capsule", j["elbow"], R_CLOSE_FOREARM[0], j["wrist"], R_CLOSE_FOREARM[1])],
            "hand": [  # with the thumb, which shrinks into the hand when the palm faces down
                ("capsule", j["wrist"], half, j["knuckle"], half * 0.92),
                ("capsule", thumb["base"], 1.6 * size, thumb["mid"], 1.45 * size),
                ("capsule", thumb["mid"], 1.45 * size, thumb["tip"], 1.2 * size),
            ],
            "fingers": [
                ("capsule", j["knuckle"], finger_r, j["finger_mid"], finger_r * 0.92),
                ("capsule", j["finger_mid"], finger_r * 0.92, j["finger_end"], finger_r * 0.85),
                ("capsule", j["finger_end"], finger_r * 0.85, j["tip"], finger_r * 0.75),
            ],
            "palm": [("capsule", edge[0], pad, edge[1], pad)],
            **{part: [] for part in ("torso", "head", "near_arm", "far_arm", "near_leg", "far_leg")},
        }

    def _grip(self, place: str) -> tuple[Point, float]:
        """Where the wrist goes and which way the hand points to hold ``place``."""
        side, where = place.split("_")
        j, a = self.joints[f"{side}_leg"], self.angles[f"{side}_leg"]
        if where == "thigh":  # behind the thigh, near the knee: the palm on the back of it
            at = 0.6
            point = lerp(j["hip"], j["knee"], at)
            out = a["thigh"] - 90
            radius = R_THIGH[0] + (R_THIGH[1] - R_THIGH[0]) * at
        else:  # on the front of the shin: just below the knee, or halfway down
            at = 0.18 if where == "knee" else 0.45
            point = lerp(j["knee"], j["ankle"], at)
            out = a["shin"] + 90
            radius = R_SHIN[0] + (R_SHIN[1] - R_SHIN[0]) * at
        contact = step(point, out, radius)
        return step(contact, out, 2.0), out + 180

    def spine_at(self, t: float) -> Point:
        return bezier(*self.spine_ctrl, t)

    def spine_angle(self, t: float) -> float:
        return bezier_tangent(*self.spine_ctrl, t)

    def width(self, t: float) -> float:
        """Half the torso's thickness as drawn at t: its depth from the side, its width from the front."""
        if self.hand:
            return 0.0
        return _profile(TORSO_WIDTH, t) if self.front else depth(t)

    def back_side(self, t: float) -> Point:
        """The point on the back of the torso at t (the side a mat or roller under the back touches)."""
        return step(self.spine_at(t), self.spine_angle(t) + 90, self.width(t))

    def torso_outline(self, n: int = 14) -> list[Point]:
        """The torso's outline, counter-clockwise: front edge up, round shoulder, back edge down, round seat."""
        front, back = [], []
        for i in range(n + 1):
            t = i / n
            c = self.spine_at(t)
            a = self.spine_angle(t)
            w = self.width(t)
            front.append(step(c, a - 90, w))
            back.append(step(c, a + 90, w))
        a1, a0 = self.spine_angle(1.0), self.spine_angle(0.0)
        w1, w0 = self.width(1.0), self.width(0.0)
        # Seen from the side the shoulder and seat are round; from the front, flatter (an ellipse).
        k_top, k_seat = (0.35, 0.45) if self.front else (1.0, 1.0)
        top = [_ellipse(self.shoulder, a1, w1, w1 * k_top, -90 + 180 * k / 6) for k in range(1, 6)]
        seat = [_ellipse(self.hip, a0 + 180, w0, w0 * k_seat, -90 + 180 * k / 6) for k in range(1, 6)]
        return front + top + back[::-1] + seat

    def shapes(self) -> dict[str, list[Shape]]:
        """Every body part as filled shapes (worked out once; a pose never changes)."""
        if self._shapes is None:
            self._shapes = self._make_shapes()
        return self._shapes

    def _make_shapes(self) -> dict[str, list[Shape]]:
        if self.hand:
            return self._close_up_shapes()
        out: dict[str, list[Shape]] = {"torso": [("poly", self.torso_outline())]}
        out["head"] = [
            ("capsule", self.shoulder, R_NECK, self.head, R_NECK),
            ("circle", self.head, HEAD_R),
        ]
        if not self.front:  # the nose shows which way the face looks
            out["head"].append(("circle", step(self.head, self.pose.head - 90, HEAD_R - 0.6), R_NOSE))
        else:  # a turned face shows its nose at the side it turns to (hidden inside the head when straight)
            turn = math.sin(math.radians(self.pose.face))
            out["head"].append(("circle", step(self.head, self.pose.head - 90, (HEAD_R - 0.6) * turn), R_NOSE))
        for side in ("near", "far"):
            j, a = self.joints[f"{side}_leg"], self.angles[f"{side}_leg"]
            if self.front:
                foot = ("capsule", j["ankle"], R_HEEL, step(j["ankle"], a["foot"], FOOT * FRONT_FOOT), R_TOE + 0.6)
            else:
                heel = step(step(j["ankle"], a["foot"] + 180, 2.5), a["shin"], 1.0)
                foot = ("capsule", heel, R_HEEL, step(j["ankle"], a["foot"], FOOT - R_TOE), R_TOE)
            out[f"{side}_leg"] = [
                ("capsule", j["hip"], R_THIGH[0], j["knee"], R_THIGH[1]),
                ("capsule", j["knee"], R_SHIN[0], j["ankle"], R_SHIN[1]),
                foot,
            ]
            j, a = self.joints[f"{side}_arm"], self.angles[f"{side}_arm"]
            out[f"{side}_arm"] = [
                ("capsule", j["shoulder"], R_UPPER[0], j["elbow"], R_UPPER[1]),
                ("capsule", j["elbow"], R_FOREARM[0], j["wrist"], R_FOREARM[1]),
                ("capsule", j["wrist"], R_HAND[0], step(j["wrist"], a["hand"], HAND - R_HAND[1]), R_HAND[1]),
            ]
        return out

    def eyes(self) -> list[Point]:
        """Front view: where the two eyes are (the face looks at the viewer)."""
        up = self.pose.head
        turn = math.radians(self.pose.face)
        centre = step(step(self.head, up, 1.2), up - 90, math.sin(turn) * HEAD_R * 0.5)
        half = 3.6 * math.cos(turn)
        return [step(centre, up - 90, half), step(centre, up + 90, half)]

    def box(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of every shape."""
        if self._box is None:
            self._box = shapes_box([s for group in self.shapes().values() for s in group])
        return self._box

    def part_box(self, *parts: str) -> tuple[float, float, float, float]:
        return shapes_box([s for part in parts for s in self.shapes()[part]])


def _ellipse(centre: Point, along: float, half_width: float, half_height: float, deg: float) -> Point:
    """A point on an ellipse round ``centre`` whose long axis is across ``along``."""
    ux, uy = direction(along)
    px, py = direction(along - 90)
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return (
        centre[0] + ux * half_height * c - px * half_width * s,
        centre[1] + uy * half_height * c - py * half_width * s,
    )


def shape_circles(shape: Shape) -> list[tuple[Point, float]]:
    """Points with radii that cover a shape's extent."""
    if shape[0] == "capsule":
        return [(shape[1], shape[2]), (shape[3], shape[4])]
    if shape[0] == "circle":
        return [(shape[1], shape[2])]
    return [(p, 0.0) for p in shape[1]]


def shapes_box(shapes: list[Shape]) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of some shapes."""
    xs: list[float] = []
    ys: list[float] = []
    for shape in shapes:
        for p, r in shape_circles(shape):
            xs += [p[0] - r, p[0] + r]
            ys += [p[1] - r, p[1] + r]
    return min(xs), min(ys), max(xs), max(ys)
