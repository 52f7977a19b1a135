"""Makes the contact sheets shown in docs/drawings.md: every base in each of its views, and every prop.

    .venv/bin/python docs/drawing_sheets.py   # writes docs/drawings-bases.png and docs/drawings-props.png

Each cell is the drawing as the tool makes it (start and end the same pose), screenshotted in
headless Chromium at about print size.
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

from handouts.model.pose import BASES, FRONT_BASES, PROP_PLACES
from handouts.render.figures import render_svg

DOCS = Path(__file__).resolve().parent
PROP_BASE = {
    "mat": "lying_back",
    "chair": "sitting_chair",
    "table": "lying_table",
    "towel": "standing",
    "foam_roller": "lying_back",
    "knee_band": "lying_back",
}


def sheet(items: list[tuple[str, dict[str, object]]], out: Path, cols: int = 4) -> None:
    cells = []
    for name, pose in items:
        svg = render_svg({"start": pose, "end": pose}, title=name, labels=("", ""))
        cells.append(f"<div class=c><div class=t>{html.escape(name)}</div>{svg}</div>")
    page = (
        "<html><head><style>body{margin:4px;font:15px sans-serif}"
        f".g{{display:grid;grid-template-columns:repeat({cols},1fr);gap:6px}}"
        ".c{border:1px solid #ccc;padding:2px}svg{width:100%;height:auto}</style></head>"
        f"<body><div class=g>{''.join(cells)}</div></body></html>"
    )
    rows = (len(items) + cols - 1) // cols
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "sheet.html"
        page_file.write_text(page, "utf-8")
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size=1200,{rows * 215 + 12}",
                f"--screenshot={out}",
                page_file.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


def main() -> None:
    bases: list[tuple[str, dict[str, object]]] = [(f"{b}", {"base": b}) for b in BASES]
    bases += [(f"{b}, view: front", {"base": b, "view": "front"}) for b in FRONT_BASES]
    sheet(bases, DOCS / "drawings-bases.png")
    props: list[tuple[str, dict[str, object]]] = []
    for name, places in PROP_PLACES.items():
        at = places[0]
        item: dict[str, object] = {"name": name, "at": at}
        pose: dict[str, object] = {"base": PROP_BASE.get(name, "standing"), "props": [item]}
        if name == "rolled_towel":  # under the knee of a straight leg
            straight = {"thigh": 0, "shin": 0, "foot": 85}
            pose |= {"base": "lying_back", "near_leg": straight, "far_leg": straight}
        props.append((f"{name} (at: {at})", pose))
    props.append(("band, anchor: door", {"base": "standing", "props": [{"name": "band", "anchor": "door"}]}))
    props.append(
        (
            "band, anchor: foot",
            {
                "base": "sitting_floor",
                "near_arm": {"upper": 330, "lower": 340},
                "props": [{"name": "band", "anchor": "foot"}],
            },
        )
    )
    props.append(
        (
            "dumbbell (at: hands), front",
            {"base": "standing", "view": "front", "props": [{"name": "dumbbell", "at": "hands"}]},
        )
    )
    props.append(("knee_band, front", {"base": "standing", "view": "front", "props": ["knee_band"]}))
    sheet(props, DOCS / "drawings-props.png")


if __name__ == "__main__":
    main()
