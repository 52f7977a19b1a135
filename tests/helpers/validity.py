"""A PDF the tool wrote is whole: qpdf --check passes, and poppler and pdfium agree on its page
count (with each other and with what the writer reported); a programme's drawings keep their
captions."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from readback import page_count, read_pdf

# At the right of a card's drawing: a line beside it ends with them (Danish, English).
CAPTIONS = ("StartSlut", "StartFinish")


def assert_valid_pdf(path: Path, pages: int | None = None) -> None:
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, (path, check.stdout[-500:], check.stderr[-500:])
    assert "No syntax or stream encoding errors found" in check.stdout, check.stdout[-500:]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60)
    assert info.returncode == 0 and info.stderr == "", info.stderr
    match = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE)
    assert match, info.stdout
    poppler = int(match.group(1))
    pdfium = page_count(path)
    assert poppler == pdfium, (path, poppler, pdfium)
    if pages is not None:
        assert poppler == pages, (path, poppler, pages)


def assert_captions_under_each_drawing(path: Path, drawings: int) -> None:
    """Each of a programme's ``drawings`` has its "Start / Slut" captions once, and none begins a
    page on its own: WeasyPrint once carried over the rest of a float it had split for a card
    that then moved to the next page whole."""
    lines = [[line.text for line in page.lines()] for page in read_pdf(path)]
    assert sum(text.endswith(CAPTIONS) for page in lines for text in page) == drawings, path.name
    assert not any(len(page) > 1 and page[1] in CAPTIONS for page in lines), (path.name, [p[:3] for p in lines])
