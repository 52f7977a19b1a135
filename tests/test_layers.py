"""The package's layers point down: the model imports only the model and the modules beneath it,
and no module of ``src/handouts`` imports itself back through others (no import cycle).

Every import counts: at the top, inside a function, under ``if TYPE_CHECKING``. The graph is
read from the source with ``ast`` (nothing is imported), so a lazy import cannot hide an edge.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src"

# Beneath the model: plain facts, file reading and errors. They import nothing above them.
BASE = frozenset(
    {
        "handouts",
        "handouts.cache",
        "handouts.errors",
        "handouts.i18n",
        "handouts.images",
        "handouts.limits",
        "handouts.load",
        "handouts.processes",
        "handouts.resources",
    }
)
MODEL = "handouts.model"

# Upward imports allowed, each with its reason (none today: keep it that way).
ALLOWED_UPWARD: frozenset[tuple[str, str]] = frozenset()


def modules(src: Path) -> dict[str, Path]:
    """Every module under ``src/handouts`` by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted((src / "handouts").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def import_graph(src: Path) -> dict[str, set[str]]:
    """Module → the package's modules it imports (``from a import b``: ``a.b`` if a module, else ``a``)."""
    known = modules(src)

    def nearest(name: str) -> str:
        while name not in known:
            name = name.rpartition(".")[0]
        return name

    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                imported |= {nearest(alias.name) for alias in node.names if alias.name.split(".")[0] == "handouts"}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: `from . import x`, `from ..model import y`
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, base] if base else parent)
                if base.split(".")[0] != "handouts":
                    continue
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    imported.add(full if full in known else nearest(base))
        imported.discard(name)
        graph[name] = imported
    return graph


def upward_imports(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Imports from the model to anything but the model and the base, and from the base upward."""
    wrong = set()
    for name, imported in graph.items():
        if name == MODEL or name.startswith(MODEL + "."):
            wrong |= {(name, t) for t in imported if t not in BASE and t != MODEL and not t.startswith(MODEL + ".")}
        elif name in BASE:
            wrong |= {(name, t) for t in imported if t not in BASE}
    return wrong


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for node in sorted(graph):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(found)


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(SRC)


def test_the_model_and_the_base_import_nothing_above_them(graph):
    assert sorted(upward_imports(graph) - ALLOWED_UPWARD) == []


def test_every_allowed_upward_import_still_happens(graph):
    """An exception that is no longer needed is taken off the list, so it cannot come back."""
    assert sorted(ALLOWED_UPWARD - upward_imports(graph)) == []


def test_no_import_cycle_in_the_package(graph):
    assert cycles(graph) == []


def test_the_graph_sees_every_kind_of_import(graph):
    """A lazy import, a relative one and ``from package import module`` are all edges."""
    assert "handouts.model.library" in graph["handouts.cli.commands"]  # inside a function
    assert "handouts.cli.batch" in graph["handouts.cli"]  # from handouts.cli import batch
    assert "handouts.model.library" in graph["handouts.model.red_flags"]


def test_the_checks_catch_a_planted_upward_import_and_cycle(tmp_path):
    """The same functions on a small package that breaks both rules: they must say so."""
    files = {
        "handouts/__init__.py": "",
        "handouts/errors.py": "",
        "handouts/model/__init__.py": "",
        "handouts/model/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from handouts.model import b\n",
        "handouts/model/b.py": "def f():\n    from .a import x\n    from ..render.html import page\n",
        "handouts/render/__init__.py": "",
        "handouts/render/html.py": "import handouts.model.a\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    planted = import_graph(tmp_path)
    assert upward_imports(planted) == {("handouts.model.b", "handouts.render.html")}
    assert cycles(planted) == [["handouts.model.a", "handouts.model.b", "handouts.render.html"]]
