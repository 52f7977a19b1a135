"""Pages and sheets per printed programme: what a clinic pays in paper for each patient.

    .venv/bin/python benchmarks/pages.py                  # table on stdout
    .venv/bin/python benchmarks/pages.py --json out.json  # also the figures as JSON
    .venv/bin/python benchmarks/pages.py --keep DIR       # keep the PDFs (to look at them)

Builds, in one warm process with ``clinics/nord.toml`` (which has ``public_url``, so the QR
code is printed): programmes of 1, 4 and 8 exercises with a patient, a therapist and a note,
and every shipped programme template, each in standard and large print. A sheet is one
duplex-printed A4 sheet (two pages). "target" is issue 11's (1, 2 and 3 pages; large print 4
exercises on 4), marked PASS or MISS; tests/test_programme_layout.py holds the limits kept.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

from handouts.build import Builder, template_programme
from handouts.model.clinic import load_clinic
from handouts.model.library import Library, load_library
from handouts.model.programme import Programme, build_programme
from handouts.pdf.writer import PdfWriter

ROOT = Path(__file__).resolve().parent.parent

# The exercises in the order a physiotherapist would pick them for a low-back programme.
EXERCISES = [
    "knae-til-bryst",
    "bird-dog",
    "baekkenloeft",
    "kat-ko",
    "piriformisstraek",
    "baekkenkip",
    "siddende-nerveglidning",
    "liggende-nerveglidning",
]
NOTE = "Start blidt og øg gradvist. Stop ved kraftig smerte eller mere udstråling i benet."
# (exercises, standard print, large print): the most pages allowed; None = no target.
TARGETS = {1: (1, None), 4: (2, 4), 8: (3, None)}


def programmes(library: Library) -> dict[str, Programme]:
    found = {}
    for count in TARGETS:
        found[f"{count} exercise{'s' if count > 1 else ''}"] = build_programme(
            library,
            EXERCISES[:count],
            patient="Gertrud Østergaard-Nielsen",
            therapist="Mette Fysio",
            note=NOTE,
        )
    for slug, template in sorted(library.programmes.items()):
        found[f"template {slug}"] = template_programme(library, template)
    return found


def measure(out: Path) -> list[dict[str, object]]:
    library = load_library()
    clinic = load_clinic(ROOT / "clinics" / "nord.toml")
    builder = Builder(library, PdfWriter())
    rows = []
    for name, programme in programmes(library).items():
        for large_print in (False, True):
            target = out / f"{name.replace(' ', '-')}{'-storskrift' if large_print else ''}.pdf"
            result = builder.build_programme(programme, clinic, target, large_print=large_print)
            pages = len(PdfReader(result.path).pages)
            count = len(programme.entries)
            limit = TARGETS.get(count, (None, None))[1 if large_print else 0] if name[0].isdigit() else None
            rows.append(
                {
                    "programme": name,
                    "exercises": count,
                    "print": "large" if large_print else "standard",
                    "pages": pages,
                    "sheets": (pages + 1) // 2,
                    "target_pages": limit,
                    "ok": None if limit is None else pages <= limit,
                }
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder and keep them")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        rows = measure(args.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            rows = measure(Path(folder))
    print(f"{'programme':<30} {'print':<9} {'pages':>5} {'sheets':>6}  target")
    for row in rows:
        verdict = "" if row["ok"] is None else f"≤ {row['target_pages']} {'PASS' if row['ok'] else 'MISS'}"
        print(f"{row['programme']:<30} {row['print']:<9} {row['pages']:>5} {row['sheets']:>6}  {verdict}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
