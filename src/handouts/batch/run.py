"""Batch builds: every clinic × every handout, in parallel worker processes, incrementally.

``run_batch`` holds the output folder (``output``), plans what exists and what changed since
the manifest recorded it (``plan``), builds what changed in long-lived worker processes
(``runner``), and writes each clinic's ``index.html``. A broken article, profile or handout is
reported and skipped; the rest is still built. The parent process never imports WeasyPrint:
workers are started with forkserver (or spawn), never forked from a process that has it
loaded, and none are started when nothing needs building.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator

from handouts.batch.index import write_indexes
from handouts.batch.manifest import Manifest
from handouts.batch.options import BatchEvents, BatchOptions, BatchReport
from handouts.batch.output import LOCK_NAME, exclusive, remove_partial_files
from handouts.batch.plan import Plan, Planned, make_plan
from handouts.batch.runner import WORKER_PRELOAD, Runner
from handouts.errors import HandoutsError
from handouts.limits import MAX_JOBS_PER_CPU
from handouts.resources import DEFAULT_OUTPUT

# The names tests and callers have always imported from here.
__all__ = [
    "DEFAULT_OUTPUT",
    "LOCK_NAME",
    "WORKER_PRELOAD",
    "BatchEvents",
    "BatchInterrupted",
    "BatchOptions",
    "BatchReport",
    "Plan",
    "Planned",
    "make_plan",
    "remove_partial_files",
    "run_batch",
]
_exclusive = exclusive


class BatchInterrupted(HandoutsError):
    """Ctrl-C or SIGTERM: workers stopped, partial files removed, finished PDFs recorded."""

    def __init__(self, signum: int, report: BatchReport | None = None) -> None:
        self.signum = signum
        self.report = report
        self.exit_code = 128 + signum
        done = f"{len(report.built)} handouts built before stopping; " if report else ""
        super().__init__(f"interrupted; {done}run the same command again to finish")


def run_batch(options: BatchOptions, events: BatchEvents | None = None) -> BatchReport:
    """Build every clinic × handout that changed; see the module docstring."""
    events = events or BatchEvents()
    started = time.perf_counter()
    out_dir = options.out_dir
    report = BatchReport()
    with exclusive(out_dir), _stop_on_signals() as stopping:
        manifest = None
        runner: Runner | None = None
        try:
            remove_partial_files(out_dir)
            manifest = Manifest.load(out_dir)
            if manifest.warning:
                events.warning(manifest.warning)
            runner = Runner(options, _jobs(options, events), manifest, events, report)
            if options.force or not manifest.entries:
                # Everything will be built: the workers start (forkserver, WeasyPrint's import,
                # fonts, a warm-up page) while this process plans, instead of after it.
                runner.start(runner.jobs)
            plan = make_plan(options, manifest)
            report.unchanged, report.failed = plan.unchanged, len(plan.problems)
            for message in plan.problems:
                events.failed(message)
            for message in plan.warnings:
                events.warning(message)
            events.planned(len(plan.to_build), plan.unchanged)
            if plan.to_build:
                runner.run(plan.to_build)
            else:
                runner.close()
            manifest.forget_missing()
            problems = []
            try:  # a full disk: reported like a failed handout, and the summary still printed
                manifest.save()
            except HandoutsError as exc:
                problems.append(exc)
            for problem in [*problems, *write_indexes(out_dir, plan.clinics, manifest)]:
                report.failed += 1
                events.failed(str(problem))
        except (KeyboardInterrupt, _Stop) as exc:
            stopping.ignore()  # a second Ctrl-C must not cut the clean-up short
            if runner is not None:
                runner.terminate_pool()
            remove_partial_files(out_dir)
            if manifest is not None:
                with contextlib.suppress(HandoutsError):
                    manifest.save()  # every PDF finished so far is kept and not built again
            report.seconds = time.perf_counter() - started
            signum = exc.signum if isinstance(exc, _Stop) else signal.SIGINT
            raise BatchInterrupted(signum, report) from None
        finally:
            if runner is not None:  # an error while planning: workers started early are stopped
                runner.terminate_pool()
    report.seconds = time.perf_counter() - started
    return report


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _jobs(options: BatchOptions, events: BatchEvents) -> int:
    """Worker processes: ``--jobs``, at most ``MAX_JOBS_PER_CPU`` per CPU (each costs ~90 MB,
    and more than the CPUs are only slower); one per CPU by default."""
    cap = MAX_JOBS_PER_CPU * usable_cpus()
    if options.jobs is not None and options.jobs > cap:
        events.warning(f"--jobs {options.jobs} is more than this machine's {usable_cpus()} CPUs; using {cap}")
    return max(1, min(options.jobs or cap, cap))


class _Stop(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _SignalGuard:
    def ignore(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, signal.SIG_IGN)


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[_SignalGuard]:
    """SIGTERM (and SIGINT) become an exception in the parent, so it can clean up and exit."""

    def stop(signum: int, frame: object) -> None:
        raise _Stop(signum)

    if threading.current_thread() is not threading.main_thread():  # only the main thread may
        yield _SignalGuard()
        return
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    for signum in previous:
        signal.signal(signum, stop)
    try:
        yield _SignalGuard()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
