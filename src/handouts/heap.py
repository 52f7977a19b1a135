"""How often a process of the tool's own collects garbage.

Printing a handout makes hundreds of thousands of short-lived objects (WeasyPrint's boxes and
text runs) and few reference cycles. At CPython's default the collector looks at the young
objects every 700 allocations, and every so often at everything the process holds: in
``handouts article`` that was 0.13–0.17 s, a tenth of the command (docs/benchmarks.md). A
process that is the tool's own (the ``handouts`` script, a batch or web render worker) looks
every 20,000 allocations instead; cyclic garbage still goes, a few megabytes later. A program
that imports handouts as a library keeps its own setting: importing the package never calls
this (the test processes do, in tests/conftest.py).
"""

from __future__ import annotations

import gc

YOUNG_OBJECTS = 20_000  # allocations between two collections of the youngest objects (CPython: 700)


def collect_less() -> None:
    """Collect the youngest objects every ``YOUNG_OBJECTS`` allocations (the older generations
    keep their default, ten of the younger collections each)."""
    gc.set_threshold(YOUNG_OBJECTS)
