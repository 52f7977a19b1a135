"""A programme's one red-flag box: every sign of every set it combines, once, at its most urgent
level, under one heading naming the topics; cut between levels into parts that each fit a page
when it is taller than one (the cut's height estimate is checked against WeasyPrint's layout)."""

from __future__ import annotations

import itertools
import re

import pytest

from handouts.model.clinic import Clinic
from handouts.model.content import LEVELS
from handouts.model.red_flags import (
    LevelGroup,
    RedFlagChoice,
    RedFlagPart,
    box,
    continued,
    merged,
    ordered,
    programme_box,
    words,
)
from handouts.render.html import paged, red_flag_box_html

# Region sets a programme's exercises can name (plus what leaflets may add: every set).
REGION_SETS = ("nakke", "skulder-og-arm", "ryg-og-iskias", "hofte-knae-og-ben", "fod-og-ankel")


def key(text: str) -> str:
    return " ".join(words(text))


def printed_signs(red_flags) -> list[tuple[str, str]]:
    return [(key(sign), group.level) for part in red_flags.parts for group in part.groups for sign in group.signs]


def combos(library):
    every = tuple(library.red_flags)
    return [*itertools.combinations(REGION_SETS, 2), REGION_SETS, every]


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_one_box_prints_the_union_of_its_sets_signs_each_once_at_its_most_urgent_level(library, language):
    for slugs in combos(library):
        sets = ordered(library.red_flags[s] for s in slugs)
        separate = box(RedFlagChoice(tuple(sets), "test"), library, language)
        one = merged(separate)
        assert len(one.parts) == 1, slugs
        signs = printed_signs(one)
        union: dict[str, int] = {}
        for red_flags in separate.sets:  # the sets as printed (translated where they can be)
            for sign in red_flags.signs:
                union[key(sign.text)] = min(union.get(key(sign.text), 9), LEVELS.index(sign.level))
        assert len(signs) == len({k for k, _ in signs}), "a sign printed twice"
        assert {k: LEVELS.index(level) for k, level in signs} == union, slugs
        levels = [group.level for group in one.parts[0].groups]
        assert levels == sorted(levels, key=LEVELS.index), "most urgent first"
        actions = {s.action for s in separate.sets if s.action}
        assert set(one.parts[0].actions) == actions and len(one.parts[0].actions) == len(actions)


def test_the_heading_names_every_topic_in_the_handouts_language(library):
    chosen = [library.exercises[s] for s in ("knae-til-bryst", "bird-dog")]
    assert programme_box(chosen, library, "da").parts[0].title == "Røde flag – ryg og iskias"
    sets = RedFlagChoice(tuple(library.red_flags[s] for s in ("ryg-og-iskias", "hofte-knae-og-ben")), "t")
    assert merged(box(sets, library, "da")).parts[0].title == "Røde flag – ryg, iskias, hofte, knæ og ben"
    assert merged(box(sets, library, "en")).parts[0].title == "Red flags – back, sciatica, hip, knee and leg"
    with_general = RedFlagChoice((library.red_flags["ryg-og-iskias"], library.red_flags["generelt"]), "t")
    assert merged(box(with_general, library, "da")).parts[0].title == "Røde flag – ryg og iskias"


def test_a_tall_box_is_cut_between_levels_then_between_signs_and_keeps_every_sign():
    """Heights here are sign counts: a page holds ``n`` signs."""
    part = RedFlagPart(
        "T",
        (LevelGroup("112", tuple("abcd")), LevelGroup("today", tuple("efghi")), LevelGroup("days", ("j",))),
        ("act",),
        "s",
    )

    def signs(p: RedFlagPart) -> float:
        return sum(len(g.signs) for g in p.groups)

    def cuts(parts) -> list[list[tuple[str, str]]]:
        return [[(g.level, "".join(g.signs)) for g in p.groups] for p in parts]

    assert continued(part, signs, 10) == (part,)
    # The part so far is half a page or more and "today" fits a part alone: cut between levels.
    levels = continued(part, signs, 6)
    assert cuts(levels) == [[("112", "abcd")], [("today", "efghi"), ("days", "j")]]
    # A part under half full is filled: the level is cut between its signs.
    filled = continued(part, signs, 9)
    assert cuts(filled) == [[("112", "abcd"), ("today", "efghi")], [("days", "j")]]
    small = continued(part, signs, 3)
    assert cuts(small) == [[("112", "abc")], [("112", "d"), ("today", "ef")], [("today", "ghi")], [("days", "j")]]
    assert [p.continued for p in small] == [False, True, True, True]
    assert all(p.title == "T" and p.actions == ("act",) for p in (*levels, *filled, *small))


@pytest.mark.slow
@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large-print"])
def test_every_part_of_the_tallest_box_fits_one_page(library, writer, large_print):
    """Every set in one box (a programme for every region with leaflets on the rest), cut by the
    estimate, each part laid out on a page of its own: one page per part, none running over.
    The longest clinic texts a profile allows make the action lines and the footer long."""
    emergency = (
        "Ring til os på 12 34 56 78 i åbningstiden; uden for åbningstid ring til lægevagten eller til "
        "vores vagttelefon, så hjælper vi dig videre samme dag."
    )[:160]
    clinic = Clinic(name="Fysioterapi og Træningscenter Nordvestjylland", phone="+45 12 34 56 78", emergency=emergency)
    one = merged(box(RedFlagChoice(tuple(ordered(library.red_flags.values())), "all"), library, "da"))
    cut = paged(one, clinic, large_print)
    assert len(cut.parts) >= 2 and [p.continued for p in cut.parts] == [False] + [True] * (len(cut.parts) - 1)
    assert printed_signs(cut) == printed_signs(one)  # every sign, in order, once
    rendered = red_flag_box_html(cut, clinic, library, large_print=large_print)
    rendered.html = rendered.html.replace("</style>", ".red-flags { break-before: page; }</style>", 1)
    document = writer.layout(rendered, place=False)
    assert len(document.pages) == len(cut.parts), "a part runs over onto a second page"
    assert rendered.html.count("(fortsat)") == len(cut.parts) - 1


def test_a_programme_for_three_regions_prints_one_box(library, nord):
    from handouts.build import render_programme, template_programme

    programme = template_programme(library, library.programmes["knaeartrose"])
    html = render_programme(library, programme, nord).html
    sets = re.findall(r'<aside class="red-flags"[^>]*data-set="([^"]+)"', html)
    assert len(set(sets)) == 1 and len(sets[0].split()) >= 2  # one box (maybe cut in parts) for all its sets
    heading = re.search(r'id="red-flags-heading">.*?</svg>\s*([^<]+)', html, re.S)
    assert heading and heading.group(1).strip().startswith("Røde flag – ryg, iskias, hofte, knæ")
