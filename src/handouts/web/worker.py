"""The web app's render workers: processes that each hold one warm PdfWriter.

The web process renders HTML (cheap) and sends the finished ``RenderedHTML`` here; a worker
only turns it into PDF bytes in memory. Nothing is written to disk, so a patient's name on a
programme never lands in a file. WeasyPrint is imported only by ``start`` (in the worker),
and the pool starts workers with forkserver, so no process forks after importing it.
"""

from __future__ import annotations

import os

from handouts.errors import HandoutsError
from handouts.pdf.writer import PdfWriter  # WeasyPrint itself loads in PdfWriter(), in the worker
from handouts.render.document import RenderedHTML

_writer: PdfWriter | None = None  # this worker's writer, made once by start()
_start_error = ""


def start() -> None:
    """Worker initializer: make the PdfWriter (parses the stylesheets and fonts once)."""
    global _writer, _start_error

    # An initializer that raises breaks the whole pool with a bare traceback: keep the reason
    # and report it for each PDF instead.
    try:
        _writer = PdfWriter()
    except Exception as exc:
        _start_error = f"the PDF writer could not start ({type(exc).__name__}: {exc})"


def _started_writer() -> PdfWriter:
    if _writer is None:
        raise HandoutsError(_start_error or "render worker was not started")
    return _writer


def render_pdf(rendered: RenderedHTML) -> tuple[bytes, list[str]]:
    """PDF bytes and warnings for one handout."""
    data, _pages, warnings = _started_writer().render(rendered)
    return data, rendered.warnings + warnings


def warm(rendered: RenderedHTML | None = None) -> int:
    """Render a page before the first patient waits: fonts, stylesheets and caches loaded.

    The app sends a real programme (``Web.warm_up``), so its drawings are parsed and kept as
    well; without one, the writer's own warm-up page. Returns this worker's pid, so the pool
    can tell its workers apart.
    """
    if rendered is not None:
        render_pdf(rendered)
    else:
        _started_writer().warm_up()
    return os.getpid()
