"""`handouts batch` in-process: PDFs, index pages, incremental runs, failures.

Stopping a batch (kill -9, SIGTERM, a crashed worker) needs real processes:
tests/e2e/test_batch_signals.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CLINICS, DEMO_PROFILE, SEEDS, CliResult, assert_valid_pdfs, batch_summary, invoke_cli
from readback import page_count, pdf_text

DEMO = DEMO_PROFILE
SEED_TITLES = {
    "7-facts-om-ondt-i-balden-og-benet-er-det-iskias": "7 facts om ondt i balden og benet – er det iskias?",
    "iskiasnerve-i-klemme": "Iskiasnerve i klemme",
    "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening": "Iskiasøvelser",
    "nervetryk-i-laenden": "Nervetryk i lænden",
    "ondt-i-laenden": "Ondt i lænden",
}


def words(text: str) -> str:
    return " ".join(text.split())


def copy_clinic(source: Path, folder: Path) -> Path:
    """A clinic profile (and its logo) in a folder the test may change."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in source.parent.glob(f"{source.stem}*"):
        (folder / path.name).write_bytes(path.read_bytes())
    logo = re.search(r'^logo = "(.+)"', source.read_text("utf-8"), re.MULTILINE)
    if logo:
        (folder / logo.group(1)).write_bytes((source.parent / logo.group(1)).read_bytes())
    return folder / source.name


# Two of the five seeds: the shortest, and ondt-i-laenden (its lastUpdated is checked in the
# index). The plan for every seed is tests/batch/test_batch.py's; each seed's PDF is the
# session's seed_pdfs.
BUILT = {slug: SEED_TITLES[slug] for slug in ("7-facts-om-ondt-i-balden-og-benet-er-det-iskias", "ondt-i-laenden")}


def test_two_clinics_then_nothing_then_only_the_changed_clinic(tmp_path):
    nord = copy_clinic(CLINICS / "nord.toml", tmp_path / "profiles")
    out = tmp_path / "out"
    args = ("batch", "--clinics", str(nord), "--clinics", str(DEMO), "--out", str(out), "--jobs", "2")
    articles = [arg for slug in BUILT for arg in ("--articles", slug)]
    first = invoke_cli(*args, *articles)
    assert first.returncode == 0, first.stderr
    assert batch_summary(first.stdout) == (4, 0, 0)
    # Not a terminal: one line per built file, its path.
    expected = {out / clinic / f"{slug}.pdf" for clinic in ("nord", "demo") for slug in BUILT}
    assert {Path(line) for line in first.stdout.splitlines()[:-1]} == expected
    for clinic, name in (("nord", "Fysioterapi Nord"), ("demo", "Demo Fysioterapi")):
        for slug, title in BUILT.items():
            text = words(pdf_text(out / clinic / f"{slug}.pdf"))
            assert title in text and name in text, (clinic, slug)
        index = (out / clinic / "index.html").read_text("utf-8")
        assert '<html lang="da">' in index
        assert f"<h1>{name}</h1>" in index
        for slug in BUILT:
            assert f'href="{slug}.pdf"' in index
        assert "12. oktober 2025" in index  # Danish date of ondt-i-laenden's lastUpdated

    second = invoke_cli(*args, *articles)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [second.stdout.splitlines()[-1]]
    assert batch_summary(second.stdout) == (0, 4, 0)

    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    nord.write_text(nord.read_text("utf-8") + "# changed\n", "utf-8")
    third = invoke_cli(*args, *articles)
    assert third.returncode == 0, third.stderr
    assert batch_summary(third.stdout) == (2, 2, 0)
    changed = {p for p in out.rglob("*.pdf") if p.stat().st_mtime_ns != before[p]}
    assert changed == {out / "nord" / f"{slug}.pdf" for slug in BUILT}


@pytest.fixture(scope="module")
def quiet_large_print(tmp_path_factory) -> tuple[CliResult, Path]:
    """One quiet large-print batch of one article, read by the two tests below."""
    out = tmp_path_factory.mktemp("large-print")
    result = invoke_cli(
        "batch", "--clinics", str(DEMO), "--articles", "ondt", "--large-print", "--quiet", "--out", str(out)
    )
    return result, out


def test_large_print_is_a_second_file_and_listed(quiet_large_print):
    result, out = quiet_large_print
    assert result.returncode == 0, result.stderr
    normal, large = out / "demo" / "ondt-i-laenden.pdf", out / "demo" / "ondt-i-laenden-storskrift.pdf"
    assert batch_summary(result.stdout) == (2, 0, 0)
    assert page_count(large) > page_count(normal)  # 17 pt body text takes more pages
    index = (out / "demo" / "index.html").read_text("utf-8")
    assert 'href="ondt-i-laenden.pdf"' in index and 'href="ondt-i-laenden-storskrift.pdf"' in index
    assert "Ondt i lænden (Storskrift)" in index


def test_quiet_prints_only_the_batch_summary(quiet_large_print):
    result, _ = quiet_large_print
    assert result.returncode == 0
    assert batch_summary(result.stdout) == (2, 0, 0)
    assert len(result.stdout.splitlines()) == 1  # not the two paths a batch prints without --quiet
    assert result.stderr == ""


def test_a_broken_article_is_one_line_and_the_others_are_built(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    # no --articles: every article of the folder, the broken one and one good seed (a short one
    # whose images are all there: a missing image would add a warning line)
    good = "000_cc5d750043a7b6cb.txt"
    (content / good).write_bytes((SEEDS / good).read_bytes())
    broken = content / "brudt.md"
    broken.write_text('---\ntitle: "uafsluttet\n---\nTekst.\n', "utf-8")
    result = invoke_cli(
        "batch", "--clinics", str(DEMO), "--content", str(content), "--out", str(tmp_path / "out"), "--jobs", "2"
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {broken}: front matter: ")
    assert batch_summary(result.stdout) == (1, 0, 1)
    assert [p.name for p in assert_valid_pdfs(tmp_path / "out")] == [
        "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening.pdf"
    ]


def test_a_broken_clinic_profile_is_one_line_and_the_others_are_built(tmp_path):
    profiles = tmp_path / "profiles"
    copy_clinic(CLINICS / "nord.toml", profiles)
    bad = profiles / "bad.toml"
    bad.write_text('name = "Nord"\nphone = "1"\n[colours]\nprimary = "#12"\n', "utf-8")
    result = invoke_cli(
        "batch",
        "--clinics",
        str(profiles),
        "--clinics",
        str(DEMO),
        "--articles",
        "iskiasoevelser",  # a short seed whose images are all there
        "--out",
        str(tmp_path / "out"),
        "--jobs",
        "2",
    )
    assert result.returncode == 1
    assert (
        result.stderr == f'error: {bad}: colours.primary: "#12" is not a colour; write it as #rrggbb, e.g. "#1f5fa8"\n'
    )
    assert batch_summary(result.stdout) == (2, 0, 1)
    assert {p.parent.name for p in assert_valid_pdfs(tmp_path / "out")} == {"nord", "demo"}
