"""A bounded pool of render worker processes: PDFs are made off the event loop, never unbounded.

At most ``workers`` PDFs are made at once and at most ``queue`` more wait; anything beyond
that is refused at once with ``PoolBusy`` (the app answers 503 with ``Retry-After``), so a
burst of requests can never pile up work, memory and waiting clients without limit.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from handouts.errors import one_line
from handouts.limits import RENDER_SECONDS
from handouts.render.document import RenderedHTML
from handouts.web import worker
from handouts.workers import WorkerPool

log = logging.getLogger("handouts.web")
# Workers are recycled now and then so a slow leak in a long-running server stays bounded.
TASKS_PER_WORKER = 500
Result = TypeVar("Result")


class PoolBusy(Exception):
    """Every worker is busy and the queue is full; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"render pool busy; retry after {retry_after} s")
        self.retry_after = retry_after


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class RenderPool:
    """Admission control over a ``WorkerPool``: at most ``workers`` PDFs at once, ``queue`` waiting."""

    def __init__(
        self, workers: int | None = None, queue: int | None = None, *, timeout: float = RENDER_SECONDS
    ) -> None:
        self.workers = workers or default_workers()
        self.capacity = self.workers + (self.workers * 2 if queue is None else queue)
        self.timeout = timeout
        self._lock = threading.Lock()  # done-callbacks run on the executor's own thread
        self._in_flight = 0
        self._mean_seconds = 0.5
        self._restart_lock = threading.Lock()
        self.warm_up_timed_out = False
        self._pool = WorkerPool(
            self.workers, worker.start, preload=[worker.__name__], max_tasks_per_child=TASKS_PER_WORKER
        )

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def start(self, *, warm: bool = True) -> None:
        self._pool.start()
        if warm:  # outside the admission count: these run before any request arrives
            for _ in range(self.workers):
                self._pool.submit(worker.warm)

    def warm_up(self, page: RenderedHTML | None = None, *, timeout: float | None = None, rounds: int = 4) -> bool:
        """Render ``page`` in every worker and wait: the first request then finds them all warm.

        A worker still starting up leaves its task to a faster one, so the pages go out in
        rounds until every worker has rendered one (outside the admission count: this runs
        before the app takes requests). False, and a log line, if that did not happen in time.
        The render limit holds here too: a warm-up over it has its workers stopped and
        replaced (``warm_up_timed_out`` is then set), never left spinning.
        """
        if not self._pool.started:
            self._pool.start()
        self.warm_up_timed_out = False
        warmed: set[int] = set()
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        for _ in range(rounds):
            futures = [self._pool.submit(worker.warm, page) for _ in range(self.workers)]
            try:
                for future in futures:
                    warmed.add(future.result(timeout=max(0.01, deadline - time.monotonic())))
            except TimeoutError:
                log.error(
                    "a warm-up render took longer than %.0f s; its workers were stopped and replaced", self.timeout
                )
                self.warm_up_timed_out = True
                self._restart()
                return False
            except Exception as exc:  # a warm-up must never stop the server
                log.warning("the render workers could not warm up (%s); the first PDF may be slow", one_line(str(exc)))
                return False
            if len(warmed) >= self.workers:
                return True
        log.warning("only %d of %d render workers warmed up; the first PDF may be slow", len(warmed), self.workers)
        return False

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def terminate(self) -> None:
        """Stop every worker now (a server shutting down must not wait for a stuck render)."""
        self._pool.terminate()

    def retry_after(self) -> int:
        """Seconds until a slot is likely free: the queue ahead of us times the mean render."""
        waves = max(1, self._in_flight) / self.workers
        return max(1, min(30, math.ceil(waves * self._mean_seconds)))

    def submit(self, fn: Callable[..., Result], *args: Any) -> Future[Result]:
        """Admit one task or raise PoolBusy; the slot is held until the task really ends."""
        return self._submit(fn, *args)

    async def run(self, fn: Callable[..., Result], *args: Any) -> Result:
        """Run ``fn(*args)`` in a worker and await it without blocking the event loop.

        A render over the time limit has its worker killed and replaced (with the rest of the
        pool: a stuck WeasyPrint cannot be stopped any other way), and the client is told to
        retry; a worker that died is replaced the same way.
        """
        future = self._submit(fn, *args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except TimeoutError:
            log.error("a PDF took longer than %.0f s; its worker was stopped and replaced", self.timeout)
            await asyncio.to_thread(self._restart)
            raise PoolBusy(self.retry_after()) from None
        except BrokenProcessPool:
            log.error("a render worker died; starting new workers")
            await asyncio.to_thread(self._restart)
            raise PoolBusy(1) from None

    def _submit(self, fn: Callable[..., Result], *args: Any) -> Future[Result]:
        with self._lock:
            if self._in_flight >= self.capacity:
                raise PoolBusy(self.retry_after())
            self._in_flight += 1
        started = time.monotonic()
        try:
            future = self._pool.submit(fn, *args)
        except (BrokenProcessPool, RuntimeError):
            self._release(None)
            self._restart()
            raise PoolBusy(1) from None
        future.add_done_callback(lambda _f: self._release(time.monotonic() - started))
        return future

    def _release(self, seconds: float | None) -> None:
        with self._lock:
            self._in_flight -= 1
            if seconds is not None:
                self._mean_seconds = 0.8 * self._mean_seconds + 0.2 * seconds

    def _restart(self) -> None:
        """Replace the workers once, however many requests saw them break."""
        with self._restart_lock:
            self._pool.restart()
