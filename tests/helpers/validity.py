"""A PDF the tool wrote is whole: qpdf --check passes, and poppler and pdfium agree on its page
count (with each other and with what the writer reported)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from readback import page_count


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
