"""Issue 26, hardening round 2: each item's own hostile input through the code it attacks.

Limits are lowered here (as in test_hostile_limits.py) so a regression shows as a refusal or
a count, never as a long wait; no test asserts on wall-clock time.
"""

from __future__ import annotations

import faulthandler
import os

import pytest

from conftest import invoke_cli


@pytest.fixture(autouse=True)
def watchdog():
    """An in-process test that hangs is killed with a traceback instead of stalling the suite."""
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def no_traceback(result) -> None:
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr + result.stdout


# --- 1: a slug never leads outside --out ------------------------------------------------------


def test_a_template_slug_cannot_write_outside_out(tmp_path):
    from handouts.batch.manifest import Manifest
    from handouts.batch.run import BatchOptions, make_plan

    content = tmp_path / "content"
    (content / "programmes").mkdir(parents=True)
    evil = content / "programmes" / "evil.toml"
    evil.write_text('title = "Ond"\nslug = "x/../../../ESCAPED"\nexercises = ["bird-dog"]\n', "utf-8")
    out = tmp_path / "run" / "out" / "inner"
    plan = make_plan(BatchOptions(programmes=True, content=content, out_dir=out), Manifest(out))
    assert [p for p in plan.problems if p.startswith(f"{evil}: slug: ")], plan.problems
    assert not [p for p in plan.to_build if "ESCAPED" in p.work.slug]
    check = invoke_cli("check", "--content", str(content))
    assert check.returncode == 1
    assert f"{evil}: slug: " in check.stderr


@pytest.mark.parametrize("field", ["slug"])
def test_a_clinic_slug_must_be_short(tmp_path, field):
    profile = tmp_path / "clinic.toml"
    profile.write_text(f'name = "Lang"\nphone = "1"\n{field} = "{"a" * 300}"\n', "utf-8")
    result = invoke_cli("article", "7-facts", "--clinic", str(profile), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {profile}: slug: ")
    assert "Traceback" not in result.stderr


def test_every_output_path_is_checked_to_lie_inside_out(tmp_path):
    from handouts.build import template_path
    from handouts.errors import HandoutsError
    from handouts.model.clinic import Clinic
    from handouts.model.templates import ProgrammeTemplate

    clinic = Clinic(name="Nord", phone="1")
    template = ProgrammeTemplate.model_construct(
        title="t", exercises=["a"], slug="x/../../../../y"
    )  # validation bypassed
    with pytest.raises(HandoutsError, match="outside the output folder"):
        template_path(clinic, template, tmp_path / "out")


# --- 7: file modes follow the umask and the replaced file ----------------------------------------


def test_a_new_file_respects_the_umask_and_a_replaced_file_keeps_its_mode(tmp_path):
    import os

    from handouts.pdf.atomic import write_atomically

    previous = os.umask(0o077)
    try:
        write_atomically(tmp_path / "p.pdf", b"%PDF-1.7 private", durable=False)
    finally:
        os.umask(previous)
    assert (tmp_path / "p.pdf").stat().st_mode & 0o777 == 0o600
    (tmp_path / "shared.pdf").write_bytes(b"old")
    (tmp_path / "shared.pdf").chmod(0o640)
    write_atomically(tmp_path / "shared.pdf", b"new", durable=False)
    assert (tmp_path / "shared.pdf").stat().st_mode & 0o777 == 0o640


def test_a_programme_under_umask_077_is_private(tmp_path):
    previous = os.umask(0o077)
    try:
        result = invoke_cli("programme", "bird-dog", "--patient", "Jens Hansen", "--out", str(tmp_path / "p.pdf"))
    finally:
        os.umask(previous)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "p.pdf").stat().st_mode & 0o077 == 0


# --- 11: over-long names; read-only file systems --------------------------------------------------


def test_an_over_long_out_component_is_one_line(tmp_path):
    out = tmp_path / ("o" * 300)
    result = invoke_cli("programme", "bird-dog", "--out", str(out / "p.pdf"))
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {out}: cannot be written, a name in it is too long; choose a shorter --out folder or slug\n"
    )


def test_a_read_only_file_system_is_said_as_such(tmp_path):
    import errno

    from handouts.pdf.atomic import write_error

    message = str(write_error(tmp_path / "p.pdf", OSError(errno.EROFS, "Read-only file system")))
    assert message.endswith("p.pdf: cannot be written, the file system is read-only; choose another --out folder")


# --- 12 and 13: temporary files are recognisably ours; a killed writer's copy is removed ------


def test_a_batch_deletes_only_its_own_temporary_files(tmp_path):
    from handouts.batch.run import remove_partial_files

    (tmp_path / "nord").mkdir()
    mine = [
        tmp_path / "nord" / ".notes.part",
        tmp_path / ".backup.pdf.x.part",
        tmp_path / "nord" / ".a.pdf.abc123.part",
    ]
    for path in mine:
        path.write_text("the user's own", "utf-8")
    dead = tmp_path / "nord" / ".handouts-999999999-abcd_123.part"  # no such pid
    dead.write_bytes(b"%PDF half")
    live = tmp_path / "nord" / f".handouts-{os.getppid()}-abcd_123.part"  # a live writer's
    live.write_bytes(b"%PDF half")
    assert remove_partial_files(tmp_path) == 1
    assert all(path.exists() for path in mine) and live.exists() and not dead.exists()


KILL_ON_RENAME = """
import os, signal, sys
from pathlib import Path
import handouts.pdf.atomic as atomic
def killed(*_args):
    os.kill(os.getpid(), signal.SIGKILL)
atomic.os.replace = killed
atomic.write_atomically(Path(sys.argv[1]), b"%PDF-1.7 a whole programme")
"""


def test_a_killed_writer_leaves_no_copy_after_the_next_run(tmp_path):
    """A process killed just before its copy gets its name: the copy is private, and the next
    write to that folder removes it. Every PDF goes through write_atomically (for `programme`
    and `article`: the full-disk test in test_hostile_limits.py fails their fsync), so the
    process here only writes: no render, no WeasyPrint."""
    import subprocess
    import sys

    target = tmp_path / "p.pdf"
    killed = subprocess.run([sys.executable, "-c", KILL_ON_RENAME, str(target)], capture_output=True, timeout=60)
    assert killed.returncode == -9, killed.stderr
    (leftover,) = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]  # what the kill leaves
    assert leftover.read_bytes() == b"%PDF-1.7 a whole programme"
    assert leftover.stat().st_mode & 0o077 == 0  # never readable by others, even while it exists
    from handouts.pdf.atomic import write_atomically

    write_atomically(tmp_path / "q.pdf", b"%PDF-1.7 the next run", durable=False)  # what every run's write does
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.pdf"]


# --- 9: a file name that is not UTF-8 --------------------------------------------------------


def test_a_batch_survives_a_non_utf8_name_a_long_clinic_slug_and_a_damaged_manifest(tmp_path):
    """Three hostile inputs in one batch (one batch's start-up is shared), run twice: item 9 (a
    file named with byte 0xff), item 11 (a 300-character clinic slug: one line, and the healthy
    clinic still gets its handout and index) and item 10 (a manifest nested 200,000 deep: one
    warning, rebuilt, and the rerun reads the manifest the first run wrote)."""
    import shutil

    from conftest import DEMO_PROFILE

    content = tmp_path / "content"
    content.mkdir()
    (content / os.fsdecode(b"ryg-\xff.md")).write_text("---\ntitle: Ryg\n---\nEn kort tekst om ryggen.\n", "utf-8")
    clinics = tmp_path / "clinics"
    clinics.mkdir()
    shutil.copy(DEMO_PROFILE, clinics / "demo.toml")
    shutil.copy(DEMO_PROFILE.parent / "logo.svg", clinics / "logo.svg")
    (clinics / "long.toml").write_text(f'name = "Lang"\nphone = "1"\nslug = "{"a" * 300}"\n', "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".handouts-manifest.json").write_text("[" * 200_000, "utf-8")
    for run in range(2):
        result = invoke_cli("batch", "--clinics", str(clinics), "--content", str(content), "--out", str(out))
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert lines[-1].startswith(f"error: {clinics / 'long.toml'}: slug: ")
        manifest = [line for line in lines[:-1] if ".handouts-manifest.json" in line]
        if run == 0:
            assert len(lines) == 2 and len(manifest) == 1 and manifest[0].startswith("warning: ")
            assert manifest[0].endswith(": is damaged; ignored, every handout is built again")
        else:
            assert len(lines) == 1
        built, unchanged = (1, 0) if run == 0 else (0, 1)
        assert result.stdout.splitlines()[-1].startswith(f"built {built}, unchanged {unchanged}, failed 1 in ")
    assert (out / "demo" / "index.html").is_file()


def test_an_over_long_out_folder_for_a_batch_is_one_line(tmp_path):
    out = tmp_path / ("o" * 300)
    result = invoke_cli("batch", "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == f"error: {out}: cannot write here (File name too long); choose another --out folder\n"


def test_an_index_that_cannot_be_written_does_not_stop_the_others(tmp_path):
    from handouts.batch.index import write_indexes
    from handouts.batch.manifest import Manifest
    from handouts.model.clinic import Clinic

    manifest = Manifest(tmp_path)
    for slug in ("a", "b"):
        manifest.record(
            f"article:{slug}:x", {"fingerprint": "f", "file": f"{slug}/x.pdf", "size": 1, "clinic": slug, "title": "X"}
        )
    (tmp_path / "a").write_text("a file where the folder should be", "utf-8")
    problems = write_indexes(tmp_path, {s: Clinic(name=s.upper(), phone="1", slug=s) for s in ("a", "b")}, manifest)
    assert [str(p).split(": ", 1)[1] for p in problems] == [
        "cannot be written (File exists); choose another --out folder"
    ]
    assert (tmp_path / "b" / "index.html").is_file()


# --- 5: --jobs is capped ---------------------------------------------------------------------


def test_jobs_beyond_the_cpus_are_capped_with_one_note():
    from handouts.batch import run
    from handouts.batch.run import BatchEvents, BatchOptions

    notes = []

    class Events(BatchEvents):
        def warning(self, message):
            notes.append(message)

    cpus = run.usable_cpus()
    assert run._jobs(BatchOptions(jobs=100_000), Events()) == cpus
    assert notes == [f"--jobs 100000 is more than this machine's {cpus} CPUs; using {cpus}"]
    assert run._jobs(BatchOptions(jobs=1), Events()) == 1 and len(notes) == 1
    assert run._jobs(BatchOptions(), Events()) == cpus


# --- 10: a damaged manifest is treated as absent, with one warning ---------------------------

ENTRY = '{"fingerprint": "f", "file": "demo/a.pdf", "size": 4, "clinic": "demo", "title": "A"'


@pytest.mark.parametrize(
    "body",
    [
        '{"format": 1, "files": {"a": {"fingerprint": "f", "file": "demo/a.pdf", "size": 4, "clinic": "demo"}}}',
        '{"format": 1, "files": {"a": ' + ENTRY + ', "updated": "31/12/2025"}}}',
        '{"format": 1, "files": {"a": {"fingerprint": "f", "file": "demo/a.pdf", "size": 4, "clinic": "demo", "title": 7}}}',
        '{"format": 1, "files": {"a": {"fingerprint": "f", "file": "demo/a\\u0000.pdf", "size": 4, "clinic": "demo", "title": "A"}}}',
        '{"format": 1, "files": {"a": {"fingerprint": "f", "file": "../a.pdf", "size": 4, "clinic": "demo", "title": "A"}}}',
        "[" * 200_000,
    ],
    ids=["no-title", "other-date", "int-title", "nul-in-file", "outside", "deep"],
)
def test_a_damaged_manifest_is_treated_as_absent(tmp_path, body):
    from handouts.batch.manifest import Manifest

    (tmp_path / ".handouts-manifest.json").write_text(body, "utf-8")
    manifest = Manifest.load(tmp_path)
    assert manifest.entries == {}
    assert manifest.warning.endswith("; ignored, every handout is built again")
    manifest.forget_missing()  # what every batch does next
    assert not manifest.is_current("a", "f")


# --- 6: no-break spaces are part of a word --------------------------------------------------


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007"])
def test_no_break_spaces_do_not_hide_an_endless_word_from_the_long_word_fix(space):
    import re

    from handouts.limits import MAX_WORD_CHARS
    from handouts.model.markdown import MarkdownContext
    from handouts.render.markdown import render_markdown

    html = render_markdown("Ordet " + f"a{space}" * 10_000 + " slut.", MarkdownContext(source_name="x.md")).html
    # What layout cannot break: any run without a breakable space or an inserted U+200B.
    unbroken = max(len(run) for run in re.split(r"[\t\n\r \u200b]|<[^>]*>", html))
    assert unbroken <= MAX_WORD_CHARS


# --- 8: every list a person writes is bounded where it is read ---------------------------------


@pytest.mark.parametrize(
    ("front", "field"),
    [
        ("sources:\n" + "- Kilde\n" * 20_000, "sources"),
        ("tags:\n" + "- ryg\n" * 20_000, "tags"),
        ("exercises:\n" + "- bird-dog\n" * 20_000, "exercises"),
        ("sources:\n- " + "k" * 5000 + "\n", "sources"),
    ],
    ids=["sources", "tags", "exercises", "one-long-source"],
)
def test_front_matter_lists_are_bounded_where_read(tmp_path, front, field):
    from handouts.errors import InputError
    from handouts.load import parse_source
    from handouts.model.content import article_from_source

    source = parse_source(tmp_path / "a.md", f"---\ntitle: Lister\n{front}---\nTekst.\n".encode())
    with pytest.raises(InputError, match=rf"^{tmp_path / 'a.md'}: {field}: has "):
        article_from_source(source)


def test_a_red_flag_sets_keyword_list_is_bounded(tmp_path):
    from handouts.errors import InputError
    from handouts.load import parse_source
    from handouts.model.content import red_flags_from_source

    front = "keywords:\n  strong:\n" + "  - ryg\n" * 20_000
    source = parse_source(tmp_path / "r.md", f"---\ntitle: Flag\n{front}---\n- Feber\n".encode())
    with pytest.raises(InputError, match=r"keywords.strong: has 20,000 items; at most "):
        red_flags_from_source(source)


# --- 2, 4 and Also: SVGs counted before they are drawn; an SVG never shows itself; no fonts ----

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
SELF_IMAGE = SVG + '<image href="self.svg" width="5" height="5"/>' * 4 + "</svg>"


def marker_bomb(levels: int = 3, vertices: int = 200) -> str:
    """Markers nested ``levels`` deep, each drawn on every vertex of a ``vertices``-point path:
    a few kB that draw vertices ** levels times."""
    points = " ".join(f"{i % 10},{i // 10}" for i in range(vertices))
    parts = [SVG, "<defs>"]
    for level in range(levels):
        inner = f' marker-mid="url(#m{level - 1})"' if level else ""
        parts.append(f'<marker id="m{level}"><polyline points="{points}"{inner}/></marker>')
    parts.append(f'</defs><polyline points="{points}" marker-mid="url(#m{levels - 1})"/></svg>')
    return "".join(parts)


def pattern_sheet(shapes: int = 100, dots: int = 500) -> str:
    """A <style> sheet fills every shape with a pattern of ``dots`` circles."""
    pattern = '<pattern id="p" width="1" height="1">' + '<circle r="1"/>' * dots + "</pattern>"
    return (
        SVG
        + "<style>rect { fill: url(#p) }</style><defs>"
        + pattern
        + "</defs>"
        + '<rect width="1" height="1"/>' * shapes
        + "</svg>"
    )


@pytest.mark.parametrize(
    "svg",
    [
        marker_bomb(),
        marker_bomb(levels=2, vertices=200).replace('marker-mid="', 'style="marker-mid: '),
        pattern_sheet(),
    ],
    ids=["markers-nested", "markers-by-style", "pattern-by-sheet"],
)
def test_svg_draw_bombs_are_refused_by_counting(svg):
    from handouts.images import RefusedResource, check_svg

    assert len(svg) < 20_000
    with pytest.raises(
        RefusedResource, match=r"^SVG draws over 20,000 elements once its <use> copies, markers and patterns"
    ):
        check_svg(svg.encode())


def test_the_draw_count_is_exact_for_a_drawing_with_markers(monkeypatch):
    """A marker counts once per vertex: the document, <svg>, <defs> and the three-element
    marker (6), then the polyline with the marker on each of its 4 vertices (1 + 4 × 3)."""
    from handouts import limits
    from handouts.images import RefusedResource, check_svg

    svg = (
        SVG + '<defs><marker id="a"><g><path d="M0 0"/></g></marker></defs>'
        '<polyline points="0,0 1,1 2,2 3,3" marker-end="url(#a)"/></svg>'
    ).encode()
    monkeypatch.setattr(limits, "MAX_SVG_DRAWN", 6 + 1 + 4 * 3)
    check_svg(svg)
    monkeypatch.setattr(limits, "MAX_SVG_DRAWN", 6 + 4 * 3)
    with pytest.raises(RefusedResource, match=r"^SVG draws over 18 elements"):
        check_svg(svg)


def test_an_svg_that_shows_itself_or_another_svg_is_refused(tmp_path):
    import base64

    from handouts.pdf.fetcher import LockedFetcher, RefusedResource

    (tmp_path / "self.svg").write_text(SELF_IMAGE, "utf-8")
    (tmp_path / "outer.svg").write_text(SVG + '<image href="self.svg" width="5" height="5"/></svg>', "utf-8")
    inline = base64.b64encode(SVG.encode() + b"</svg>").decode()
    (tmp_path / "inline.svg").write_text(SVG + f'<image href="data:image/svg+xml;base64,{inline}"/></svg>', "utf-8")
    for name in ("self.svg", "outer.svg", "inline.svg"):
        with pytest.raises(RefusedResource, match="SVG shows another SVG as an image"):
            LockedFetcher([tmp_path]).fetch((tmp_path / name).as_uri())


def test_a_logo_that_shows_itself_is_refused_when_the_profile_loads(tmp_path):
    from handouts.errors import InputError
    from handouts.model.clinic import load_clinic

    (tmp_path / "logo.svg").write_text(SELF_IMAGE.replace("self.svg", "logo.svg"), "utf-8")
    profile = tmp_path / "clinic.toml"
    profile.write_text('name = "Selv"\nphone = "1"\nlogo = "logo.svg"\n', "utf-8")
    with pytest.raises(InputError, match=r'^.*clinic\.toml: logo: "logo\.svg": SVG shows another SVG as an image'):
        load_clinic(profile)


def test_a_font_from_the_content_is_never_embedded(tmp_path):
    import base64

    from handouts.pdf.fetcher import LockedFetcher, RefusedResource
    from handouts.resources import fonts_dir

    font = next(fonts_dir().glob("*.woff"))
    (tmp_path / "evil.woff").write_bytes(font.read_bytes())
    (tmp_path / "evil.bin").write_bytes(font.read_bytes())  # judged by content, not by name
    fetcher = LockedFetcher([tmp_path, fonts_dir()])
    for url in (
        (tmp_path / "evil.woff").as_uri(),
        (tmp_path / "evil.bin").as_uri(),
        "data:font/woff;base64," + base64.b64encode(font.read_bytes()).decode(),
    ):
        with pytest.raises(RefusedResource, match="a font from outside the bundled fonts"):
            fetcher.fetch(url)
    assert fetcher.fetch(font.as_uri()).read()  # the bundled fonts still load


def test_svg_bombs_in_an_article_are_refused_before_drawing(tmp_path):
    """One real run: the self-showing SVG, the marker bomb and an SVG with its own @font-face
    are each a warning, and the handout is made (before: 76 s and a killed process)."""
    from conftest import run_cli
    from handouts.resources import fonts_dir

    content = tmp_path / "content"
    content.mkdir()
    (content / "self.svg").write_text(SELF_IMAGE, "utf-8")
    (content / "markers.svg").write_text(marker_bomb(), "utf-8")
    (content / "evil.woff").write_bytes(next(fonts_dir().glob("*.woff")).read_bytes())
    (content / "font.svg").write_text(
        SVG + "<style>@font-face { font-family: Evil; src: url(evil.woff) } text { font-family: Evil }</style>"
        '<text y="8">Hej</text></svg>',
        "utf-8",
    )
    (content / "bomber.md").write_text(
        "---\ntitle: Bomber\n---\nEt: ![selv](self.svg) to: ![mærker](markers.svg) tre: ![skrift](font.svg)\n", "utf-8"
    )
    result = run_cli("article", "--all", "--content", str(content), "--out", str(tmp_path / "out"), timeout=60)
    assert result.returncode == 0, result.stderr
    warning = f"warning: {content / 'bomber.md'}: refused resource "
    lines = result.stderr.splitlines()
    assert (
        f"{warning}{(content / 'self.svg').as_uri()} (SVG shows another SVG as an image (or itself); export it as one drawing)"
        in lines
    )
    assert any(
        line.startswith(f"{warning}{(content / 'markers.svg').as_uri()} (SVG draws over 20,000") for line in lines
    )
    assert (
        f"{warning}{(content / 'evil.woff').as_uri()} (a font from outside the bundled fonts; only those are embedded)"
        in lines
    )


# --- 3: serve: a clinic whose logo fails is skipped; warm-up obeys the render limit -------------


def test_serve_skips_a_clinic_whose_logo_fails_and_serves_the_rest(tmp_path, caplog):
    import logging
    import shutil

    from conftest import DEMO_PROFILE
    from handouts.web.site import Site

    shutil.copy(DEMO_PROFILE, tmp_path / "demo.toml")
    shutil.copy(DEMO_PROFILE.parent / "logo.svg", tmp_path / "logo.svg")
    (tmp_path / "bomb").mkdir()
    (tmp_path / "bomb" / "logo.svg").write_text(marker_bomb(), "utf-8")
    (tmp_path / "bomb" / "clinic.toml").write_text('name = "Bombe"\nphone = "1"\nlogo = "logo.svg"\n', "utf-8")
    with caplog.at_level(logging.ERROR, logger="handouts.web"):
        site = Site.load(None, [tmp_path / "demo.toml", tmp_path / "bomb" / "clinic.toml"])
    assert sorted(site.clinics) == ["demo"]
    (line,) = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert line.startswith("skipped: ") and 'logo: "logo.svg": SVG draws over 20,000 elements' in line


def test_warm_up_obeys_the_render_limit_and_skips_the_clinic_it_was_for(caplog):
    """With the limit lowered below what a four-exercise programme takes, the warm-up is
    stopped (its workers replaced, not left spinning) and its clinic is skipped."""
    import logging

    from handouts.web.cache import PdfCache
    from handouts.web.pool import RenderPool
    from handouts.web.responses import Web
    from handouts.web.site import Site

    site = Site.load()
    first = min(site.clinics)
    pool = RenderPool(workers=1, queue=0, timeout=0.01)
    try:
        with caplog.at_level(logging.ERROR, logger="handouts.web"):
            Web(site, pool, PdfCache()).warm_up()
        assert pool.warm_up_timed_out
        assert first not in site.clinics and site.clinics
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert any(e.startswith(f"skipped: clinic {first} (") and "check its logo" in e for e in errors), errors
    finally:
        pool.terminate()


# --- Also: the Host header never reaches a share link or QR code ------------------------------


def test_a_forged_host_header_is_not_reflected_into_share_links():
    import warnings

    from handouts.model.programme import build_programme
    from handouts.model.share import encode_programme
    from handouts.web import Site, create_app
    from handouts.web.pool import RenderPool

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    site = Site.load()
    code = encode_programme(build_programme(site.library, ["bird-dog"]), site.library)
    client = TestClient(create_app(site, pool=RenderPool(workers=1, queue=0), address="http://klinik.lan:8000"))
    page = client.get(f"/demo/programme?s={code}&view=preview", headers={"host": "evil.example"})  # no lifespan
    assert page.status_code == 200
    assert "evil.example" not in page.text
    assert f'href="http://klinik.lan:8000/demo/p/{code}"' in page.text


def test_the_servers_own_address_is_the_configured_one():
    import socket

    from handouts.web.server import own_address

    assert own_address("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert own_address("::1", 8080) == "http://[::1]:8080"
    assert own_address("0.0.0.0", 8000) == f"http://{socket.gethostname()}:8000"


# --- Also: python-multipart's parse errors go through the server log's format -----------------

MALFORMED_FORMS = """
import logging.config, warnings
from handouts.web.server import LOG_CONFIG
logging.config.dictConfig(LOG_CONFIG)
warnings.simplefilter("ignore")
from fastapi.testclient import TestClient
from handouts.web import Site, create_app
from handouts.web.pool import RenderPool
client = TestClient(create_app(Site.load(), pool=RenderPool(workers=1, queue=0)))  # no lifespan: no workers
for body in (b"--xxZ", b"garbage", b"--xx\\r\\nBad header\\x1b[31m line\\r\\n\\r\\nx\\r\\n--xx--"):
    answer = client.post("/demo/programme", content=body, headers={"content-type": "multipart/form-data; boundary=xx"})
    print(answer.status_code)
"""


def test_malformed_form_bodies_are_400_and_logged_in_the_servers_format():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", MALFORMED_FORMS], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["400", "400", "400"], result.stderr
    lines = result.stderr.splitlines()
    assert lines, "python-multipart says nothing: the test no longer reaches its parser"
    assert all(line.startswith(("INFO:", "WARNING:", "ERROR:")) for line in lines), lines
    assert "\x1b" not in result.stderr
