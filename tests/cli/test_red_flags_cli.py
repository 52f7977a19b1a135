"""`handouts red-flags`: the review sheet a clinician reads and signs, through the real command."""

from __future__ import annotations

from conftest import invoke_cli
from handouts.model.out_of_hours import REGIONS
from readback import read_pdf


def test_the_review_sheet_prints_every_set_in_both_languages_with_a_line_to_sign(tmp_path, library):
    target = tmp_path / "review.pdf"
    result = invoke_cli("red-flags", "--out", str(target), "--clinic", "clinics/nord.toml")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{target}\n" and result.stderr == ""
    pages = [" ".join(page.text.split()) for page in read_pdf(target)]
    assert pages[0].startswith("Røde flag – faglig gennemgang – Fysioterapi Nord")
    sheet = " ".join(pages)
    for slug, danish in library.red_flags.items():
        english = library.translations["en"][slug]
        # each set starts a page: its Danish and English titles, not reviewed yet, its sources and keywords
        page = next(p for p in pages if p.startswith(f"{danish.title} / {english.title}"))
        assert "Ikke fagligt gennemgået endnu." in page, slug
        first = english.signs[0].text.replace("**", "").split()[:3]
        assert " ".join(first) in sheet, slug
        for source in danish.sources:
            url = source.rsplit("(", 1)[-1].rstrip(")")
            assert url.replace(" ", "") in sheet.replace(" ", ""), (slug, url)
    assert sheet.count("Gennemgået af (navn og rolle):") == len(library.red_flags) + 2  # and the numbers, and all
    assert "Nøgleord (titel og tekst vælger sættet): ryg, lænd, iskias" in sheet
    assert "Jeg har gennemgået alle sæt ovenfor" in pages[-1]
    # the out-of-hours numbers the boxes print, each with the page it was checked against,
    # on a page of their own with a line to sign; Nord's region (nordjylland) is marked
    numbers = next(p for p in pages if p.startswith("Numre, når egen læge har lukket"))
    for key, entry in REGIONS.items():
        assert entry.phone in numbers, key
        url = entry.source.rsplit("(", 1)[-1].rstrip(")")
        assert url.replace(" ", "") in numbers.replace(" ", ""), key
    assert "Region Nordjylland (klinikkens region)" in numbers
    assert numbers.count("(klinikkens region") == 1 and "Gennemgået af (navn og rolle):" in numbers


def test_the_review_sheet_wants_a_pdf_file(tmp_path):
    result = invoke_cli("red-flags", "--out", str(tmp_path / "review.txt"))
    assert result.returncode == 2
    assert result.stderr == f"error: --out: {tmp_path / 'review.txt'} must be a .pdf file, e.g. --out review.pdf\n"
    assert not (tmp_path / "review.txt").exists()


def test_the_review_sheet_has_help():
    result = invoke_cli("red-flags", "--help")
    assert result.returncode == 0 and "Example: handouts red-flags --out review.pdf" in result.stdout
