"""Doses as physiotherapists write them: ranges, Danish words, minutes, other units, and a
message that says what is wrong with each refused dose."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handouts.i18n import catalogue
from handouts.limits import MAX_DOSE_NOTE_CHARS, MAX_HOLD_SECONDS, MAX_PER_DAY, MAX_PER_WEEK, MAX_REPS, MAX_SETS
from handouts.model.dose import (
    Dose,
    DoseError,
    Frequency,
    Span,
    parse_dose,
    parse_frequency,
)
from handouts.model.templates import parse_dose_override

DA = catalogue("da")
EN = catalogue("en")
DAILY = Frequency(1, "day")


@pytest.mark.parametrize(
    ("text", "canonical", "words"),
    [
        ("3x8-12", "3x8-12", "3 sæt × 8–12 gentagelser"),
        ("2-3x8-12/side@daily", "2-3x8-12/side@daily", "2–3 sæt × 8–12 gentagelser på hver side, 1 gang dagligt"),
        (
            "2–3 x 8–12 pr. side dagligt",
            "2-3x8-12/side@daily",
            "2–3 sæt × 8–12 gentagelser på hver side, 1 gang dagligt",
        ),
        ("3x30s", "3x30s", "3 × hold 30 sekunder"),
        ("3x30 sek", "3x30s", "3 × hold 30 sekunder"),
        ("3x30 sek.", "3x30s", "3 × hold 30 sekunder"),
        ("2-3x20-45 sekunder på hver side", "2-3x20-45s/side", "2–3 × hold 20–45 sekunder på hver side"),
        ("1x2min", "1x2min", "1 × hold 2 minutter"),
        ("1x1 minut", "1x1min", "1 × hold 1 minut"),
        ("2x1-2 minutter", "2x1-2min", "2 × hold 1–2 minutter"),
        ("3x10 dagligt", "3x10@daily", "3 sæt × 10 gentagelser, 1 gang dagligt"),
        ("3x10 gentagelser 2/dag", "3x10@2/day", "3 sæt × 10 gentagelser, 2 gange dagligt"),
        ("3x10@2/dag", "3x10@2/day", "3 sæt × 10 gentagelser, 2 gange dagligt"),
        ("2x12 3/uge", "2x12@3/week", "2 sæt × 12 gentagelser, 3 gange om ugen"),
        ("2x12, 2-3 gange om ugen", "2x12@2-3/week", "2 sæt × 12 gentagelser, 2–3 gange om ugen"),
        ("2x12 ugentligt", "2x12@1/week", "2 sæt × 12 gentagelser, 1 gang om ugen"),
        ("3x10 per side 2 gange dagligt", "3x10/side@2/day", "3 sæt × 10 gentagelser på hver side, 2 gange dagligt"),
        ("3x(8–12 hop)/side", "3x(8–12 hop)/side", "3 sæt × 8–12 hop på hver side"),
        ("2x( 10  meter ) dagligt", "2x(10 meter)@daily", "2 sæt × 10 meter, 1 gang dagligt"),
    ],
)
def test_ranges_and_danish_words(text, canonical, words):
    dose = parse_dose(text)
    assert str(dose) == canonical
    assert dose.in_words(DA) == words
    assert parse_dose(canonical) == dose


def test_the_model_carries_ranges_minutes_and_notes():
    assert parse_dose("2-3x8-12/side@daily") == Dose(Span(2, 3), reps=Span(8, 12), per_side=True, frequency=DAILY)
    hold = parse_dose("2x1-2min")
    assert hold.hold_seconds == Span(60, 120) and hold.hold_unit == "min" and hold.hold == Span(1, 2)
    assert parse_dose("3x(10 meter)").note == "10 meter"
    assert parse_dose("1x1s@1/week") == Dose(
        1, hold_seconds=1, frequency=Frequency(1, "week")
    )  # plain numbers still work


def test_english_words():
    assert (
        parse_dose("2-3x8-12/side@2-3/week").in_words(EN)
        == "2–3 sets × 8–12 repetitions on each side, 2–3 times a week"
    )
    assert parse_dose("1x1-2min@daily").in_words(EN) == "1 × hold 1–2 minutes, once a day"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "dose is empty; write sets x repetitions, e.g. 3x12, 2-3x8-12 pr. side dagligt or 3x30 sek@3/uge"),
        ("12", "dose '12': 12 alone is not a dose; write sets x repetitions, e.g. 3x12"),
        ("3 10", "dose '3 10': there is no x between the sets (3) and the amount; write sets x repetitions, e.g. 3x12"),
        (
            "tre x ti",
            (
                "dose 'tre x ti': a dose starts with the number of sets, not 'tre'; write sets x repetitions, "
                "e.g. 3x12, 2-3x8-12 pr. side dagligt or 3x30 sek@3/uge"
            ),
        ),
        (
            "3x",
            "dose '3x': after 3x comes the number of repetitions or seconds; write e.g. 3x12, 3x30s or 3x(10 meter)",
        ),
        ("3x8-", "dose '3x8-': '8-' is not a range; write both ends, e.g. 8-12"),
        ("3x12-8", "dose '3x12-8': the range 12-8 goes down; write the smaller number first: 8-12"),
        (
            "3x30 timer",
            (
                "dose '3x30 timer': 'timer' after 30 is not a unit; write repetitions (3x12), seconds (3x30s, "
                "3x30 sek) or minutes (1x2min), or another unit in brackets: 3x(10 meter)"
            ),
        ),
        ("3x10/sid", "dose '3x10/sid': '/sid' is not understood; write /side, pr. side or på hver side for each side"),
        (
            "3x10@hver anden dag",
            (
                "dose '3x10@hver anden dag': '@hver anden dag' is not how often; write daily (dagligt), "
                "N/day (N/dag) or N/week (N/uge) – e.g. @daily, 2/dag, 3/uge, 2 gange dagligt"
            ),
        ),
        (
            "3x10 5/måned",
            (
                "dose '3x10 5/måned': '5/måned' is not how often; write daily (dagligt), N/day (N/dag) or "
                "N/week (N/uge) – e.g. @daily, 2/dag, 3/uge, 2 gange dagligt"
            ),
        ),
        (
            "3x10 dagligt !",
            (
                "dose '3x10 dagligt !': '!' is not understood after '3x10 dagligt'; write sets x amount, then "
                "/side, then how often, e.g. 3x12, 2-3x8-12 pr. side dagligt or 3x30 sek@3/uge"
            ),
        ),
        (
            "3x(10 meter",
            "dose '3x(10 meter': the bracket is not closed; write another unit in brackets, e.g. 3x(10 meter)",
        ),
        ("3x(12)", "dose '3x(12)': write the amount and its unit in the brackets, e.g. 3x(10 meter) or 3x(8-12 hop)"),
        (
            "@2/dag",
            (
                "dose '@2/dag': says only how often; write sets x repetitions before it, e.g. 3x12@3/uge "
                "(in --dose EXERCISE=@3/uge it keeps the exercise's own sets and repetitions)"
            ),
        ),
        ("2-12x10", "dose '2-12x10': 12 sets is outside 1–10; check the numbers, e.g. 3x12 or 2x30s/side@daily"),
        (
            "1x31min",
            "dose '1x31min': 31 minutes of hold is outside 1–30; check the numbers, e.g. 3x12 or 2x30s/side@daily",
        ),
        (
            "3x10@0-2/day",
            "dose '3x10@0-2/day': 0 times a day is outside 1–10; check the numbers, e.g. 3x12 or 2x30s/side@daily",
        ),
    ],
)
def test_every_rejection_says_what_is_wrong(text, message):
    with pytest.raises(DoseError) as caught:
        parse_dose(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("@daily", DAILY),
        ("dagligt", DAILY),
        ("@2/dag", Frequency(2, "day")),
        ("3/uge", Frequency(3, "week")),
        ("@2-3 gange om ugen", Frequency(Span(2, 3), "week")),
        ("2 gange dagligt", Frequency(2, "day")),
    ],
)
def test_how_often_alone(text, frequency):
    assert parse_frequency(text) == frequency


def test_changing_sets_and_reps_keeps_the_default_frequency():
    default = parse_dose("2x10/side@daily")
    assert str(parse_dose_override("3x8/side", default)) == "3x8/side@daily"
    assert str(parse_dose_override("3x8-12", default)) == "3x8-12@daily"
    assert str(parse_dose_override("3x8@3/uge", default)) == "3x8@3/week"  # a new frequency wins
    assert str(parse_dose_override("@2/dag", default)) == "2x10/side@2/day"
    assert str(parse_dose_override("3/uge", default)) == "2x10/side@3/week"
    assert str(parse_dose_override("3x8", parse_dose("3x10"))) == "3x8"


# --- round trips --------------------------------------------------------------------------


def spans(high):
    return st.integers(1, high).flatmap(lambda low: st.integers(low, high).map(lambda top: Span(low, top)))


NOTE_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåÆØÅ0123456789-–.,/:;", min_size=1, max_size=12)
notes = (
    st.lists(NOTE_WORDS, min_size=1, max_size=5)
    .map(" ".join)
    .filter(lambda n: len(n) <= MAX_DOSE_NOTE_CHARS and any(c.isalpha() for c in n))
)
frequencies = st.one_of(
    st.none(),
    st.builds(Frequency, spans(MAX_PER_DAY), st.just("day")),
    st.builds(Frequency, spans(MAX_PER_WEEK), st.just("week")),
)


@st.composite
def doses(draw):
    sets, side, often = draw(spans(MAX_SETS)), draw(st.booleans()), draw(frequencies)
    kind = draw(st.sampled_from(["reps", "s", "min", "note"]))
    if kind == "reps":
        return Dose(sets, reps=draw(spans(MAX_REPS)), per_side=side, frequency=often)
    if kind == "s":
        return Dose(sets, hold_seconds=draw(spans(MAX_HOLD_SECONDS)), per_side=side, frequency=often)
    if kind == "min":
        minutes = draw(spans(MAX_HOLD_SECONDS // 60))
        return Dose(sets, hold_seconds=minutes.scaled(60), hold_unit="min", per_side=side, frequency=often)
    return Dose(sets, note=draw(notes), per_side=side, frequency=often)


@given(doses())
def test_canonical_text_parses_back_to_the_same_dose(dose):
    assert parse_dose(str(dose)) == dose


def _range(span, dash):
    return str(span.low) if span.low == span.high else f"{span.low}{dash}{span.high}"


@given(doses(), st.data())
def test_danish_spellings_read_as_the_same_dose(dose, data):
    """Any spelling a Danish physiotherapist might type reads as the dose it means."""
    pick = data.draw
    dash = pick(st.sampled_from(["-", "–", " - "]))
    text = f"{_range(dose.sets, dash)}{pick(st.sampled_from(['x', ' x ', 'X', '×', '*']))}"
    if dose.reps is not None:
        text += _range(dose.reps, dash) + pick(st.sampled_from(["", " gentagelser", " reps"]))
    elif dose.hold is not None and dose.hold_unit == "s":
        text += _range(dose.hold, dash) + pick(st.sampled_from(["s", " s", " sek", " sek.", " sekunder"]))
    elif dose.hold is not None:
        text += _range(dose.hold, dash) + pick(st.sampled_from(["min", " min", " min.", " minutter"]))
    else:
        text += f"({dose.note})"
    if dose.per_side:
        text += pick(st.sampled_from(["/side", " pr. side", " per side", " på hver side", ", pr side"]))
    if dose.frequency is not None:
        times = _range(dose.frequency.times, dash)
        if dose.frequency.per == "day":
            spellings = [
                f"@{times}/day",
                f" {times}/dag",
                f" @{times}/dag",
                f", {times} gange dagligt",
                f" {times} x dagligt",
            ]
            if dose.frequency.times == Span(1, 1):
                spellings += [" dagligt", "@daily", " hver dag"]
        else:
            spellings = [f"@{times}/week", f" {times}/uge", f", {times} gange om ugen", f" {times} gange ugentligt"]
        text += pick(st.sampled_from(spellings))
    assert parse_dose(text) == dose, text


@given(st.text(alphabet="0123456789x-–/@ ,.()sekundmirtpågaeoyhdwl", max_size=30))
def test_near_misses_parse_or_say_what_is_wrong(text):
    try:
        dose = parse_dose(text)
    except DoseError as exc:
        assert str(exc).startswith("dose ") and "; " in str(exc)
    else:
        assert parse_dose(str(dose)) == dose


def test_a_dose_with_a_note_survives_a_share_code():
    from handouts.model.library import load_library
    from handouts.model.programme import build_programme
    from handouts.model.share import decode, encode_programme, encode_v1

    library = load_library()
    spec = {
        "exercises": [["bird-dog", "3x(8–12 hop, roligt; ét ben)/side@daily"], ["kat-ko", "2-3x8-12@2-3/week"]],
        "weeks": 2,
    }
    programme = build_programme(library, ["bird-dog", "kat-ko"], doses=dict(spec["exercises"]))
    for code in (encode_v1(spec), encode_programme(programme, library)):  # the old and the current format
        assert code.isascii()
        shared = decode(code, library)
        assert [str(d) for d in shared.doses] == [dose for _slug, dose in spec["exercises"]]
