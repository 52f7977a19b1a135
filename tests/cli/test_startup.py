"""A CLI that answers at once: what each command imports, read from ``python -X importtime``
through the real entry point (``python -m handouts``). Modules, not seconds: the timings are
in ``benchmarks/startup.py``."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT

HEAVY = ("weasyprint", "PIL", "fontTools", "pydantic", "jinja2", "markdown_it", "fastapi", "uvicorn")


def imported(*args: str) -> set[str]:
    """The top-level packages a ``handouts`` command imports, as the interpreter reports them."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "handouts", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+([\w.]+)$", result.stderr, re.MULTILINE)
    assert "handouts.cli" in names  # the report was read: the entry point imported the CLI
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_none_of_the_heavy_libraries(args):
    assert sorted(set(HEAVY) & imported(*args)) == []


@pytest.mark.parametrize("args", [["list"], ["list", "exercises", "--json"], ["check"]])
def test_list_and_check_never_import_weasyprint_or_pillow(args):
    modules = imported(*args)
    assert "pydantic" in modules  # they did their work: the model was loaded
    assert sorted({"weasyprint", "PIL"} & modules) == []


def test_a_command_that_ends_at_once_still_cleans_up_and_reports(tmp_path):
    """``article`` ends without the interpreter's teardown: its PDF is whole, its output and exit
    code are a person's, and its temporary folder (WeasyPrint's font folder in it) is gone all the same. The one
    real `article` run of the tests (the console script's own path, e2e/test_entry_point.py)."""
    from conftest import run_cli
    from readback import read_pdf

    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    result = run_cli(
        "article", "7-facts", "--clinic", "clinics/nord.toml", "--out", str(out), env={"TMPDIR": str(temp)}
    )
    assert result.returncode == 0, result.stderr
    pdf = out / "nord" / "7-facts-om-ondt-i-balden-og-benet-er-det-iskias.pdf"
    assert result.stdout == f"{pdf}\n"
    assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    assert "Fysioterapi Nord" in " ".join(read_pdf(pdf)[0].text.split())
    assert sorted(temp.iterdir()) == []
    missing = run_cli("article", "nope", "--out", str(out), env={"TMPDIR": str(temp)})
    assert missing.returncode == 1 and missing.stderr.startswith("error: unknown article 'nope'")
    assert sorted(temp.iterdir()) == []  # its own temporary folder is gone on a mistake too
