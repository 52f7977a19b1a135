"""In-between poses of a moving drawing, worked out from the start and end poses.

Every joint angle (the head on the torso, the thigh on the pelvis, the shin on the thigh, …) goes
straight from its start value to its end value, so it never passes an angle outside the two
(both of which the pose schema has checked), and the torso turns the short way round.
"""

from __future__ import annotations

from handouts.model.pose import Arm, Leg, Pose, norm_angle

# (field, the segment it hangs from, where its joint's range starts): a segment's angle is kept
# relative to its parent's (a limb's first segment: relative to the torso pointing down), and read
# in the 360° window that holds the joint's whole range, so it turns the way the joint bends.
_Chain = tuple[tuple[str, str | None, float], ...]
_LEG: _Chain = (("thigh", None, -120), ("shin", "thigh", -200), ("foot", "shin", -100))
_ARM: _Chain = (("upper", None, -100), ("lower", "upper", -100), ("hand", "lower", -180))
_FRONT_NEAR_ARM: _Chain = (("upper", None, -150), ("lower", "upper", -180), ("hand", "lower", -180))
_FRONT_FAR_ARM: _Chain = (("upper", None, -210), ("lower", "upper", -180), ("hand", "lower", -180))
_FRONT_LEG: _Chain = (("thigh", None, -180), ("shin", "thigh", -180), ("foot", "shin", -180))


def _ease(t: float) -> float:
    """Slow out of the start, slow into the end (smoothstep)."""
    return t * t * (3 - 2 * t)


def _unwrap(value: float, low: float) -> float:
    return low + (value - low) % 360


def _chain(
    a: dict[str, float], b: dict[str, float], roots: tuple[float, float, float], t: float, fields: _Chain
) -> dict[str, float]:
    """Absolute angles at t of a limb whose joints turn from their start to their end bend."""
    root_a, root_b, root_t = roots
    out: dict[str, float] = {}
    for name, parent, low in fields:
        base_a = root_a + 180 if parent is None else a[parent]
        base_b = root_b + 180 if parent is None else b[parent]
        rel_a = _unwrap(a[name] - base_a, low)
        rel_b = _unwrap(b[name] - base_b, low)
        here = root_t + 180 if parent is None else out[parent]
        out[name] = here + rel_a + (rel_b - rel_a) * t
    return out


def between(start: Pose, end: Pose, t: float) -> Pose:
    """The pose a fraction t (0 … 1) of the way from start to end."""
    if t <= 0:
        return start
    if t >= 1:
        return end
    torso = start.torso + norm_angle(end.torso - start.torso) * t
    head_a, head_b = norm_angle(start.head - start.torso), norm_angle(end.head - end.torso)
    near = start if t < 0.5 else end  # what cannot be blended (a grip, props) comes from the nearer pose
    update: dict[str, object] = {
        "torso": torso,
        "head": torso + head_a + (head_b - head_a) * t,
        "face": start.face + (end.face - start.face) * t,
        "turn": start.turn + (end.turn - start.turn) * t,
        "fingers": start.fingers.model_copy(
            update={
                name: getattr(start.fingers, name) + (getattr(end.fingers, name) - getattr(start.fingers, name)) * t
                for name in ("knuckles", "middle", "tips", "thumb")
            }
        ),
        "spine": start.spine + (end.spine - start.spine) * t,
        "pelvis": start.pelvis + (end.pelvis - start.pelvis) * t,
        "props": near.props,
        "cue": "none",
    }
    for side in ("near", "far"):
        la: Leg = getattr(start, f"{side}_leg")
        lb: Leg = getattr(end, f"{side}_leg")
        angles = _chain(
            {"thigh": la.thigh, "shin": la.shin, "foot": la.foot},
            {"thigh": lb.thigh, "shin": lb.shin, "foot": lb.foot},
            (start.torso, end.torso, torso),
            t,
            _FRONT_LEG if start.view == "front" else _LEG,
        )
        update[f"{side}_leg"] = getattr(near, f"{side}_leg").model_copy(
            update={
                **angles,
                "thigh_len": la.thigh_len + (lb.thigh_len - la.thigh_len) * t,
                "shin_len": la.shin_len + (lb.shin_len - la.shin_len) * t,
            }
        )
        arm_chain = _ARM
        if start.view == "front":
            arm_chain = _FRONT_NEAR_ARM if side == "near" else _FRONT_FAR_ARM
        aa: Arm = getattr(start, f"{side}_arm")
        ab: Arm = getattr(end, f"{side}_arm")
        hand_a = aa.lower if aa.hand is None else aa.hand
        hand_b = ab.lower if ab.hand is None else ab.hand
        arm = _chain(
            {"upper": aa.upper, "lower": aa.lower, "hand": hand_a},
            {"upper": ab.upper, "lower": ab.lower, "hand": hand_b},
            (start.torso, end.torso, torso),
            t,
            arm_chain,
        )
        update[f"{side}_arm"] = getattr(near, f"{side}_arm").model_copy(
            update={
                **arm,
                "upper_len": aa.upper_len + (ab.upper_len - aa.upper_len) * t,
                "lower_len": aa.lower_len + (ab.lower_len - aa.lower_len) * t,
            }
        )
    return near.model_copy(update=update)


def frames(start: Pose, end: Pose, count: int) -> list[Pose]:
    """count + 1 poses from start to end (eased, so the movement starts and stops gently)."""
    return [between(start, end, _ease(i / count)) for i in range(count + 1)]


FRAMES_FOR_TESTS = 24  # finer than the screen's frames, so a test sees between them too
