"""QR codes on paper: with a public_url every handout leads to its online copy; without, nothing."""

import re

import pypdfium2
import segno
import zxingcpp

from conftest import CLINICS
from handouts.build import Builder
from handouts.model.clinic import load_clinic
from handouts.model.programme import build_programme
from handouts.model.share import decode
from handouts.render.html import article_html
from handouts.render.qr import article_qr, programme_qr
from helpers.programmes import nord_programme
from readback import pdf_text

ARTICLE = "ondt-i-laenden"
NORD_URL = "https://fysio-nord.dk/patientark"


def flat(text: str) -> str:
    return " ".join(text.split())


def scanned_with_size(path, dpi: int = 300) -> list[tuple[str, float]]:
    """Every QR code a phone would read on the printed pages (the PDF rendered at 300 dpi), with
    the printed width of its symbol in mm, measured corner to corner (quiet zone excluded).

    Only QR codes are looked for (looking for every 1D and 2D format took six times as long)."""
    found = []
    document = pypdfium2.PdfDocument(str(path))
    for page in document:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            corners = result.position
            width_px = (
                (corners.top_right.x - corners.top_left.x) ** 2 + (corners.top_right.y - corners.top_left.y) ** 2
            ) ** 0.5
            found.append((result.text, width_px / dpi * 25.4))
    return found


def scanned(path, dpi: int = 300) -> list[str]:
    return [text for text, _ in scanned_with_size(path, dpi)]


def test_the_svg_is_the_code_for_the_url_with_black_modules_and_a_quiet_zone(nord, library):
    assert nord.public_url == NORD_URL
    svg, url = article_qr(nord, library.articles[ARTICLE])
    assert url == f"{NORD_URL}/{ARTICLE}"
    code = segno.make(url, error="m", micro=False)
    size = code.symbol_size(border=4)[0]
    assert f'viewBox="0 0 {size} {size}"' in svg  # the quiet zone of 4 modules is in the drawing
    assert 'stroke="#000"' in svg and 'fill="#fff"' in svg  # segno writes the short forms
    modules = code.symbol_size(border=0)[0]
    total = 28 * size / modules  # a 28 mm symbol, plus the quiet zone
    assert f'width="{total:.2f}mm" height="{total:.2f}mm"' in svg.split(">", 1)[0]
    assert f"<title>QR-kode til {url}</title>" in svg


def test_article_pdf_carries_a_scannable_qr_code_to_its_online_copy(nord, library, shared_writer, tmp_path):
    result = Builder(library, shared_writer).build_article(library.articles[ARTICLE], nord, tmp_path)  # as test_fonts
    [(url, symbol_mm)] = scanned_with_size(result.path)
    assert url == f"{NORD_URL}/{ARTICLE}" and symbol_mm >= 27.5
    text = flat(pdf_text(result.path))
    assert "Scan koden for at læse dette ark på din telefon." in text
    assert f"{NORD_URL}/{ARTICLE}" in text.replace(" ", "")


def test_programme_pdf_carries_a_scannable_qr_code_to_its_share_link(nord, library, shared_writer, tmp_path):
    """Printed on the four-exercise programme the layout tests print for Nord (one render per run)."""
    result, programme = nord_programme(library, shared_writer, nord, "4", False, tmp_path)
    [(url, symbol_mm)] = scanned_with_size(result.path)
    assert url == programme_qr(nord, programme, library)[1]
    assert url.startswith(f"{NORD_URL}/p/") and len(url) <= 60
    assert "Gertrud" not in url and "Start" not in url  # neither the patient's name nor the note
    # At least 28 mm, and each module at least 0.4 mm (measured on the rendered page).
    modules = segno.make(url, error="m", micro=False).symbol_size(border=0)[0]
    assert 27.5 <= symbol_mm <= 29 and symbol_mm / modules >= 0.4
    shared = decode(url.rsplit("/", 1)[1], library)
    assert [str(d) for d in shared.doses] == [str(entry.dose) for entry in programme.entries]
    assert shared.weeks == programme.weeks
    text = flat(pdf_text(result.path))
    assert "Scan koden for at hente dit program igen." in text
    # The URL is printed whole: never hyphenated where it wraps (a typed hyphen breaks it).
    assert url in re.sub(r"\s", "", text)


def test_a_programmes_share_link_carries_its_own_doses_and_weeks_but_no_name_or_note(nord, library):
    """What the code above encodes, for a programme with a changed dose and three weeks (the link
    itself; that it prints and scans is the test above)."""
    programme = build_programme(
        library,
        ["bird-dog", "kat-ko", "knae-til-bryst"],
        doses={"kat-ko": "2x8@3/week"},
        weeks=3,
        patient="Gertrud Østergaard-Nielsen",
        note="Husk vejrtrækningen",
    )
    _, url = programme_qr(nord, programme, library)
    assert url.startswith(f"{NORD_URL}/p/") and len(url) <= 60
    assert "Gertrud" not in url and "Husk" not in url
    shared = decode(url.rsplit("/", 1)[1], library)
    assert [str(d) for d in shared.doses] == ["2x10/side@daily", "2x8@3/week", "3x30s/side@daily"]
    assert shared.weeks == 3


def test_without_public_url_there_is_no_qr_code_and_no_space_for_one(demo, library, seed_pdfs):
    assert demo.public_url == ""
    article = library.articles[ARTICLE]
    assert article_qr(demo, article) is None
    assert programme_qr(demo, build_programme(library, ["kat-ko"]), library) is None
    html = article_html(article, demo, library, qr=article_qr(demo, article)).html
    assert 'class="qr' not in html and "<svg viewBox" not in html
    path = seed_pdfs[ARTICLE].path  # the session's demo-clinic build of this article
    text = flat(pdf_text(path))
    assert "Scan koden" not in text and "/p/" not in text
    assert scanned(path) == []


def test_caption_follows_the_article_language_not_the_clinic(library):
    # One handout, one language: an English clinic printing a Danish-only article gets the
    # Danish caption, never an English label over Danish text. The caption is the page's text:
    # the HTML says it (that the code prints and scans is the Nord article's test above).
    clinic = load_clinic(CLINICS / "sund-ryg.toml").model_copy(update={"public_url": "https://sundryg.dk/leaflets"})
    article = library.articles[ARTICLE]
    qr = article_qr(clinic, article)
    assert qr is not None and qr[1] == f"https://sundryg.dk/leaflets/{ARTICLE}"
    text = flat(re.sub(r"<[^>]+>", " ", article_html(article, clinic, library, qr=qr).html))
    assert "Scan koden for at læse dette ark på din telefon." in text and "Scan the code" not in text
    assert "QR-kode til https://sundryg.dk" in text and "QR code for" not in text  # the code's own description too
    assert f"https://sundryg.dk/leaflets/{ARTICLE}" in text.replace(" ", "")  # printed under the code
