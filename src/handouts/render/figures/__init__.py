"""Drawings of exercises, made by the project as standalone SVG (schema in model/pose.py).

``body`` works out a pose's joints and shapes (side or front view), ``props`` the things drawn
with it, ``motion`` the in-between poses of a moving drawing, ``drawing`` the SVG. The pose
language is documented in model/pose.py and docs/drawings.md.
"""

from handouts.model.colours import contrast, luminance
from handouts.model.pose import BASES, FRONT_BASES, Arm, Illustration, Leg, Pose, parse_illustration
from handouts.render.figures.drawing import (
    VIEW_W,
    Timing,
    illustration_svg,
    palette,
    placeholder_svg,
    render_svg,
)

__all__ = [
    "Arm",
    "Leg",
    "Pose",
    "Illustration",
    "BASES",
    "FRONT_BASES",
    "VIEW_W",
    "Timing",
    "render_svg",
    "placeholder_svg",
    "parse_illustration",
    "illustration_svg",
    "palette",
    "contrast",
    "luminance",
]
