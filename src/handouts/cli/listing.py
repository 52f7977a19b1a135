"""What `handouts list` shows: rows for articles, clinics, exercises and programmes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from handouts.errors import HandoutsError, InputError, display_path
from handouts.model.catalogue import found, parts_of, search_exercises, searchable
from handouts.model.clinic import find_clinic_files, load_clinics
from handouts.model.exercise_pages import body_part_name
from handouts.model.exercise_pictures import missing_picture
from handouts.model.library import load_library
from handouts.resources import seeds_dir

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
    shown, columns, problems = _all_rows(kind, content=content, clinics=clinics, search=search)
    if search and kind != "exercises":  # exercises are searched by the catalogue itself
        shown = [row for row in shown if _row_matches(row, search)]
    return shown, columns, problems


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
        listed = search_exercises(library.listed_exercises(), search)
        data = [
            {
                "slug": e.slug,
                "id": library.exercise_ids.by_slug.get(e.slug),
                "name": e.name,
                "category": e.category,
                "body_parts": list(parts_of(e)),  # its bodyParts, else its regions: every group it is listed under
                "regions": list(e.regions),
                "dose": str(e.dose),
                "aliases": list(e.aliases),
                "conditions": list(e.conditions),
                "equipment": list(e.equipment),
                "languages": list(e.languages),
                "name_en": e.in_language("en").name if "en" in e.languages else None,
                "drawn": e.illustration is not None,
                "built_in": e.source.path.resolve().is_relative_to(seeds_dir().resolve()),
                "sources": list(e.sources),
                "picture": e.picture or None,  # illustration, image, figure or name; None: text only
                "picture_of": e.picture_of or None,  # the built-in exercise whose drawing it borrows
            }
            for e in listed
        ]
        # The physiotherapist is told which listed exercises print without a picture.
        notices: list[HandoutsError] = [*library.problems, *library.notices]
        notices += [
            InputError(e.source.name, None, message) for e in listed if (message := missing_picture(e)) is not None
        ]
        return data, ["slug", "name", "category", "body_parts", "dose", "picture"], notices
    if kind == "programmes":
        data = [
            {
                "slug": p.slug,
                "title": p.title,
                "exercises": list(p.exercises),
                "doses": dict(p.doses),
                "weeks": p.weeks,
                "sources": list(p.sources),
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
        table.add_row(*(_picture(row) if c == "picture" else _shown(c, row[c]) for c in columns))
    Console(soft_wrap=False).print(table)


def _picture(row: Row) -> str:
    """Where an exercise's picture comes from, in a few words: ``drawing``, ``photo``,
    ``baekkenloeft (name)``, ``bird-dog (figure)``, or ``none: text only``."""
    picture, lender = row["picture"], row.get("picture_of")
    if picture is None:
        return "none: text only"
    if lender:
        return f"{lender} ({picture})"
    return {"illustration": "drawing", "image": "photo"}.get(str(picture), str(picture))


def _shown(column: str, value: object) -> str:
    if isinstance(value, list):
        if column == "body_parts":
            return ", ".join(body_part_name(str(part)) for part in value)
        return ", ".join(str(item) for item in value)
    return str(value or "")
