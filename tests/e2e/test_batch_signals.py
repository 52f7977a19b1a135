"""Stopping `handouts batch` as it runs: kill -9, SIGTERM and a crashed worker, with real processes.

Whatever the moment, no half-written PDF is left and the next run finishes the job.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest

from conftest import (
    BATCH_SUMMARY,
    CLINICS,
    ROOT,
    assert_valid_pdfs,
    batch_summary,
    handouts_executable,
    invoke_cli,
)


def _start_batch(out: Path, content: Path) -> subprocess.Popen:
    args = [handouts_executable(), "batch", *BATCH_ARGS, "--content", str(content), "--out", str(out)]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("HANDOUTS_CONTENT", None)
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_first_pdf(process: subprocess.Popen, out: Path, timeout: float = 180) -> None:  # a hang guard
    deadline = time.monotonic() + timeout
    while not list(out.rglob("*.pdf")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no PDF appeared"
        time.sleep(0.02)


def _wait_until_gone(session: int, guard: float = 30) -> list[int]:
    """Wait for every process of ``session`` to exit; what is still alive after ``guard``
    seconds (a bound for a test that would otherwise hang, not a measure of speed)."""
    deadline = time.monotonic() + guard
    while (alive := _session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


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


# One clinic × six short articles, one worker: when the first PDF appears, the worker is on the
# second and four more are still to come, so every signal arrives while the batch is busy. The
# articles are short (a page each) and there is one worker, so each run costs little more than
# its start-up: what is tested is how a batch stops, not how it renders.
BATCH_ARGS = ("--clinics", str(CLINICS / "nord.toml"), "--jobs", "1")
HANDOUTS = 6
PARAGRAPH = (
    "Ryggen har brug for bevægelse. Gå en tur hver dag, og skift stilling ofte, når du sidder. "
    "Smerterne aftager for de fleste i løbet af nogle uger, selv om de kan komme igen."
)


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("short-articles")
    for number in range(1, HANDOUTS + 1):
        body = "\n\n".join([PARAGRAPH] * 4)
        (folder / f"kort-{number}.md").write_text(f"---\ntitle: Kort råd {number}\n---\n{body}\n", "utf-8")
    return folder


def test_sigterm_stops_workers_cleanly(tmp_path, content):
    out = tmp_path / "out"
    process = _start_batch(out, content)
    _wait_for_first_pdf(process, out)
    process.send_signal(signal.SIGTERM)  # the parent only: it must stop its workers itself
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 143
    assert "Traceback" not in stderr
    assert "error: interrupted; " in stderr
    assert BATCH_SUMMARY.match(stdout.splitlines()[-1])
    assert list(out.rglob("*.part")) == []
    assert_valid_pdfs(out)
    assert _wait_until_gone(process.pid) == []  # no worker or forkserver left running


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes through /proc")
def test_a_crashed_worker_is_reported_and_the_batch_still_finishes(tmp_path, content):
    """The command runs in this process (invoke_cli: its own main, output and exit code); its
    workers are real processes, and one is killed while the batch is busy. A crash is the
    workers' to show, not the parent's process: the parent only sees its pool break."""
    out = tmp_path / "out"
    before = set(_grandchildren(os.getpid()))  # workers of pools still running in this process
    killed: list[int] = []

    def kill_a_worker() -> None:
        deadline = time.monotonic() + 180  # a hang guard
        while not list(out.rglob("*.pdf")) and time.monotonic() < deadline:
            time.sleep(0.02)
        workers = [pid for pid in _grandchildren(os.getpid()) if pid not in before]  # the forkserver's
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])

    killer = threading.Thread(target=kill_a_worker, daemon=True)
    killer.start()
    result = invoke_cli("batch", *BATCH_ARGS, "--content", str(content), "--out", str(out))
    killer.join(30)
    assert killed, "no worker was running when the first PDF appeared"
    assert result.returncode == 0, result.stderr
    assert "warning: a worker process stopped unexpectedly; retrying the " in result.stderr
    assert batch_summary(result.stdout)[2] == 0
    assert len(assert_valid_pdfs(out)) == HANDOUTS


def _grandchildren(pid: int) -> list[int]:
    """Live processes whose parent's parent is ``pid`` (a pool worker is a child of the forkserver)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    return [child for child, parent in parents.items() if parents.get(parent) == pid]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes through /proc")
def test_kill_9_of_a_batch_leaves_no_process_only_whole_pdfs_and_the_next_run_finishes(tmp_path, content):
    """Only the parent is killed (as the OOM killer or `kill -9` would): the forkserver, the
    resource tracker and the workers must all go by themselves, each worker within a look at
    its owner (counted in polls, below, not timed here), in the middle of whatever it was
    doing. Whatever the moment, only whole PDFs are left, and the next run finishes the job."""
    out = tmp_path / "out"
    process = _start_batch(out, content)
    _wait_for_first_pdf(process, out)
    assert len(_session_processes(process.pid)) >= 3  # the batch, its forkserver, workers
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _wait_until_gone(process.pid) == []
    done_before = assert_valid_pdfs(out)  # no truncated or invalid PDF, whatever the moment
    assert 0 < len(done_before) < HANDOUTS  # killed halfway

    # The next run in this process: what it finds on disk is the point, not its process.
    again = invoke_cli("batch", *BATCH_ARGS, "--content", str(content), "--out", str(out))
    assert again.returncode == 0, again.stderr
    built, unchanged, failed = batch_summary(again.stdout)
    assert built + unchanged == HANDOUTS and failed == 0
    assert len(assert_valid_pdfs(out)) == HANDOUTS
    assert list(out.rglob("*.part")) == []


def test_a_worker_exits_at_its_first_look_after_its_owner_is_gone(monkeypatch):
    """A worker looks at the process that started it every OWNER_POLL_SECONDS (a fraction of a
    second) and exits at the first look that finds it gone: counted looks, no clock."""
    from handouts import workers

    looks: list[int] = []
    naps: list[float] = []

    class Exited(Exception):
        pass

    def owner_gone(pid: int, started: int | None) -> bool:
        looks.append(pid)
        return len(looks) == 4  # gone between the third look and the fourth

    def exit_(code: int) -> None:
        raise Exited(code)

    monkeypatch.setattr(workers, "_owner_gone", owner_gone)
    monkeypatch.setattr(workers, "time", types.SimpleNamespace(sleep=naps.append))
    monkeypatch.setattr(workers, "os", types.SimpleNamespace(_exit=exit_))
    with pytest.raises(Exited):
        workers._watch_owner(4242, 1234, None)
    assert looks == [4242] * 4
    assert naps == [workers.OWNER_POLL_SECONDS] * 3 and workers.OWNER_POLL_SECONDS <= 0.25


def test_the_command_line_stops_a_render_stuck_in_c_code(tmp_path):
    """SIGALRM cannot interrupt C code that never returns; the watchdog ends the process."""
    script = (
        "import signal, time\n"
        "from handouts.workers import deadline\n"
        "with deadline('seeds/x.md', 0.2, grace=0.3):\n"
        "    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as if stuck in C\n"
        "    time.sleep(600)\n"
    )
    # exit 1 and the message can only come from the watchdog: the sleep would end with exit 0
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == (
        "error: seeds/x.md: took longer than 0.2 s to render and was stopped; "
        "shorten it or split it into smaller handouts\n"
    )
