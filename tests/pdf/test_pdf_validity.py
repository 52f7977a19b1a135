"""Every PDF the tool writes is whole: qpdf --check passes, and poppler and pdfium agree on its
page count (with each other and with what the writer reported)."""

from __future__ import annotations

import json

from conftest import CLINICS, invoke_cli
from helpers.validity import assert_valid_pdf


def test_every_seed_pdf_is_valid(seed_pdfs):
    assert len(seed_pdfs) == 5
    for result in seed_pdfs.values():
        assert_valid_pdf(result.path, result.pages)


def test_every_seed_in_large_print_and_english_is_valid(tmp_path, library, writer, large_print_pdfs):
    """Every seed in large print (Nord); for the English clinic (Sund Ryg) the seed with the
    most kinds of content (tables, lists, figures, FAQ), as every seed is checked twice above
    and Sund Ryg's programmes are in test_programme_templates."""
    from handouts.build import Builder
    from handouts.model.clinic import load_clinic

    assert len(large_print_pdfs) == 5
    for result in large_print_pdfs.values():  # nord, large print
        assert_valid_pdf(result.path, result.pages)
    english = load_clinic(CLINICS / "sund-ryg.toml")
    article = library.articles["iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening"]
    result = Builder(library, writer).build_article(article, english, tmp_path)
    assert_valid_pdf(result.path, result.pages)


def test_every_programme_template_is_listed(library):
    """Every template `handouts list programmes --json` lists is the library's; each one is
    printed, read back and checked whole (assert_valid_pdf) by
    tests/pdf/test_programme_templates.py, both clinics and both prints taking turns."""
    listing = invoke_cli("list", "programmes", "--json")
    assert listing.returncode == 0, listing.stderr
    templates = json.loads(listing.stdout)
    assert templates
    assert {t["slug"] for t in templates} == set(library.programmes)


def test_programme_through_the_cli_is_valid(tmp_path):
    result = invoke_cli("programme", "knae-til-bryst", "bird-dog", "--large-print", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (pdf,) = tmp_path.rglob("*.pdf")
    assert result.stdout.splitlines()[-1] == str(pdf)
    assert_valid_pdf(pdf)
