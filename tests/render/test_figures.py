"""The exercise catalogue (seeds/exercises/*.md) and its SVG illustrations."""

from __future__ import annotations

import functools
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import frontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from conftest import ROOT
from handouts.model.dose import parse_dose
from handouts.model.pose import FRONT_BASES, PROP_PLACES, Pose, norm_angle
from handouts.render import figures as illustrate
from handouts.render.figures import (
    BASES,
    Illustration,
    Timing,
    body,
    drawing,
    illustration_svg,
    parse_illustration,
    placeholder_svg,
    props,
    render_svg,
)
from handouts.render.figures.motion import frames

EXERCISES = sorted((ROOT / "seeds" / "exercises").glob("*.md"))
SVG_NS = "{http://www.w3.org/2000/svg}"
KEYS = {"slug", "id", "name", "category", "dose", "stop", "summary", "illustration", "en"}
CATEGORIES = {"stræk", "styrke", "nerveglidning", "mobilitet"}
ARTICLES = {
    "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening",
    "iskiasnerve-i-klemme",
    "nervetryk-i-laenden",
    "ondt-i-laenden",
    "7-facts-om-ondt-i-balden-og-benet-er-det-iskias",
}
REQUIRED = {
    "knae-til-bryst",
    "piriformisstraek",
    "baekkenloeft",
    "bird-dog",
    "siddende-nerveglidning",
    "liggende-nerveglidning",
    "kat-ko",
    "baekkenkip",
}
SIMPLE = {"start": {"base": "lying_back"}, "end": {"base": "lying_back", "torso": 200}}


def _svg_root(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    return root


def _check_svg(svg: str) -> ET.Element:
    root = _svg_root(svg)
    parts = root.get("viewBox", "").split()
    assert len(parts) == 4, "the SVG needs a viewBox"
    w, h = float(parts[2]), float(parts[3])
    assert w == illustrate.VIEW_W  # printed 72 mm wide: 0.1 mm per unit
    assert 1.6 <= w / h <= 5.25  # as tall as the figures need, within sensible limits
    assert root.get("width") is None and root.get("height") is None  # scales to its box
    assert "<script" not in svg and "href" not in svg and "url(" not in svg
    fonts = {el.get("font-family") for el in root.iter() if el.get("font-family")}
    assert fonts <= {"IBM Plex Sans, sans-serif"}
    return root


def test_catalogue_has_the_required_exercises():
    assert {p.stem for p in EXERCISES} >= REQUIRED


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_exercise_file(path: Path):
    post = frontmatter.load(path)
    meta = post.metadata
    assert set(meta) >= KEYS, f"missing: {KEYS - set(meta)}"
    assert meta["slug"] == path.stem
    assert meta["category"] in CATEGORIES
    assert str(parse_dose(meta["dose"])) == meta["dose"], "write the dose in its one canonical spelling"
    for source in meta.get("sources", []):  # a seed article, or a public page or paper the steps follow
        assert source in ARTICLES or re.search(r"https?://|\b(19|20)\d\d\b", source), source
    for key in ("name", "stop", "summary"):
        assert isinstance(meta[key], str) and meta[key].strip()
    assert meta["stop"].startswith("Stop")
    # the body is an ordered list of 3–6 steps and nothing else
    lines = [line for line in post.content.strip().splitlines() if line.strip()]
    assert 3 <= len(lines) <= 6
    assert [int(line.split(".", 1)[0]) for line in lines] == list(range(1, len(lines) + 1))
    assert all(re.match(r"^\d+\. \S", line) for line in lines)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_exercise_illustration_renders(path: Path):
    meta = frontmatter.load(path).metadata
    illustration = parse_illustration(meta["illustration"])
    svg = render_svg(illustration, title=meta["name"])
    root = _check_svg(svg)
    assert root.find(f"{SVG_NS}title").text == meta["name"]
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert texts == ["Start", "Slut"]
    if illustration.moving:
        assert "#1f5fa8" in svg
    # deterministic: same input, byte-identical output (also from a fresh parse)
    fresh = frontmatter.load(path).metadata["illustration"]
    assert svg == render_svg(parse_illustration(fresh), title=meta["name"])


def test_numbers_are_finite_and_inside_the_picture():
    for path in EXERCISES:
        svg = render_svg(parse_illustration(frontmatter.load(path).metadata["illustration"]))
        drawing = re.sub(r"#[0-9a-f]{6}", "", svg.split("</title>", 1)[1])  # colours are not numbers
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", drawing)]
        assert all(math.isfinite(n) and -5 <= n <= illustrate.VIEW_W + 5 for n in numbers), path.stem
        height = float(_svg_root(svg).get("viewBox").split()[3])
        for x, y in re.findall(r"(?:points=\"|[ML])(-?[\d.]+)[ ,](-?[\d.]+)", svg):
            assert -5 <= float(x) <= illustrate.VIEW_W + 5 and -5 <= float(y) <= height + 5, path.stem


def test_every_base_preset_is_a_valid_pose():
    for base in BASES:
        svg = render_svg(parse_illustration({"start": {"base": base}, "end": {"base": base}}))
        _check_svg(svg)


def test_placeholder_is_valid_svg_of_the_same_width():
    svg = placeholder_svg("Bird-dog")
    root = _check_svg(svg)
    assert root.get("viewBox").split()[2] == _svg_root(render_svg(parse_illustration(SIMPLE))).get("viewBox").split()[2]
    assert "Illustration mangler" in svg
    assert illustration_svg(None, title="x") == placeholder_svg("x")


@pytest.mark.parametrize("accent", ["red; } body{", "red", "#12", "#1234567", "#ggg", "", None, 123, '#fff" onload="x'])
def test_bad_accent_is_refused(accent):
    with pytest.raises(ValueError):
        render_svg(parse_illustration(SIMPLE), accent=accent)
    with pytest.raises(ValueError):
        illustration_svg(None, accent=accent)


@pytest.mark.parametrize("accent", ["#abc", "#A1B2C3", "#1f5fa8"])
def test_good_accent_is_used(accent):
    data = {**SIMPLE, "moving": ["torso"]}
    svg = render_svg(parse_illustration(data), accent=accent)
    colours = illustrate.palette(accent)
    assert colours["near_moving"] in svg  # the clinic colour, shaded only as far as contrast needs
    r, _g, b = (int(colours["near_moving"][i : i + 2], 16) for i in (1, 3, 5))
    assert b > r  # still the clinic's (blue) hue


@pytest.mark.parametrize(
    "data",
    [
        None,
        "start: lying",
        [],
        {"start": {"base": "lying_back"}},  # no end
        {"start": {"base": "flying"}, "end": {"base": "lying_back"}},
        {"start": {"torso": 180}, "end": {"base": "lying_back"}},  # no base
        {"start": {"base": "lying_back", "elbow": 3}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "torso": "up"}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "torso": float("nan")}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "torso": 9999}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "near_leg": {"shin": 180}}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "near_leg": {"knee": 3}}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "near_arm": 5}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "spine": 90}, "end": {"base": "lying_back"}},
        {**SIMPLE, "moving": ["tail"]},
        {"start": {"base": "lying_back", "near_leg": {"ankle_on": "near_knee"}}, "end": {"base": "lying_back"}},
        {"start": {"base": "lying_back", "near_arm": {"hold": "elbow"}}, "end": {"base": "lying_back"}},
        {**SIMPLE, "motion_arrows": ["tail"]},
        {**SIMPLE, "colour": "red"},
    ],
)
def test_bad_pose_data_is_one_plain_value_error(data):
    with pytest.raises(ValueError) as info:
        parse_illustration(data)
    message = str(info.value)
    assert message and "\n" not in message and "pydantic" not in message
    with pytest.raises(ValueError):
        render_svg(data)


def test_impossible_knee_is_explained():
    bad = {"start": {"base": "standing", "near_leg": {"shin": 330, "foot": 60}}, "end": {"base": "standing"}}
    with pytest.raises(ValueError, match="knee"):
        parse_illustration(bad)


def test_title_with_control_characters_stays_well_formed():
    svg = render_svg(parse_illustration(SIMPLE), title="a\x00b\x1bc\ufffe")
    assert _svg_root(svg).find(f"{SVG_NS}title").text == "abc"


def test_title_is_escaped():
    title = 'Bird-dog <b>&" </title><script>x</script>'
    svg = render_svg(parse_illustration(SIMPLE), title=title)
    assert "<b>" not in svg and "<script>" not in svg
    assert _svg_root(svg).find(f"{SVG_NS}title").text == title
    assert _svg_root(placeholder_svg(title)).find(f"{SVG_NS}title").text == title


def test_parse_accepts_an_illustration_and_is_frozen():
    ill = parse_illustration(SIMPLE)
    assert parse_illustration(ill) is ill
    assert isinstance(ill, Illustration)
    with pytest.raises(ValidationError, match="frozen"):
        ill.start.torso = 3  # type: ignore[misc]


_angle = st.floats(min_value=-360, max_value=360, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(
    base_view=st.sampled_from([(b, "side") for b in sorted(BASES)] + [(b, "front") for b in sorted(FRONT_BASES)]),
    prop=st.sampled_from([None] + [{"name": n, "at": a} for n, places in PROP_PLACES.items() for a in places]),
    anchor=st.sampled_from(["hands", "door", "foot"]),
    moving=st.booleans(),
    torso=_angle,
    head=_angle,
    thigh=_angle,
    shin=_angle,
    foot=_angle,
    upper=_angle,
    lower=_angle,
    spine=st.floats(-30, 30),
    title=st.text(max_size=40),
    hold=st.sampled_from([None, "near_knee", "far_knee", "near_shin", "far_shin", "near_thigh", "far_thigh"]),
    crossed=st.booleans(),
)
def test_any_pose_is_refused_or_drawn(
    base_view, prop, anchor, moving, torso, head, thigh, shin, foot, upper, lower, spine, title, hold, crossed
):
    """Any angles, any base and view, any prop: a plain ValueError, or a drawing (still and moving)."""
    base, view = base_view
    pose = {
        "base": base,
        "view": view,
        "torso": torso,
        "head": head,
        "spine": spine,
        "near_leg": {"thigh": thigh, "shin": shin, "foot": foot},
        "near_arm": {"upper": upper, "lower": lower},
    }
    if hold:
        pose["far_arm"] = {"hold": hold}
    if crossed:
        pose["near_leg"] |= {"ankle_on": "far_knee", "thigh_len": 0.7}
    if prop is not None:
        pose["props"] = [prop | ({"anchor": anchor} if prop["name"] == "band" else {})]
    try:
        ill = parse_illustration({"start": {"base": base, "view": view}, "end": pose, "moving": ["near_leg"]})
    except ValueError:
        return
    _check_svg(
        render_svg(ill, title=title, animate=Timing() if moving else None)
    )  # any title, even with control characters


# ---------------------------------------------------------------------------------------------
# The drawings a patient has to understand without help


@functools.cache  # read once per file: ten tests over 128 exercises ask for the same (frozen) drawings
def _exercise(slug: str) -> Illustration:
    return parse_illustration(frontmatter.load(ROOT / "seeds" / "exercises" / f"{slug}.md").metadata["illustration"])


def _figures(ill: Illustration):
    """Both poses, each with the height its hip is lifted above the floor."""
    figs = [body.Figure(ill.start), body.Figure(ill.end)]
    return [(f, props.lift(f)) for f in figs]


def _part_points(fig, part: str, lift: float) -> list[tuple[float, float]]:
    """The points that outline a part's shapes, in the floor's frame (hips at the same x)."""
    return [(p[0], p[1] + lift) for shape in fig.shapes()[part] for p, _ in body.shape_circles(shape)]


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_start_and_end_differ_visibly(path: Path):
    """Every moving part moves by at least 8 % of the figure's size (≈ 3 mm on paper), or turns a
    segment by 40° or more (a foot rising onto the toes is short, but its turn is plain to see)."""
    ill = _exercise(path.stem)
    assert ill.moving, "say which parts move, so they are drawn in the clinic's colour"
    (f0, l0), (f1, l1) = _figures(ill)
    size = max(max(b[2] - b[0], b[3] - b[1]) for b in (f0.box(), f1.box()))
    for part in ill.moving:
        moved = max(
            body.dist(p, q) for p, q in zip(_part_points(f0, part, l0), _part_points(f1, part, l1), strict=False)
        )
        turned = _largest_turn(*(_turning(pose, part) for pose in (ill.start, ill.end)))
        assert moved >= 0.08 * size or turned >= 40, (
            f"{part} moves only {moved / size:.0%} of the figure's size and turns only {turned:.0f}°"
        )


def _turning(pose: Pose, part: str) -> object:
    """What turns when ``part`` moves: its segments, the face (a neck rotation), or in the close-up of
    the hand the forearm's turn, the back of the hand and the finger joints."""
    if part == "head":
        return {"head": pose.head, "face": pose.face}
    if part == "forearm":
        return {"turn": pose.turn}
    if part == "hand":  # the hand turns with the forearm
        return {"hand": pose.near_arm.lower if pose.near_arm.hand is None else pose.near_arm.hand, "turn": pose.turn}
    if part == "fingers":
        return {**pose.fingers.model_dump(), "turn": pose.turn}
    return getattr(pose, part)


def _largest_turn(start: object, end: object) -> float:
    """The largest change of direction of one segment of a part, in degrees."""
    if isinstance(start, (int, float)) and isinstance(end, (int, float)):
        return abs(norm_angle(end - start))
    if isinstance(start, dict) and isinstance(end, dict):
        return max(abs(norm_angle(end[k] - start[k])) for k in start)
    fields = ("upper", "lower", "hand", "thigh", "shin", "foot")
    turns = [
        abs(norm_angle(getattr(end, f) - getattr(start, f)))
        for f in fields
        if isinstance(getattr(start, f, None), (int, float)) and isinstance(getattr(end, f, None), (int, float))
    ]
    return max(turns, default=0.0)


def _low_back_gap(fig, lift: float) -> float:
    """How far the back edge of the lumbar spine is above the floor (figure units)."""
    gaps = []
    for t in (0.25, 0.3, 0.35, 0.4):
        centre = fig.spine_at(t)
        along = body.bezier_tangent(*fig.spine_ctrl, t)
        back = body.step(centre, along + 90, body.depth(t))
        gaps.append(back[1] + lift)
    return min(gaps)


def test_pelvic_tilt_presses_the_low_back_into_the_mat():
    ill = _exercise("baekkenkip")
    (f0, l0), (f1, l1) = _figures(ill)
    assert _low_back_gap(f0, l0) >= 6  # a hollow under the low back (≈ 1.5 mm printed) …
    assert _low_back_gap(f1, l1) <= 1  # … gone: the back lies flat on the mat
    start, end = drawing._cue(f0), drawing._cue(f1)
    assert end[1][1] < end[0][1] - 10  # a big arrow pushing down onto the low back
    assert start[1][1] > start[0][1] + 10  # and up again as the back arches
    svg = render_svg(ill)
    assert svg.count("<polygon") >= 3  # both cue arrows and the back-and-forth arrow are drawn


def _holds(fig, arm: str, part: str) -> bool:
    """Whether the hand (its palm, a little past the wrist) touches that body part."""
    j, a = fig.joints[arm], fig.angles[arm]
    palm = body.step(j["wrist"], a["hand"], 3.0)
    return any(drawing._covers(shape, palm, 1.5) for shape in fig.shapes()[part])


def test_knee_to_chest_both_hands_hold_the_knee():
    ill = _exercise("knae-til-bryst")
    (f0, _), (f1, _) = _figures(ill)
    for arm in ("near_arm", "far_arm"):
        assert _holds(f1, arm, "near_leg")
        knee = f1.joints["near_leg"]["knee"]
        assert body.dist(f1.joints[arm]["wrist"], knee) < 15  # at the knee, not the ankle
    # the knee comes up to the chest: well above and towards the head from where it started
    k0, k1 = f0.joints["near_leg"]["knee"], f1.joints["near_leg"]["knee"]
    assert k1[0] < k0[0] - 40


def test_lying_nerve_glide_shows_the_head_and_the_knee_straightening():
    ill = _exercise("liggende-nerveglidning")
    assert {"head", "near_leg"} <= set(ill.moving)
    (f0, _), (f1, _) = _figures(ill)
    knee_bend = [abs(norm_angle(f.angles["near_leg"]["thigh"] - f.angles["near_leg"]["shin"])) for f in (f0, f1)]
    assert knee_bend[0] >= 60 and knee_bend[1] <= 15  # bent knee → straight leg
    assert norm_angle(ill.start.head - ill.end.head) >= 40  # the chin comes towards the chest
    for f in (f0, f1):  # both hands hold the thigh
        assert _holds(f, "near_arm", "near_leg") and _holds(f, "far_arm", "near_leg")
    svg = render_svg(ill)
    motion = drawing._motion(ill, [f0, f1], [-f0.box()[1], -f1.box()[1]])
    assert len(motion) == 2  # curved arrows at the foot and at the head
    assert svg.count("<polygon") >= 3


def test_piriformis_rests_the_ankle_on_the_other_knee():
    ill = _exercise("piriformisstraek")
    (f0, _), (f1, _) = _figures(ill)
    for f in (f0, f1):
        hip, ankle, knee = f.hip, f.joints["near_leg"]["ankle"], f.joints["far_leg"]["knee"]
        assert body.dist(ankle, knee) <= body.R_THIGH[1] + body.R_SHIN[1]
        # the "4": the crossed knee stands clear of the supporting thigh, so hip, crossed knee and
        # supporting knee make an open triangle, and the crossed foot sticks out past the knee
        crossed_knee = f.joints["near_leg"]["knee"]
        ux, uy = body.direction(f.angles["far_leg"]["thigh"])
        off_axis = abs((crossed_knee[0] - hip[0]) * uy - (crossed_knee[1] - hip[1]) * ux)
        assert off_axis >= body.R_THIGH[0] + body.R_THIGH[1]
        toe = f.joints["near_leg"]["toe"]
        assert body.dist(toe, crossed_knee) > body.dist(knee, crossed_knee)
    for arm in ("near_arm", "far_arm"):  # both hands hold the supporting leg in the end
        assert _holds(f1, arm, "far_leg")
    assert f1.joints["far_leg"]["knee"][0] < f0.joints["far_leg"]["knee"][0] - 25  # pulled to the chest


@pytest.mark.parametrize("base", sorted(BASES))
def test_arms_hands_and_feet_are_always_drawn(base):
    fig = body.Figure(parse_illustration({"start": {"base": base}, "end": {"base": base}}).start)
    shapes = fig.shapes()
    for part in ("near_arm", "far_arm", "near_leg", "far_leg"):
        assert len(shapes[part]) == 3  # upper, lower, and a hand or foot
    assert len(shapes["head"]) == 3  # neck, head and nose (which way the face looks)


def _svg_colours(svg: str) -> set[str]:
    return set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', svg))


ACCENTS = ["#1f5fa8", "#1b6b45", "#6a2c70", "#000000", "#ffffff", "#ffff00", "#00ffff", "#3c3c3c"]
# Every drawing is checked in these two (the darkest accent and the lightest, where the palette shades
# most); the other accents on the drawings in _representative(), which between them use every base,
# view, prop, cue, moving part and arrow: the colours a drawing uses come from the palette by what it
# shows, so a colour that fails on one drawing fails on one showing the same thing.
EVERY_DRAWING_ACCENTS = ("#000000", "#ffffff")


def _features(ill: Illustration) -> set[tuple[str, str]]:
    found = {("arrow", ill.arrow)} | {("moving", part) for part in ill.moving}
    found |= {("motion_arrow", part) for part in ill.motion_arrows or ()}
    for pose in (ill.start, ill.end):
        found |= {("base", pose.base), ("view", pose.view), ("cue", pose.cue)}
        found |= {("prop", f"{prop.name}/{prop.at}/{prop.anchor}/{prop.side}") for prop in pose.props}
    return found


@functools.cache
def _representative() -> tuple[str, ...]:
    """A few drawings that between them show everything any drawing shows (greedy set cover)."""
    features = {path.stem: _features(_exercise(path.stem)) for path in EXERCISES}
    left = set().union(*features.values())
    chosen: list[str] = []
    while left:
        best = max(sorted(features), key=lambda slug: len(features[slug] & left))
        chosen.append(best)
        left -= features[best]
    return tuple(chosen)


def test_the_representative_drawings_show_everything_and_are_few():
    chosen = _representative()
    every = set().union(*(_features(_exercise(path.stem)) for path in EXERCISES))
    assert set().union(*(_features(_exercise(slug)) for slug in chosen)) == every
    assert {kind for kind, _ in every} >= {"base", "view", "prop", "cue", "moving", "arrow"}
    assert len(chosen) < len(EXERCISES) / 3


@pytest.mark.parametrize("accent", ACCENTS)
def test_far_limbs_and_moving_parts_keep_contrast(accent):
    colours = illustrate.palette(accent)
    assert illustrate.contrast(colours["far"]) >= 3.0  # far limbs: lighter, still 3:1 on white
    assert illustrate.contrast(colours["far_moving"]) >= 3.0
    assert illustrate.contrast(colours["near_moving"]) >= 4.5
    assert illustrate.contrast(colours["arrow"]) >= 4.5
    # greyscale: moving parts are clearly lighter than the still near body (and have a dark outline)
    assert illustrate.contrast(colours["near_moving"], colours["near"]) >= 2.4
    assert illustrate.luminance(colours["far_moving"]) > illustrate.luminance(colours["near_moving"])
    # every colour actually used, except white and the light fills of the mat and the props (their
    # edges, PROP_INK, carry the contrast)
    # and the palm's pad in the close-up of the hand (inside the hand, whose edge carries it)
    light = {"#ffffff", drawing.MAT_FILL, props.PROP_FILL, props.TOWEL_FILL, drawing.PALM_FILL}
    assert illustrate.contrast(props.PROP_INK) >= 3.0
    slugs = [path.stem for path in EXERCISES] if accent in EVERY_DRAWING_ACCENTS else _representative()
    for slug in slugs:
        svg = render_svg(_exercise(slug), accent=accent)
        for colour in _svg_colours(svg) - light:
            assert illustrate.contrast(colour) >= 3.0, (slug, colour)


def test_contrast_values():
    assert round(illustrate.contrast(drawing.FAR_INK), 2) == 3.45
    assert round(illustrate.contrast(drawing.INK), 1) == 14.2


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_the_picture_hugs_the_figures(path: Path):
    """No empty sky over lying figures: the picture is as tall as the taller pose (or the minimum)."""
    ill = _exercise(path.stem)
    svg = render_svg(ill, labels=("", ""))
    height = float(_svg_root(svg).get("viewBox").split()[3])
    tops = [float(y) for y in re.findall(r"[ML]-?[\d.]+ (-?[\d.]+)", svg)]
    # an arc reaches at most its radius above its end point
    tops += [float(y) - float(r) for r, y in re.findall(r"A(-?[\d.]+) [\d.]+ 0 [01] [01] -?[\d.]+ (-?[\d.]+)", svg)]
    tops += [float(y) for y in re.findall(r"-?[\d.]+,(-?[\d.]+)", svg)]  # arrowheads
    figure_top = min(tops)
    if height > drawing.VIEW_H_MIN:
        assert figure_top <= drawing.TOP + 16  # the tallest part is within 1.6 mm of the top margin
    else:
        assert figure_top <= height * 0.6  # the minimum height is still mostly figure


def _floor_lines(page, colour: str) -> list[dict]:
    grey = int(colour[1:3], 16) / 255
    return [
        line
        for line in page.lines
        if line["stroking_color"] and all(abs(c - grey) < 0.01 for c in line["stroking_color"]) and line["height"] < 1
    ]


def _same(colour, hex_colour: str) -> bool:
    if not colour or len(colour) != 3:
        return False
    want = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return all(abs(a - b) < 0.01 for a, b in zip(colour, want, strict=False))


def test_drawings_are_printed_at_a_readable_size(library, shared_writer, nord, tmp_path):
    """Measure every drawing of a real programme in its PDF: each pose ≥ 35 mm wide. The programme
    of the eight required exercises that tests/pdf/test_programme_layout.py prints for Nord (one
    render per run)."""
    import pdfplumber

    from helpers.programmes import EXERCISES, nord_programme

    assert set(EXERCISES) == REQUIRED
    result, programme = nord_programme(library, shared_writer, nord, "8", False, tmp_path)
    slugs = [entry.exercise.slug for entry in programme.entries]
    mm = 72 / 25.4
    colours = illustrate.palette(nord.colours.primary)
    body = [colours[k] for k in ("near", "far", "near_moving", "far_moving")]
    drawings = []
    with pdfplumber.open(result.path) as pdf:
        for page in pdf.pages:
            floors = sorted(_floor_lines(page, drawing.FLOOR_INK), key=lambda line: (round(line["top"]), line["x0"]))
            for left, right in zip(floors[::2], floors[1::2], strict=False):
                assert abs(left["top"] - right["top"]) < 0.5 and 0 < right["x0"] - left["x1"] < 3 * mm
                shapes = [  # the body, and the chair it sits on
                    c
                    for c in page.curves + page.lines
                    if (
                        (c["fill"] and any(_same(c["non_stroking_color"], b) for b in body))
                        or (c["stroke"] and _same(c["stroking_color"], props.PROP_INK))
                    )
                    and left["x0"] - 1 <= c["x0"]
                    and c["x1"] <= right["x1"] + 1
                    and left["top"] - 50 * mm < c["top"]
                    and c["bottom"] <= left["top"] + 1
                ]
                poses = []
                for floor in (left, right):
                    mine = [c for c in shapes if floor["x0"] - 1 <= c["x0"] and c["x1"] <= floor["x1"] + 1]
                    assert mine, "a pose without a figure"
                    poses.append(
                        (
                            floor["width"] / mm,
                            (max(c["x1"] for c in mine) - min(c["x0"] for c in mine)) / mm,
                            (floor["top"] - min(c["top"] for c in mine)) / mm,
                        )
                    )
                drawings.append(poses)
    assert len(drawings) == len(slugs)
    for poses in drawings:
        for panel_w, _, _ in poses:
            assert panel_w >= 35.0  # each pose has at least 35 mm of the page
        widest = max(w for _, w, _ in poses)
        tallest = max(h for _, _, h in poses)
        assert widest >= 30.0 or tallest >= 38.0  # the figure (with its chair) fills most of its panel
        assert tallest <= 46.0  # and the drawing stays within 72 × 45 mm
    assert _image_count(result.path) == 0  # vector drawings, nothing rasterised


def _image_count(path: Path) -> int:
    from pypdf import PdfReader

    images = 0
    for page in PdfReader(path).pages:
        for ref in (page.get("/Resources", {}).get("/XObject", {}) or {}).values():
            images += ref.get_object().get("/Subtype") == "/Image"
    return images


def test_the_close_up_shows_which_way_the_palm_faces_and_bends_the_fingers_towards_it():
    """The palm's light pad is below the hand when the palm faces down and above it when it faces
    up, and the fingers curl that way; between the two the in-between poses keep human joints."""
    down = body.Figure(Pose.model_validate({"base": "forearm_on_table", "turn": -90, "fingers": {"knuckles": 60}}))
    up = body.Figure(Pose.model_validate({"base": "forearm_on_table", "turn": 90, "fingers": {"knuckles": 60}}))
    for fig, sign in ((down, -1), (up, 1)):
        wrist_y = fig.joints["near_arm"]["wrist"][1]
        pad_y = fig.shapes()["palm"][0][1][1]
        assert (pad_y - wrist_y) * sign > 0.5
        assert (fig.joints["near_arm"]["tip"][1] - wrist_y) * sign > 3.0
    ill = _exercise("underarmsrotation")
    turns = [p.turn for p in frames(ill.start, ill.end, 24)]
    assert turns == sorted(turns) and turns[0] == -90 and turns[-1] == 90
    glide = _exercise("senegliding")
    knuckles = [p.fingers.knuckles for p in frames(glide.start, glide.end, 24)]
    assert knuckles == sorted(knuckles) and all(0 <= k <= 85 for k in knuckles)
    svg = render_svg(glide, animate=Timing())
    assert svg.count("<animate ") >= 3 and drawing.PALM_FILL in svg
