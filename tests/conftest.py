"""Shared fixtures: the content library, one warm PDF writer, and PDF/CLI helpers."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from handouts.heap import collect_less
from readback import read_pdf

ROOT = Path(__file__).resolve().parent.parent

# The test processes collect garbage as the tool's own processes do (handouts/heap.py): in
# tests/pdf, render and model the collector's share fell from 10.7 s to 4.6 s of 117 s of CPU.
collect_less()

pytest_plugins = ["helpers.web_app"]  # the web tests' `site` and `client`
SEEDS = ROOT / "seeds"
CLINICS = ROOT / "clinics"
BUNDLED_FONTS = ("IBM-Plex-Sans", "Handouts-Symbols", "Handouts-Math")
DEMO_PROFILE = ROOT / "src" / "handouts" / "demo" / "clinic.toml"
BATCH_SUMMARY = re.compile(r"^built (\d+), unchanged (\d+), failed (\d+) in \d+\.\d s$")


# Files that take longest run first: `--dist loadfile` hands out files in collection order, each
# worker taking the next when it runs low, so the last ones to start are short and no worker
# idles at the end while another finishes a long file. Measured with --durations=0 (summed per
# file; docs/benchmarks.md, "The test suite"): a file that grows past ~10 s belongs here.
SLOW_FILES_FIRST = (
    "pdf/test_programme_templates.py",
    "test_corpus.py",
    "e2e/test_browser.py",
    "render/test_figures.py",
    "render/test_red_flag_box.py",
    "pdf/test_programme_layout.py",
    "e2e/test_batch_signals.py",
    "test_hostile_limits.py",
    "web/test_web.py",
    "render/test_qr.py",
    "test_properties.py",
    "batch/",
    "cli/test_cli_batch.py",
    "e2e/test_packaging.py",
    "web/",
    "e2e/",
    "test_hostile",
    "pdf/",
    "model/test_programme.py",
    "cli/test_cli_catalogue.py",
    "test_exercise_content.py",
    "render/",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).parent

    def rank(item: pytest.Item) -> int:
        path = item.path.relative_to(tests).as_posix()
        return next((i for i, start in enumerate(SLOW_FILES_FIRST) if path.startswith(start)), len(SLOW_FILES_FIRST))

    items.sort(key=rank)  # stable: a file's tests stay together and in their order


def handouts_executable() -> str:
    """The real console-script entry point installed beside this Python."""
    candidate = Path(sys.executable).parent / "handouts"
    return str(candidate) if candidate.exists() else shutil.which("handouts") or "handouts"


def run_cli(
    *args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run `handouts ARGS…` as a user would, capturing stdout and stderr."""
    full_env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    full_env.pop("HANDOUTS_CONTENT", None) if "HANDOUTS_CONTENT" not in (env or {}) else None
    return subprocess.run(
        [handouts_executable(), *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@dataclass(frozen=True)
class CliResult:
    """What `handouts ARGS…` did: the same three fields as a finished subprocess."""

    returncode: int
    stdout: str
    stderr: str


def invoke_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> CliResult:
    """`handouts ARGS…` in this process: the console script's function (handouts.cli.main, with
    its one-line errors and exit codes; the script itself, handouts.cli.run, only adds the quick
    end) on captured stdin/stdout/stderr, with the environment and working folder of ``run_cli``. It proves what ``run_cli`` proves about a
    command's output, files and exit code, without starting Python and WeasyPrint again;
    ``run_cli`` stays for what only a real process shows (the entry point, signals, tracebacks
    printed by the interpreter)."""
    from click.testing import CliRunner

    from handouts.cli import main

    overrides: dict[str, str | None] = {"COLUMNS": "200", "NO_COLOR": "1", "HANDOUTS_CONTENT": None, **(env or {})}
    argv, main_module = sys.argv, sys.modules["__main__"]
    with CliRunner().isolation(env=overrides) as (stdout, stderr, _), contextlib.chdir(cwd or ROOT):
        # As the console script sees it: click names the program "handouts" in usage lines
        # (under `python -m pytest` it would say "python -m pytest").
        sys.argv, sys.modules["__main__"] = ["handouts", *args], types.ModuleType("__main__")
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
        finally:
            sys.argv, sys.modules["__main__"] = argv, main_module
            sys.stdout.flush()
            sys.stderr.flush()
    return CliResult(code, stdout.getvalue().decode(), stderr.getvalue().decode())


def batch_summary(stdout: str) -> tuple[int, int, int]:
    """(built, unchanged, failed) from the last line `handouts batch` prints."""
    match = BATCH_SUMMARY.match(stdout.splitlines()[-1])
    assert match, stdout
    built, unchanged, failed = (int(n) for n in match.groups())
    return built, unchanged, failed


def assert_valid_pdfs(out: Path) -> list[Path]:
    """Every PDF below ``out`` reads back whole (a truncated file fails the strict reader)."""
    pdfs = sorted(out.rglob("*.pdf"))
    for path in pdfs:
        assert len(PdfReader(path, strict=True).pages) >= 1, path
    return pdfs


def pdf_fonts(path: Path) -> set[str]:
    """Base names of every font the PDF's pages use (subset prefix removed)."""
    names: set[str] = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for font in fonts.values():
                names.add(str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1])
    return names


def body_font_sizes(path: Path) -> list[float]:
    """Sizes of characters between the running header and footer, on every page."""
    sizes: list[float] = []
    for page in read_pdf(path):
        top, bottom = 27 * 72 / 25.4, page.height - 24 * 72 / 25.4
        sizes += [round(c.size, 2) for c in page.chars if top <= c.top and c.bottom <= bottom and c.text.strip()]
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
def shared_writer(tmp_path_factory, writer):
    """The session's writer with each handout's PDF made once per run, for every test file and
    both workers (helpers/renders.py): for fixtures and tests that print the same handouts."""
    from helpers.renders import SharedWriter, run_folder

    return SharedWriter(writer, run_folder(tmp_path_factory))


@pytest.fixture(scope="session")
def demo():
    from handouts.model.clinic import demo_clinic

    return demo_clinic()


@pytest.fixture(scope="session")
def nord():
    """clinics/nord.toml: Danish labels, the longest footer, a public_url (QR codes) and a call to action."""
    from handouts.model.clinic import load_clinic

    return load_clinic(CLINICS / "nord.toml")


@pytest.fixture(scope="session")
def clinic_exercise_pages(tmp_path_factory) -> Path:
    """A content folder with 150 CMS exercise pages (helpers.content.write_exercise_pages)."""
    from helpers.content import write_exercise_pages

    return write_exercise_pages(tmp_path_factory.mktemp("klinik"))


@pytest.fixture(scope="session")
def seed_pdfs(tmp_path_factory, library, shared_writer, demo):
    """Every seed article built once for the demo clinic (once per run: shared_writer): {slug: PdfResult}."""
    from handouts.build import Builder

    out = tmp_path_factory.mktemp("seed-pdfs")
    builder = Builder(library, shared_writer)
    return {slug: builder.build_article(article, demo, out) for slug, article in library.articles.items()}


@pytest.fixture(scope="session")
def large_print_pdfs(tmp_path_factory, library, shared_writer, nord):
    """Every seed in large print for the clinic with the longest footer (nord), built once per run: {slug: PdfResult}."""
    from handouts.build import Builder

    out = tmp_path_factory.mktemp("large-print")
    builder = Builder(library, shared_writer)
    return {
        slug: builder.build_article(article, nord, out, large_print=True) for slug, article in library.articles.items()
    }
