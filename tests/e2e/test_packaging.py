"""A built wheel carries templates/, styles/, seeds/ and clinics/ and renders outside the checkout."""

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, pdf_fonts
from readback import pdf_text


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return next(dist.glob("handouts-*.whl"))


def test_wheel_contains_the_top_level_folders(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for expected in [
        "handouts/_data/templates/article.html.j2",
        "handouts/_data/styles/handout.css",
        "handouts/_data/styles/fonts/ibm-plex-sans-latin-400-normal.woff",
        "handouts/_data/styles/fonts/LICENSE-ibm-plex-sans.txt",
        "handouts/_data/seeds/003_7bd3c67fac983090.txt",
        "handouts/_data/seeds/red-flags/ryg-og-iskias.md",
        "handouts/_data/clinics/nord.toml",
        "handouts/demo/clinic.toml",
        "handouts/locales/da.toml",
    ]:
        assert expected in names, expected


@pytest.mark.slow
@pytest.mark.timeout(1800)  # builds a wheel and installs it with its dependencies
def test_installed_wheel_renders_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    # A clean virtual environment without a pip of its own: this environment's pip installs the
    # wheel and its dependencies into it, without compiling bytecode up front (half the time).
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-compile",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run(
        [venv / "bin" / "handouts", "article", "ondt", "--clinic", str(venv.parent / "nope.toml")],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "no such clinic profile" in result.stderr
    result = subprocess.run(
        [venv / "bin" / "handouts", "article", "ondt"], cwd=work, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    pdf = work / "output" / "demo" / "ondt-i-laenden.pdf"
    assert "Ondt i lænden" in pdf_text(pdf)
    assert all(name.startswith(("IBM-Plex-Sans", "Handouts-")) for name in pdf_fonts(pdf))
