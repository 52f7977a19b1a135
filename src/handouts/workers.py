"""Worker processes that make PDFs, shared by the batch and the web app.

Each worker holds one warm ``PdfWriter`` (WeasyPrint imported, fonts and stylesheets parsed
once) and makes many PDFs. Three rules hold for every pool:

- Workers start from a clean forkserver (or spawn) process that never imported WeasyPrint:
  forking a process after that import has crashed.
- A worker dies with the process that started it. On Linux each worker asks the kernel for
  SIGKILL when its parent (the forkserver, which itself exits when the starting process does)
  goes away, so a ``kill -9`` of a batch or a server leaves nothing running.
- A render that takes longer than ``RENDER_SECONDS`` is stopped by killing its worker; the
  caller reports the handout as failed, naming its file, and starts fresh workers.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

_PR_SET_PDEATHSIG = 1

Result = TypeVar("Result")


class RenderTimeout(Exception):  # noqa: N818 - a limit reached, reported as a user-facing error
    """One handout took longer than the render limit; its worker was stopped."""


def _context(preload: list[str]) -> BaseContext:
    try:
        context = multiprocessing.get_context("forkserver")
        # Preload only modules that are safe to fork: none of them imports WeasyPrint.
        context.set_forkserver_preload(preload)
    except ValueError:  # no forkserver on this platform
        context = multiprocessing.get_context("spawn")
    return context


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent exits (no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() == 1:  # the parent is already gone: nobody will collect our work
            os._exit(1)


def _start(initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    _die_with_parent()
    # Ctrl-C in a terminal reaches every process in the group: the parent alone decides how to
    # stop, so a worker never dies half-way through a PDF because of it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    initializer(*initargs)


class WorkerPool:
    """A ProcessPoolExecutor of PDF workers that can be stopped at once and started afresh."""

    def __init__(
        self,
        workers: int,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...] = (),
        *,
        preload: list[str] | None = None,
        max_tasks_per_child: int | None = None,
    ) -> None:
        self.workers = workers
        self._initializer = initializer
        self._initargs = initargs
        self._preload = preload or [__name__]
        self._max_tasks = max_tasks_per_child
        self._executor: ProcessPoolExecutor | None = None
        self._not_ours: set[int] = set()

    @property
    def started(self) -> bool:
        return self._executor is not None

    def start(self) -> None:
        # Children that exist before the pool (another pool, a test's helper) are never stopped by it.
        self._not_ours = {p.pid for p in multiprocessing.active_children() if p.pid is not None}
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_context(self._preload),
            initializer=_start,
            initargs=(self._initializer, self._initargs),
            max_tasks_per_child=self._max_tasks,
        )

    def submit(self, fn: Callable[..., Result], *args: Any) -> Future[Result]:
        if self._executor is None:
            raise RuntimeError("the worker pool is not started")
        return self._executor.submit(fn, *args)

    def shutdown(self, *, wait: bool = True) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)

    def terminate(self) -> None:
        """Stop every worker now (SIGTERM, then SIGKILL for one that does not go)."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        ours = [p for p in multiprocessing.active_children() if p.pid not in self._not_ours]
        for process in ours:
            with contextlib.suppress(Exception):
                process.terminate()
        for process in ours:
            with contextlib.suppress(Exception):
                process.join(2)
                if process.is_alive():
                    process.kill()
                    process.join(2)
        executor.shutdown(wait=False, cancel_futures=True)

    def restart(self) -> None:
        self.terminate()
        self.start()
