"""The documentation says what the code does: its runnable examples run, its links resolve, every
command and option is documented, and its tables of limits and doses are the code's own.

A fenced block whose info string is ``sh run`` holds commands that run as written: one per line
(a trailing ``\\`` continues it), each starting with ``handouts``, ``#`` starting a comment. They
run through the console script's own function (``conftest.invoke_cli``) in a folder of their
own, where ``clinics/`` is the project's and ``output/`` is new, and must exit 0.
"""

from __future__ import annotations

import importlib
import re
import shlex
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import typer
from markdown_it import MarkdownIt

from conftest import CLINICS, ROOT, invoke_cli

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMANDS_DOC = ROOT / "docs" / "commands.md"
SAFETY_DOC = ROOT / "docs" / "safety.md"
RUNNABLE = "sh run"
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
_HTML_SOURCE = re.compile(r"""\b(?:src|href)=["']([^"']+)["']""")


def tokens(path: Path) -> list:
    return _MARKDOWN.parse(path.read_text("utf-8"))


def fenced(path: Path, info: str) -> list[tuple[int, str]]:
    """(first line, text) of every fenced block of ``path`` with this info string."""
    return [(t.map[0] + 1, t.content) for t in tokens(path) if t.type == "fence" and t.info.strip() == info]


def runnable_commands() -> list[pytest.param]:
    params = []
    for path in DOCS:
        for first, block in fenced(path, RUNNABLE):
            for number, line in enumerate(block.replace("\\\n", " ").splitlines()):
                argv = shlex.split(line, comments=True)
                if argv:
                    where = f"{path.relative_to(ROOT)}:{first + number}"
                    params.append(pytest.param(argv, id=f"{where} {' '.join(argv[1:3])}"))
    return params


COMMANDS = runnable_commands()


def test_the_readme_and_the_command_reference_have_runnable_examples():
    where = {param.id.split(":")[0] for param in COMMANDS}
    assert {"README.md", "docs/commands.md"} <= where
    assert all(param.values[0][0] == "handouts" for param in COMMANDS), "a runnable block runs only `handouts …`"
    renders = [
        p for p in COMMANDS if p.values[0][1] in ("article", "programme", "batch") and "--help" not in p.values[0]
    ]
    assert len(renders) <= 2, "keep the suite cheap: at most two runnable examples make a PDF"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder of its own for the examples: the project's clinics, a new output folder."""
    folder = tmp_path_factory.mktemp("docs-examples")
    (folder / "clinics").symlink_to(CLINICS, target_is_directory=True)
    return folder


@pytest.mark.parametrize("argv", COMMANDS)
def test_runnable_example_exits_0(argv, workdir):
    result = invoke_cli(*argv[1:], cwd=workdir)
    assert result.returncode == 0, (argv, result.stdout[-2000:], result.stderr[-2000:])
    assert not [line for line in result.stderr.splitlines() if line.startswith("error:")]
    if argv[1] in ("article", "programme") and "--help" not in argv:
        written = [Path(line) for line in result.stdout.splitlines() if line.endswith(".pdf")]
        assert written and all((workdir / path).is_file() for path in written), result.stdout
        assert all((workdir / path).resolve().is_relative_to(workdir / "output") for path in written)


# --- links ----------------------------------------------------------------------------------


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found = tokens(path)
    return {github_anchor(found[i + 1].content) for i, token in enumerate(found) if token.type == "heading_open"}


def relative_links(path: Path) -> list[str]:
    links = []
    for token in tokens(path):
        for child in [token, *(token.children or [])]:
            if child.type in ("link_open", "image"):
                links.append(child.attrs.get("href") or child.attrs.get("src"))
            elif child.type in ("html_inline", "html_block"):
                links += _HTML_SOURCE.findall(child.content)
    return [link for link in links if not urlsplit(link).scheme and not link.startswith("//")]


@pytest.mark.parametrize("doc", DOCS, ids=[str(d.relative_to(ROOT)) for d in DOCS])
def test_every_relative_link_resolves(doc):
    assert [link for link in relative_links(doc) if not resolves(doc, link)] == []


def resolves(doc: Path, link: str) -> bool:
    address, _, anchor = link.partition("#")
    target = (doc.parent / unquote(address)).resolve() if address else doc
    if not target.exists() or not target.is_relative_to(ROOT):
        return False
    return not anchor or target.suffix != ".md" or anchor in anchors(target)


def test_the_readme_links_every_page_in_docs():
    linked = {(ROOT / link.partition("#")[0]).resolve() for link in relative_links(ROOT / "README.md")}
    assert {page.resolve() for page in DOCS[1:]} <= linked


def test_the_readme_stays_a_newcomers_page():
    assert len((ROOT / "README.md").read_text("utf-8").splitlines()) <= 80


# --- every command and option ---------------------------------------------------------------


def command_sections() -> dict[str, str]:
    """The text of each ``## `handouts NAME …` `` section of docs/commands.md, by NAME."""
    text = COMMANDS_DOC.read_text("utf-8")
    parts = re.split(r"^## `handouts (\w[\w-]*)", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_every_command_and_option_is_in_the_command_reference():
    from handouts.cli import app

    group = typer.main.get_command(app)
    sections = command_sections()
    undocumented = sorted(set(group.commands) - set(sections))
    assert undocumented == [], f"add a section '## `handouts NAME [OPTIONS]`' to docs/commands.md for {undocumented}"
    assert sorted(set(sections) - set(group.commands)) == [], "docs/commands.md describes a command that is gone"
    missing = []
    for name, command in group.commands.items():
        for param in command.params:
            names = [opt for opt in param.opts if opt.startswith("--") and opt != "--help"]
            if param.param_type_name == "option" and names and not any(opt in sections[name] for opt in names):
                missing.append(f"{name} {names[0]}")
    assert missing == [], "each option is named in its command's section of docs/commands.md"


# --- tables that must be the code's own -----------------------------------------------------


def table_rows(path: Path, header: str) -> list[list[str]]:
    """The body rows of the Markdown table whose first header cell is ``header``, as cell texts."""
    found = tokens(path)
    rows, inside, row, in_header = [], False, [], False
    for index, token in enumerate(found):
        if token.type == "table_open":
            inside = found[index + 3].type == "th_open" and found[index + 4].content == header
        elif not inside:
            continue
        elif token.type == "thead_open":
            in_header = True
        elif token.type == "thead_close":
            in_header = False
        elif token.type == "inline" and not in_header:
            row.append(token.content)
        elif token.type == "tr_close" and row:
            rows.append(row)
            row = []
        elif token.type == "table_close":
            inside = False
    return rows


_UNITS = {"kB": 1_000, "KiB": 1024, "MB": 1_000_000, "MiB": 1024 * 1024, "megapixels": 1_000_000}


def documented_value(cell: str) -> float:
    number, _, rest = cell.partition(" ")
    return float(number.replace(",", "")) * _UNITS.get(rest, 1)


def constant(dotted: str) -> float:
    """The value of ``module.NAME``; else ``handouts.limits.NAME`` (the one home of every limit)."""
    module, _, name = dotted.strip("`").rpartition(".")
    for candidate in (module, "handouts.limits"):
        value = getattr(importlib.import_module(candidate), name, None)
        if value is not None:
            return float(value)
    raise AssertionError(f"{dotted} is not in the code")


def test_the_limits_table_is_the_code():
    rows = table_rows(SAFETY_DOC, "Limit")
    assert len(rows) >= 25
    wrong = [(what, value, code) for what, value, code, _ in rows if documented_value(value) != constant(code)]
    assert wrong == []


def test_the_dose_examples_print_as_documented():
    from handouts.i18n import catalogue
    from handouts.model.dose import parse_dose

    rows = table_rows(COMMANDS_DOC, "typed")
    assert len(rows) >= 5
    danish = catalogue("da")
    assert [parse_dose(typed.strip("`")).in_words(danish) for typed, _ in rows] == [printed for _, printed in rows]


def dose_errors() -> list[str]:
    return [
        line
        for _, block in fenced(COMMANDS_DOC, "text")
        for line in block.splitlines()
        if line.startswith("error: --dose kat-ko: dose '")
    ]


def test_the_documented_dose_errors_are_what_the_command_says():
    lines = dose_errors()
    assert len(lines) >= 5
    for line in lines:
        typed = re.match(r"error: --dose kat-ko: dose '([^']*)'", line)[1]
        result = invoke_cli("programme", "kat-ko", "--dose", f"kat-ko={typed}", "--out", "/nonexistent/never-written")
        assert (result.returncode, result.stderr) == (1, line + "\n")


# --- the content formats' examples ----------------------------------------------------------


def section_blocks(path: Path) -> dict[tuple[str, str], str]:
    """The first fenced block of each kind (info string) under each ``##`` heading."""
    found, section, blocks = tokens(path), "", {}
    for index, token in enumerate(found):
        if token.type == "heading_open" and token.tag == "h2":
            section = found[index + 1].content
        elif token.type == "fence":
            blocks.setdefault((section, token.info.strip()), token.content)
    return blocks


def test_the_content_format_examples_load_as_written(tmp_path):
    """The clinic profile, article, exercise, CMS exercise page and programme template shown in
    docs/content.md are read by the tool without a single problem."""
    from handouts.model.clinic import load_clinic
    from handouts.model.library import load_library
    from helpers.images import png_bytes

    blocks = section_blocks(ROOT / "docs" / "content.md")
    (tmp_path / "clinic.toml").write_text(blocks["Clinic profiles", "toml"], "utf-8")
    (tmp_path / "nord-logo.svg").write_bytes((CLINICS / "nord-logo.svg").read_bytes())
    assert load_clinic(tmp_path / "clinic.toml").name == "Fysioterapi Nord"

    content = tmp_path / "content"
    for folder in ("exercises", "programmes"):
        (content / folder).mkdir(parents=True)
    (content / "ondt-i-nakken.md").write_text(blocks["Articles", "markdown"], "utf-8")
    (content / "exercises" / "bird-dog.md").write_text(blocks["Exercises", "markdown"], "utf-8")
    (content / "exercises" / "bird-dog.png").write_bytes(png_bytes(40, 30))  # the example's `image:`
    (content / "exercises" / "vaegloeft.md").write_text(
        blocks["Exercise pages from a website (CMS)", "markdown"], "utf-8"
    )
    (content / "programmes" / "blid-start.toml").write_text(blocks["Programme templates", "toml"], "utf-8")
    library = load_library(content)
    assert [str(problem) for problem in library.problems] == []
    assert library.articles["ondt-i-nakken"].title == "Ondt i nakken"
    assert str(library.exercises["bird-dog"].dose) == "2x10/side@daily"
    assert "vaegloeft" in library.exercises and "blid-start" in library.programmes
