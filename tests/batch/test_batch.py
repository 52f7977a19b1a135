"""The batch library: a handout's fingerprint catches every input, the manifest survives damage, WeasyPrint stays out of the parent."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CLINICS, ROOT
from readback import page_count

DEMO = ROOT / "src" / "handouts" / "demo" / "clinic.toml"
SHORTEST = "7-facts-om-ondt-i-balden-og-benet-er-det-iskias"  # the seed that renders fastest


def test_neither_the_parent_nor_the_forkserver_preload_imports_weasyprint(tmp_path):
    """A fresh interpreter (this test session itself has WeasyPrint loaded by other tests): a
    batch's parent, which runs two batches (one with a real worker pool), and the modules the
    forkserver imports for the workers before it forks them (a process is never forked after
    WeasyPrint's import). One short article of its own: the imports are the point, not the
    render."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "kort.md").write_text("---\ntitle: Kort\n---\nEn kort tekst om ryggen.\n", "utf-8")
    out = tmp_path / "out"
    script = f"""
import sys
from pathlib import Path
from handouts.batch.run import WORKER_PRELOAD, BatchOptions, run_batch
options = BatchOptions(clinics=[Path({str(DEMO)!r})], content=Path({str(content)!r}), jobs=1, out_dir=Path({str(out)!r}))
first = run_batch(options)
second = run_batch(options)
for name in WORKER_PRELOAD:
    __import__(name)
print(len(first.built), first.workers, len(second.built), second.unchanged, second.workers, "weasyprint" in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1", "0", "1", "0", "False"]
    assert page_count(out / "demo" / "kort.pdf") >= 1


def write_own_content(root: Path) -> tuple[Path, Path, Path]:
    """A content folder with one article, its own red-flag set and an image; a clinic with a logo."""
    content = root / "content"
    (content / "red-flags").mkdir(parents=True)
    (content / "ryg.md").write_text(
        "---\ntitle: Ryg\nlastUpdated: 2025-01-02\nred_flags: egne\n---\nTekst om ryggen.\n\n![Ryggen](ryg.svg)\n",
        "utf-8",
    )
    (content / "ryg.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "utf-8")
    (content / "red-flags" / "egne.md").write_text("---\nslug: egne\ndefault: true\n---\n- Feber\n", "utf-8")
    clinic_dir = root / "clinic"
    clinic_dir.mkdir()
    for name in ("nord.toml", "nord-logo.svg"):
        (clinic_dir / name).write_bytes((CLINICS / name).read_bytes())
    return content, clinic_dir / "nord.toml", root / "out"


@pytest.fixture
def own_content(tmp_path):
    return write_own_content(tmp_path)


# The programme template the shared batch builds: one of the 15 (every template is rendered by
# tests/pdf/test_programme_templates.py), the one that renders fastest.
TEMPLATE = "blid-start-iskias"


@dataclass
class FirstBuild:
    options: object  # BatchOptions
    report: object  # BatchReport
    events: list[str]  # every worker start, warm-up, plan and build, in the order they happened


def recording(monkeypatch, events: list[str]) -> None:
    """Record in ``events`` each start of a worker pool, each task handed to it, and each plan."""
    from handouts.batch import run
    from handouts.workers import WorkerPool

    start, submit, make_plan = WorkerPool.start, WorkerPool.submit, run.make_plan

    def starting(pool):
        events.append(f"start {pool.workers}")
        start(pool)

    def submitting(pool, fn, *args):
        events.append(fn.__name__)
        return submit(pool, fn, *args)

    def planning(*args, **kwargs):
        plan = make_plan(*args, **kwargs)
        events.append("planned")
        return plan

    monkeypatch.setattr(WorkerPool, "start", starting)
    monkeypatch.setattr(WorkerPool, "submit", submitting)
    monkeypatch.setattr(run, "make_plan", planning)


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> FirstBuild:
    """One first batch, read by the tests below (none changes what it built): own content's
    article and one programme template for the clinic, on two workers."""
    from handouts.batch.run import BatchOptions, run_batch

    content, clinic, out = write_own_content(tmp_path_factory.mktemp("first-build"))
    options = BatchOptions(
        clinics=[clinic], content=content, programmes=True, templates=[TEMPLATE], jobs=2, out_dir=out
    )
    events: list[str] = []
    with pytest.MonkeyPatch.context() as monkeypatch:
        recording(monkeypatch, events)
        report = run_batch(options)
    return FirstBuild(options, report, events)


def test_every_input_of_a_handout_is_in_its_fingerprint(first_build):
    from handouts.batch.manifest import Manifest
    from handouts.batch.run import BatchOptions, make_plan

    options = first_build.options
    content, clinic, out = options.content, options.clinics[0], options.out_dir

    def to_build(**changes) -> list[str]:
        """The article's handouts to build (the programme's inputs are checked below)."""
        plan = make_plan(BatchOptions(**{**vars(options), **changes}), Manifest.load(out))
        return [p.work.key for p in plan.to_build if p.work.kind == "article"]

    assert to_build() == []
    assert to_build(force=True) == ["article:nord:ryg"]
    assert to_build(large_print=True) == ["article:nord:ryg:large-print"]
    for changed in (
        content / "ryg.md",
        content / "ryg.svg",
        content / "red-flags" / "egne.md",
        clinic,
        clinic.parent / "nord-logo.svg",
    ):
        original = changed.read_bytes()
        try:
            changed.write_bytes(original + b"\n")
            assert to_build() == ["article:nord:ryg"], changed
        finally:
            changed.write_bytes(original)
        assert to_build() == [], changed
    pdf = out / "nord" / "ryg.pdf"
    pdf.rename(moved := pdf.with_suffix(".moved"))  # the manifest alone is not enough: the PDF must exist
    try:
        assert to_build() == ["article:nord:ryg"]
    finally:
        moved.rename(pdf)


def test_a_damaged_manifest_means_rebuild_not_crash(tmp_path):
    from handouts.batch.manifest import MANIFEST_NAME, Manifest

    (tmp_path / MANIFEST_NAME).write_text('{"format": 1, "files": {"x": ', "utf-8")
    assert Manifest.load(tmp_path).entries == {}
    (tmp_path / MANIFEST_NAME).write_text(json.dumps({"format": 1, "files": {"x": {"file": 3}}}), "utf-8")
    assert Manifest.load(tmp_path).entries == {}


def test_manifest_is_replaced_atomically_and_leaves_no_part_file(tmp_path):
    from handouts.batch.manifest import MANIFEST_NAME, Manifest

    manifest = Manifest(tmp_path)
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "a.pdf").write_bytes(b"%PDF")
    manifest.record(
        "article:demo:a", {"fingerprint": "f", "file": "demo/a.pdf", "size": 4, "clinic": "demo", "title": "A"}
    )
    manifest.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST_NAME, "demo"]
    again = Manifest.load(tmp_path)
    assert again.is_current("article:demo:a", "f")
    assert not again.is_current("article:demo:a", "g")
    (tmp_path / "demo" / "a.pdf").write_bytes(b"%PD")  # another size: not the file that was built
    assert not again.is_current("article:demo:a", "f")


def test_stale_part_files_are_removed(tmp_path):
    from handouts.batch.run import remove_partial_files

    (tmp_path / "nord").mkdir()
    stale = tmp_path / "nord" / ".handouts-999999999-abc_1234.part"  # a writer that is gone
    stale.write_bytes(b"%PDF-1.7 half")
    keep = tmp_path / "nord" / "ondt-i-laenden.pdf"
    keep.write_bytes(b"whole")
    assert remove_partial_files(tmp_path) == 1
    assert not stale.exists() and keep.exists()


def test_two_batches_cannot_share_an_output_folder(tmp_path):
    from handouts.batch import run as batch
    from handouts.errors import HandoutsError

    with (
        batch._exclusive(tmp_path),
        pytest.raises(HandoutsError, match="another `handouts batch` is writing here"),
        batch._exclusive(tmp_path),
    ):
        pass


def test_same_slug_in_two_profiles_is_an_error_for_the_second(tmp_path):
    from handouts.batch.manifest import Manifest
    from handouts.batch.run import BatchOptions, make_plan

    copy = tmp_path / "nord2.toml"
    copy.write_text((CLINICS / "nord.toml").read_text("utf-8").replace('logo = "nord-logo.svg"\n', ""), "utf-8")
    plan = make_plan(BatchOptions(clinics=[CLINICS / "nord.toml", copy], articles=["ondt"]), Manifest(tmp_path))
    assert list(plan.clinics) == ["nord"]
    assert plan.problems == [
        f'{copy}: slug: "nord" is already used by clinics/nord.toml; give one of them its own `slug =`'
    ]


def test_without_articles_every_seed_is_planned_for_every_clinic(tmp_path):
    """What `handouts batch` builds by default (the command-line tests build two seeds)."""
    from handouts.batch.manifest import Manifest
    from handouts.batch.run import BatchOptions, make_plan

    plan = make_plan(BatchOptions(clinics=[CLINICS / "nord.toml", DEMO]), Manifest(tmp_path))
    seeds = {
        "7-facts-om-ondt-i-balden-og-benet-er-det-iskias",
        "iskiasnerve-i-klemme",
        "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening",
        "nervetryk-i-laenden",
        "ondt-i-laenden",
    }
    assert len(list(ROOT.glob("seeds/*.txt"))) == len(seeds) and plan.problems == []
    assert {item.work.key for item in plan.to_build} == {
        f"article:{clinic}:{slug}" for clinic in ("nord", "demo") for slug in seeds
    }


def test_index_lists_leaflets_in_the_clinics_language(tmp_path):
    from handouts.batch.index import index_html
    from handouts.model.clinic import load_clinic

    english = tmp_path / "en.toml"
    english.write_text('name = "Back & Co"\nphone = "1"\nlanguage = "en"\n', "utf-8")
    clinic = load_clinic(english)
    entry = {
        "title": "Low <back> pain",
        "updated": "2025-10-12",
        "size": 38533,
        "pages": 6,
        "file": "back-co/low back.pdf",
        "clinic": "back-co",
        "large_print": False,
    }
    html = index_html(clinic, [entry], tmp_path / "back-co")
    assert '<html lang="en">' in html
    assert "<title>Back &amp; Co – Leaflets</title>" in html or "<title>Back &amp; Co – " in html
    assert "Low &lt;back&gt; pain" in html  # autoescaped
    assert "12 October 2025" in html
    assert "39 kB" in html
    assert 'href="low%20back.pdf"' in html


def test_programme_templates_are_built_per_clinic_and_follow_their_exercises(first_build):
    from handouts.batch.manifest import Manifest
    from handouts.batch.run import make_plan
    from handouts.model.library import load_library
    from readback import pdf_text

    options, report = first_build.options, first_build.report
    out = options.out_dir
    library = load_library(options.content)
    assert TEMPLATE in library.programmes, "the shipped templates come with any content folder"
    assert report.failed == 0
    # the other templates are left out by --templates, which the set of built files proves
    assert set(report.built) == {out / "nord" / "ryg.pdf", out / "nord" / f"programme-{TEMPLATE}.pdf"}
    text = " ".join(pdf_text(out / "nord" / f"programme-{TEMPLATE}.pdf").split())
    assert library.programmes[TEMPLATE].title in text and "Fysioterapi Nord" in text
    index = (out / "nord" / "index.html").read_text("utf-8")
    assert f'href="programme-{TEMPLATE}.pdf"' in index

    # The programme's inputs are the template and the exercises it uses: an article's are not.
    manifest = Manifest.load(out)
    inputs = manifest.entries[f"programme:nord:{TEMPLATE}"]["inputs"]
    assert f"seeds/programmes/{TEMPLATE}.toml" in inputs and "seeds/exercises/siddende-nerveglidning.md" in inputs
    assert "seeds/exercises/bird-dog.md" not in inputs and "ryg.md" not in " ".join(inputs)
    assert make_plan(options, manifest).to_build == []


def test_a_handout_over_the_render_limit_fails_naming_its_file_and_the_rest_goes_on(tmp_path):
    """The first handout is stopped at the limit and its worker replaced; the replacement warms
    up (waited for within the limit plus its grace) and the second handout is tried, and stopped,
    in turn."""
    from handouts.batch.run import BatchEvents, BatchOptions, run_batch

    failures: list[str] = []

    class Events(BatchEvents):
        def failed(self, message: str, detail: str = "") -> None:
            failures.append(message)

    content = tmp_path / "content"  # two short articles: the limit stops them whatever their length
    content.mkdir()
    for name in ("en", "to"):
        (content / f"{name}.md").write_text(f"---\ntitle: Råd {name}\n---\nEn kort tekst om ryggen.\n", "utf-8")
    options = BatchOptions(clinics=[DEMO], content=content, jobs=1, out_dir=tmp_path / "slow", render_seconds=0.001)
    report = run_batch(options, Events())
    assert report.failed == 2 and report.built == []
    assert sorted(failures) == [
        f"{content / name}: took longer than 0.001 s to render and was stopped; shorten it or split it into smaller handouts"
        for name in ("en.md", "to.md")
    ]


def test_each_clinics_handouts_are_built_largest_first(own_content):
    """The workers take the next handout as they finish: ending on the smallest ones, they
    finish together. Pages recorded by an earlier build win over the estimate from the text."""
    from handouts.batch.manifest import Manifest
    from handouts.batch.run import BatchOptions, make_plan

    content, clinic, out = own_content
    long_text = "Lang tekst om lænden. " * 800
    (content / "lang.md").write_text(f"---\ntitle: Lang\nred_flags: egne\n---\n{long_text}\n", "utf-8")
    (content / "kort.md").write_text("---\ntitle: Kort\nred_flags: egne\n---\nKort.\n", "utf-8")
    options = BatchOptions(clinics=[clinic], content=content, jobs=1, out_dir=out, large_print=True)
    plan = make_plan(options, Manifest(out))
    order = [item.work.key.removeprefix("article:nord:") for item in plan.to_build]
    assert order == ["lang:large-print", "lang", "ryg:large-print", "kort:large-print", "ryg", "kort"]

    recorded = {"fingerprint": "old", "file": "x.pdf", "size": 1, "clinic": "other", "kind": "article"}
    manifest = Manifest(out, {"article:other:kort": recorded | {"slug": "kort", "pages": 40}})
    order = [item.work.key.removeprefix("article:nord:") for item in make_plan(options, manifest).to_build]
    assert order[:2] == ["kort", "lang:large-print"]


def test_workers_start_and_warm_up_while_a_first_batch_plans(first_build, tmp_path, monkeypatch):
    """A first build (or --force) starts its workers, each with a warm-up page, before planning;
    a re-run starts them only once planning found something to build, and only as many as it
    needs, and never for nothing."""
    from handouts.batch import run

    assert first_build.events == ["start 2", "warm", "warm", "planned", "build", "build"]

    out = tmp_path / "out"  # the re-runs change their folder: a copy of the first build's
    shutil.copytree(first_build.options.out_dir, out)
    options = dataclasses.replace(first_build.options, out_dir=out)
    events: list[str] = []
    recording(monkeypatch, events)
    assert run.run_batch(options).unchanged == 2
    assert events == ["planned"]

    events.clear()
    (out / "nord" / "ryg.pdf").unlink()
    assert len(run.run_batch(options).built) == 1
    assert events == ["planned", "start 1", "warm", "build"]


def test_the_warm_up_renders_a_page_and_writes_nothing(tmp_path, monkeypatch):
    from handouts.batch import worker

    monkeypatch.chdir(tmp_path)
    worker.start_worker(None)
    rendered = []
    assert worker._State.builder is not None
    render = worker._State.builder.writer.render
    monkeypatch.setattr(worker._State.builder.writer, "render", lambda page: rendered.append(page) or render(page))
    assert worker.warm() > 0
    assert [page.title for page in rendered] == ["Opvarmning"]
    assert list(tmp_path.iterdir()) == []


def test_a_worker_that_died_between_two_handouts_is_a_crash_retried_not_a_traceback(own_content, monkeypatch):
    """A worker that dies while idle (the OOM killer between two handouts) is only reported by
    the pool when the next handout is handed to it: that handout is retried in new workers like
    the ones in flight at a crash, never lost or an internal error. No processes: a stand-in pool."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from handouts.batch import runner as batch_runner
    from handouts.batch.manifest import Manifest
    from handouts.batch.options import BatchEvents, BatchReport
    from handouts.batch.run import BatchOptions, make_plan
    from handouts.batch.worker import WorkDone

    content, clinic, out = own_content
    (content / "kort.md").write_text("---\ntitle: Kort\nred_flags: egne\n---\nKort.\n", "utf-8")
    options = BatchOptions(clinics=[clinic], content=content, jobs=1, out_dir=out)
    manifest = Manifest(out)
    plan = make_plan(options, manifest)
    assert len(plan.to_build) == 2
    pools: list[str] = []

    class Pool:  # the first pool's worker is already dead when the first handout is handed over
        started, workers = True, 1

        def __init__(self) -> None:
            self.broken = not pools
            pools.append("broken" if self.broken else "new")

        def submit(self, fn, item):
            if self.broken:
                raise BrokenProcessPool("A child process terminated abruptly")
            future: Future[WorkDone] = Future()
            future.set_result(WorkDone(key=item.key, pages=1, size=1))
            return future

        def shutdown(self, *, wait: bool = True) -> None:
            self.started = False

        def terminate(self) -> None:
            self.started = False

    def start(self, workers: int) -> None:
        self.pool, self.warming = Pool(), []

    monkeypatch.setattr(batch_runner.Runner, "start", start)
    warnings: list[str] = []

    class Events(BatchEvents):
        def warning(self, message: str) -> None:
            warnings.append(message)

    report = BatchReport()
    batch_runner.Runner(options, 1, manifest, Events(), report).run(plan.to_build)
    assert pools == ["broken", "new"]
    assert warnings == ["a worker process stopped unexpectedly; retrying the 1 handouts it may have held"]
    assert report.failed == 0 and sorted(p.name for p in report.built) == ["kort.pdf", "ryg.pdf"]
