"""Running a batch's plan: long-lived worker processes, every future checked, crashes retried.

Each worker takes one handout at a time, so the time since submitting is its render time: a
handout over the limit is stopped (its worker killed and replaced) and reported, naming its
file. A worker that dies is retried, then isolated: a crash suspect is built alone, so it
cannot take others down. Every finished PDF is recorded in the manifest promptly.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from handouts.batch import worker as batch_worker
from handouts.batch.manifest import Manifest
from handouts.batch.options import BatchEvents, BatchOptions, BatchReport
from handouts.batch.plan import Planned
from handouts.batch.worker import WorkDone
from handouts.errors import HandoutsError
from handouts.limits import WATCHDOG_GRACE_SECONDS
from handouts.workers import WorkerPool, too_slow

SAVE_EVERY_SECONDS = 0.5  # a killed batch loses at most this much finished work
STRIKES_BEFORE_ISOLATION = 2
# What the forkserver imports once, so each worker does not import it again: the batch worker
# and what it renders with (the content model, Jinja, Markdown). None of it imports WeasyPrint:
# a process is never forked after that import.
WORKER_PRELOAD = [batch_worker.__name__, "handouts.build", "handouts.model.library", "handouts.render.html"]


class Runner:
    """Builds planned handouts in long-lived workers: every future checked, crashes retried,
    a handout over the render limit stopped, progress recorded in the manifest as it goes."""

    def __init__(
        self, options: BatchOptions, jobs: int, manifest: Manifest, events: BatchEvents, report: BatchReport
    ) -> None:
        self.options = options
        self.jobs = jobs
        self.manifest = manifest
        self.events = events
        self.report = report
        self.seen_warnings: set[str] = set()
        self.last_save = time.monotonic()
        self.pool: WorkerPool | None = None
        self.warming: list[Future[int]] = []
        self.content = options.content.resolve() if options.content is not None else None
        self.render_seconds = options.render_seconds
        self.save_failed = False

    def start(self, workers: int) -> None:
        """Start ``workers`` workers now and have each render a warm-up page (not waited for)."""
        self.terminate_pool()
        self.pool = WorkerPool(workers, batch_worker.start_worker, (self.content,), preload=WORKER_PRELOAD)
        self.pool.start()
        self.warming = [self.pool.submit(batch_worker.warm) for _ in range(workers)]

    def _wait_until_warm(self, workers: int) -> None:
        """Wait for the workers' start-up and warm-up, so that neither counts against the render
        limit of their first handout. The warm-up has that limit too: workers still warming
        after it, or dead meanwhile, are replaced once (never left spinning)."""
        for attempt in range(2):
            _, warming = wait(self.warming, timeout=self.render_seconds + WATCHDOG_GRACE_SECONDS)
            broken = any(f.done() and isinstance(f.exception(), BrokenProcessPool) for f in self.warming)
            self.warming = []
            if not broken and not warming:
                return
            if attempt == 0:
                self.start(workers)

    def close(self) -> None:
        """Stop workers that were started early and found nothing to build."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    def run(self, planned: list[Planned]) -> None:
        workers = max(1, min(self.jobs, len(planned)))
        if self.pool is not None and self.pool.started:
            workers = self.pool.workers  # started while planning; extra ones are already up
        self.report.workers = workers
        pending = deque(planned)
        isolated: list[Planned] = []
        while pending:
            self._run_pool(pending, workers, isolated)
        for item in isolated:  # each crash suspect alone, so it cannot take others down
            self._run_pool(deque([item]), 1, None)

    def _run_pool(self, pending: deque[Planned], workers: int, isolated: list[Planned] | None) -> None:
        if self.pool is None or not self.pool.started or self.pool.workers != workers:
            self.start(workers)
        self._wait_until_warm(workers)
        assert self.pool is not None
        # One handout per worker at a time, so the time since submitting is the time it has
        # been rendering, and a handout over the render limit can be told apart from its queue.
        in_flight: dict[Future[WorkDone], tuple[Planned, float]] = {}
        try:
            while pending or in_flight:
                while pending and len(in_flight) < workers:
                    item = pending.popleft()
                    try:
                        future = self.pool.submit(batch_worker.build, item.work)
                    except BrokenProcessPool:
                        # A worker died between two handouts (the pool says so only now): retried
                        # like the ones in flight, and counted, so a pool that keeps dying ends.
                        self._crashed([item, *(held for held, _ in in_flight.values())], pending, isolated)
                        in_flight.clear()
                        return
                    in_flight[future] = (item, time.monotonic())
                # Wake up at the first render limit too, so a handout over it is stopped on time.
                first_limit = min(started for _, started in in_flight.values()) + self.render_seconds
                timeout = min(SAVE_EVERY_SECONDS, max(0.0, first_limit - time.monotonic()) + 0.001)
                done, _ = wait(in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
                crashed = False
                for future in done:
                    item, _started = in_flight.pop(future)
                    error = future.exception()
                    if isinstance(error, BrokenProcessPool):
                        crashed = True
                        in_flight[future] = (item, _started)  # counted with the rest below
                    elif error is not None:  # e.g. a result that could not be sent back
                        self._finish(
                            item, WorkDone(key=item.work.key, error=f"internal error ({type(error).__name__}: {error})")
                        )
                    else:
                        self._finish(item, future.result())
                if crashed:
                    self._crashed([item for item, _ in in_flight.values()], pending, isolated)
                    in_flight.clear()
                    return
                now = time.monotonic()
                late = [f for f, (_, started) in in_flight.items() if now - started > self.render_seconds]
                if late:
                    self._timed_out(
                        [in_flight.pop(f)[0] for f in late], [item for item, _ in in_flight.values()], pending
                    )
                    in_flight.clear()
                    return
                if now - self.last_save >= SAVE_EVERY_SECONDS:
                    self._save()
                    self.last_save = now
        finally:
            if not in_flight:  # else terminate_pool stops it
                self.pool.shutdown(wait=True)

    def _timed_out(self, late: list[Planned], innocent: list[Planned], pending: deque[Planned]) -> None:
        """Handouts over the render limit fail, naming their file; the others are built again."""
        self.terminate_pool()
        for item in late:
            self._finish(item, WorkDone(key=item.work.key, error=too_slow(item.source, self.render_seconds)))
        pending.extendleft(reversed(innocent))

    def _save(self) -> None:
        """Record progress; a failed save is said once, and the final save reports it as a failure."""
        try:
            self.manifest.save()
        except HandoutsError as exc:
            if not self.save_failed:
                self.save_failed = True
                self.events.warning(str(exc))

    def _crashed(self, suspects: list[Planned], pending: deque[Planned], isolated: list[Planned] | None) -> None:
        """A worker died (killed, out of memory, a crash in C code): retry what it may have held."""
        self.terminate_pool()
        retry = []
        for item in suspects:
            item.strikes += 1
            if isolated is None:  # already alone in its own worker: it is the cause
                self._finish(
                    item,
                    WorkDone(
                        key=item.work.key,
                        error=(
                            f"{self._name(item)}: the worker process stopped unexpectedly while building it; "
                            "try it alone with `handouts article`"
                        ),
                    ),
                )
            elif item.strikes >= STRIKES_BEFORE_ISOLATION:
                isolated.append(item)
            else:
                retry.append(item)
        pending.extendleft(reversed(retry))
        if isolated is not None:
            self.events.warning(
                f"a worker process stopped unexpectedly; retrying the {len(suspects)} handouts it may have held"
            )

    def _finish(self, item: Planned, done: WorkDone) -> None:
        if done.pid:
            self.report.worker_peak_rss_kb[done.pid] = max(
                done.peak_rss_kb, self.report.worker_peak_rss_kb.get(done.pid, 0)
            )
        for message in done.warnings:
            if message not in self.seen_warnings:  # the same article warns once, not once per clinic
                self.seen_warnings.add(message)
                self.events.warning(message)
        if done.error:
            self.report.failed += 1
            self.events.failed(done.error, done.detail)
            return
        path = Path(done.path) if done.path else item.target
        if path is None:
            return
        self.manifest.record(
            item.work.key,
            item.entry
            | {
                "fingerprint": item.fingerprint,
                "file": _relative(path, self.options.out_dir),
                "size": done.size,
                "pages": done.pages,
                "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            },
        )
        self.report.built.append(path)
        self.events.built(path)

    def _name(self, item: Planned) -> str:
        return str(item.target) if item.target else item.work.key

    def terminate_pool(self) -> None:
        """Stop the workers now: SIGTERM, then SIGKILL for any that does not go."""
        if self.pool is not None:
            self.pool.terminate()


def _relative(path: Path, out_dir: Path) -> str:
    try:
        return path.resolve().relative_to(out_dir.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())
