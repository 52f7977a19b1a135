"""workers.py: the render limit on the command line, and the pool of PDF workers that batch and
web share (started with an initializer, SIGINT left to the parent, stopped at once, started
afresh, never touching processes that are not its own)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

import pytest

from handouts.heap import YOUNG_OBJECTS
from handouts.workers import RenderTimeout, WorkerPool, _context, _owner_gone, _start_time, deadline, too_slow

_GREETING = ""


def _greet(word: str) -> None:  # a worker initializer
    global _GREETING
    _GREETING = word


def _worker_state() -> tuple[int, str, bool, int]:
    """What a worker says about itself: its pid, what its initializer set, whether it ignores
    Ctrl-C, and how many allocations it lets pass between two collections of young objects."""
    return os.getpid(), _GREETING, signal.getsignal(signal.SIGINT) == signal.SIG_IGN, gc.get_threshold()[0]


def test_too_slow_names_the_file_the_limit_and_what_to_do():
    assert too_slow("seeds/x.md", 60) == (
        "seeds/x.md: took longer than 60 s to render and was stopped; shorten it or split it into smaller handouts"
    )


def test_deadline_stops_a_render_that_runs_over_and_names_the_file():
    with pytest.raises(RenderTimeout) as stopped, deadline("seeds/x.md", 0.05, grace=30):
        for _ in range(1000):  # a render that would take 10 s: the alarm ends it
            time.sleep(0.01)
    assert str(stopped.value) == too_slow("seeds/x.md", 0.05)


def test_deadline_leaves_no_alarm_and_the_old_handler_behind():
    def mine(_signum: int, _frame: object) -> None:
        pass

    timers = set(threading.enumerate())
    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with deadline("seeds/x.md", 5, grace=30):
            assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 5
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, previous)
    watchdogs = [t for t in threading.enumerate() if isinstance(t, threading.Timer) and t not in timers]
    for watchdog in watchdogs:
        watchdog.join(5)  # cancelled: it ends at once instead of firing 35 s later
    assert len(watchdogs) == 1 and not watchdogs[0].is_alive()


def test_deadline_outside_the_main_thread_sets_no_alarm():
    """Only the main thread gets signals: a worker thread's render is not interrupted."""
    seen = []

    def render() -> None:
        with deadline("seeds/x.md", 0.01, grace=0.01):
            seen.append(signal.getitimer(signal.ITIMER_REAL)[0])
            time.sleep(0.05)

    before = signal.getitimer(signal.ITIMER_REAL)[0]  # pytest-timeout may have its own alarm set
    thread = threading.Thread(target=render)
    thread.start()
    thread.join()
    assert len(seen) == 1 and (seen[0] == 0.0 or seen[0] > 1), seen
    assert signal.getitimer(signal.ITIMER_REAL)[0] <= before or before == 0.0


def test_a_process_stuck_past_the_grace_ends_with_exit_1_and_the_message():
    stuck = (
        "import time\n"
        "from handouts.workers import deadline\n"
        "with deadline('seeds/x.md', 0.1, grace=0.1):\n"
        "    time.sleep(30)\n"
    )
    # C code never returns to Python, so the alarm's handler never runs: here SIGALRM is ignored
    # and the deadline cannot install its handler. Only the watchdog can end this process.
    script = "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nsignal.signal = lambda *a: None\n" + stuck
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"error: {too_slow('seeds/x.md', 0.1)}\n"


def test_a_process_knows_whether_the_owner_of_its_pool_is_alive():
    assert not _owner_gone(os.getpid(), _start_time(os.getpid()))
    assert _owner_gone(os.getpid(), 0)  # the same pid, another start time: a reused pid
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    assert _owner_gone(finished.pid, None)


@pytest.fixture
def pool():
    started = WorkerPool(1, _greet, ("hej",))
    yield started
    started.terminate()


def test_the_pool_refuses_work_before_it_is_started():
    with pytest.raises(RuntimeError, match="the worker pool is not started"):
        WorkerPool(1, _greet).submit(os.getpid)


def test_workers_run_the_initializer_leave_ctrl_c_to_the_parent_and_collect_less(pool):
    pool.start()
    assert pool.started
    pid, greeting, ignores_ctrl_c, young = pool.submit(_worker_state).result(timeout=60)
    assert pid != os.getpid()
    assert greeting == "hej"
    assert ignores_ctrl_c
    assert young == YOUNG_OBJECTS  # handouts/heap.py


def test_terminate_stops_the_workers_at_once_and_restart_makes_new_ones(pool):
    pool.start()
    first = pool.submit(_worker_state).result(timeout=60)[0]
    pool.restart()
    second = pool.submit(_worker_state).result(timeout=60)[0]
    assert second != first
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)
    pool.terminate()
    assert not pool.started
    with pytest.raises(ProcessLookupError):
        os.kill(second, 0)
    pool.terminate()  # twice is harmless


def test_terminate_leaves_processes_that_are_not_the_pools_alone(pool):
    other = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(30,))
    other.start()
    try:
        pool.start()
        pool.submit(os.getpid).result(timeout=60)
        pool.terminate()
        assert other.is_alive()
    finally:
        other.kill()
        other.join(5)


def _temporary_file() -> str:
    """A file a worker's libraries would make (WeasyPrint's copies of the fonts): its path."""
    handle, path = tempfile.mkstemp()
    os.close(handle)
    return path


def test_a_workers_temporary_files_go_when_it_ends_and_when_it_is_killed(pool, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the pool's folder is made in here
    pool.start()
    made = pool.submit(_temporary_file).result(timeout=60)
    assert os.path.exists(made)
    pool_folder = tmp_path / os.path.relpath(made, tmp_path).split(os.sep)[0]
    assert pool_folder.name.startswith("handouts-workers-") and pool_folder.stat().st_mode & 0o777 == 0o700
    pool.shutdown()  # the ordinary end: the worker removes its folder, the pool its own
    assert sorted(tmp_path.iterdir()) == []

    pool.start()
    pid, made = pool.submit(os.getpid).result(timeout=60), pool.submit(_temporary_file).result(timeout=60)
    os.kill(pid, signal.SIGKILL)  # no chance to remove anything itself
    pool.terminate()
    assert not os.path.exists(made) and sorted(tmp_path.iterdir()) == []


def test_under_a_long_temporary_folder_workers_are_spawned_as_no_socket_fits_there(monkeypatch):
    """A forkserver's socket would be <TMPDIR>/pymp-…/listener-…, over the 107 bytes a Unix socket's
    path may have ("AF_UNIX path too long", a traceback before); the run itself: e2e/test_entry_point.py."""
    monkeypatch.setattr(tempfile, "tempdir", "/tmp/" + "x" * 80)
    assert _context([]).get_start_method() == "spawn"
    monkeypatch.setattr(tempfile, "tempdir", "/tmp")
    assert _context([]).get_start_method() == "forkserver"
