"""`handouts batch` through its real entry point: PDFs, index pages, incremental runs, failures, signals."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import CLINICS, ROOT, SEEDS, handouts_executable, pdf_text, run_cli
from pypdf import PdfReader

DEMO = ROOT / "src" / "handouts" / "demo" / "clinic.toml"
SEED_TITLES = {
    "7-facts-om-ondt-i-balden-og-benet-er-det-iskias": "7 facts om ondt i balden og benet – er det iskias?",
    "iskiasnerve-i-klemme": "Iskiasnerve i klemme",
    "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening": "Iskiasøvelser",
    "nervetryk-i-laenden": "Nervetryk i lænden",
    "ondt-i-laenden": "Ondt i lænden",
}
SUMMARY = re.compile(r"^built (\d+), unchanged (\d+), failed (\d+) in \d+\.\d s$")


def summary(stdout: str) -> tuple[int, int, int]:
    match = SUMMARY.match(stdout.splitlines()[-1])
    assert match, stdout
    return tuple(int(n) for n in match.groups())  # type: ignore[return-value]


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


def assert_valid_pdfs(out: Path) -> list[Path]:
    pdfs = sorted(out.rglob("*.pdf"))
    for path in pdfs:
        reader = PdfReader(path, strict=True)  # a truncated file fails here
        assert len(reader.pages) >= 1, path
    return pdfs


def test_two_clinics_every_seed_then_nothing_then_only_the_changed_clinic(tmp_path):
    nord = copy_clinic(CLINICS / "nord.toml", tmp_path / "profiles")
    out = tmp_path / "out"
    first = run_cli("batch", "--clinics", str(nord), "--clinics", str(DEMO), "--out", str(out), "--jobs", "2")
    assert first.returncode == 0, first.stderr
    assert summary(first.stdout) == (10, 0, 0)
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

    second = run_cli("batch", "--clinics", str(nord), "--clinics", str(DEMO), "--out", str(out), "--jobs", "2")
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [second.stdout.splitlines()[-1]]
    assert summary(second.stdout) == (0, 10, 0)

    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    nord.write_text(nord.read_text("utf-8") + "# changed\n", "utf-8")
    third = run_cli("batch", "--clinics", str(nord), "--clinics", str(DEMO), "--out", str(out), "--jobs", "2")
    assert third.returncode == 0, third.stderr
    assert summary(third.stdout) == (5, 5, 0)
    changed = {p for p in out.rglob("*.pdf") if p.stat().st_mtime_ns != before[p]}
    assert changed == {out / "nord" / f"{slug}.pdf" for slug in SEED_TITLES}


def test_large_print_is_a_second_file_and_listed(tmp_path):
    result = run_cli("batch", "--clinics", str(DEMO), "--articles", "ondt", "--large-print", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    normal, large = tmp_path / "demo" / "ondt-i-laenden.pdf", tmp_path / "demo" / "ondt-i-laenden-storskrift.pdf"
    assert summary(result.stdout) == (2, 0, 0)
    assert len(PdfReader(large).pages) > len(PdfReader(normal).pages)  # 17 pt body text takes more pages
    index = (tmp_path / "demo" / "index.html").read_text("utf-8")
    assert 'href="ondt-i-laenden.pdf"' in index and 'href="ondt-i-laenden-storskrift.pdf"' in index
    assert "Ondt i lænden (Storskrift)" in index


def test_quiet_prints_only_the_summary(tmp_path):
    result = run_cli("batch", "--clinics", str(DEMO), "--articles", "ondt", "--quiet", "--out", str(tmp_path))
    assert result.returncode == 0
    assert summary(result.stdout) == (1, 0, 0)
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""


def test_a_broken_article_is_one_line_and_the_others_are_built(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("000_cc5d750043a7b6cb.txt", "003_7bd3c67fac983090.txt"):
        (content / name).write_bytes((SEEDS / name).read_bytes())
    broken = content / "brudt.md"
    broken.write_text('---\ntitle: "uafsluttet\n---\nTekst.\n', "utf-8")
    result = run_cli("batch", "--clinics", str(DEMO), "--content", str(content), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {broken}: front matter: ")
    assert summary(result.stdout) == (2, 0, 1)
    assert len(assert_valid_pdfs(tmp_path / "out")) == 2


def test_a_broken_clinic_profile_is_one_line_and_the_others_are_built(tmp_path):
    profiles = tmp_path / "profiles"
    copy_clinic(CLINICS / "nord.toml", profiles)
    bad = profiles / "bad.toml"
    bad.write_text('name = "Nord"\nphone = "1"\n[colours]\nprimary = "#12"\n', "utf-8")
    result = run_cli("batch", "--clinics", str(profiles), "--clinics", str(DEMO), "--articles", "ondt",
                     "--out", str(tmp_path / "out"), "--jobs", "2")
    assert result.returncode == 1
    assert result.stderr == f'error: {bad}: colours.primary: "#12" is not a colour; write it as #rrggbb, e.g. "#1f5fa8"\n'
    assert summary(result.stdout) == (2, 0, 1)
    assert {p.parent.name for p in assert_valid_pdfs(tmp_path / "out")} == {"nord", "demo"}


def test_unknown_article_is_one_line(tmp_path):
    result = run_cli("batch", "--articles", "xyz", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("error: unknown article 'xyz'; known: 7-facts-om-ondt")
    assert "Traceback" not in result.stderr


def _start_batch(out: Path, *clinics: Path) -> subprocess.Popen:
    args = [handouts_executable(), "batch", "--out", str(out), "--jobs", "2"]
    for clinic in clinics:
        args += ["--clinics", str(clinic)]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("HANDOUTS_CONTENT", None)
    return subprocess.Popen(args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for_first_pdf(process: subprocess.Popen, out: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not list(out.rglob("*.pdf")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no PDF appeared"
        time.sleep(0.02)


def _session_processes(session: int) -> list[int]:
    """Processes still alive in the session a test started (the batch, its workers, forkserver)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


ALL_CLINICS = (DEMO, CLINICS / "nord.toml", CLINICS / "sund-ryg.toml")


def test_killed_batch_leaves_only_whole_pdfs_and_the_next_run_finishes(tmp_path):
    out = tmp_path / "out"
    process = _start_batch(out, *ALL_CLINICS)
    _wait_for_first_pdf(process, out)
    os.killpg(process.pid, signal.SIGKILL)  # the batch and its workers, at once
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    done_before = assert_valid_pdfs(out)  # no truncated or invalid PDF, whatever the moment
    assert done_before

    again = run_cli("batch", "--clinics", str(ALL_CLINICS[0]), "--clinics", str(ALL_CLINICS[1]),
                    "--clinics", str(ALL_CLINICS[2]), "--out", str(out), "--jobs", "2")
    assert again.returncode == 0, again.stderr
    built, unchanged, failed = summary(again.stdout)
    assert built + unchanged == 15 and failed == 0
    assert len(assert_valid_pdfs(out)) == 15
    assert list(out.rglob("*.part")) == []


def test_sigterm_stops_workers_cleanly(tmp_path):
    out = tmp_path / "out"
    process = _start_batch(out, *ALL_CLINICS)
    _wait_for_first_pdf(process, out)
    process.send_signal(signal.SIGTERM)  # the parent only: it must stop its workers itself
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 143
    assert "Traceback" not in stderr
    assert "error: interrupted; " in stderr
    assert SUMMARY.match(stdout.splitlines()[-1])
    assert list(out.rglob("*.part")) == []
    assert_valid_pdfs(out)
    deadline = time.monotonic() + 5
    while _session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _session_processes(process.pid) == []  # no worker or forkserver left running


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes through /proc")
def test_a_crashed_worker_is_reported_and_the_batch_still_finishes(tmp_path):
    out = tmp_path / "out"
    process = _start_batch(out, *ALL_CLINICS)
    _wait_for_first_pdf(process, out)
    workers = [pid for pid in _session_processes(process.pid) if pid != process.pid and _is_worker(pid, process.pid)]
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert "warning: a worker process stopped unexpectedly; retrying the " in stderr
    assert summary(stdout)[2] == 0
    assert len(assert_valid_pdfs(out)) == 15


def _is_worker(pid: int, batch: int) -> bool:
    """A pool worker is a grandchild of the batch (a child of its forkserver)."""
    try:
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError):
        return False
    return parent != batch
