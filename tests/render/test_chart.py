"""The tracking chart: boxes as often as the dose says, days as columns, the legend in the head."""

import datetime as dt
import re

from handouts.i18n import catalogue
from handouts.model.programme import build_programme
from handouts.render.chart import Cell, tracking_chart

MONDAY = dt.date(2026, 1, 5)
DA = catalogue("da")


def chart_for(library, doses, weeks=2, **kwargs):
    """``doses``: ``["kat-ko=@2/day", …]``, in the order to print."""
    pairs = dict(d.split("=", 1) for d in doses)
    programme = build_programme(library, list(pairs), doses=pairs, weeks=weeks, date=MONDAY)
    return tracking_chart(programme, kwargs.pop("labels", DA), **kwargs)


def test_daily_is_a_box_a_day(library):
    import dataclasses

    programme = build_programme(library, ["kat-ko", "bird-dog"], date=MONDAY)
    bird_dog = programme.entries[1]
    unsaid = dataclasses.replace(bird_dog, dose=bird_dog.dose.with_frequency(None))  # how often not said
    chart = tracking_chart(dataclasses.replace(programme, entries=(programme.entries[0], unsaid)), DA)
    daily, free = chart.blocks[0].rows
    assert daily.cells == (Cell("day"),) * 14
    # no "how often" on the card: a plain row to write in, one cell a week, no boxes to fail
    assert free.cells == (Cell("free", span=7),) * 2
    assert chart.legend == (
        DA.t("chart_intro"),
        "Uden fast hyppighed (2): skriv i rækken, hvornår du lavede øvelsen.",
    )
    assert DA.t("chart_intro").endswith("Skriv din smerte fra 0 (ingen) til 10 (værst tænkelige) i nederste række.")


def test_three_times_a_week_is_three_boxes_a_week_not_a_box_a_day(library):
    chart = chart_for(library, ["baekkenloeft=2x12@3/week"])
    assert chart.blocks[0].rows[0].cells == (Cell("week", span=7, boxes=3),) * 2
    assert chart.legend[1] == "3 gange om ugen: 3 felter pr. uge."


def test_times_a_day_are_boxes_in_the_day_or_a_count(library):
    chart = chart_for(library, ["kat-ko=@2/day", "bird-dog=2x10@5/day", "baekkenkip=1x10@2-3/week"])
    twice, five, range_ = (row.cells for row in chart.blocks[0].rows)
    assert twice == (Cell("boxes", boxes=2),) * 14
    assert five == (Cell("count"),) * 14
    assert range_ == (Cell("week", span=7, boxes=3),) * 2  # a range gets boxes for its upper end
    assert chart.legend[1:] == (
        "2 gange dagligt: 2 felter pr. dag.",
        "5 gange dagligt: skriv, hvor mange gange du nåede det.",
        "2–3 gange om ugen: 3 felter pr. uge.",
    )


def test_the_legend_names_each_frequency_once_and_in_english_too(library):
    labels = catalogue("en")
    chart = chart_for(
        library, ["baekkenloeft=2x12@3/week", "bird-dog=2x10@3/week", "kat-ko=1x10@1/week"], labels=labels
    )
    assert chart.legend == (
        "Tick a box when you have done the exercise. Write your pain from 0 (none) to 10 (worst imaginable) in the bottom row.",
        "3 times a week: 3 boxes a week.",
        "Once a week: 1 box a week.",
    )


def test_weeks_come_in_blocks_of_two_from_the_first_day(library):
    programme = build_programme(library, ["kat-ko"], weeks=3, date=dt.date(2026, 1, 7))  # a Wednesday
    chart = tracking_chart(programme, DA, weeks_per_block=2)
    assert chart.columns == 14 and chart.days[:8] == ("on", "to", "fr", "lø", "sø", "ma", "ti", "on")
    assert [[w.label for w in b.weeks] for b in chart.blocks] == [
        ["Uge 1 · 7/1–13/1", "Uge 2 · 14/1–20/1"],
        ["Uge 3 · 21/1–27/1"],
    ]
    assert [b.blank for b in chart.blocks] == [0, 7]
    assert len(chart.blocks[1].rows[0].cells) == 7


def test_each_block_of_weeks_has_its_weeks_and_weekdays_in_its_table_head(library, demo):
    """One table per block of weeks, whose head (repeated on every page the table spans) holds
    the block's weeks and weekdays; the legend is one paragraph above the tables."""
    from handouts.render.html import programme_html

    programme = build_programme(library, ["kat-ko", "baekkenloeft"], weeks=3, date=MONDAY)
    html = programme_html(programme, demo, library).html
    legend = re.search(r'<p class="chart__legend">(.*?)</p>', html, re.DOTALL).group(1)
    assert "Sæt kryds, når du har lavet øvelsen." in legend and "3 gange om ugen: 3 felter pr. uge." in legend
    heads = re.findall(r'<table class="chart__table">.*?<thead>(.*?)</thead>', html, re.DOTALL)
    assert len(heads) == 2 and html.count('<tbody class="chart__block">') == 2  # weeks 1–2, then week 3
    assert "Uge 1 · 5/1–11/1" in heads[0] and "Uge 2" in heads[0] and "Uge 3 · 19/1–25/1" in heads[1]
    for head in heads:
        assert ">ma</th>" in head and ">sø</th>" in head
