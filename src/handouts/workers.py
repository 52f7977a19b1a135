"""Worker processes that make PDFs, shared by the batch and the web app.

Each worker holds one warm ``PdfWriter`` (WeasyPrint imported, fonts and stylesheets parsed
once) and makes many PDFs. Three rules hold for every pool:

- Workers start from a clean forkserver (or spawn) process that never imported WeasyPrint:
  forking a process after that import has crashed.
- A worker dies with the process that started the pool: it watches that process and exits
  within a fraction of a second once it is gone, so a ``kill -9`` of a batch or a server
  leaves nothing running (the forkserver and resource tracker then exit by themselves). On
  Linux it also asks for SIGKILL should the forkserver die first.
- A render that takes longer than ``RENDER_SECONDS`` is stopped by killing its worker; the
  caller reports the handout as failed, naming its file, and starts fresh workers.
- A worker collects garbage less often than Python's default (handouts/heap.py).
- A worker's temporary files (WeasyPrint's copies of the fonts, 2 MB) are in a folder of its
  own inside the pool's: it removes its folder when it ends, and the pool removes its own
  folder, with whatever a killed worker left there, when it stops.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.util
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

from handouts.errors import HandoutsError
from handouts.heap import collect_less
from handouts.limits import OWNER_POLL_SECONDS, RENDER_SECONDS, WATCHDOG_GRACE_SECONDS
from handouts.processes import running

_PR_SET_PDEATHSIG = 1

Result = TypeVar("Result")


def too_slow(name: str, seconds: float = RENDER_SECONDS) -> str:
    return f"{name}: took longer than {seconds:g} s to render and was stopped; shorten it or split it into smaller handouts"


class RenderTimeout(HandoutsError):
    """One handout took longer than the render limit."""


# The message of the render limit that fired during this process's current render, if it did.
# WeasyPrint catches any exception while it draws an SVG (even BaseException) or loads an image,
# logs it and goes on: the alarm's RenderTimeout may never reach ``deadline``, and the PDF would
# come out whole-looking with a drawing missing. So the alarm also leaves this mark behind.
_expired: list[str] = []


def check_deadline() -> None:
    """Raise ``RenderTimeout`` if the render limit fired during this render, caught or not.

    Called before a PDF is written, so a render the limit interrupted never becomes a file.
    """
    if _expired:
        raise RenderTimeout(_expired[0])


@contextlib.contextmanager
def deadline(name: str, seconds: float = RENDER_SECONDS, *, grace: float = WATCHDOG_GRACE_SECONDS) -> Iterator[None]:
    """The render limit for a handout made in this process (the command line).

    SIGALRM raises ``RenderTimeout`` at the next Python step, so the command reports the file
    and goes on with the next one. Where WeasyPrint swallows that exception (drawing an SVG),
    ``check_deadline`` in the PDF writer still fails the render before anything is written. Should the render be stuck inside C code that never returns
    to Python, a watchdog thread prints the same message and ends the process (exit 1) a little
    later: nothing is half-written, since files are only ever renamed into place when whole.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        _expired[:] = [too_slow(name, seconds)]
        raise RenderTimeout(_expired[0])

    def give_up() -> None:
        sys.stderr.write(f"error: {too_slow(name, seconds)}\n")
        sys.stderr.flush()
        os._exit(1)

    watchdog = threading.Timer(seconds + grace, give_up)
    watchdog.daemon = True
    _expired.clear()
    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    watchdog.start()
    try:
        yield
        check_deadline()  # the alarm fired but its exception was caught on the way: still a failure
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        watchdog.cancel()
        _expired.clear()


# A forkserver listens on a Unix socket at <temporary folder>/pymp-XXXXXXXX/listener-XXXXXXXX,
# and a socket's path has at most 107 bytes: under a longer TMPDIR it cannot start ("AF_UNIX path
# too long"). Spawned workers need no socket; they only start slower (each imports the package).
SOCKET_PATH_BYTES = 107
SOCKET_NAME_BYTES = len("/pymp-XXXXXXXX/listener-XXXXXXXX")


def _context(preload: list[str]) -> BaseContext:
    context: BaseContext
    if len(os.fsencode(tempfile.gettempdir())) + SOCKET_NAME_BYTES > SOCKET_PATH_BYTES:
        return multiprocessing.get_context("spawn")
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


def _start_time(pid: int) -> int | None:
    """A process's start time from /proc (tells a live owner from a reused pid), or None."""
    owner = running(pid, others="gone")
    return None if owner is None else owner.started


def _owner_gone(pid: int, started: int | None) -> bool:
    """Gone, a zombie, or the pid now another process's (another start time, another user's)."""
    owner = running(pid, others="gone")
    return owner is None or (started is not None and owner.started != started)


def _own_temporary_folder(pool_folder: str | None) -> str | None:
    """This worker's temporary folder, inside the pool's, made ``tempfile``'s default in this
    process and removed when the worker ends the ordinary way (a finalizer multiprocessing runs
    before the process exits). None where it cannot be made: the system's folder is used then."""
    if pool_folder is None:
        return None
    try:
        folder = tempfile.mkdtemp(prefix="worker-", dir=pool_folder)
    except OSError:
        return None
    tempfile.tempdir = folder
    multiprocessing.util.Finalize(None, _remove, args=(folder,), exitpriority=0)
    return folder


def _remove(folder: str) -> None:
    """Remove a worker's folder, and the pool's too once it is empty (its owner may be gone)."""
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        os.rmdir(os.path.dirname(folder))


def _watch_owner(pid: int, started: int | None, folder: str | None) -> None:
    """End this worker once the process that started the pool is gone (even by ``kill -9``).

    The parent-death signal alone is not enough: a worker's parent is the forkserver, and the
    forkserver stays alive as long as any worker holds its pipe — so each would wait for the
    other. A dead owner is a zombie until its own parent collects it, hence the state check.
    """
    while not _owner_gone(pid, started):
        time.sleep(OWNER_POLL_SECONDS)
    if folder is not None:  # nobody else will: the owner that would remove the pool's is gone
        _remove(folder)
    os._exit(1)


def _start(
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    owner: int,
    owner_started: int | None,
    pool_folder: str | None,
) -> None:
    _die_with_parent()
    collect_less()
    folder = _own_temporary_folder(pool_folder)
    threading.Thread(target=_watch_owner, args=(owner, owner_started, folder), name="owner-watch", daemon=True).start()
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
        self._folder: str | None = None  # the workers' temporary folders are in it

    @property
    def started(self) -> bool:
        return self._executor is not None

    def start(self) -> None:
        # Children that exist before the pool (another pool, a test's helper) are never stopped by it.
        self._not_ours = {p.pid for p in multiprocessing.active_children() if p.pid is not None}
        try:
            self._folder = tempfile.mkdtemp(prefix="handouts-workers-")
        except OSError:  # the workers then fail to start, each saying why, in one line
            self._folder = None
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_context(self._preload),
            initializer=_start,
            initargs=(self._initializer, self._initargs, os.getpid(), _start_time(os.getpid()), self._folder),
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
            if wait:
                self._remove_folder()

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
        # Waited for: with its workers gone the executor's manager thread ends at once, and one
        # left running races Python's exit (it closes a pipe that the exit hook then writes to,
        # printing "Exception ignored … Bad file descriptor"; fixed in Python 3.12.8, not 3.11).
        executor.shutdown(wait=True, cancel_futures=True)
        self._remove_folder()

    def _remove_folder(self) -> None:
        """The workers' temporary folders, once they are gone (a killed one could not remove its own)."""
        folder, self._folder = self._folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def restart(self) -> None:
        self.terminate()
        self.start()
