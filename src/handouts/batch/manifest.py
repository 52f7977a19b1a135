"""The batch manifest: which PDF in an output folder was built from which inputs, and when.

``OUT/.handouts-manifest.json`` holds one entry per handout, keyed by the handout's job key
(``article:nord:ondt-i-laenden``). An entry records the fingerprint of everything the PDF was
made from, the inputs by name, the file, its size, pages, title and last-updated date. The
file is always replaced atomically, so a killed batch leaves the previous or the next
version, never half of one; entries are only added after their PDF is complete.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handouts.pdf.atomic import write_text_atomically

MANIFEST_NAME = ".handouts-manifest.json"
FORMAT = 1

# One handout's record: a JSON object as read back from the file (``_well_formed`` checks the
# fields every reader relies on: fingerprint, file, size, clinic), so its values are untyped.
ManifestEntry = dict[str, Any]


class Manifest:
    """The manifest of one output folder, read once and written back atomically."""

    def __init__(self, out_dir: Path, entries: dict[str, ManifestEntry] | None = None) -> None:
        self.out_dir = out_dir
        self.entries: dict[str, ManifestEntry] = entries or {}
        self.dirty = False

    @property
    def path(self) -> Path:
        return self.out_dir / MANIFEST_NAME

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The manifest in ``out_dir``; a missing or unreadable one means "nothing built yet"."""
        path = out_dir / MANIFEST_NAME
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):  # absent or damaged: every handout is simply rebuilt
            return cls(out_dir)
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
            return cls(out_dir)
        entries = {key: entry for key, entry in data["files"].items() if _well_formed(entry)}
        return cls(out_dir, entries)

    def is_current(self, key: str, fingerprint: str) -> bool:
        """Built from exactly these inputs, and the PDF is still there with the size recorded."""
        entry = self.entries.get(key)
        if entry is None or entry["fingerprint"] != fingerprint:
            return False
        file: str = entry["file"]
        size: int = entry["size"]
        try:
            return (self.out_dir / file).stat().st_size == size
        except OSError:
            return False

    def record(self, key: str, entry: ManifestEntry) -> None:
        self.entries[key] = entry
        self.dirty = True

    def forget_missing(self) -> None:
        """Drop entries whose PDF has been deleted, so the index never links to nothing."""
        for key in [k for k, e in self.entries.items() if not (self.out_dir / e["file"]).is_file()]:
            del self.entries[key]
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        data = {"format": FORMAT, "files": dict(sorted(self.entries.items()))}
        write_text_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        self.dirty = False


def _well_formed(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("fingerprint"), str)
        and isinstance(entry.get("file"), str)
        and isinstance(entry.get("size"), int)
        and isinstance(entry.get("clinic"), str)
    )
