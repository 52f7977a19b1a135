"""The tool's own processes collect garbage less often; a program that imports handouts keeps
its own setting (handouts/heap.py). The time it saves is in benchmarks/startup.py; a pool's
workers: tests/test_workers.py."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from handouts.heap import YOUNG_OBJECTS, collect_less


@pytest.fixture
def threshold():
    """This test process's setting, put back afterwards."""
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_the_youngest_objects_are_collected_less_often_and_the_older_as_before(threshold):
    gc.set_threshold(700, 10, 10)  # CPython's default
    collect_less()
    assert gc.get_threshold() == (YOUNG_OBJECTS, 10, 10)
    assert YOUNG_OBJECTS >= 10 * 700


def test_importing_handouts_leaves_the_setting_alone():
    script = "import gc; before = gc.get_threshold(); import handouts.cli, handouts.build; print(gc.get_threshold() == before)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout == "True\n"
