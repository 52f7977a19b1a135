"""What the patient gets, in plain text: every handout's pages and text, to compare before and after.

    .venv/bin/python benchmarks/identity.py DIR            # writes DIR/<clinic>/<handout>.pdf, .txt
    .venv/bin/python benchmarks/identity.py DIR --compare OTHER   # also: differences against OTHER

Builds every seed article and every programme template, standard and large print, for the demo
clinic and the example clinics in ``clinics/``, and writes each PDF's text (``pdftotext
-layout``) with its page count. A change that only makes rendering faster must leave every
``.txt`` identical; ``--compare`` lists the handouts whose page count or text differ.
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
        txt = pdf.with_suffix(".txt")
        txt.write_text(f"pages: {pages}\n{text.stdout}", "utf-8")
        texts.append(txt)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, metavar="OTHER", help="a folder written the same way before")
    args = parser.parse_args()
    texts = build_all(args.out)
    print(f"{len(texts)} handouts written to {args.out}")
    if args.compare:
        differ = []
        for txt in texts:
            other = args.compare / txt.relative_to(args.out)
            if not other.exists() or other.read_text("utf-8") != txt.read_text("utf-8"):
                differ.append(str(txt.relative_to(args.out)))
        print(f"identical pages and text: {len(texts) - len(differ)} of {len(texts)}")
        for name in differ:
            print(f"differs: {name}")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
