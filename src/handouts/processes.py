"""Whether a process is still running, as /proc tells it: one reader for the atomic writes (is a
leftover file's writer gone?) and the worker pools (is the pool's owner gone?)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# A pid that /proc does not show and this user may not signal belongs to another user. Whether
# that counts as running is the caller's policy: "alive" leaves its file alone (it may still be
# writing it), "gone" takes the pid as reused (the process being watched was ours).
Others = Literal["alive", "gone"]


@dataclass(frozen=True)
class Running:
    started: int | None  # clock ticks after boot (/proc/<pid>/stat); None where /proc does not say

    def started_at(self) -> float | None:
        """The start as seconds since the epoch, or None where it cannot be told."""
        if self.started is None:
            return None
        try:
            lines = Path("/proc/stat").read_text().splitlines()
            boot = next(int(line.split()[1]) for line in lines if line.startswith("btime"))
            return boot + self.started / os.sysconf("SC_CLK_TCK")
        except (OSError, StopIteration, ValueError, IndexError):
            return None


def running(pid: int, *, others: Others) -> Running | None:
    """The process ``pid`` while it runs; None once it is gone (or a zombie nobody collected)."""
    try:
        fields = _stat(pid).rsplit(")", 1)[1].split()
        state, started = fields[0], fields[19]
    except OSError:
        return _signalled(pid, others)
    except IndexError:  # a line /proc never writes: nothing can be told from it
        return Running(None)
    if state in ("Z", "X"):
        return None
    return Running(int(started) if started.isdigit() else None)


def _stat(pid: int) -> str:
    """The process's line in /proc (the command name in parentheses, then the fields)."""
    return Path(f"/proc/{pid}/stat").read_text()


def _signalled(pid: int, others: Others) -> Running | None:
    """Without /proc (another platform, or not shown to us): whether ``pid`` takes a signal."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return Running(None) if others == "alive" else None
    except OSError:  # cannot be told: taken as running
        pass
    return Running(None)
