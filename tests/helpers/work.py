"""How the work of a scan grows with its input: linear or worse, without a time limit.

A test that says "this took under 1.5 s" fails when the machine is busy and passes a scan that
got ten times slower but stayed under the limit. ``growth`` instead runs the scan on n and on
``factor`` × n characters and returns how many times more CPU this thread spent on the larger
input (the best of a few runs each, garbage collection off). Other processes' load does not
count in a thread's own CPU time, and it cancels out of the ratio: a linear scan grows about
``factor`` ×, a quadratic one ``factor``² ×. ``assert_linear`` fails on anything that grows more
than three times as fast as linear.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any


def cpu_seconds(scan: Callable[[str], Any], text: str, repeats: int) -> float:
    """This thread's CPU time for ``scan(text)``, the best of ``repeats`` runs."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.thread_time()
            scan(text)
            best = min(best, time.thread_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


def growth(make: Callable[[int], str], scan: Callable[[str], Any], n: int, factor: int = 8, repeats: int = 5) -> float:
    """CPU time of ``scan(make(factor × n))`` over that of ``scan(make(n))``."""
    small, large = make(n), make(factor * n)
    scan(small)  # first-call costs (compiling, caches) belong to neither size
    return cpu_seconds(scan, large, repeats) / max(cpu_seconds(scan, small, repeats), 1e-9)


def assert_linear(make: Callable[[int], str], scan: Callable[[str], Any], n: int = 2_000, factor: int = 8) -> None:
    """Fail unless the scan's work grows at most 3 × as fast as its input (quadratic: ``factor`` ×)."""
    ratio = growth(make, scan, n, factor)
    assert ratio < 3 * factor, f"{factor} × the input took {ratio:.0f} × the CPU time: worse than linear"
