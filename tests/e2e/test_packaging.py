"""A built wheel carries templates/, styles/, seeds/ and clinics/ and renders outside the checkout."""

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

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
@pytest.mark.timeout(600)  # builds a wheel and installs it
def test_installed_wheel_renders_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    # The installed tool must not find the checkout through a PYTHONPATH set for development.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    # A clean virtual environment without a pip of its own; this environment's pip installs the
    # wheel alone into it, without compiling bytecode up front. Its dependencies are the ones
    # this environment already has (a .pth file puts its site-packages after the venv's own, so
    # `handouts` itself comes from the wheel, never from the checkout).
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    venv_python = venv / "bin" / "python"
    site_packages = subprocess.run(
        [venv_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site_packages) / "_handouts_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv_python),
            "install",
            "-q",
            "--no-deps",
            "--no-compile",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    installed = subprocess.run(
        [venv_python, "-c", "import handouts; print(handouts.__file__)"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    assert Path(installed).is_relative_to(site_packages), installed  # the wheel's, not the checkout's
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run(
        [venv / "bin" / "handouts", "article", "ondt", "--clinic", str(venv.parent / "nope.toml")],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "no such clinic profile" in result.stderr
    result = subprocess.run(
        [venv / "bin" / "handouts", "article", "ondt"], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    pdf = work / "output" / "demo" / "ondt-i-laenden.pdf"
    assert "Ondt i lænden" in pdf_text(pdf)
    assert all(name.startswith(("IBM-Plex-Sans", "Handouts-")) for name in pdf_fonts(pdf))
