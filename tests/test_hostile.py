"""The hostile-input corpus (tests/hostile/cases.toml) through the command line: the article
cases in one run of the real console script, clinic and programme cases in-process (invoke_cli).

Every case ends in a safe, readable handout or one clear line naming the file and the problem,
with the documented exit code; never a traceback, a hang, a *.part file or an invalid PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from conftest import invoke_cli, run_cli
from helpers.images import png_bomb
from readback import pdf_text, read_pdf

HOSTILE = Path(__file__).parent / "hostile"
CASES = tomllib.loads((HOSTILE / "cases.toml").read_text("utf-8"))
ARTICLE_CASES = CASES["article"]
CLINIC_CASES = CASES["clinic"]
PROGRAMME_CASES = CASES["programme"]
TIMEOUT = 90


def flat(text: str) -> str:
    return " ".join(text.split())


def generate(case: dict, target: Path) -> None:
    if case.get("file") == "huge-10mb.md":
        line = "Dette er en lang sætning om ryggen, som bliver ved og ved og ved.\n"
        target.write_text("---\ntitle: Ti megabyte\n---\n" + line * (10_000_000 // len(line.encode())), "utf-8")
    elif case.get("folder") == "logo-huge":
        png_bomb(target / "logo.png")
    else:
        raise AssertionError(f"no generator for {case}")


def assert_clean_output_folder(out: Path) -> None:
    """No half-written files; every PDF is whole (qpdf --check) and opens in two readers."""
    assert not list(out.rglob("*.part")), "a temporary file was left behind"
    for pdf in out.rglob("*.pdf"):
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, (pdf, check.stdout, check.stderr)


def test_corpus_is_complete():
    """At least 30 cases, every committed file has a case and every case has its file."""
    assert len(ARTICLE_CASES) + len(CLINIC_CASES) + len(PROGRAMME_CASES) >= 30
    files = {c["file"] for c in ARTICLE_CASES if "generate" not in c}
    assert files == {p.name for p in (HOSTILE / "articles").iterdir()}
    folders = {c["folder"] for c in CLINIC_CASES}
    assert folders == {p.name for p in (HOSTILE / "clinics").iterdir()}


@pytest.fixture(scope="module")
def article_run(tmp_path_factory):
    """Every article case in one `handouts article --all` run."""
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(HOSTILE / "articles", content)
    for case in ARTICLE_CASES:
        if "generate" in case:
            generate(case, content / case["file"])
    out = root / "out"
    result = run_cli("article", "--all", "--content", str(content), "--out", str(out), timeout=TIMEOUT)
    return content, out, result


def test_article_run_exit_code_and_no_traceback(article_run):
    content, out, result = article_run
    assert result.returncode == 1, result.stderr  # some cases are bad input
    assert "Traceback" not in result.stderr + result.stdout
    assert_clean_output_folder(out)
    # Every stderr line is an error or a warning naming one of the corpus files.
    names = {str(content / c["file"]) for c in ARTICLE_CASES}
    for line in result.stderr.splitlines():
        kind, _, rest = line.partition(": ")
        assert kind in ("error", "warning"), line
        assert rest.split(": ", 1)[0] in names, line
    # stdout is exactly the written PDFs.
    written = sorted(Path(p) for p in result.stdout.splitlines())
    assert written == sorted(out.rglob("*.pdf"))


@pytest.mark.parametrize("case", ARTICLE_CASES, ids=[c["file"] for c in ARTICLE_CASES])
def test_article_case(article_run, case):
    content, out, result = article_run
    file = str(content / case["file"])
    mine = [line for line in result.stderr.splitlines() if line.split(": ", 2)[1] == file]
    if case["outcome"] == "error":
        assert mine == [f"error: {file}: {case['message']}"]
        return
    pdf = out / "demo" / case["pdf"]
    assert f"{pdf}" in result.stdout.splitlines()
    text = flat(pdf_text(pdf))
    for expected in case.get("text", []):
        assert flat(expected) in text, expected
    for unwanted in case.get("absent", []):
        assert unwanted not in text, unwanted
    assert "Røde flag – søg hjælp" in text and "Ring 112 nu" in text  # the warning box is never lost
    warnings = [line.removeprefix(f"warning: {file}: ") for line in mine]
    assert all(line.startswith("warning: ") for line in mine), mine
    expected_warnings = case.get("warnings", [])
    for expected in expected_warnings:
        assert any(expected in w for w in warnings), (expected, warnings)
    if not expected_warnings:
        assert warnings == []


def test_no_page_of_the_corpus_runs_off_the_paper(article_run):
    """Long words, URLs, 300-row tables: every character stays inside the A4 page's text area."""
    _, out, _ = article_run
    left, right = 17 * 72 / 25.4 - 1, (210 - 17) * 72 / 25.4 + 1
    for pdf in sorted(out.rglob("*.pdf")):
        for number, page in enumerate(read_pdf(pdf), 1):
            outside = [c.text for c in page.chars if c.x0 < left or c.x1 > right]
            assert not outside, (pdf.name, number, "".join(outside)[:40])


@pytest.fixture(scope="module")
def short_content(tmp_path_factory) -> Path:
    """One short article for the clinic cases: a clinic's name, logo and colours are on every
    handout's header, footer and closing box whatever the article, so the shortest will do."""
    folder = tmp_path_factory.mktemp("short-content")
    (folder / "kort.md").write_text("---\ntitle: Kort\n---\nEn kort tekst om ryggen.\n", "utf-8")
    return folder


@pytest.mark.parametrize("case", CLINIC_CASES, ids=[c["folder"] for c in CLINIC_CASES])
def test_clinic_case(tmp_path, short_content, case):
    folder = tmp_path / case["folder"]
    shutil.copytree(HOSTILE / "clinics" / case["folder"], folder)
    if "generate" in case:
        generate(case, folder)
    profile = folder / "clinic.toml"
    out = tmp_path / "out"
    result = invoke_cli("article", "kort", "--content", str(short_content), "--clinic", str(profile), "--out", str(out))
    assert "Traceback" not in result.stderr
    assert_clean_output_folder(out) if out.exists() else None
    if case["outcome"] == "error":
        assert result.returncode == 1
        assert result.stderr == f"error: {profile}: {case['message']}\n"
        assert result.stdout == ""
        assert not out.exists() or not list(out.rglob("*.pdf"))
        return
    assert result.returncode == 0, result.stderr
    (pdf,) = out.rglob("*.pdf")
    assert result.stdout == f"{pdf}\n"
    text = flat(pdf_text(pdf))
    for expected in case.get("text", []):
        assert flat(expected) in text, expected
    for unwanted in case.get("absent", []):
        assert unwanted not in text, unwanted
    own = result.stderr.splitlines()
    assert all(line.startswith(f"warning: {short_content / 'kort.md'}: ") for line in own), own
    for expected in case.get("warnings", []):
        assert any(expected in line for line in own), (expected, own)
    if not case.get("warnings"):
        assert own == []


def test_programme_command_exists():
    result = invoke_cli("programme", "--help")
    assert result.returncode == 0
    assert "--dose" in result.stdout


@pytest.mark.parametrize("case", PROGRAMME_CASES, ids=[c["name"] for c in PROGRAMME_CASES])
def test_programme_case(tmp_path, case):
    out = tmp_path / "out"
    result = invoke_cli("programme", *case["args"], "--out", str(out))
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr == case["line"] + "\n"
    assert result.stdout == ""
    assert not out.exists() or not list(out.rglob("*"))
