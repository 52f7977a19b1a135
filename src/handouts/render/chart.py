"""The tracking chart: one row per exercise, one column per day, boxes as often as the dose says.

How often an exercise is done decides its boxes, so a patient is never shown a box to fail:

- daily: one box a day (the day's cell);
- no frequency given: a plain row, one cell a week, to write in (no boxes: the card gives no
  "how often", so the chart does not invent one);
- N times a day (N ≤ 3): N small boxes in each day's cell; more than 3: an empty cell to
  write the count in;
- N times a week: N boxes a week, in one cell spanning the week's days, ticked on any day.

A range (``2-3/week``) gets boxes for its upper end. The legend (in the table's head, so it is
repeated on every page the chart spans) says what the boxes mean for every frequency in the
chart. Days are columns: two weeks fit across the page in standard print, one week in large
print; more weeks make more blocks of rows under the same head.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date

from handouts.i18n import Catalogue, babel_locale
from handouts.model.dose import Frequency
from handouts.model.programme import Programme

MAX_BOXES_A_DAY = 3  # more small boxes than this do not fit a day's column: write the count


@dataclass(frozen=True)
class Cell:
    """One cell of an exercise's row: ``span`` days wide, with ``boxes`` small boxes drawn in it
    (0: the cell itself is the box, or the count is written in it)."""

    kind: str  # "day" (the cell is the box), "boxes" (N per day), "count", "week" (N per week), "free"
    span: int = 1
    boxes: int = 0


@dataclass(frozen=True)
class Row:
    number: int
    name: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Week:
    label: str  # "Uge 1 · 1/12–7/12"
    span: int  # days of it in this block


@dataclass(frozen=True)
class Block:
    weeks: tuple[Week, ...]
    rows: tuple[Row, ...]
    blank: int  # unused day columns at the end of the last block


@dataclass(frozen=True)
class Chart:
    """``days`` are the short weekday names over the columns: every block starts on the same
    weekday, so they sit in the table head with the legend and are repeated on every page."""

    columns: int  # day columns per block
    days: tuple[str, ...]  # "ti", "on", …, starting on the programme's first day
    legend: tuple[str, ...]
    blocks: tuple[Block, ...]


def _times(frequency: Frequency) -> int:
    return frequency.times.high  # a range counts its upper end


def _cells_for_week(frequency: Frequency | None, days: int) -> list[Cell]:
    if frequency is None:
        return [Cell("free", span=days)]
    if frequency.per == "day" and _times(frequency) == 1:
        return [Cell("day")] * days
    if frequency.per == "week":
        return [Cell("week", span=days, boxes=_times(frequency))]
    if _times(frequency) <= MAX_BOXES_A_DAY:
        return [Cell("boxes", boxes=_times(frequency))] * days
    return [Cell("count")] * days


def legend_lines(
    frequencies: list[Frequency | None], labels: Catalogue, numbers_without: tuple[int, ...] = ()
) -> list[str]:
    """The chart's legend: what to do, then one line per frequency other than once a day, and
    one for the exercises without a frequency (by their numbers)."""
    lines = [labels.t("chart_intro")]
    seen: list[Frequency] = []
    for frequency in frequencies:
        if frequency is None or frequency in seen or (frequency.per == "day" and _times(frequency) == 1):
            continue
        seen.append(frequency)
        often = frequency.in_words(labels)
        times = _times(frequency)
        if frequency.per == "week":
            how = labels.plural("chart_boxes_week", times)
        elif times <= MAX_BOXES_A_DAY:
            how = labels.plural("chart_boxes_day", times)
        else:
            how = labels.t("chart_count_day")
        lines.append(f"{often[:1].upper()}{often[1:]}: {how}.")
    if numbers_without:
        lines.append(labels.t("chart_free", exercises=", ".join(str(n) for n in numbers_without)))
    return lines


def _short_day(day: dt.date, labels: Catalogue) -> str:
    return format_date(day, "EEE", locale=babel_locale(labels.language)).replace(".", "")[:2]


def _short_date(day: dt.date) -> str:
    return f"{day.day}/{day.month}"


def tracking_chart(programme: Programme, labels: Catalogue, *, weeks_per_block: int = 2) -> Chart:
    """The chart for ``programme.weeks`` weeks from ``programme.date``."""
    columns = 7 * weeks_per_block
    frequencies = [entry.dose.frequency for entry in programme.entries]
    days = tuple(_short_day(programme.date + dt.timedelta(days=d), labels) for d in range(columns))
    blocks = []
    for first_week in range(0, programme.weeks, weeks_per_block):
        weeks_here = range(first_week, min(first_week + weeks_per_block, programme.weeks))
        weeks = []
        for week in weeks_here:
            start = programme.date + dt.timedelta(days=7 * week)
            end = start + dt.timedelta(days=6)
            label = labels.t("chart_week_dates", n=week + 1, start=_short_date(start), end=_short_date(end))
            weeks.append(Week(label, 7))
        rows = []
        for number, entry in enumerate(programme.entries, start=1):
            cells: list[Cell] = []
            for _ in weeks_here:
                cells += _cells_for_week(entry.dose.frequency, 7)
            rows.append(Row(number, entry.exercise.name, tuple(cells)))
        blocks.append(Block(tuple(weeks), tuple(rows), blank=columns - 7 * len(weeks)))
    without = tuple(n for n, frequency in enumerate(frequencies, start=1) if frequency is None)
    return Chart(columns, days, tuple(legend_lines(frequencies, labels, without)), tuple(blocks))
