"""How fast each command answers: whole-process start-up against ``python -c pass`` and
``python -c "import weasyprint"``.

    .venv/bin/python benchmarks/startup.py            # median of 5 runs each
    .venv/bin/python benchmarks/startup.py --runs 9

Each command runs as a person runs it (the ``handouts`` script), its output thrown away, once
unmeasured first (as a person's second run: Python's bytecode written, the templates compiled
into the user's cache). ``PYTHONDONTWRITEBYTECODE`` is taken out of the children's environment:
with it every module of the package would be compiled again in every run, which no installed
copy does. For each command it prints the median wall-clock time and the median CPU time
(user + system) of the child: on a busy machine the wall clock waits for the other processes,
the CPU time does not.
The targets of issue 25 are checked on both:

- ``--help`` and ``--version``: at most 0.2 s;
- ``list`` and ``check``: never import WeasyPrint (tests/cli/test_startup.py asserts it);
- ``article`` and ``programme``: at most 1.5 × ``import weasyprint`` plus one render (the time
  of one more of the same article, or the same programme, made inside one process after the
  first, from a library of its own: the article's red-flag choice and HTML body are made again,
  only the process's start-up is not paid again). That render is measured in each round beside
  the commands, not apart after them: on a machine whose speed drifts, the drift between the two
  would otherwise decide.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

ONE_RENDER = """
import resource, shutil, tempfile, time
from pathlib import Path
from handouts.build import Builder
from handouts.model.clinic import demo_clinic
from handouts.model.library import load_library
from handouts.model.programme import build_programme
from handouts.pdf.writer import PdfWriter

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

clinic, writer, out = demo_clinic(), PdfWriter(), Path(tempfile.mkdtemp())

def article():  # a library of its own each time: the article's red-flag choice and body made again
    library = load_library()
    Builder(library, writer).build_article(library.articles["ondt-i-laenden"], clinic, out)

def programme():
    library = load_library()
    Builder(library, writer).build_programme(build_programme(library, ["bird-dog", "kat-ko"]), clinic, out)

for make in (article, programme):
    make()  # the first: fonts and caches warm up
    wall, used = time.perf_counter(), cpu()
    make()
    print(time.perf_counter() - wall, cpu() - used)
shutil.rmtree(out)
"""


def timed(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall-clock and median CPU seconds of each command as a child process, and of one
    more article and one more programme made in a process that has made one already. All take
    turns, run by run, so a machine that slows down or speeds up meanwhile weighs on each of them
    alike (the budgets compare a command with a render: measured apart, the machine's drift
    between the two would decide)."""
    for command in commands.values():
        subprocess.run(command, capture_output=True, cwd=ROOT, env=ENV, check=False)  # a second run is measured
    names = [*commands, *RENDERS]
    walls: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(runs):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, cwd=ROOT, env=ENV, check=False)
            walls[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        for name, (wall, cpu) in zip(RENDERS, one_render(), strict=True):
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in names}


RENDERS = ("one article (in process)", "one programme (in process)")


def one_render() -> list[tuple[float, float]]:
    """The wall-clock and CPU seconds of one more article, and of one more programme, made
    inside one process after its first."""
    result = subprocess.run(
        [sys.executable, "-c", ONE_RENDER], capture_output=True, text=True, cwd=ROOT, env=ENV, check=True
    )
    return [(float(wall), float(cpu)) for wall, cpu in (line.split() for line in result.stdout.splitlines())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (the median is shown)")
    args = parser.parse_args()
    out = tempfile.mkdtemp(prefix="startup-")
    handouts = str(BIN / "handouts")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import weasyprint": [sys.executable, "-c", "import weasyprint"],
        "handouts --version": [handouts, "--version"],
        "handouts --help": [handouts, "--help"],
        "handouts list": [handouts, "list"],
        "handouts check": [handouts, "check"],
        "handouts article ondt": [handouts, "article", "ondt-i-laenden", "--out", out],
        "handouts programme (2)": [handouts, "programme", "bird-dog", "kat-ko", "--out", out],
    }
    figures = timed(commands, args.runs)
    shutil.rmtree(out)
    print(f"{'':26} {'wall s':>8} {'cpu s':>8}")
    for name, (wall, cpu) in figures.items():
        print(f"{name:26} {wall:8.3f} {cpu:8.3f}")
    print()
    weasyprint = figures["import weasyprint"]
    renders = {
        "handouts article ondt": "one article (in process)",
        "handouts programme (2)": "one programme (in process)",
    }
    for which, index in (("wall", 0), ("cpu", 1)):
        for name in ("handouts --help", "handouts --version"):
            value = figures[name][index]
            print(f"{which}: {name} {value:.3f} s ≤ 0.2 s: {'PASS' if value <= 0.2 else 'MISS'}")
        for name, render in renders.items():
            value, budget = figures[name][index], 1.5 * weasyprint[index] + figures[render][index]
            verdict = "PASS" if value <= budget else "MISS"
            print(f"{which}: {name} {value:.3f} s ≤ 1.5 × import weasyprint + {render} = {budget:.3f} s: {verdict}")


if __name__ == "__main__":
    main()
