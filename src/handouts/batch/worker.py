"""The batch's worker processes: each builds many handouts with one long-lived PdfWriter.

This module is imported by the batch's parent process too (to name the functions it sends to
workers), so it must not import WeasyPrint at import time: only ``PdfWriter()`` in
``start_worker`` does, in the worker. Workers never fork after that; the parent starts them with forkserver or spawn.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from handouts.build import Builder
from handouts.errors import HandoutsError
from handouts.model.clinic import Clinic, load_clinic
from handouts.model.library import load_library
from handouts.pdf.writer import PdfResult, PdfWriter


@dataclass(frozen=True)
class WorkItem:
    """One handout to build, described by plain values (cheap to send to a worker)."""

    key: str
    kind: str  # "article" or "programme"
    slug: str
    clinic_file: Path
    large_print: bool
    out_dir: Path


@dataclass
class WorkDone:
    key: str
    path: Path | None = None
    pages: int = 0
    size: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""  # set when the handout could not be built
    detail: str = ""  # a traceback, for internal errors only (bugs, not user mistakes)
    pid: int = 0
    peak_rss_kb: int = 0


class _State:
    """The worker's long-lived objects, made once by ``start_worker``."""

    builder: Builder | None = None
    clinics: ClassVar[dict[Path, Clinic]] = {}
    start_error = ""  # why the worker could not start; every item then fails with it
    clinic_file: Path | None = None  # the clinic of the previous item


def start_worker(content_dir: Path | None) -> None:
    """Worker initializer: load the content once and make the one PdfWriter this worker uses."""
    # An initializer that raises kills the worker and breaks the whole pool with a bare
    # traceback; keep the reason instead and report it, in one line, for every handout.
    try:
        _State.builder = Builder(load_library(content_dir), PdfWriter())
    except HandoutsError as exc:
        _State.start_error = str(exc)
    except Exception as exc:
        _State.start_error = f"the PDF writer could not start ({type(exc).__name__}: {exc})"
    _State.clinics = {}


def warm() -> int:
    """Render a short page before the first handout (the batch sends one to each worker while
    it plans): fonts, hyphenation and WeasyPrint's caches are loaded by then. Nothing is
    written. Returns this worker's pid."""
    builder = _State.builder
    if builder is not None:  # else every handout reports why the worker could not start
        with contextlib.suppress(Exception):  # a warm-up never fails a batch
            builder.writer.warm_up()
    return os.getpid()


def build(item: WorkItem) -> WorkDone:
    """Build one handout; every failure comes back as a result, never as a dead worker."""
    done = WorkDone(key=item.key, pid=os.getpid())
    try:
        result = _build(item)
    except HandoutsError as exc:
        done.error = str(exc)
    except Exception as exc:
        done.error = f"internal error ({type(exc).__name__}: {exc}); please report it with the traceback below"
        done.detail = traceback.format_exc()
    else:
        done.path, done.pages, done.size, done.warnings = result.path, result.pages, result.size, result.warnings
    done.peak_rss_kb = peak_rss_kb()
    return done


def _build(item: WorkItem) -> PdfResult:

    builder = _State.builder
    if builder is None:
        raise HandoutsError(_State.start_error or "batch worker was not started")
    if _State.clinic_file not in (None, item.clinic_file):
        previous = _State.clinics.get(_State.clinic_file)
        if previous is not None and previous.logo is not None:
            forget_image(builder.writer.image_cache, previous.logo.as_uri())
    _State.clinic_file = item.clinic_file
    clinic = _State.clinics.get(item.clinic_file)
    if clinic is None:
        clinic = _State.clinics[item.clinic_file] = load_clinic(item.clinic_file)
    library = builder.library
    if item.slug not in (library.programmes if item.kind == "programme" else library.articles):
        # the content folder changed while the batch ran
        raise HandoutsError(f"{item.kind} {item.slug!r} was removed while the batch ran; run the batch again")
    if item.kind == "programme":
        template = library.programmes[item.slug]
        return builder.build_template_programme(template, clinic, item.out_dir, large_print=item.large_print)
    return builder.build_article(library.articles[item.slug], clinic, item.out_dir, large_print=item.large_print)


def forget_image(cache: dict[Any, Any], url: str) -> None:
    """Drop one image from WeasyPrint's image cache once its clinic's handouts are done.

    WeasyPrint 70 keeps a cached SVG together with the layout context of the document that
    first loaded it (``SVGImage._context``), about 2.5 MB. Shared images are cached once, but
    every clinic's logo would pin one more context: without this a worker grows with the
    number of clinics. Raster images keep their pixel data under ``md5(url)-slot`` keys.
    """
    cache.pop(url, None)
    prefix = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest() + "-"
    for key in [k for k in cache if isinstance(k, str) and k.startswith(prefix)]:
        del cache[key]


def peak_rss_kb() -> int:
    """This process's resident-memory high-water mark (VmHWM), in kB."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
