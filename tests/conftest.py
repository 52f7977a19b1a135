"""Shared fixtures: the content library, one warm PDF writer, and PDF/CLI helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CLINICS = ROOT / "clinics"
BUNDLED_FONTS = ("IBM-Plex-Sans", "Handouts-Symbols", "Handouts-Math")


def handouts_executable() -> str:
    """The real console-script entry point installed beside this Python."""
    candidate = Path(sys.executable).parent / "handouts"
    return str(candidate) if candidate.exists() else shutil.which("handouts") or "handouts"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `handouts ARGS…` as a user would, capturing stdout and stderr."""
    full_env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    full_env.pop("HANDOUTS_CONTENT", None) if "HANDOUTS_CONTENT" not in (env or {}) else None
    return subprocess.run(
        [handouts_executable(), *args], cwd=cwd or ROOT, env=full_env, capture_output=True, text=True,
        timeout=timeout, stdin=subprocess.DEVNULL,
    )


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_fonts(path: Path) -> set[str]:
    """Base names of every font embedded in the PDF (subset prefix removed)."""
    names: set[str] = set()
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1])
    return names


def body_font_sizes(path: Path) -> list[float]:
    """Sizes of characters between the running header and footer, on every page."""
    sizes: list[float] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            top, bottom = 27 * 72 / 25.4, page.height - 24 * 72 / 25.4
            sizes += [round(c["size"], 2) for c in page.chars if top <= c["top"] and c["bottom"] <= bottom and c["text"].strip()]
    return sizes


@pytest.fixture(scope="session")
def library():
    from handouts.model.library import load_library

    return load_library()


@pytest.fixture(scope="session")
def writer():
    from handouts.pdf.writer import PdfWriter

    return PdfWriter()


@pytest.fixture(scope="session")
def demo():
    from handouts.model.clinic import demo_clinic

    return demo_clinic()


@pytest.fixture(scope="session")
def seed_pdfs(tmp_path_factory, library, writer, demo):
    """Every seed article built once for the demo clinic: {slug: PdfResult}."""
    from handouts.build import Builder

    out = tmp_path_factory.mktemp("seed-pdfs")
    builder = Builder(library, writer)
    return {slug: builder.build_article(article, demo, out) for slug, article in library.articles.items()}
