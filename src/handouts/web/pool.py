"""A bounded pool of render worker processes: PDFs are made off the event loop, never unbounded.

At most ``workers`` PDFs are made at once and at most ``queue`` more wait; anything beyond
that is refused at once with ``PoolBusy`` (the app answers 503 with ``Retry-After``), so a
burst of requests can never pile up work, memory and waiting clients without limit.
"""

from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from handouts.web import worker

log = logging.getLogger("handouts.web")
# Workers are recycled now and then so a slow leak in a long-running server stays bounded.
TASKS_PER_WORKER = 500


class PoolBusy(Exception):
    """Every worker is busy and the queue is full; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"render pool busy; retry after {retry_after} s")
        self.retry_after = retry_after


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class RenderPool:
    def __init__(self, workers: int | None = None, queue: int | None = None, *, timeout: float = 60.0) -> None:
        self.workers = workers or default_workers()
        self.capacity = self.workers + (self.workers * 2 if queue is None else queue)
        self.timeout = timeout
        self._lock = threading.Lock()  # done-callbacks run on the executor's own thread
        self._in_flight = 0
        self._mean_seconds = 0.5
        self._executor: ProcessPoolExecutor | None = None

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def start(self, *, warm: bool = True) -> None:
        # forkserver: every worker is forked from a clean server process that never imported
        # WeasyPrint (forking after that import has crashed); the web process never imports it.
        context = multiprocessing.get_context("forkserver")
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=worker.start,
            max_tasks_per_child=TASKS_PER_WORKER,
        )
        if warm:  # outside the admission count: these run before any request arrives
            for _ in range(self.workers):
                self._executor.submit(worker.warm)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def retry_after(self) -> int:
        """Seconds until a slot is likely free: the queue ahead of us times the mean render."""
        waves = max(1, self._in_flight) / self.workers
        return max(1, min(30, math.ceil(waves * self._mean_seconds)))

    def submit(self, fn, *args) -> Future:  # noqa: ANN001 - any picklable function
        """Admit one task or raise PoolBusy; the slot is held until the task really ends."""
        return self._submit(fn, *args)[0]

    async def run(self, fn, *args):  # noqa: ANN001, ANN201
        """Run ``fn(*args)`` in a worker and await it without blocking the event loop."""
        future, executor = self._submit(fn, *args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except asyncio.TimeoutError:
            log.error("a PDF took longer than %.0f s; the client was told to retry", self.timeout)
            raise PoolBusy(self.retry_after()) from None
        except BrokenProcessPool:
            log.error("a render worker died; starting new workers")
            self._restart(executor)
            raise PoolBusy(1) from None

    def _submit(self, fn, *args) -> tuple[Future, ProcessPoolExecutor]:  # noqa: ANN001
        executor = self._executor
        if executor is None:
            raise RuntimeError("the render pool is not started")
        with self._lock:
            if self._in_flight >= self.capacity:
                raise PoolBusy(self.retry_after())
            self._in_flight += 1
        started = time.monotonic()
        try:
            future = executor.submit(fn, *args)
        except (BrokenProcessPool, RuntimeError):
            self._release(None)
            self._restart(executor)
            raise PoolBusy(1) from None
        future.add_done_callback(lambda _f: self._release(time.monotonic() - started))
        return future, executor

    def _release(self, seconds: float | None) -> None:
        with self._lock:
            self._in_flight -= 1
            if seconds is not None:
                self._mean_seconds = 0.8 * self._mean_seconds + 0.2 * seconds

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        """Replace a broken executor once, however many requests saw it break."""
        with self._lock:
            if self._executor is not broken:
                return
            self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)
        self.start(warm=False)
