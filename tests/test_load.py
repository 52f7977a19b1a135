"""Reading content files: front matter, dates as CMS exports write them, unreadable files."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from handouts.errors import InputError
from handouts.load import _front_matter, _yaml_nesting_bound, _yaml_nesting_scan, parse_date, parse_source, read_source

SEED_000 = SEEDS / "000_cc5d750043a7b6cb.txt"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13/09/2025", dt.date(2025, 9, 13)),  # quoted in seed 000
        ("08-05-2025", dt.date(2025, 5, 8)),  # unquoted in seed 004: YAML keeps it a string
        ("2025-10-12", dt.date(2025, 10, 12)),
        (dt.date(2025, 10, 12), dt.date(2025, 10, 12)),
        ("12.10.2025", dt.date(2025, 10, 12)),
    ],
)
def test_dates_in_every_form_the_seeds_use(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["banana", "32/01/2025", "", 12])
def test_a_non_date_says_how_to_write_one(value):
    with pytest.raises(ValueError, match="is not a date; write it as DD/MM/YYYY"):
        parse_date(value)


def test_seed_front_matter_is_read():
    source = read_source(SEED_000)
    assert source.meta["lastUpdated"] == "13/09/2025"
    assert source.body.startswith("Iskiasøvelser er målrettede øvelser")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "x.md: is empty; write the article's text below its front matter"),
        (b"\x00\x01\x02binary", "x.md: is a binary file, not Markdown text; save it as UTF-8 text"),
        ("---\ntitle: Ondt\n---\nlænd".encode("latin-1"), "x.md: is not UTF-8 text (byte 21); save the file as UTF-8"),
        (b"---\ntitle: [unclosed\n---\nText\n", "x.md: front matter: "),
    ],
)
def test_unreadable_files_are_one_clear_error(raw, message):
    with pytest.raises(InputError) as caught:
        parse_source(Path("x.md"), raw)
    assert str(caught.value).startswith(message)


def test_too_large_file_is_refused(tmp_path):
    big = tmp_path / "big.md"
    big.write_bytes(b"---\ntitle: Big\n---\n" + b"ord " * 300_000)
    with pytest.raises(InputError, match="must stay under 1 MB"):
        read_source(big)


def test_deeply_nested_front_matter_is_one_error_before_yaml_sees_it():
    raw = ("---\ntitle: Dyb\nx:\n" + "- " * 30_000 + "a\n---\nTekst.\n").encode()
    with pytest.raises(InputError) as caught:
        parse_source(Path("x.md"), raw)
    assert str(caught.value) == (
        "x.md: front matter: is nested more than 20 levels deep on line 4; write plain `key: value` lines and short lists"
    )


def test_ordinary_nesting_and_brackets_in_text_are_fine():
    raw = (
        "---\ntitle: Ondt [i] ryggen {x\ndescription: It's [ a [ b\nsources:\n  - a\n  - b\n"
        "nested:\n  a:\n    b: [1, [2, {x: 3}]]\ntext: |\n    " + "[" * 40 + "\n---\nTekst.\n"
    ).encode()
    assert parse_source(Path("x.md"), raw).meta["nested"] == {"a": {"b": [1, [2, {"x": 3}]]}}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" -?:[]{}\"'#\\|>ab,\n", max_size=80))
def test_the_quick_nesting_bound_never_hides_what_the_line_by_line_count_finds(text):
    assert _yaml_nesting_scan(text, _yaml_nesting_bound(text)) is None


def test_every_seed_file_takes_the_quick_nesting_bound():
    """The line-by-line count is for hostile files only: every shipped file is cleared at C speed."""
    texts = [_front_matter(path.read_text("utf-8")) for path in sorted(SEEDS.rglob("*.md"))]
    assert len(texts) > 100
    assert max(_yaml_nesting_bound(text) for text in texts) <= 20


@pytest.mark.parametrize("text", ["x = " + "[" * 5000, "a" + ".a" * 5000 + " = 1", "x = " + "{a=" * 50])
def test_deeply_nested_toml_is_one_error(tmp_path, text):
    from handouts.load import read_toml

    path = tmp_path / "deep.toml"
    path.write_text(text)
    with pytest.raises(InputError, match=r"deep.toml: is nested more than 20 levels deep on line 1; remove the extra"):
        read_toml(path, "missing")


def test_front_matter_without_its_closing_line_is_one_clear_error():
    with pytest.raises(InputError) as caught:
        parse_source(Path("x.md"), b"---\ntitle: Knae\nlastUpdated: 12/03/2025\n\nTekst om knaeet.\n")
    assert str(caught.value) == (
        "x.md: front matter: starts with a --- line but has no closing --- line; add --- below the last `key: value` line"
    )
    assert parse_source(Path("x.md"), b"---\n\nTekst efter en streg.\n").body.strip() == "---\n\nTekst efter en streg."
