"""What `handouts list` shows: rows for articles, clinics, exercises and programmes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from handouts.errors import HandoutsError, display_path
from handouts.model.catalogue import found, search_exercises, searchable
from handouts.model.clinic import find_clinic_files, load_clinics
from handouts.model.exercise_pages import body_part_name
from handouts.model.library import load_library

Row = dict[str, object]  # one line of the list: JSON-ready values


def rows(
    kind: str,
    *,
    content: Path | None = None,
    clinics: list[Path] | None = None,
    search: str | None = None,
) -> tuple[list[Row], list[str], Sequence[HandoutsError]]:
    """(rows, column names for the table, problems found while loading); ``search`` keeps the
    rows that hold every word of it."""
    found, columns, problems = _all_rows(kind, content=content, clinics=clinics, search=search)
    if search and kind != "exercises":  # exercises are searched by the catalogue itself
        found = [row for row in found if _row_matches(row, search)]
    return found, columns, problems


def _row_matches(row: Row, search: str) -> bool:
    shown = (" ".join(str(item) for item in v) if isinstance(v, list) else str(v or "") for v in row.values())
    return found(search, searchable(shown))


def _all_rows(
    kind: str,
    *,
    content: Path | None,
    clinics: list[Path] | None,
    search: str | None,
) -> tuple[list[Row], list[str], Sequence[HandoutsError]]:
    if kind == "clinics":
        loaded, problems = load_clinics(find_clinic_files(clinics))
        found: list[Row] = [
            {
                "slug": clinic.slug,
                "name": clinic.name,
                "language": clinic.language,
                "phone": clinic.phone,
                "profile": display_path(clinic.source) if clinic.source else "",
            }
            for clinic in loaded.values()
        ]
        return found, ["slug", "name", "language", "phone", "profile"], problems

    library = load_library(content)
    if kind == "articles":
        data: list[Row] = [
            {
                "slug": a.slug,
                "title": a.title,
                "last_updated": a.last_updated.isoformat() if a.last_updated else None,
                "file": display_path(a.path),
            }
            for a in library.articles.values()
        ]
        return data, ["slug", "title", "last_updated"], library.problems
    if kind == "exercises":
        data = [
            {
                "slug": e.slug,
                "name": e.name,
                "category": e.category,
                "body_parts": list(e.body_parts),
                "dose": str(e.dose),
                "sources": list(e.sources),
            }
            for e in search_exercises(library.exercises.values(), search)
        ]
        return data, ["slug", "name", "category", "body_parts", "dose"], library.problems
    if kind == "programmes":
        data = [
            {
                "slug": p.slug,
                "title": p.title,
                "exercises": list(p.exercises),
                "doses": dict(p.doses),
                "weeks": p.weeks,
                "file": display_path(library.programme_files[p.slug]),
            }
            for p in library.programmes.values()
        ]
        return data, ["slug", "title", "exercises", "weeks"], library.problems
    raise HandoutsError(f"cannot list {kind!r}")


def print_table(kind: str, data: list[Row], columns: list[str]) -> None:
    table = Table(title=kind.capitalize(), title_justify="left")
    for column in columns:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in data:
        table.add_row(*(_shown(c, row[c]) for c in columns))
    Console(soft_wrap=False).print(table)


def _shown(column: str, value: object) -> str:
    if isinstance(value, list):
        if column == "body_parts":
            return ", ".join(body_part_name(str(part)) for part in value)
        return ", ".join(str(item) for item in value)
    return str(value or "")
