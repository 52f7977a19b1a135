"""WeasyPrint's C libraries are opened by soname: no compiler or linker runs in a process that renders.

Each case runs in a fresh interpreter (this one has WeasyPrint loaded already) whose PATH starts
with a folder of stand-ins for gcc, cc and ld that record being run: ctypes' library search
finds them there, as it would find the real ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the search it avoids is Linux's")


@pytest.fixture
def recording_path(tmp_path) -> tuple[dict[str, str], Path]:
    """An environment whose gcc, cc and ld only write their name to a log."""
    bin_dir, log = tmp_path / "bin", tmp_path / "ran.log"
    bin_dir.mkdir()
    for tool in ("gcc", "cc", "ld"):
        script = bin_dir / tool
        script.write_text(f"#!/bin/sh\necho {tool} >> {log}\nexit 1\n")
        script.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}, log


def run(code: str, env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


LOADED = "print(sorted({line.split('/')[-1] for line in open('/proc/self/maps') if '.so' in line}))"


def test_a_writer_starts_without_running_a_compiler(recording_path):
    env, log = recording_path
    loaded = run(f"from handouts.pdf.writer import PdfWriter\nPdfWriter()\n{LOADED}", env)
    assert not log.exists(), log.read_text()
    for soname in ("libpango-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1", "libgobject-2.0.so.0"):
        assert soname in loaded, soname


def test_plain_weasyprint_does_run_them(recording_path):
    """The stand-ins are reached: without the soname import, ctypes runs them for each name."""
    env, log = recording_path
    run(f"import weasyprint\n{LOADED}", env)
    assert {"gcc", "ld"} <= set(log.read_text().split())


def test_a_failed_soname_import_falls_back_to_the_usual_search(recording_path):
    env, _ = recording_path
    code = """
import contextlib, sys, types
from handouts.pdf import libraries

@contextlib.contextmanager
def failing():
    sys.modules["weasyprint"] = types.ModuleType("weasyprint")  # as a half-done import leaves it
    sys.modules["weasyprint.text"] = types.ModuleType("weasyprint.text")
    raise OSError("cannot load library 'libpango-1.0.so.0'")
    yield

libraries._no_library_search = failing
libraries.import_weasyprint()
import weasyprint
print(hasattr(weasyprint, "HTML"))
"""
    assert run(code, env).split() == ["True"]
