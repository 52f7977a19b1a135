"""Stage 1, load: read a content file (Markdown or text with YAML front matter) into a Source.

Only reading and parsing happen here; what the keys mean is validated in ``content``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from handouts.errors import InputError, display_path

CONTENT_SUFFIXES = (".md", ".txt")
MAX_SOURCE_BYTES = 1_000_000  # a long article is ~10 kB; anything near 1 MB is not a handout


@dataclass(frozen=True)
class Source:
    """A content file as read from disk: its front matter and its Markdown body."""

    path: Path
    meta: dict[str, Any]
    body: str
    raw: bytes = field(repr=False, default=b"")

    @property
    def name(self) -> str:
        return display_path(self.path)


def read_source(path: Path) -> Source:
    """Read one content file; every way it can be unreadable becomes one InputError."""
    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise InputError(
                name, None, f"the file is {size / 1e6:.1f} MB; a handout's text must stay under "
                f"{MAX_SOURCE_BYTES // 1_000_000} MB – split it or remove pasted data"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(name, None, f"cannot be read ({exc.strerror or exc})") from None
    return parse_source(path, raw)


_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_source(path: Path, raw: bytes) -> Source:
    name = display_path(path)
    if b"\x00" in raw:
        raise InputError(name, None, "is a binary file, not Markdown text; save it as UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            name, None, f"is not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)  # bells, escapes, form feeds from pasted text: never printable
    if not text.strip():
        raise InputError(name, None, "is empty; write the article's text below its front matter")
    try:
        metadata, content = frontmatter.parse(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" on line {where.line + 2}" if where is not None else ""
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        raise InputError(
            name, "front matter", f"{problem}{line}; check the quotes and colons between the --- lines"
        ) from None
    except ValueError as exc:  # frontmatter raises this for odd delimiters
        raise InputError(name, "front matter", f"{exc}; check the --- lines") from None
    if not isinstance(metadata, dict):
        raise InputError(name, "front matter", "must be a list of `key: value` lines")
    meta = {str(key): value for key, value in metadata.items()}  # `2025:` or `?` are keys too in YAML
    return Source(path=path, meta=meta, body=content, raw=raw)


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")


def parse_date(value: Any) -> dt.date:
    """A date as CMS exports write it: ``"13/09/2025"``, ``08-05-2025``, ``2025-09-13`` …

    Day-first everywhere, as Danish sources write dates. Raises ValueError in plain words.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        iso = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]", text)
        if iso:
            return dt.date.fromisoformat(iso.group(1))
    raise ValueError(f"{value!r} is not a date; write it as DD/MM/YYYY, e.g. \"13/09/2025\"")


def iter_content_files(folder: Path) -> list[Path]:
    """The content files directly in ``folder``, in a stable order (hidden files and a folder's
    own README skipped)."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in CONTENT_SUFFIXES and not p.name.startswith((".", "_"))
        and p.stem.lower() != "readme"
    )


def read_toml(path: Path, missing: str) -> dict[str, Any]:
    """Read a TOML file a person edits (clinic profile, programme); ``missing`` says what to do
    when it does not exist. Every other way it can fail is one InputError too."""
    name = display_path(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise InputError(name, None, missing) from None
    except IsADirectoryError:
        raise InputError(name, None, "is a folder; give a .toml file") from None
    except UnicodeDecodeError:
        raise InputError(name, None, "is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise InputError(name, None, f"cannot be read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(name, None, f"is not valid TOML ({exc}); check quotes and = signs") from None
