"""What the patient gets, in plain text: every handout's pages and text, to compare before and after.

    .venv/bin/python benchmarks/identity.py DIR            # writes DIR/<clinic>/<handout>.pdf, .txt
    .venv/bin/python benchmarks/identity.py DIR --compare OTHER   # also: differences against OTHER

Builds every seed article and every programme template, standard and large print, for the demo
clinic and the example clinics in ``clinics/``, and writes each PDF's text (``pdftotext
-layout``) with its page count and the fonts it embeds. A change that only makes rendering
faster must leave every ``.txt`` identical; ``--compare`` lists the handouts whose page count,
fonts or text differ, and ``--pixels`` also compares every page at 50 dpi, pixel for pixel.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from handouts.build import Builder
from handouts.model.clinic import find_clinic_files, load_clinic
from handouts.model.library import load_library
from handouts.pdf.writer import PdfWriter


def build_all(out: Path) -> list[Path]:
    library = load_library()
    builder = Builder(library, PdfWriter())
    made = []
    for clinic in (load_clinic(path) for path in find_clinic_files()):
        for large_print in (False, True):
            for article in library.articles.values():
                made.append(builder.build_article(article, clinic, out, large_print=large_print).path)
            for template in library.programmes.values():
                made.append(builder.build_template_programme(template, clinic, out, large_print=large_print).path)
    texts = []
    for pdf in made:
        assert pdf is not None
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        faces = sorted({line.split()[0].partition("+")[2] for line in listing.splitlines()[2:] if line.strip()})
        txt = pdf.with_suffix(".txt")
        txt.write_text(f"pages: {pages}\nfonts: {' '.join(faces)}\n{text.stdout}", "utf-8")
        texts.append(txt)
    return texts


def pixels(pdf: Path) -> list[bytes]:
    """Every page as a 50 dpi greyscale bitmap."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="identity-") as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", "50", str(pdf), f"{tmp}/page"], check=True)
        return [page.read_bytes() for page in sorted(Path(tmp).glob("page*.pgm"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, metavar="OTHER", help="a folder written the same way before")
    parser.add_argument("--pixels", action="store_true", help="with --compare: also compare the pages' pixels")
    args = parser.parse_args()
    texts = build_all(args.out)
    print(f"{len(texts)} handouts written to {args.out}")
    if args.compare:
        differ = []
        for txt in texts:
            other = args.compare / txt.relative_to(args.out)
            if not other.exists() or other.read_text("utf-8") != txt.read_text("utf-8"):
                differ.append(str(txt.relative_to(args.out)))
            elif args.pixels and pixels(txt.with_suffix(".pdf")) != pixels(other.with_suffix(".pdf")):
                differ.append(f"{txt.relative_to(args.out)} (pixels)")
        print(f"identical pages and text: {len(texts) - len(differ)} of {len(texts)}")
        for name in differ:
            print(f"differs: {name}")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
