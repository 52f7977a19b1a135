"""The per-handout render floor (issue 15): our pipeline against plain WeasyPrint on today's HTML.

    .venv/bin/python benchmarks/floor.py                 # table on stdout, PASS/MISS against the target
    .venv/bin/python benchmarks/floor.py --rounds 5      # more rounds (default 3)
    .venv/bin/python benchmarks/floor.py --json out.json # also the figures as JSON ("-": stdout only)

In one warm process, interleaved, for each handout of the baseline (the 5 seed articles for the
demo clinic, the programme template ``blid-start-iskias`` and a large-print article):

- **plain WeasyPrint** on ``benchmarks/baseline/`` — the final HTML as the code made it when the
  snapshot was taken (commit fa35af7), with that day's stylesheets copied beside it: one
  ``FontConfiguration`` shared with the ``CSS()`` objects (parsed once), ``HTML(string=...,
  base_url=...).write_pdf(...)`` with the same tagging (``pdf_variant="pdf/ua-1"``) the handouts
  promise, nothing handouts-specific (no fetcher, no image cache);
- **our pipeline** end to end, as a batch worker makes a handout: ``render_article`` /
  ``render_programme`` (the HTML) and ``PdfWriter.write`` (the PDF file), with one long-lived
  ``Builder`` per process.

Each round times every handout once in both ways (the order alternating per round); the
median per handout is kept. The target: the pipeline's time per seed article ≤ 0.6 × the plain
WeasyPrint time on the same seeds' baseline HTML. CPU time is shared on the machine, so only the
ratio measured in the same run means anything; the load average is printed with it, and so is
the ratio of CPU time (this process's own), which the other work on the machine disturbs less.

``--snapshot`` rewrites the baseline from the current code: only ever run it on the commit the
baseline stands for (it is today's HTML *before* the work of issue 15).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "benchmarks" / "baseline"
TARGET = 0.6
PROGRAMME = "blid-start-iskias"
LARGE_PRINT = "ondt-i-laenden"
STYLESHEETS = ("handout.css", "programme.css", "fallback.css")  # the writer's order at the snapshot
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Handout:
    name: str  # file stem in baseline/
    kind: str  # "article" or "programme"
    slug: str
    large_print: bool = False

    @property
    def is_seed(self) -> bool:
        return self.kind == "article" and not self.large_print


def handouts(article_slugs: list[str]) -> list[Handout]:
    found = [Handout(f"article-{slug}", "article", slug) for slug in article_slugs]
    found.append(Handout(f"programme-{PROGRAMME}", "programme", PROGRAMME))
    found.append(Handout(f"article-{LARGE_PRINT}-storskrift", "article", LARGE_PRINT, large_print=True))
    return found


# --- the snapshot ------------------------------------------------------------------------------


def snapshot() -> None:
    """Write today's final HTML (demo clinic) and the stylesheets it is printed with to baseline/."""
    import subprocess

    import weasyprint

    from handouts.build import render_article, render_programme, template_programme
    from handouts.model.clinic import demo_clinic
    from handouts.model.library import load_library
    from handouts.resources import styles_dir

    library = load_library()
    clinic = demo_clinic()
    if BASELINE.exists():
        shutil.rmtree(BASELINE)
    (BASELINE / "styles").mkdir(parents=True)
    (BASELINE / "assets").mkdir()
    for name in STYLESHEETS:  # copied: the baseline must not change when styles/ does
        shutil.copy(styles_dir() / name, BASELINE / "styles" / name)
    assert clinic.logo is not None
    shutil.copy(clinic.logo, BASELINE / "assets" / "logo.svg")
    documents = handouts(sorted(library.articles))
    for handout in documents:
        if handout.kind == "article":
            rendered = render_article(library, library.articles[handout.slug], clinic, large_print=handout.large_print)
        else:
            programme = template_programme(library, library.programmes[handout.slug])
            rendered = render_programme(library, programme, clinic, large_print=handout.large_print)
        html = rendered.html.replace(clinic.logo.as_uri(), "assets/logo.svg")
        if "file:" in html:
            sys.exit(f"{handout.name}: the HTML names a local file other than the logo; extend the snapshot")
        (BASELINE / f"{handout.name}.html").write_text(html, "utf-8")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    manifest = {
        "commit": commit,
        "weasyprint": weasyprint.__version__,
        "clinic": "demo",
        "handouts": [handout.__dict__ for handout in documents],
        "stylesheets": list(STYLESHEETS),
        "fonts": "url(fonts/…) in the copied stylesheets resolve against the repository's styles/ (unchanged fonts)",
    }
    (BASELINE / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    print(f"baseline of {len(documents)} handouts written to {BASELINE.relative_to(ROOT)}/ (commit {commit[:7]})")


# --- the two ways of making a handout ---------------------------------------------------------


class PlainWeasyPrint:
    """WeasyPrint as anyone would call it on the baseline HTML, warm: CSS parsed once."""

    def __init__(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        fonts_base = str(ROOT / "styles") + "/"  # the fonts stay where they are; the CSS is the copy
        self.stylesheets = [
            CSS(
                string=(BASELINE / "styles" / name).read_text("utf-8"),
                base_url=fonts_base,
                font_config=self.font_config,
            )
            for name in STYLESHEETS
        ]
        self.html = {path.stem: path.read_text("utf-8") for path in BASELINE.glob("*.html")}

    def make(self, handout: Handout) -> bytes:
        from weasyprint import HTML

        data: bytes = HTML(string=self.html[handout.name], base_url=str(BASELINE) + "/").write_pdf(
            stylesheets=self.stylesheets, font_config=self.font_config, pdf_variant=PDF_VARIANT
        )
        return data


class Pipeline:
    """Our pipeline as a batch worker runs it: library and writer made once, then HTML → PDF file."""

    def __init__(self, out_dir: Path) -> None:
        from handouts.build import Builder
        from handouts.model.clinic import demo_clinic
        from handouts.model.library import load_library
        from handouts.pdf.writer import PdfWriter

        self.builder = Builder(load_library(), PdfWriter())
        self.clinic = demo_clinic()
        self.out_dir = out_dir

    def make(self, handout: Handout) -> int:
        library = self.builder.library
        if handout.kind == "article":
            result = self.builder.build_article(
                library.articles[handout.slug], self.clinic, self.out_dir, large_print=handout.large_print
            )
        else:
            result = self.builder.build_template_programme(
                library.programmes[handout.slug], self.clinic, self.out_dir, large_print=handout.large_print
            )
        return result.pages


def measure(rounds: int) -> dict:
    manifest = json.loads((BASELINE / "manifest.json").read_text("utf-8"))
    documents = [Handout(**fields) for fields in manifest["handouts"]]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="floor-") as tmp:
        plain, pipeline = PlainWeasyPrint(), Pipeline(Path(tmp))
        for handout in documents:  # warm-up: fonts, caches, imports
            plain.make(handout)
            pipeline.make(handout)
        labels = ("plain", "pipeline", "plain_cpu", "pipeline_cpu")
        times: dict[str, dict[str, list[float]]] = {h.name: {label: [] for label in labels} for h in documents}
        for round_ in range(rounds):
            for handout in documents:
                order = [("plain", plain.make), ("pipeline", pipeline.make)]
                for label, make in order if round_ % 2 == 0 else order[::-1]:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    make(handout)
                    times[handout.name][label].append(time.perf_counter() - started)
                    times[handout.name][f"{label}_cpu"].append(time.process_time() - started_cpu)
    load_after = os.getloadavg()
    rows = []
    for handout in documents:
        median = {label: statistics.median(times[handout.name][label]) for label in labels}
        rows.append(
            {
                "handout": handout.name,
                "seed": handout.is_seed,
                "plain_ms": round(median["plain"] * 1000, 1),
                "pipeline_ms": round(median["pipeline"] * 1000, 1),
                "ratio": round(median["pipeline"] / median["plain"], 3),
                "plain_cpu_ms": round(median["plain_cpu"] * 1000, 1),
                "pipeline_cpu_ms": round(median["pipeline_cpu"] * 1000, 1),
            }
        )

    def per_handout(selected: list[dict], suffix: str = "") -> tuple[float, float, float]:
        plain_ms = sum(r[f"plain{suffix}_ms"] for r in selected) / len(selected)
        pipeline_ms = sum(r[f"pipeline{suffix}_ms"] for r in selected) / len(selected)
        return plain_ms, pipeline_ms, pipeline_ms / plain_ms

    seeds = per_handout([r for r in rows if r["seed"]])
    every = per_handout(rows)
    seeds_cpu = per_handout([r for r in rows if r["seed"]], "_cpu")
    return {
        "rounds": rounds,
        "baseline_commit": manifest["commit"],
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "handouts": rows,
        "seeds": {"plain_ms": round(seeds[0], 1), "pipeline_ms": round(seeds[1], 1), "ratio": round(seeds[2], 3)},
        "all": {"plain_ms": round(every[0], 1), "pipeline_ms": round(every[1], 1), "ratio": round(every[2], 3)},
        "seeds_cpu": {
            "plain_ms": round(seeds_cpu[0], 1),
            "pipeline_ms": round(seeds_cpu[1], 1),
            "ratio": round(seeds_cpu[2], 3),
        },
        "target": TARGET,
        "pass": seeds[2] <= TARGET,
    }


def report(result: dict) -> None:
    print(f"{'handout':58} {'plain WP':>9} {'pipeline':>9} {'ratio':>6}")
    for row in result["handouts"]:
        print(f"{row['handout'][:58]:58} {row['plain_ms']:7.0f}ms {row['pipeline_ms']:7.0f}ms {row['ratio']:6.2f}")
    for key, label in (("seeds", "per seed article"), ("all", "per handout, all of the above")):
        part = result[key]
        print(f"{label:58} {part['plain_ms']:7.0f}ms {part['pipeline_ms']:7.0f}ms {part['ratio']:6.2f}")
    part = result["seeds_cpu"]
    print(
        f"{'per seed article, CPU time of this process':58} {part['plain_ms']:7.0f}ms {part['pipeline_ms']:7.0f}ms {part['ratio']:6.2f}"
    )
    verdict = "PASS" if result["pass"] else "MISS"
    print(
        f"target: pipeline per seed ≤ {TARGET} × plain WeasyPrint on today's HTML → {result['seeds']['ratio']:.2f}"
        f" {verdict}  (median of {result['rounds']} rounds; load average"
        f" {' '.join(map(str, result['load_average_before']))} → {' '.join(map(str, result['load_average_after']))})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON ('-': to stdout only)")
    parser.add_argument("--snapshot", action="store_true", help="rewrite the baseline from the current code")
    args = parser.parse_args()
    if args.snapshot:
        snapshot()
        return
    result = measure(args.rounds)
    if args.json == "-":
        print(json.dumps(result, indent=2))
        return
    report(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
