"""Each clinic's ``index.html``: a plain, accessible list of its leaflets, made from the manifest.

Built from the manifest rather than from this run, so leaflets that were unchanged (or built
by an earlier run with other options) are listed too. Written only when its text changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from handouts.batch.manifest import Manifest, ManifestEntry
from handouts.errors import HandoutsError
from handouts.i18n import catalogue
from handouts.pdf.atomic import write_error, write_text_atomically
from handouts.render.html import render_template

if TYPE_CHECKING:
    from handouts.model.clinic import Clinic

INDEX_NAME = "index.html"


def write_indexes(out_dir: Path, clinics: dict[str, Clinic], manifest: Manifest) -> list[HandoutsError]:
    """One index per clinic of this run (slug → Clinic); one that cannot be written is returned
    as a problem naming it, and the other clinics still get theirs."""
    problems = []
    for slug, clinic in clinics.items():
        target = out_dir / slug / INDEX_NAME
        try:
            _write_index(target, clinic, [e for e in manifest.entries.values() if e["clinic"] == slug])
        except HandoutsError as exc:
            problems.append(exc)
        except OSError as exc:
            problems.append(write_error(target, exc))
    return problems


def _write_index(target: Path, clinic: Clinic, entries: list[ManifestEntry]) -> None:
    folder = target.parent
    if not entries and not folder.is_dir():
        return
    html = index_html(clinic, entries, folder)
    try:
        if target.read_text("utf-8") == html:
            return
    except (OSError, ValueError):
        pass
    write_text_atomically(target, html)


def index_html(clinic: Clinic, entries: list[ManifestEntry], folder: Path) -> str:
    labels = catalogue(clinic.language)
    large_print = labels.t("large_print")
    rows = []
    for entry in sorted(entries, key=lambda e: (e["title"].casefold(), e.get("large_print", False), e["file"])):
        updated = dt.date.fromisoformat(entry["updated"]) if entry.get("updated") else None
        href = (
            Path(entry["file"]).relative_to(folder.name)
            if entry["file"].startswith(f"{folder.name}/")
            else Path(entry["file"])
        )
        rows.append(
            {
                "title": entry["title"],
                "variant": large_print if entry.get("large_print") else "",
                "updated": labels.date(updated),
                "updated_iso": updated.isoformat() if updated else "",
                "size_kb": max(1, round(entry["size"] / 1000)),
                "pages": entry.get("pages", 0),
                "href": quote(href.as_posix()),
            }
        )
    return render_template("index.html.j2", clinic=clinic, labels=labels, lang=clinic.language, rows=rows)
