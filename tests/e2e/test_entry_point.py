"""The real console script, as a user runs it: exit codes, exact messages, --help, no traceback.

A real process for what only the script shows: its exit codes 0, 1 and 2 and its output, which
it flushes itself before ending the process at once (``handouts.cli.run``), `batch`'s ordinary
exit with its workers stopped, and ``python -m handouts``. The real `article` run is in
cli/test_startup.py (its PDF, output and temporary files after that quick end), `serve` in
e2e/test_browser.py, `batch` stopped by signals in e2e/test_batch_signals.py. The other
messages here run in-process (``conftest.invoke_cli``: the same ``main``, output and exit code),
without a new interpreter each time.
"""

import json
import re
import subprocess
import sys

from conftest import invoke_cli, run_cli


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"handouts \S+\n", result.stdout)


def test_every_command_has_help():
    main = run_cli("--help")
    assert main.returncode == 0
    commands = re.findall(r"^  (\w+)\s{2,}", main.stdout.split("Commands:")[1], re.MULTILINE)
    assert {"list", "article"} <= set(commands)
    for command in commands:  # each command's help in-process: the real process is proven above
        result = invoke_cli(command, "--help")
        assert result.returncode == 0, command
        assert "Example:" in result.stdout or "Usage:" in result.stdout
        assert len(result.stdout.splitlines()) > 4, command


def test_list_articles_json():
    result = invoke_cli("list", "articles", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {
        "slug": "ondt-i-laenden",
        "title": "Ondt i lænden",
        "last_updated": "2025-10-12",
        "file": "seeds/003_7bd3c67fac983090.txt",
    } in rows


def test_unknown_slug_lists_candidates(tmp_path):
    result = run_cli("article", "xyz", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        "error: unknown article 'xyz'; known: 7-facts-om-ondt-i-balden-og-benet-er-det-iskias, "
        "iskiasnerve-i-klemme, iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening, "
        "nervetryk-i-laenden, ondt-i-laenden\n"
    )
    assert result.stdout == ""


def test_no_slug_is_a_usage_error():
    result = invoke_cli("article")
    assert result.returncode == 2
    assert result.stderr == "error: give one or more article slugs, or --all (see `handouts list articles`)\n"


def test_unknown_option_is_a_usage_error():
    result = run_cli("article", "ondt", "--colour", "red")
    assert result.returncode == 2
    assert "No such option: --colour" in result.stderr


def test_programme_mistake_is_one_line_and_exit_1(tmp_path):
    result = invoke_cli("programme", "kat", "--dose", "kat-ko=3xx", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("error: --dose kat-ko: dose '3xx': 'x' after 3x is not the number of repetitions")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_check_strict_exits_1_on_warnings():
    result = run_cli("check", "--strict", "--clinics", "clinics/nord.toml")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == (
        "5 articles, 1 clinic profile: 0 errors, 26 warnings (--strict: warnings count as errors)"
    )
    assert "Traceback" not in result.stderr


def test_batch_unknown_article_is_one_line(tmp_path):
    """`batch` ends the ordinary way (its workers, started while it plans, are stopped first),
    and leaves nothing in the temporary folder. That folder's path is long: no forkserver socket
    fits under it (workers.py spawns them instead; a traceback before)."""
    temp = tmp_path / ("tmp" * 30)
    temp.mkdir()
    result = run_cli(
        "batch", "--articles", "xyz", "--out", str(tmp_path / "out"), "--jobs", "1", env={"TMPDIR": str(temp)}
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: unknown article 'xyz'; known: 7-facts-om-ondt")
    assert "Traceback" not in result.stderr
    assert sorted(temp.iterdir()) == []


def test_python_dash_m_runs_the_same_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "handouts", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"handouts \S+\n", result.stdout)
