"""`handouts batch` in-process: PDFs, index pages, incremental runs, failures.

Stopping a batch (kill -9, SIGTERM, a crashed worker) needs real processes:
tests/e2e/test_batch_signals.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CLINICS, DEMO_PROFILE, SEEDS, assert_valid_pdfs, batch_summary, invoke_cli
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


def test_two_clinics_every_seed_then_nothing_then_only_the_changed_clinic(tmp_path):
    nord = copy_clinic(CLINICS / "nord.toml", tmp_path / "profiles")
    out = tmp_path / "out"
    first = invoke_cli("batch", "--clinics", str(nord), "--clinics", str(DEMO), "--out", str(out), "--jobs", "2")
    assert first.returncode == 0, first.stderr
    assert batch_summary(first.stdout) == (10, 0, 0)
    # Not a terminal: one line per built file, its path.
    expected = {out / clinic / f"{slug}.pdf" for clinic in ("nord", "demo") for slug in SEED_TITLES}
    assert {Path(line) for line in first.stdout.splitlines()[:-1]} == expected
    for clinic, name in (("nord", "Fysioterapi Nord"), ("demo", "Demo Fysioterapi")):
        for slug, title in SEED_TITLES.items():
            text = words(pdf_text(out / clinic / f"{slug}.pdf"))
            assert title in text and name in text, (clinic, slug)
        index = (out / clinic / "index.html").read_text("utf-8")
        assert '<html lang="da">' in index
        assert f"<h1>{name}</h1>" in index
        for slug in SEED_TITLES:
            assert f'href="{slug}.pdf"' in index
        assert "12. oktober 2025" in index  # Danish date of ondt-i-laenden's lastUpdated

    second = invoke_cli("batch", "--clinics", str(nord), "--clinics", str(DEMO), "--out", str(out), "--jobs", "2")
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [second.stdout.splitlines()[-1]]
    assert batch_summary(second.stdout) == (0, 10, 0)

    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    nord.write_text(nord.read_text("utf-8") + "# changed\n", "utf-8")
    third = invoke_cli("batch", "--clinics", str(nord), "--clinics", str(DEMO), "--out", str(out), "--jobs", "2")
    assert third.returncode == 0, third.stderr
    assert batch_summary(third.stdout) == (5, 5, 0)
    changed = {p for p in out.rglob("*.pdf") if p.stat().st_mtime_ns != before[p]}
    assert changed == {out / "nord" / f"{slug}.pdf" for slug in SEED_TITLES}


def test_large_print_is_a_second_file_and_listed(tmp_path):
    result = invoke_cli("batch", "--clinics", str(DEMO), "--articles", "ondt", "--large-print", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    normal, large = tmp_path / "demo" / "ondt-i-laenden.pdf", tmp_path / "demo" / "ondt-i-laenden-storskrift.pdf"
    assert batch_summary(result.stdout) == (2, 0, 0)
    assert page_count(large) > page_count(normal)  # 17 pt body text takes more pages
    index = (tmp_path / "demo" / "index.html").read_text("utf-8")
    assert 'href="ondt-i-laenden.pdf"' in index and 'href="ondt-i-laenden-storskrift.pdf"' in index
    assert "Ondt i lænden (Storskrift)" in index


def test_quiet_prints_only_the_batch_summary(tmp_path):
    result = invoke_cli("batch", "--clinics", str(DEMO), "--articles", "ondt", "--quiet", "--out", str(tmp_path))
    assert result.returncode == 0
    assert batch_summary(result.stdout) == (1, 0, 0)
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""


def test_a_broken_article_is_one_line_and_the_others_are_built(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("000_cc5d750043a7b6cb.txt", "003_7bd3c67fac983090.txt"):
        (content / name).write_bytes((SEEDS / name).read_bytes())
    broken = content / "brudt.md"
    broken.write_text('---\ntitle: "uafsluttet\n---\nTekst.\n', "utf-8")
    result = invoke_cli(
        "batch", "--clinics", str(DEMO), "--content", str(content), "--out", str(tmp_path / "out"), "--jobs", "2"
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {broken}: front matter: ")
    assert batch_summary(result.stdout) == (2, 0, 1)
    assert len(assert_valid_pdfs(tmp_path / "out")) == 2


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
        "ondt",
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
