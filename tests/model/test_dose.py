"""The dose parser: every documented form, round trips, and junk."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handouts.i18n import catalogue
from handouts.limits import MAX_HOLD_SECONDS, MAX_PER_DAY, MAX_PER_WEEK, MAX_REPS, MAX_SETS
from handouts.model.dose import (
    Dose,
    DoseError,
    Frequency,
    parse_dose,
)

DA = catalogue("da")


@pytest.mark.parametrize(
    ("text", "dose", "words"),
    [
        ("3x12", Dose(3, reps=12), "3 sæt × 12 gentagelser"),
        ("2x10/side", Dose(2, reps=10, per_side=True), "2 sæt × 10 gentagelser på hver side"),
        ("3x30s", Dose(3, hold_seconds=30), "3 × hold 30 sekunder"),
        ("3x30s/side", Dose(3, hold_seconds=30, per_side=True), "3 × hold 30 sekunder på hver side"),
        ("3x10@daily", Dose(3, reps=10, frequency=Frequency(1, "day")), "3 sæt × 10 gentagelser, 1 gang dagligt"),
        (
            "2x10/side@2/day",
            Dose(2, reps=10, per_side=True, frequency=Frequency(2, "day")),
            "2 sæt × 10 gentagelser på hver side, 2 gange dagligt",
        ),
        ("2x12@3/week", Dose(2, reps=12, frequency=Frequency(3, "week")), "2 sæt × 12 gentagelser, 3 gange om ugen"),
        ("1x1s@1/week", Dose(1, hold_seconds=1, frequency=Frequency(1, "week")), "1 × hold 1 sekund, 1 gang om ugen"),
        (
            " 3 X 12 / side @ daily ",
            Dose(3, reps=12, per_side=True, frequency=Frequency(1, "day")),
            "3 sæt × 12 gentagelser på hver side, 1 gang dagligt",
        ),
        ("3×12", Dose(3, reps=12), "3 sæt × 12 gentagelser"),
    ],
)
def test_documented_forms(text, dose, words):
    assert parse_dose(text) == dose
    assert dose.in_words(DA) == words


def test_issue_example_in_words():
    assert parse_dose("3x12/side@daily").in_words(DA) == "3 sæt × 12 gentagelser på hver side, 1 gang dagligt"
    assert parse_dose("1x12").in_words(catalogue("en")) == "1 set × 12 repetitions"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "3xx",
            "dose '3xx': 'x' after 3x is not the number of repetitions or seconds; write e.g. 3x12, 3x30s or 3x(10 meter)",
        ),
        ("999x999", "dose '999x999': 999 sets is outside 1–10; check the numbers, e.g. 3x12 or 2x30s/side@daily"),
        ("3x0", "dose '3x0': 0 repetitions is outside 1–100; check the numbers, e.g. 3x12 or 2x30s/side@daily"),
        (
            "3x12@15/week",
            "dose '3x12@15/week': 15 times a week is outside 1–14; check the numbers, e.g. 3x12 or 2x30s/side@daily",
        ),
        ("", None),
        ("12", None),
        ("3x12@fortnightly", None),
    ],
)
def test_junk_gives_the_documented_error(text, message):
    with pytest.raises(DoseError) as caught:
        parse_dose(text)
    if message:
        assert str(caught.value) == message
    else:
        assert str(caught.value).startswith("dose ")


def doses():
    frequency = st.one_of(
        st.none(),
        st.builds(Frequency, st.integers(1, MAX_PER_DAY), st.just("day")),
        st.builds(Frequency, st.integers(1, MAX_PER_WEEK), st.just("week")),
    )
    reps = st.builds(
        lambda s, r, side, f: Dose(s, reps=r, per_side=side, frequency=f),
        st.integers(1, MAX_SETS),
        st.integers(1, MAX_REPS),
        st.booleans(),
        frequency,
    )
    hold = st.builds(
        lambda s, h, side, f: Dose(s, hold_seconds=h, per_side=side, frequency=f),
        st.integers(1, MAX_SETS),
        st.integers(1, MAX_HOLD_SECONDS),
        st.booleans(),
        frequency,
    )
    return st.one_of(reps, hold)


@given(doses())
def test_format_then_parse_is_the_same_dose(dose):
    assert parse_dose(str(dose)) == dose


@given(st.text(max_size=40))
def test_any_text_parses_or_gives_the_documented_error(text):
    try:
        dose = parse_dose(text)
    except DoseError as exc:
        assert str(exc).startswith("dose ")
    else:
        assert parse_dose(str(dose)) == dose


@pytest.mark.parametrize(
    ("text", "canonical", "words"),
    [
        ("3x10 @ 5 kg", "3x10 @5kg", "3 sæt × 10 gentagelser med 5 kg"),
        ("3x10 2,5 kg", "3x10 @2.5kg", "3 sæt × 10 gentagelser med 2,5 kg"),
        ("3x10 med rød elastik", "3x10 med rød elastik", "3 sæt × 10 gentagelser, med rød elastik"),
        ("3x10 pause 60 s", "3x10 pause 60s", "3 sæt × 10 gentagelser, 60 sekunders pause mellem sættene"),
        (
            "2x12 pr. side @ 2,5 kg med rød elastik, pause 90 sek 3 gange om ugen",
            "2x12/side @2.5kg med rød elastik pause 90s@3/week",
            "2 sæt × 12 gentagelser på hver side med 2,5 kg, med rød elastik, 90 sekunders pause mellem sættene, "
            "3 gange om ugen",
        ),
    ],
)
def test_load_what_to_use_and_pause_are_read_and_printed_in_plain_words(text, canonical, words):
    from handouts.i18n import catalogue

    dose = parse_dose(text)
    assert str(dose) == canonical and parse_dose(canonical) == dose
    assert dose.in_words(catalogue("da")) == words


def test_load_and_pause_in_english():
    from handouts.i18n import catalogue

    assert parse_dose("3x10 @ 2,5 kg with a red band pause 60 s").in_words(catalogue("en")) == (
        "3 sets × 10 repetitions with 2.5 kg, with a red band, 60 seconds' rest between sets"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("3x10 @ 201 kg", "2010 tenths of a kilo of load is outside 1–2000"),
        ("3x10 pause 601 s", "601 seconds of pause is outside 1–600"),
        ("3x10 med " + "a" * 41, "what to use is 41 characters; keep it under 40"),
    ],
)
def test_load_and_pause_out_of_bounds_are_named(text, problem):
    with pytest.raises(DoseError, match=re.escape(problem)):
        parse_dose(text)
