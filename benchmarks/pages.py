"""Paper a clinic pays for: printed words per page and page fill for articles, pages per programme.

    .venv/bin/python benchmarks/pages.py                   # table on stdout
    .venv/bin/python benchmarks/pages.py --json out.json   # also the figures as JSON
    .venv/bin/python benchmarks/pages.py --keep DIR        # keep the PDFs (to look at them)
    .venv/bin/python benchmarks/pages.py --articles 0      # programmes only

Builds, in one warm process with ``clinics/nord.toml`` (which has ``public_url``, so the QR
code is printed):

- every shipped article and every article of ``../shared/corpus/articles`` (when present), in
  standard and large print: printed words per page, the fill of each page (0–1 of the text
  area, from WeasyPrint's layout boxes: ``handouts.pdf.placement.measure``), pages other than
  the last under one third full ("holes"), last pages under one fifth full, pages holding only
  the call to action or the QR code, red-flag boxes split across pages;
- programmes of 1, 4 and 8 exercises with a patient, a therapist and a note, every shipped
  programme template, and six CMS exercises of the sample in large print.

Targets are issue 23's and are marked PASS or MISS; the tests keep them
(tests/pdf/test_programme_layout.py, tests/pdf/test_page_fill.py, tests/test_corpus.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from handouts.build import Builder, render_article, render_programme, template_programme
from handouts.model.clinic import load_clinic
from handouts.model.library import Library, load_library
from handouts.model.programme import Programme, build_programme
from handouts.pdf.placement import HOLE, SHORT_LAST, measure
from handouts.pdf.writer import PdfWriter

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT.parent / "shared" / "corpus").resolve()

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
TARGETS = {1: (1, None), 4: (2, 4), 8: (4, None)}
CMS_TARGET = 6  # six CMS exercises in large print
WORDS_TARGET = 300  # printed words per page, on average over the articles


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


def _only_closing(classes: set[str]) -> bool:
    """A page whose only content is the call to action and/or the QR code."""
    content = {name for name in classes if not name.startswith(("running-", "nowrap", "link", "tel"))}
    return bool(content) and content <= {
        "closing",
        "closing--with-qr",
        "call-to-action",
        "qr",
        "qr__code",
        "qr__caption",
        "qr__url",
        "red-flags-group",
    }


def measure_articles(
    writer: PdfWriter, clinic, limit: int | None, keep: Path | None, prints: tuple[bool, ...] = (False, True)
) -> list[dict[str, object]]:
    libraries = [("shipped", load_library())]
    if (CORPUS / "articles").is_dir():
        libraries.append(("corpus", load_library(CORPUS)))
    rows = []
    for source, library in libraries:
        articles = sorted(library.articles.items())
        if source == "corpus":
            articles = [(slug, a) for slug, a in articles if a.path.resolve().is_relative_to(CORPUS)]
        for slug, article in articles[:limit]:
            for large_print in prints:
                rendered = render_article(library, article, clinic, large_print=large_print)
                started = time.perf_counter()
                document = writer.layout(rendered)
                seconds = time.perf_counter() - started
                pages = measure(document)
                if keep is not None:
                    suffix = "-storskrift" if large_print else ""
                    (keep / "articles").mkdir(parents=True, exist_ok=True)
                    document.write_pdf(keep / "articles" / f"{slug}{suffix}.pdf")
                box_pages = sum(1 for page in pages if "red-flags" in page.classes)
                rows.append(
                    {
                        "source": source,
                        "article": slug,
                        "print": "large" if large_print else "standard",
                        "pages": len(pages),
                        "words": sum(page.words for page in pages),
                        "fill": [round(page.fill, 3) for page in pages],
                        "holes": sum(1 for page in pages[:-1] if page.fill < HOLE),
                        "short_last": pages[-1].fill < SHORT_LAST,
                        "closing_alone": sum(1 for page in pages if _only_closing(page.classes)),
                        "box_split": box_pages > len(red_flag_boxes(rendered.html)),
                        "layout_seconds": round(seconds, 3),
                    }
                )
    return rows


def red_flag_boxes(html: str) -> list[int]:
    return [i for i in range(html.count('<aside class="red-flags"'))]


def measure_programmes(writer: PdfWriter, clinic, out: Path) -> list[dict[str, object]]:
    library = load_library()
    builder = Builder(library, writer)
    rows = []
    cases: list[tuple[str, Programme, Library, bool]] = [
        (name, programme, library, large) for name, programme in programmes(library).items() for large in (False, True)
    ]
    if (CORPUS / "exercises").is_dir():
        cms = load_library(CORPUS)
        slugs = sorted(slug for slug, e in cms.exercises.items() if e.source.path.resolve().is_relative_to(CORPUS))[:6]
        if len(slugs) == 6:
            cases.append(("6 CMS exercises", build_programme(cms, slugs, patient="Gertrud", note=NOTE), cms, True))
    for name, programme, lib, large_print in cases:
        target = out / f"{name.replace(' ', '-')}{'-storskrift' if large_print else ''}.pdf"
        rendered = render_programme(lib, programme, clinic, large_print=large_print)
        result = writer.write(rendered, target)
        count = len(programme.entries)
        if name == "6 CMS exercises":
            limit: int | None = CMS_TARGET
        elif name[0].isdigit():
            limit = TARGETS.get(count, (None, None))[1 if large_print else 0]
        else:
            limit = None
        rows.append(
            {
                "programme": name,
                "exercises": count,
                "print": "large" if large_print else "standard",
                "pages": result.pages,
                "sheets": (result.pages + 1) // 2,
                "target_pages": limit,
                "ok": None if limit is None else result.pages <= limit,
            }
        )
    del builder
    return rows


def article_summary(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    summary = []
    for source in ("shipped", "corpus"):
        for print_ in ("standard", "large"):
            group = [r for r in rows if r["source"] == source and r["print"] == print_]
            if not group:
                continue
            pages = sum(int(r["pages"]) for r in group)  # type: ignore[call-overload]
            words = sum(int(r["words"]) for r in group)  # type: ignore[call-overload]
            summary.append(
                {
                    "articles": f"{source} ({len(group)})",
                    "print": print_,
                    "pages": pages,
                    "words_per_page": round(words / pages),
                    "holes": sum(int(r["holes"]) for r in group),  # type: ignore[call-overload]
                    "short_last": sum(1 for r in group if r["short_last"]),
                    "closing_alone": sum(int(r["closing_alone"]) for r in group),  # type: ignore[call-overload]
                    "box_split": sum(1 for r in group if r["box_split"]),
                    "median_layout_s": round(statistics.median(float(r["layout_seconds"]) for r in group), 3),  # type: ignore[arg-type]
                }
            )
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder and keep them")
    parser.add_argument("--articles", type=int, default=None, help="at most this many articles per source")
    parser.add_argument("--programmes", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--print", choices=("standard", "large", "both"), default="both", help="articles in which print"
    )
    args = parser.parse_args()
    writer = PdfWriter(tagged=False)  # the same layout as tagged, faster
    clinic = load_clinic(ROOT / "clinics" / "nord.toml")
    articles = (
        measure_articles(
            writer,
            clinic,
            args.articles,
            args.keep,
            {"standard": (False,), "large": (True,), "both": (False, True)}[args.print],
        )
        if args.articles != 0
        else []
    )
    summary = article_summary(articles)
    if summary:
        print(
            f"{'articles':<16} {'print':<9} {'pages':>5} {'words/page':>10} {'holes':>5} {'short last':>10}"
            f" {'CTA alone':>9} {'box split':>9} {'layout s':>8}"
        )
        for row in summary:
            verdict = ""
            if row["print"] == "standard":
                verdict = "PASS" if int(row["words_per_page"]) >= WORDS_TARGET else "MISS"  # type: ignore[call-overload]
            print(
                f"{row['articles']:<16} {row['print']:<9} {row['pages']:>5} {row['words_per_page']:>10} {row['holes']:>5}"
                f" {row['short_last']:>10} {row['closing_alone']:>9} {row['box_split']:>9} {row['median_layout_s']:>8}  {verdict}"
            )
        print()
    rows: list[dict[str, object]] = []
    if args.programmes:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            rows = measure_programmes(writer, clinic, args.keep)
        else:
            with tempfile.TemporaryDirectory() as folder:
                rows = measure_programmes(writer, clinic, Path(folder))
        print(f"{'programme':<30} {'print':<9} {'pages':>5} {'sheets':>6}  target")
        for row in rows:
            verdict = "" if row["ok"] is None else f"≤ {row['target_pages']} {'PASS' if row['ok'] else 'MISS'}"
            print(f"{row['programme']:<30} {row['print']:<9} {row['pages']:>5} {row['sheets']:>6}  {verdict}")
    if args.json:
        figures = {"articles": summary, "article_rows": articles, "programmes": rows}
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
