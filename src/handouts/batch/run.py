"""Batch builds: every clinic × every handout, in parallel worker processes, incrementally.

``run_batch`` plans (which handouts exist, which changed since the manifest recorded them),
builds what changed in long-lived worker processes, records every finished PDF in the
manifest promptly, and writes each clinic's ``index.html``. A broken article, profile or
handout is reported and skipped; the rest is still built. The parent process never imports
WeasyPrint: workers are started with forkserver (or spawn), never forked from a process that
has it loaded, and none are started when nothing needs building.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from handouts.batch import worker as batch_worker
from handouts.batch.index import write_indexes
from handouts.batch.manifest import Manifest
from handouts.batch.worker import WorkDone, WorkItem
from handouts.build import article_path
from handouts.errors import HandoutsError, display_path
from handouts.fingerprint import Fingerprints
from handouts.limits import RENDER_SECONDS, WATCHDOG_GRACE_SECONDS
from handouts.model.clinic import Clinic, find_clinic_files, load_clinics
from handouts.model.library import Library, load_library
from handouts.model.red_flags import choose_for_article
from handouts.model.slugs import resolve
from handouts.resources import DEFAULT_OUTPUT
from handouts.workers import WorkerPool, too_slow

LOCK_NAME = ".handouts-batch.lock"
SAVE_EVERY_SECONDS = 0.5  # a killed batch loses at most this much finished work
STRIKES_BEFORE_ISOLATION = 2
# Page estimates for ordering the work before a handout's first build records its pages.
CHARACTERS_PER_PAGE = 3000
PROGRAMME_PAGES = 2.0  # one duplex sheet
LARGE_PRINT_PAGES = 1.8
# What the forkserver imports once, so each worker does not import it again: the batch worker
# and what it renders with (the content model, Jinja, Markdown). None of it imports WeasyPrint:
# a process is never forked after that import.
WORKER_PRELOAD = [batch_worker.__name__, "handouts.build", "handouts.model.library", "handouts.render.html"]


@dataclass
class BatchOptions:
    clinics: list[Path] | None = None
    articles: list[str] | None = None
    programmes: bool = False
    templates: list[str] | None = None  # with programmes: only these template slugs (None: every one)
    jobs: int | None = None
    out_dir: Path = DEFAULT_OUTPUT
    force: bool = False
    content: Path | None = None
    large_print: bool = False
    render_seconds: float = RENDER_SECONDS  # per handout; a worker over it is replaced


@dataclass
class BatchReport:
    built: list[Path] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0
    seconds: float = 0.0
    workers: int = 0
    worker_peak_rss_kb: dict[int, int] = field(default_factory=dict)


class BatchEvents:
    """What the batch tells its caller as it goes; the CLI turns these into output."""

    def planned(self, to_build: int, unchanged: int) -> None:
        pass

    def built(self, path: Path) -> None:
        pass

    def failed(self, message: str, detail: str = "") -> None:
        pass

    def warning(self, message: str) -> None:
        pass


class BatchInterrupted(HandoutsError):
    """Ctrl-C or SIGTERM: workers stopped, partial files removed, finished PDFs recorded."""

    def __init__(self, signum: int, report: BatchReport | None = None) -> None:
        self.signum = signum
        self.report = report
        self.exit_code = 128 + signum
        done = f"{len(report.built)} handouts built before stopping; " if report else ""
        super().__init__(f"interrupted; {done}run the same command again to finish")


@dataclass
class Planned:
    """One handout the batch is responsible for: how to build it and what to record."""

    work: WorkItem
    fingerprint: str
    entry: dict[str, object]  # manifest fields known before building
    target: Path | None  # where it will be written, when known in advance
    source: str  # the file it is made from, named in messages
    strikes: int = 0  # worker crashes it was in flight for
    size: float = 1.0  # pages, as last built or estimated: the largest are built first


@dataclass
class Plan:
    to_build: list[Planned]
    unchanged: int
    clinics: dict[str, Clinic]  # every clinic of this run, by slug (for the index pages)
    problems: list[str]
    warnings: list[str]


def run_batch(options: BatchOptions, events: BatchEvents | None = None) -> BatchReport:
    """Build every clinic × handout that changed; see the module docstring."""
    events = events or BatchEvents()
    started = time.perf_counter()
    out_dir = options.out_dir
    report = BatchReport()
    with _exclusive(out_dir), _stop_on_signals() as stopping:
        manifest = None
        runner: _Runner | None = None
        try:
            remove_partial_files(out_dir)
            manifest = Manifest.load(out_dir)
            runner = _Runner(options, manifest, events, report)
            if options.force or not manifest.entries:
                # Everything will be built: the workers start (forkserver, WeasyPrint's import,
                # fonts, a warm-up page) while this process plans, instead of after it.
                runner.start(_jobs(options))
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
            for step in (manifest.save, lambda: write_indexes(out_dir, plan.clinics, manifest)):
                try:  # a full disk: reported like a failed handout, and the summary still printed
                    step()
                except HandoutsError as exc:
                    report.failed += 1
                    events.failed(str(exc))
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


def _jobs(options: BatchOptions) -> int:
    return max(1, options.jobs or os.cpu_count() or 1)


# --- planning: what exists, and what changed -------------------------------------------------


@dataclass
class Handout:
    """One article or programme template, before it is paired with each clinic."""

    kind: str  # "article" or "programme"
    slug: str
    title: str
    source: str  # the file it is made from, named in messages
    updated: str | None
    inputs: dict[str, str]  # display name → hash of each of its own files
    pages: float = PROGRAMME_PAGES  # estimated from its text until a build records them


def make_plan(options: BatchOptions, manifest: Manifest) -> Plan:
    library = load_library(options.content)
    problems: list[str] = []
    warnings: list[str] = []
    # A broken file the user did not ask for (with --articles) is worth a warning, not a failure.
    (warnings if options.articles else problems).extend(str(p) for p in library.problems)
    if options.articles:
        articles = [library.articles[resolve(s, library.articles, "article")] for s in dict.fromkeys(options.articles)]
    else:
        articles = list(library.articles.values())
    clinics, clinic_problems = load_clinics(find_clinic_files(options.clinics))
    problems += [str(p) for p in clinic_problems]

    prints = Fingerprints(library)
    handouts: list[Handout] = []
    try:
        library.default_red_flags()
        has_default = True
    except HandoutsError:
        has_default = False
    for article in articles:
        try:  # what can make the red-flag choice fail, without matching the text here
            if article.red_flags is not None:
                library.red_flag_set(article.red_flags, article.source.name)
            elif not has_default:  # the choice fails only if it falls back to the general set
                choose_for_article(article, library)
        except HandoutsError as exc:
            problems.append(str(exc))
            continue
        updated = article.last_updated or article.published
        handouts.append(
            Handout(
                "article",
                article.slug,
                article.title,
                article.source.name,
                updated.isoformat() if updated else None,
                prints.article_inputs(article),
                1 + len(article.body) / CHARACTERS_PER_PAGE,
            )
        )
    if options.programmes:
        handouts += _programme_handouts(library, prints, problems, options.templates)

    variants = [False, True] if options.large_print else [False]
    to_build: list[Planned] = []
    unchanged = 0
    out_dir = options.out_dir
    pages = _pages_built(manifest)
    for clinic in clinics.values():
        clinic_inputs = prints.clinic_inputs(clinic)
        first_of_clinic = len(to_build)
        for handout in handouts:
            inputs = handout.inputs | clinic_inputs
            for large_print in variants:
                key = ":".join([handout.kind, clinic.slug, handout.slug] + (["large-print"] if large_print else []))
                fingerprint = prints.of(inputs, {"kind": handout.kind, "large_print": large_print})
                if not options.force and manifest.is_current(key, fingerprint):
                    unchanged += 1
                    continue
                target = None
                if handout.kind == "article":
                    target = article_path(clinic, library.articles[handout.slug], out_dir, large_print=large_print)
                entry = {
                    "kind": handout.kind,
                    "slug": handout.slug,
                    "clinic": clinic.slug,
                    "large_print": large_print,
                    "title": handout.title,
                    "updated": handout.updated,
                    "inputs": {name: digest[:16] for name, digest in (inputs | prints.shared).items()},
                }
                assert clinic.source is not None  # loaded from a file
                work = WorkItem(
                    key=key,
                    kind=handout.kind,
                    slug=handout.slug,
                    clinic_file=clinic.source,
                    large_print=large_print,
                    out_dir=out_dir,
                )
                size = pages.get((handout.kind, handout.slug, large_print)) or handout.pages * (
                    LARGE_PRINT_PAGES if large_print else 1
                )
                to_build.append(Planned(work, fingerprint, entry, target, handout.source, size=size))
        # Largest first within each clinic: the workers take the next handout as they finish,
        # so the run ends on the smallest ones and every worker finishes at about the same
        # time. A clinic's handouts stay together, so a worker keeps one clinic's logo at a time.
        to_build[first_of_clinic:] = sorted(to_build[first_of_clinic:], key=lambda p: -p.size)
    return Plan(to_build, unchanged, clinics, problems, warnings)


def _pages_built(manifest: Manifest) -> dict[tuple[str, str, bool], float]:
    """Pages each handout had when it was last built (for any clinic): its size, for ordering."""
    pages: dict[tuple[str, str, bool], float] = {}
    for entry in manifest.entries.values():
        count = entry.get("pages")
        if isinstance(count, int) and count > 0:
            pages[(str(entry.get("kind")), str(entry.get("slug")), bool(entry.get("large_print")))] = count
    return pages


def _programme_handouts(
    library: Library, prints: Fingerprints, problems: list[str], only: list[str] | None = None
) -> list[Handout]:
    """Programme templates as handouts: the template file, its exercises and their images."""
    handouts = []
    for slug, template in library.programmes.items():
        if only is not None and slug not in only:
            continue
        source = library.programme_files[slug]
        try:
            exercises = [
                library.exercises[resolve(name.strip().lower(), library.exercises, "exercise")]
                for name in template.exercises
            ]
        except HandoutsError as exc:
            problems.append(f"{display_path(source)}: {exc}")
            continue
        handouts.append(
            Handout(
                "programme", slug, template.title, display_path(source), None, prints.exercise_inputs(exercises, source)
            )
        )
    return handouts


# --- running: long-lived workers, every future checked, crashes retried --------------------


class _Runner:
    def __init__(self, options: BatchOptions, manifest: Manifest, events: BatchEvents, report: BatchReport) -> None:
        self.options = options
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
        limit of their first handout; a worker that died meanwhile is replaced once."""
        for attempt in range(2):
            wait(self.warming, timeout=self.render_seconds + WATCHDOG_GRACE_SECONDS)
            broken = any(f.done() and isinstance(f.exception(), BrokenProcessPool) for f in self.warming)
            self.warming = []
            if not broken:
                return
            if attempt == 0:
                self.start(workers)

    def close(self) -> None:
        """Stop workers that were started early and found nothing to build."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    def run(self, planned: list[Planned]) -> None:
        workers = max(1, min(_jobs(self.options), len(planned)))
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
                    in_flight[self.pool.submit(batch_worker.build, item.work)] = (item, time.monotonic())
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


# --- the output folder: one batch at a time, no partial files -------------------------------


def remove_partial_files(out_dir: Path) -> int:
    """Delete hidden ``.NAME.*.part`` files a killed writer left behind (ours are never read)."""
    removed = 0
    if not out_dir.is_dir():
        return 0
    for path in out_dir.rglob(".*.part"):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


@contextlib.contextmanager
def _exclusive(out_dir: Path) -> Iterator[None]:
    """Hold a lock on the output folder: two batches must not delete each other's partial files."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir / LOCK_NAME, "a+b")  # noqa: SIM115 - held for the whole run
    except OSError as exc:
        raise HandoutsError(
            f"{out_dir}: cannot write here ({exc.strerror or exc}); choose another --out folder"
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise HandoutsError(
                f"{out_dir}: another `handouts batch` is writing here; wait for it or choose another --out folder"
            ) from None
        yield
    finally:
        handle.close()


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
