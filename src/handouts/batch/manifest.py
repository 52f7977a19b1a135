"""The batch manifest: which PDF in an output folder was built from which inputs, and when.

``OUT/.handouts-manifest.json`` holds one entry per handout, keyed by the handout's job key
(``article:nord:ondt-i-laenden``). An entry records the fingerprint of everything the PDF was
made from, the inputs by name, the file, its size, pages, title and last-updated date. The
file is always replaced atomically, so a killed batch leaves the previous or the next
version, never half of one; entries are only added after their PDF is complete.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from handouts.errors import display_path
from handouts.pdf.atomic import write_text_atomically

MANIFEST_NAME = ".handouts-manifest.json"
FORMAT = 1

# One handout's record as the batch and the index pages use it: a plain dict (the fields of
# ``Entry``), validated when the manifest is read.
ManifestEntry = dict[str, Any]


class Entry(BaseModel):
    """What a manifest entry must be for the batch and the index pages to rely on it."""

    model_config = ConfigDict(strict=True, extra="allow")

    fingerprint: str
    file: str = Field(min_length=1, max_length=1000)
    size: int = Field(ge=0)
    clinic: str
    title: str
    kind: str = ""
    slug: str = ""
    large_print: bool = False
    updated: str | None = None  # an ISO date
    pages: int = Field(default=0, ge=0)
    inputs: dict[str, str] = Field(default_factory=dict)

    @field_validator("updated")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None:
            dt.date.fromisoformat(value)  # a ValueError is a validation error
        return value

    @field_validator("file")
    @classmethod
    def _inside(cls, value: str) -> str:
        path = PurePosixPath(value)
        if "\0" in value or path.is_absolute() or ".." in path.parts:
            raise ValueError("must be a file inside the output folder")
        return value


class ManifestFile(BaseModel):
    model_config = ConfigDict(strict=True)

    format: Literal[1]
    files: dict[str, Entry]


class Manifest:
    """The manifest of one output folder, read once and written back atomically."""

    def __init__(self, out_dir: Path, entries: dict[str, ManifestEntry] | None = None) -> None:
        self.out_dir = out_dir
        self.entries: dict[str, ManifestEntry] = entries or {}
        self.dirty = False
        self.warning = ""  # why the file on disk was not used, to be said once

    @property
    def path(self) -> Path:
        return self.out_dir / MANIFEST_NAME

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The manifest in ``out_dir``; a missing one means "nothing built yet". One that does
        not validate (damaged, edited by hand, nested without end) is treated as missing, with
        ``warning`` set: every handout is then rebuilt and the file written afresh."""
        path = out_dir / MANIFEST_NAME
        try:
            body = path.read_bytes()
        except FileNotFoundError:
            return cls(out_dir)
        except OSError as exc:
            return cls._unusable(out_dir, f"cannot be read ({exc.strerror or exc})")
        try:  # json, not pydantic's parser: it refuses the escaped names of non-UTF-8 files
            data = ManifestFile.model_validate(json.loads(body))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            return cls._unusable(out_dir, f"is damaged ({where}: {first['msg']})" if where else "is damaged")
        except (ValueError, RecursionError):
            return cls._unusable(out_dir, "is damaged")
        entries = {key: entry.model_dump() for key, entry in data.files.items()}
        return cls(out_dir, entries)

    @classmethod
    def _unusable(cls, out_dir: Path, problem: str) -> Manifest:
        manifest = cls(out_dir)
        manifest.warning = f"{display_path(out_dir / MANIFEST_NAME)}: {problem}; ignored, every handout is built again"
        manifest.dirty = True  # written afresh at the end, so the warning is said once
        return manifest

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
        # ASCII with escapes: a file name that is not UTF-8 (kept by Python as a lone surrogate)
        # is written as \udcff and read back the same, instead of failing to encode.
        write_text_atomically(self.path, json.dumps(data, ensure_ascii=True, indent=1) + "\n")
        self.dirty = False
