"""Leftover temporary files of atomic writes: removed once their writer is gone, and only then."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from handouts import processes
from handouts.pdf.atomic import remove_leftovers


def part(folder, pid: int):
    path = folder / f".handouts-{pid}-abcd_123.part"
    path.write_bytes(b"%PDF-1.7 half")
    return path


def test_a_leftover_of_a_finished_writer_is_removed_and_a_running_writers_is_kept(tmp_path):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    writing = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        gone, busy = part(tmp_path, finished.pid), part(tmp_path, writing.pid)
        assert remove_leftovers([gone, busy]) == 1
        assert not gone.exists() and busy.exists()
    finally:
        writing.kill()
        writing.wait()


def test_a_leftover_older_than_the_process_now_holding_its_pid_is_removed(tmp_path):
    reused = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        old = part(tmp_path, reused.pid)
        an_hour_ago = time.time() - 3600
        os.utime(old, (an_hour_ago, an_hour_ago))  # written long before that process started
        assert remove_leftovers([old]) == 1
    finally:
        reused.kill()
        reused.wait()


def test_a_leftover_of_another_users_process_is_left_alone(tmp_path, monkeypatch):
    def hidden(pid: int) -> str:
        raise PermissionError(13, "Permission denied")

    def refused(pid: int, signal: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(processes, "_stat", hidden)
    monkeypatch.setattr(processes.os, "kill", refused)
    theirs = part(tmp_path, 4242)
    assert remove_leftovers([theirs]) == 0
    assert theirs.exists()
