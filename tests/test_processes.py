"""Whether a process runs, read from /proc: the same answer for the atomic writes and the worker
pools, except for a pid of another user's, where each has its own policy."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from handouts import processes
from handouts.processes import running


@pytest.mark.parametrize("others", ["alive", "gone"])
def test_this_process_runs_and_says_when_it_started(others):
    found = running(os.getpid(), others=others)
    assert found is not None and found.started is not None and found.started > 0
    started = found.started_at()
    assert started is not None and started <= time.time()


@pytest.mark.parametrize("others", ["alive", "gone"])
def test_a_finished_process_is_gone(others):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    assert running(finished.pid, others=others) is None


@pytest.mark.parametrize("others", ["alive", "gone"])
def test_a_zombie_nobody_collected_is_gone(others):
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        for _ in range(200):  # until it has exited, uncollected
            if processes._stat(child.pid).rsplit(")", 1)[1].split()[0] == "Z":
                break
            time.sleep(0.05)
        assert running(child.pid, others=others) is None
    finally:
        child.wait()


def hidden(pid: int) -> str:
    raise PermissionError(13, "Permission denied")  # /proc mounted with hidepid, or no /proc at all


def refused(pid: int, signal: int) -> None:
    raise PermissionError(1, "Operation not permitted")  # the pid is another user's


def no_such(pid: int, signal: int) -> None:
    raise ProcessLookupError(3, "No such process")


def test_another_users_pid_is_alive_or_gone_by_the_callers_policy(monkeypatch):
    monkeypatch.setattr(processes, "_stat", hidden)
    monkeypatch.setattr(processes.os, "kill", refused)
    assert running(4242, others="alive") == processes.Running(None)
    assert running(4242, others="gone") is None


@pytest.mark.parametrize("others", ["alive", "gone"])
def test_without_proc_a_pid_that_takes_no_signal_is_gone_for_both(monkeypatch, others):
    monkeypatch.setattr(processes, "_stat", hidden)
    monkeypatch.setattr(processes.os, "kill", no_such)
    assert running(4242, others=others) is None
