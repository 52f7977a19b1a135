"""The hand-over between rendering and writing: a handout's HTML and what the PDF stage needs.

Kept apart from ``html.py`` so the PDF writer and its worker processes need neither Jinja nor
the content models to know what they are given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RenderedHTML:
    """A handout's HTML plus what the PDF stage needs to know about it."""

    html: str
    title: str
    warnings: list[str] = field(default_factory=list)
    asset_roots: list[Path] = field(default_factory=list)  # folders WeasyPrint may read
    source: str = ""  # the file the handout is made from, named in warnings (else the title)
    max_pages: int | None = None  # None: a handout's limit (pdf.writer.MAX_PAGES); more for a catalogue
    render_seconds: float | None = None  # None: a handout's limit (limits.RENDER_SECONDS); more for a catalogue
