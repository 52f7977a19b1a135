"""Every regex and scanner that reads content runs in linear time, and still finds what the
original regex found (property tests against the original patterns on small inputs).

Linear time is measured as growth, not as a time limit: eight times the input may cost at most
24 times the CPU (helpers.work); the original patterns, quadratic, cost about 64 times.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.check import lix
from handouts.load import toml_nesting_line, yaml_nesting_line
from handouts.model.content import _FIRST_HEADING, _FIRST_STEP, _heading_text
from handouts.model.dose import DoseError, parse_dose
from handouts.model.plaintext import link_texts
from helpers.work import assert_linear, growth

OLD_HEADING = re.compile(r"^\s{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
OLD_STEP = re.compile(r"^\s*1[.)]\s", re.MULTILINE)
OLD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
OLD_SENTENCE_END = re.compile(r"[.!?:]+(?=[\s\"”»)]|$)")
OLD_ENDS_A_SENTENCE = re.compile(r"[.!?:]+[\"”»)]*$")


def first_heading(text: str) -> tuple[str, int] | None:
    match = _FIRST_HEADING.search(text)
    return None if match is None else (_heading_text(match.group(1)), match.end())


def _refused_dose(text: str) -> None:
    with pytest.raises(DoseError):
        parse_dose(text)


HOSTILE = {  # (the text for n characters, the scan)
    "heading with spaces": (lambda n: "# a" + " " * n + "b", first_heading),
    "heading with hashes": (lambda n: "# a" + " #" * (n // 2) + "b", first_heading),
    "blank lines before a step": (lambda n: "\n" * n, _FIRST_STEP.search),
    "spaces on many lines": (lambda n: " \n" * (n // 2), _FIRST_STEP.search),
    "brackets": (lambda n: "[" * n, link_texts),
    "link openers": (lambda n: "[](" * (n // 3), link_texts),
    "dots": (lambda n: "." * n + "x", lix._SENTENCE_END.findall),
    "dots at the end": (lambda n: "." * n + "x", lix._ENDS_A_SENTENCE.search),
    "dose spaces": (lambda n: "3x12" + " " * n + "z", _refused_dose),
    "yaml lists": (lambda n: "x: " + "[" * n, yaml_nesting_line),
    "yaml dashes": (lambda n: "x:\n" + "- " * (n // 2), yaml_nesting_line),
    "toml dots": (lambda n: "a" + ".a" * (n // 2) + " = 1", toml_nesting_line),
    "toml strings": (lambda n: 'x = "' + '\\"' * (n // 2), toml_nesting_line),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_input_is_read_in_linear_time(case):
    assert_linear(*HOSTILE[case])


def test_the_growth_measure_catches_a_quadratic_scan():
    """The original step pattern backtracks over every blank line: the measure must say so."""
    assert growth(lambda n: " \n" * (n // 2), OLD_STEP.search, 2_000, repeats=1) > 24


small = st.text(alphabet="# \t\n1.)a\u2028![]()<>", max_size=24)


@settings(max_examples=3000, deadline=None)
@given(small)
def test_linear_forms_match_the_original_patterns(text):
    old = OLD_HEADING.search(text)
    assert first_heading(text) == (None if old is None else (old.group(1), old.end()))
    assert bool(_FIRST_STEP.search(text)) == bool(OLD_STEP.search(text))
    assert link_texts(text) == OLD_LINK.sub(r"\1", text)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet='.!?:"”») ax\n', max_size=24))
def test_sentence_patterns_match_the_originals(text):
    assert lix._SENTENCE_END.findall(text) == OLD_SENTENCE_END.findall(text)
    assert bool(lix._ENDS_A_SENTENCE.search(text)) == bool(OLD_ENDS_A_SENTENCE.search(text))
