"""Where a warm handout render spends its time: a sampling profile, attributed to pipeline stages.

    .venv/bin/python benchmarks/profile_render.py                    # table on stdout
    .venv/bin/python benchmarks/profile_render.py --rounds 5         # more samples (default 3)
    .venv/bin/python benchmarks/profile_render.py --sampler thread   # without py-spy

In one warm process (the library, the ``PdfWriter`` and its fonts made once, every handout
rendered once before sampling starts), the five seed articles and then the two programme
templates are made ``--rounds`` times for ``clinics/nord.toml`` (which has a public address, so
every handout carries a QR code) as a batch worker makes them: HTML, then PDF file. The stacks
are sampled by py-spy (``pip install py-spy`` into the venv; it runs this script again as its
child with ``--worker``) or, without it, by a thread in the same process that reads the main
thread's stack every millisecond and weights each sample by the time since the previous one
(it still over-counts C code that releases the interpreter lock, such as Pango). Each sample
goes to one stage:

1. by any frame on the stack, in this order: hyphenation (pyphen), QR code (segno; the thread
   sampler also counts WeasyPrint drawing the QR's SVG here), images and SVG (WeasyPrint's
   ``svg``/``images``), tagging (``pdf/tags.py``), font subsetting (``pdf/fonts.py``,
   fontTools), text shaping (``weasyprint/text``: Pango line breaking and glyph runs);
2. else by the innermost frame that belongs to one of: our own HTML (``handouts``, Jinja,
   markdown-it), HTML parsing and box building (tinyhtml5, ``formatting_structure``), CSS
   cascade (``weasyprint/css``, cssselect2, tinycss2), layout (``weasyprint/layout``), painting
   (``weasyprint/draw``), PDF writing (``weasyprint/pdf``, pydyf, ``document.py``);
3. else "other".

The table gives each stage's share and that share of the wall time per handout in ms.
(Named ``profile_render`` so that it never shadows the standard library's ``profile``.)
"""

from __future__ import annotations

import argparse
import collections
import sys
import threading
import time
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent

ANY_FRAME = (  # (stage, path fragments): checked over the whole stack, first match wins
    ("hyphenation (pyphen)", ("/pyphen/",)),
    ("QR code (segno + its SVG)", ("/segno/", "/handouts/render/qr.py")),
    ("images and SVG", ("/weasyprint/svg/", "/weasyprint/images.py")),
    ("tagging (PDF/UA)", ("/weasyprint/pdf/tags.py",)),
    ("font subsetting", ("/weasyprint/pdf/fonts.py", "/fontTools/")),
    ("text shaping (Pango)", ("/weasyprint/text/",)),
)
INNERMOST = (  # (stage, path fragments): the innermost frame that matches one of these
    ("our HTML (Jinja, Markdown, red flags)", ("/handouts/", "/jinja2/", "/markdown_it/", "/markupsafe/")),
    ("HTML parsing, box building", ("/tinyhtml5/", "/html5lib/", "/cssselect2/tree", "/formatting_structure/")),
    ("CSS cascade, computed styles", ("/weasyprint/css/", "/cssselect2/", "/tinycss2/")),
    ("layout", ("/weasyprint/layout/",)),
    ("painting (draw)", ("/weasyprint/draw/",)),
    ("PDF writing", ("/weasyprint/pdf/", "/pydyf/", "/weasyprint/document.py")),
)
STAGES = [stage for stage, _ in ANY_FRAME] + [stage for stage, _ in INNERMOST] + ["other"]


def _is_qr_svg(frame: FrameType) -> bool:
    """WeasyPrint drawing the QR code's inline SVG (segno marks its ``<svg>`` with class "segno")."""
    svg = frame.f_locals.get("self")
    tree = getattr(svg, "tree", None)
    return "segno" in str(getattr(tree, "attrib", {}).get("class", ""))


def classify(frame: FrameType | None) -> str:
    files: list[tuple[str, FrameType]] = []
    while frame is not None:
        files.append((frame.f_code.co_filename, frame))
        frame = frame.f_back
    for stage, fragments in ANY_FRAME:
        for name, owner in files:
            if any(fragment in name for fragment in fragments):
                if stage == "images and SVG" and name.endswith("/weasyprint/svg/__init__.py") and _is_qr_svg(owner):
                    return "QR code (segno + its SVG)"
                if stage == "images and SVG":
                    # an SVG drawing is images and SVG unless it is the QR code's (checked further out)
                    for outer_name, outer in files:
                        if outer_name.endswith("/weasyprint/svg/__init__.py") and _is_qr_svg(outer):
                            return "QR code (segno + its SVG)"
                return stage
    return _innermost([name for name, _ in files])


class Sampler:
    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.counts: collections.Counter[str] = collections.Counter()  # seconds per stage
        self.samples = 0.0
        self._stop = threading.Event()
        self._target = threading.main_thread().ident

    def run(self) -> None:
        # The sampler needs the interpreter lock: it gets it at once while the main thread is in C
        # code that releases it (Pango, zlib), but only at the next switch while Python runs. So a
        # sample is weighted by the time since the previous one, and the switch interval is short.
        previous = time.perf_counter()
        while not self._stop.wait(self.interval):
            frame = sys._current_frames().get(self._target)  # the one way to see another thread's stack
            now = time.perf_counter()
            if frame is not None:
                self.counts[classify(frame)] += now - previous
                self.samples += now - previous
            previous = now

    def __enter__(self) -> Sampler:
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(self.interval / 2)
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        sys.setswitchinterval(self._switch)


def _classify_names(files: list[str]) -> str:
    """``classify`` for a py-spy stack: file names only, innermost first."""
    for stage, fragments in ANY_FRAME:
        if any(any(fragment in name for fragment in fragments) for name in files):
            return stage
    return _innermost(files)


def _innermost(names: list[str]) -> str:
    """The stage of the innermost frame that belongs to one (file names, innermost first)."""
    for name in names:
        for stage, fragments in INNERMOST:
            if any(fragment in name for fragment in fragments):
                if stage.startswith("our HTML") and "/benchmarks/" in name:
                    continue
                return stage
    return "other"


def work(kind: str, rounds: int, clinic_file: Path, sampler: Sampler | None) -> float:
    """Make the handouts of one kind ``rounds`` times after a warm-up; the wall time per handout."""
    import tempfile

    from handouts.build import Builder
    from handouts.model.clinic import load_clinic
    from handouts.model.library import load_library
    from handouts.pdf.writer import PdfWriter

    library = load_library()
    clinic = load_clinic(clinic_file)
    with tempfile.TemporaryDirectory(prefix="profile-") as tmp:
        out = Path(tmp)
        builder = Builder(library, PdfWriter())

        def make() -> int:
            if kind == "article":
                for article in library.articles.values():
                    builder.build_article(article, clinic, out)
                return len(library.articles)
            for template in library.programmes.values():
                builder.build_template_programme(template, clinic, out)
            return len(library.programmes)

        make()  # warm: fonts, caches, imports

        def sampled_region() -> float:  # py-spy keeps only the stacks through this function
            started = time.perf_counter()
            count = 0
            for _ in range(rounds):
                count += make()
            return (time.perf_counter() - started) / count

        if sampler is None:
            return sampled_region()
        with sampler:
            return sampled_region()


def py_spy() -> Path | None:
    found = Path(sys.executable).parent / "py-spy"
    return found if found.exists() else None


def profile_with_py_spy(kind: str, rounds: int, clinic_file: Path) -> tuple[dict[str, float], float]:
    import json
    import subprocess
    import tempfile

    spy = py_spy()
    assert spy is not None
    with tempfile.TemporaryDirectory(prefix="profile-spy-") as tmp:
        raw, wall = Path(tmp) / "raw.txt", Path(tmp) / "wall.json"
        command = [str(spy), "record", "--full-filenames", "--rate", "250", "--format", "raw", "--output", str(raw)]
        command += [
            "--",
            sys.executable,
            __file__,
            "--worker",
            kind,
            "--rounds",
            str(rounds),
            "--clinic",
            str(clinic_file),
        ]
        command += ["--wall", str(wall)]
        subprocess.run(command, check=True, capture_output=True)
        shares: collections.Counter[str] = collections.Counter()
        for line in raw.read_text("utf-8").splitlines():
            stack, _, count = line.rpartition(" ")
            frames = stack.split(";")
            if not any(".sampled_region (" in frame for frame in frames):
                continue
            files = [frame[frame.find("(") + 1 : frame.rfind(":")] for frame in reversed(frames)]
            shares[_classify_names(files)] += int(count)
        return dict(shares), json.loads(wall.read_text("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clinic", type=Path, default=ROOT / "clinics" / "nord.toml")
    parser.add_argument(
        "--sampler", choices=("py-spy", "thread"), help="default: py-spy when installed in the venv, else thread"
    )
    parser.add_argument("--worker", choices=("article", "programme"), help=argparse.SUPPRESS)
    parser.add_argument("--wall", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:  # the process py-spy watches
        import json

        args.wall.write_text(json.dumps(work(args.worker, args.rounds, args.clinic, None)), "utf-8")
        return

    import os

    sampler_name = args.sampler or ("py-spy" if py_spy() else "thread")
    load_before = os.getloadavg()
    tables: dict[str, tuple[dict[str, float], float]] = {}
    for kind in ("article", "programme"):
        if sampler_name == "py-spy":
            tables[kind] = profile_with_py_spy(kind, args.rounds, args.clinic)
        else:
            sampler = Sampler()
            wall = work(kind, args.rounds, args.clinic, sampler)
            tables[kind] = (dict(sampler.counts), wall)
    load_after = os.getloadavg()

    print(
        f"sampler {sampler_name}; clinic {args.clinic.stem}; {args.rounds} rounds; load average"
        f" {' '.join(f'{x:.2f}' for x in load_before)} → {' '.join(f'{x:.2f}' for x in load_after)}"
    )
    print("| stage | article ms | article % | programme ms | programme % |")
    print("|---|---:|---:|---:|---:|")
    for stage in STAGES:
        cells = []
        for kind in ("article", "programme"):
            shares, wall = tables[kind]
            share = shares.get(stage, 0) / max(sum(shares.values()), 1)
            cells += [f"{share * wall * 1000:.0f}", f"{share * 100:.1f}"]
        print(f"| {stage} | " + " | ".join(cells) + " |")
    cells = []
    for kind in ("article", "programme"):
        cells += [f"**{tables[kind][1] * 1000:.0f}**", "100"]
    print("| **total per handout (wall)** | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
