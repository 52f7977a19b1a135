"""``handouts.limits`` is the one home of every limit, and the safety page says exactly what it says.

The page is ``docs/safety.md`` (its table of limits names each constant), or, until that page
exists, the README's safety section (its limits in bold). Values are compared as numbers:
"1 MB" is 1,000,000 and "64 KiB" is 65,536.
"""

from __future__ import annotations

import re

import pytest

import handouts.limits
from conftest import ROOT

UNITS = {"kB": 1_000, "MB": 1_000_000, "KiB": 1024, "MiB": 1024 * 1024, "megapixels": 1_000_000}
# | what | value | `handouts.module.NAME` | what happens |
TABLE_ROW = re.compile(
    r"^\|[^|]*\|\s*(?P<value>[^|]+?)\s*\|\s*`(?P<module>handouts(?:\.\w+)*)\.(?P<name>[A-Z][A-Z0-9_]+)`", re.MULTILINE
)
BOLD_VALUE = re.compile(r"\*\*(?P<value>\d[\d,.]*(?: ?[A-Za-z]+)?)[^*]*\*\*")


def limits() -> dict[str, float]:
    return {
        name: value
        for name, value in vars(handouts.limits).items()
        if name.isupper() and isinstance(value, (int, float)) and not isinstance(value, bool)
    }


def number(text: str) -> float:
    """ "100,000 characters" → 100000; "5 MB" → 5000000; "0.2 s" → 0.2."""
    match = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s*([A-Za-z]*).*", text.strip())
    assert match, f"not a value: {text!r}"
    return float(match.group(1).replace(",", "")) * UNITS.get(match.group(2), 1)


def safety_page() -> tuple[str, str]:
    """The page that documents the limits, and its text (the README: its safety section only)."""
    page = ROOT / "docs" / "safety.md"
    if page.exists():
        return "docs/safety.md", page.read_text("utf-8")
    readme = (ROOT / "README.md").read_text("utf-8")
    section = re.search(r"^## Safety.*?(?=^## )", readme, re.MULTILINE | re.DOTALL)
    assert section, "README.md has no safety section and docs/safety.md does not exist"
    return "README.md", section.group(0)


def table_problems(text: str, known: dict[str, float]) -> list[str]:
    """Rows naming a constant outside handouts.limits or with another value, and limits no row names."""
    problems, named = [], set()
    for line in text.splitlines():
        row = TABLE_ROW.match(line)
        if not row:
            continue
        name = row["name"]
        named.add(name)
        if row["module"] != "handouts.limits":
            problems.append(f"{row['module']}.{name}: every limit lives in handouts.limits")
        elif name not in known:
            problems.append(f"handouts.limits.{name} does not exist")
        elif number(row["value"]) != known[name]:
            problems.append(f"{name}: the page says {row['value']}, the code {known[name]}")
    problems += [f"{name} = {known[name]} is not on the page" for name in sorted(set(known) - named)]
    return problems


def bold_problems(text: str, known: dict[str, float]) -> list[str]:
    """Every value the text puts in bold is the value of a limit."""
    values = set(known.values())
    return [
        f"**{m['value']}** is no limit's value" for m in BOLD_VALUE.finditer(text) if number(m["value"]) not in values
    ]


def test_the_safety_page_lists_exactly_the_limits_in_the_code():
    name, text = safety_page()
    if TABLE_ROW.search(text):
        assert table_problems(text, limits()) == [], name
    else:
        assert BOLD_VALUE.search(text), f"{name} names no limit"
        assert bold_problems(text, limits()) == [], name


def test_the_checks_catch_a_wrong_value_a_missing_limit_and_a_limit_kept_elsewhere():
    known = {"MAX_PAGES": 40, "MAX_SOURCE_BYTES": 1_000_000}
    table = (
        "| a handout | 40 pages | `handouts.limits.MAX_PAGES` | refused |\n"
        "| a file | 2 MB | `handouts.limits.MAX_SOURCE_BYTES` | refused |\n"
        "| a logo | 2 MB | `handouts.model.clinic.MAX_LOGO_BYTES` | refused |\n"
    )
    assert table_problems(table, known) == [
        "MAX_SOURCE_BYTES: the page says 2 MB, the code 1000000",
        "handouts.model.clinic.MAX_LOGO_BYTES: every limit lives in handouts.limits",
    ]
    assert table_problems(table.splitlines()[0], known) == ["MAX_SOURCE_BYTES = 1000000 is not on the page"]
    assert bold_problems("at most **40 pages** and **3 MB**", known) == ["**3 MB** is no limit's value"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 MB", 1e6),
        ("100 kB", 1e5),
        ("100,000 characters", 1e5),
        ("64 KiB", 65536),
        ("0.2 s", 0.2),
        ("25 megapixels", 25e6),
    ],
)
def test_values_are_read_as_numbers(text, value):
    assert number(text) == value


def test_limits_are_plain_numbers_and_cost_nothing_to_import():
    source = (ROOT / "src" / "handouts" / "limits.py").read_text("utf-8")
    assert not re.search(r"^\s*(?:import|from)\s+(?!__future__)", source, re.MULTILINE)
    assert len(limits()) >= 30
