"""One PDF per handout per test run, shared by every test file and both xdist workers.

Several files print the same handout: the demo clinic's seed articles (five files), Nord's
article and programmes (the layout, type, accessibility and QR tests). ``SharedWriter`` wraps the
session's ``PdfWriter``: its ``write`` renders a handout the first time any worker asks for it and
keeps the PDF bytes, page count and warnings in a folder of the run (a file lock per handout, so
two workers asking at once render it once); every later ``write`` of the same handout copies the
kept bytes to its own target. A handout is the same when everything the PDF stage is given is the
same: the final HTML (the clinic, the print, the language and the date are in it), its title,
source, page limit and the folders it may read.

Only what ``PdfWriter.render`` returns is kept, and only after it succeeded: a render that fails
or is interrupted is never cached. Tests about the writer itself (fetcher, atomic writes, time
limits, warm-up) use the plain ``writer`` fixture.

With the PDF it keeps ``SUMMARIES`` of WeasyPrint's laid-out pages, made from the layout the
PDF was written from (and the first layout, before the red-flag box was moved), for the tests
that measure boxes instead of reading the PDF (``tests/pdf/test_programme_layout.py``,
``tests/pdf/test_page_fill.py``): ``render_shared`` returns them, whichever file printed the
handout first.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from handouts.pdf.atomic import write_atomically
from handouts.pdf.writer import PdfResult, PdfWriter
from handouts.render.document import RenderedHTML


def classes_by_page(document: Any, first: Any) -> list[dict[str, list[int]]]:
    """For each page: class name → the elements (numbered in document order) with a box on it."""
    numbers: dict[int, int] = {}
    pages = []
    for page in document.pages:
        found: dict[str, set[int]] = {}
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if element is not None and getattr(box, "element_tag", None) not in (None, "html", "body"):
                number = numbers.setdefault(id(element), len(numbers))
                for name in (element.get("class") or "").split():
                    found.setdefault(name, set()).add(number)
            stack.extend(getattr(box, "children", ()))
        pages.append({name: sorted(elements) for name, elements in found.items()})
    return pages


def page_fill(document: Any, first: Any) -> dict[str, Any]:
    """placement.measure of the layout kept and of the first one (None: the box could not move),
    and the pages each red-flag box has a box on."""
    from handouts.pdf.placement import _classes, _walk, measure

    def pages(laid_out: Any) -> list[Any]:
        return [[page.fill, page.words, sorted(page.classes)] for page in measure(laid_out)]

    boxes: dict[int, set[int]] = {}
    for number, page in enumerate(document.pages):
        for box in _walk(page._page_box):
            if "red-flags" in _classes(box):
                boxes.setdefault(id(box.element), set()).add(number)
    return {
        "pages": pages(document),
        "first": None if first is None else pages(first),
        "red_flag_boxes": [sorted(numbers) for numbers in boxes.values()],
    }


SUMMARIES: dict[str, Callable[[Any, Any], Any]] = {"classes_by_page": classes_by_page, "page_fill": page_fill}


def run_folder(tmp_path_factory: Any) -> Path:
    """A folder both xdist workers of this run see (the run's base temp folder is their parent)."""
    base = Path(tmp_path_factory.getbasetemp())
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / "shared-renders"
    folder.mkdir(exist_ok=True)
    return folder


def handout_key(rendered: RenderedHTML, tagged: bool) -> str:
    fields = [
        rendered.html,
        rendered.title,
        rendered.source,
        repr(rendered.max_pages),
        repr(sorted(str(root) for root in rendered.asset_roots)),
        repr(tagged),
    ]
    return hashlib.sha256("\0".join(fields).encode("utf-8", "surrogatepass")).hexdigest()[:40]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class SharedWriter:
    """``PdfWriter.write`` with the PDF made once per handout per test run (see the module)."""

    def __init__(self, writer: PdfWriter, folder: Path) -> None:
        self.writer = writer
        self.folder = folder
        self.renders = 0  # handouts this process rendered (the rest were copied)

    def __getattr__(self, name: str) -> Any:  # layout, render, warm_up …: the real writer's
        return getattr(self.writer, name)

    def write(self, rendered: RenderedHTML, target: Path) -> PdfResult:
        data, pages, warnings, _ = self.render_shared(rendered)
        write_atomically(target, data)
        return PdfResult(path=target, pages=pages, size=len(data), warnings=rendered.warnings + warnings)

    def render_shared(self, rendered: RenderedHTML) -> tuple[bytes, int, list[str], dict[str, Any]]:
        """(PDF bytes, pages, warnings, summaries): rendered now, or kept from this run."""
        key = handout_key(rendered, self.writer.tagged)
        pdf, meta = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        with _locked(self.folder / f"{key}.lock"):
            kept = json.loads(meta.read_text("utf-8")) if meta.exists() else self._render(rendered, pdf, meta)
            data = pdf.read_bytes()
        return data, kept["pages"], list(kept["warnings"]), kept["summaries"]

    def _render(self, rendered: RenderedHTML, pdf: Path, meta: Path) -> Any:
        from handouts.pdf import placement

        laid_out: list[Any] = []
        firsts: list[Any] = []
        layout, place = self.writer.layout, placement.place

        def keep_layout(*args: Any, **kwargs: Any) -> Any:
            laid_out.append(layout(*args, **kwargs))
            return laid_out[-1]

        def keep_first(document: Any, relayout: Any) -> Any:
            firsts.append(document)
            return place(document, relayout)

        # this writer instance and the placement module, for this render only
        self.writer.layout = keep_layout  # type: ignore[method-assign]
        placement.place = keep_first
        try:
            data, pages, warnings = self.writer.render(rendered)
        finally:
            del self.writer.layout
            placement.place = place
        self.renders += 1
        assert len(laid_out) == 1 and len(firsts) <= 1, (len(laid_out), len(firsts))
        first = firsts[0] if firsts else None
        summaries = {name: summarise(laid_out[0], first) for name, summarise in SUMMARIES.items()}
        kept = {"pages": pages, "warnings": warnings, "summaries": summaries}
        write_atomically(pdf, data)
        write_atomically(meta, json.dumps(kept).encode("utf-8"))
        return kept
