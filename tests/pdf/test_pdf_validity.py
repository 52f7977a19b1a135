"""Every PDF the tool writes is whole: qpdf --check passes, and poppler and pdfium agree on its
page count (with each other and with what the writer reported)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import CLINICS, invoke_cli
from readback import page_count


def assert_valid_pdf(path: Path, pages: int | None = None) -> None:
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, (path, check.stdout[-500:], check.stderr[-500:])
    assert "No syntax or stream encoding errors found" in check.stdout, check.stdout[-500:]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60)
    assert info.returncode == 0 and info.stderr == "", info.stderr
    poppler = int(re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE).group(1))
    pdfium = page_count(path)
    assert poppler == pdfium, (path, poppler, pdfium)
    if pages is not None:
        assert poppler == pages, (path, poppler, pages)


def test_every_seed_pdf_is_valid(seed_pdfs):
    assert len(seed_pdfs) == 5
    for result in seed_pdfs.values():
        assert_valid_pdf(result.path, result.pages)


def test_every_seed_in_large_print_and_english_is_valid(tmp_path, library, writer, large_print_pdfs):
    from handouts.build import Builder
    from handouts.model.clinic import load_clinic

    assert len(large_print_pdfs) == 5
    for result in large_print_pdfs.values():  # nord, large print
        assert_valid_pdf(result.path, result.pages)
    builder = Builder(library, writer)
    english = load_clinic(CLINICS / "sund-ryg.toml")
    for article in library.articles.values():
        result = builder.build_article(article, english, tmp_path)
        assert_valid_pdf(result.path, result.pages)


def test_every_programme_template_is_valid(tmp_path, library, writer, demo):
    """Every template `handouts list programmes --json` lists: each one, standard and large print."""
    listing = invoke_cli("list", "programmes", "--json")
    assert listing.returncode == 0, listing.stderr
    templates = json.loads(listing.stdout)
    assert templates
    from handouts.build import Builder

    builder = Builder(library, writer)
    assert {t["slug"] for t in templates} == set(library.programmes)
    for template in library.programmes.values():
        for large_print in (False, True):
            result = builder.build_template_programme(template, demo, tmp_path, large_print=large_print)
            assert_valid_pdf(result.path, result.pages)


def test_programme_through_the_cli_is_valid(tmp_path):
    result = invoke_cli("programme", "knae-til-bryst", "bird-dog", "--large-print", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (pdf,) = tmp_path.rglob("*.pdf")
    assert result.stdout.splitlines()[-1] == str(pdf)
    assert_valid_pdf(pdf)
