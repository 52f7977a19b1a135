"""`handouts batch` in-process: PDFs, index pages, incremental runs, failures.

Stopping a batch (kill -9, SIGTERM, a crashed worker) needs real processes:
tests/e2e/test_batch_signals.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import CLINICS, DEMO_PROFILE, CliResult, assert_valid_pdfs, batch_summary, invoke_cli
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


# Most tests here build one short article of their own (--content), on one worker: what they
# test is the command (clinics, re-runs, failures, output), not the render. The plan for every
# seed is tests/batch/test_batch.py's; each seed's PDF is the session's seed_pdfs; the large-print
# test below builds a seed through the command.
SHORT = "korte-raad-om-ryggen"
SHORT_TITLE = "Korte råd om ryggen"


@pytest.fixture(scope="module")
def short_content(tmp_path_factory) -> Path:
    """A content folder with one short article (no images) and a date the index shows."""
    folder = tmp_path_factory.mktemp("short-content")
    (folder / f"{SHORT}.md").write_text(
        f"---\ntitle: {SHORT_TITLE}\nlastUpdated: 2025-10-12\n---\n"
        "Gå en tur hver dag, og skift stilling ofte, når du sidder.\n",
        "utf-8",
    )
    return folder


def test_two_clinics_then_nothing_then_only_the_changed_clinic(tmp_path, short_content):
    nord = copy_clinic(CLINICS / "nord.toml", tmp_path / "profiles")
    out = tmp_path / "out"
    args = ("batch", "--clinics", str(nord), "--clinics", str(DEMO), "--content", str(short_content))
    args += ("--out", str(out), "--jobs", "1")
    first = invoke_cli(*args)
    assert first.returncode == 0, first.stderr
    assert batch_summary(first.stdout) == (2, 0, 0)
    # Not a terminal: one line per built file, its path.
    expected = {out / clinic / f"{SHORT}.pdf" for clinic in ("nord", "demo")}
    assert {Path(line) for line in first.stdout.splitlines()[:-1]} == expected
    for clinic, name in (("nord", "Fysioterapi Nord"), ("demo", "Demo Fysioterapi")):
        text = words(pdf_text(out / clinic / f"{SHORT}.pdf"))
        assert SHORT_TITLE in text and name in text, clinic
        index = (out / clinic / "index.html").read_text("utf-8")
        assert '<html lang="da">' in index
        assert f"<h1>{name}</h1>" in index
        assert f'href="{SHORT}.pdf"' in index
        assert "12. oktober 2025" in index  # Danish date of the article's lastUpdated

    second = invoke_cli(*args)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [second.stdout.splitlines()[-1]]
    assert batch_summary(second.stdout) == (0, 2, 0)

    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    nord.write_text(nord.read_text("utf-8") + "# changed\n", "utf-8")
    third = invoke_cli(*args)
    assert third.returncode == 0, third.stderr
    assert batch_summary(third.stdout) == (1, 1, 0)
    changed = {p for p in out.rglob("*.pdf") if p.stat().st_mtime_ns != before[p]}
    assert changed == {out / "nord" / f"{SHORT}.pdf"}


@pytest.fixture(scope="module")
def quiet_large_print(tmp_path_factory) -> tuple[CliResult, Path]:
    """One quiet large-print batch of the shortest seed on one worker, read by the two tests below."""
    out = tmp_path_factory.mktemp("large-print")
    result = invoke_cli(
        "batch",
        "--clinics",
        str(DEMO),
        "--articles",
        "7-facts",
        "--large-print",
        "--quiet",
        "--out",
        str(out),
        "--jobs",
        "1",
    )
    return result, out


def test_large_print_is_a_second_file_and_listed(quiet_large_print):
    result, out = quiet_large_print
    assert result.returncode == 0, result.stderr
    slug = "7-facts-om-ondt-i-balden-og-benet-er-det-iskias"
    normal, large = out / "demo" / f"{slug}.pdf", out / "demo" / f"{slug}-storskrift.pdf"
    assert batch_summary(result.stdout) == (2, 0, 0)
    assert page_count(large) > page_count(normal)  # 17 pt body text takes more pages
    index = (out / "demo" / "index.html").read_text("utf-8")
    assert f'href="{slug}.pdf"' in index and f'href="{slug}-storskrift.pdf"' in index
    assert f"{SEED_TITLES[slug]} (Storskrift)" in index


def test_quiet_prints_only_the_batch_summary(quiet_large_print):
    result, _ = quiet_large_print
    assert result.returncode == 0
    assert batch_summary(result.stdout) == (2, 0, 0)
    assert len(result.stdout.splitlines()) == 1  # not the two paths a batch prints without --quiet
    assert result.stderr == ""


def test_a_broken_article_and_a_broken_clinic_profile_are_one_line_each_and_the_rest_is_built(tmp_path, short_content):
    """One batch with both: no --articles, so every article of the folder (the broken one and a
    good one) for every profile of a folder (a broken one and nord) and the demo clinic."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(short_content / f"{SHORT}.md", content)
    broken = content / "brudt.md"
    broken.write_text('---\ntitle: "uafsluttet\n---\nTekst.\n', "utf-8")
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
        "--content",
        str(content),
        "--out",
        str(tmp_path / "out"),
        "--jobs",
        "1",
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert f'error: {bad}: colours.primary: "#12" is not a colour; write it as #rrggbb, e.g. "#1f5fa8"' in lines
    assert [line for line in lines if line.startswith(f"error: {broken}: front matter: ")], lines
    assert batch_summary(result.stdout) == (2, 0, 2)
    built = assert_valid_pdfs(tmp_path / "out")
    assert {(p.parent.name, p.name) for p in built} == {("nord", f"{SHORT}.pdf"), ("demo", f"{SHORT}.pdf")}
