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
from frontmatter.default_handlers import YAMLHandler

from handouts.errors import InputError, display_path
from handouts.limits import MAX_NESTING, MAX_SOURCE_BYTES, MAX_TOML_BYTES

CONTENT_SUFFIXES = (".md", ".txt")


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
                name,
                None,
                f"the file is {size / 1e6:.1f} MB; a handout's text must stay under "
                f"{MAX_SOURCE_BYTES // 1_000_000} MB – split it or remove pasted data",
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
        raise InputError(name, None, f"is not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)  # bells, escapes, form feeds from pasted text: never printable
    if not text.strip():
        raise InputError(name, None, "is empty; write the article's text below its front matter")
    if _UNCLOSED_FRONT_MATTER.match(text.lstrip()) and not _front_matter(text):
        raise InputError(
            name,
            "front matter",
            "starts with a --- line but has no closing --- line; add --- below the last `key: value` line",
        )
    deep = yaml_nesting_line(_front_matter(text))
    if deep is not None:
        raise InputError(
            name,
            "front matter",
            f"is nested more than {MAX_NESTING} levels deep on line {deep}; "
            "write plain `key: value` lines and short lists",
        )
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


# An opening --- and a `key:` line below it, with no closing --- anywhere after: python-frontmatter
# would print the keys as the article's first paragraph.
_UNCLOSED_FRONT_MATTER = re.compile(
    r"---[ \t]*\n(?:[ \t]*\n)*[A-Za-z_][\w-]*[ \t]*:(?![^\n]*\n(?:.*\n)*?---[ \t]*(?:\n|$))"
)


def _front_matter(text: str) -> str:
    """The YAML between the --- lines, split exactly as python-frontmatter splits it."""
    handler = YAMLHandler()
    stripped = text.strip()
    if not handler.detect(stripped):
        return ""
    try:
        return handler.split(stripped)[0]
    except ValueError:
        return ""


# --- nesting bound: checked before any parser sees the text ------------------------------
# PyYAML and tomllib parse nested collections recursively: thousands of `[` in a few kB
# exhaust the stack (RecursionError, or a segfault in some builds). These scans are linear
# and deliberately rough: they may count a level too many, never one too few.


_INDENT = re.compile(r"^ *", re.MULTILINE)
_COMPACT = re.compile(r"^ *[-?: ]*", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]{}]")


def _yaml_nesting_bound(text: str) -> int:
    """At least the deepest nesting ``yaml_nesting_line`` can count, found mostly in C: every
    level of indentation, plus the most compact markers (``- - x``) on a line, plus the deepest
    brackets (a line that opens and closes its own, without quotes or comments, counts as deep
    as it goes; on any other line every opening bracket counts, and stays counted)."""
    indents = {len(found) for found in _INDENT.findall(text)}
    compact = max((sum(run.count(c) for c in "-?:") for run in _COMPACT.findall(text)), default=0)
    carried = deepest = 0
    for line in text.split("\n"):
        if "[" not in line and "{" not in line:
            continue
        opened = line.count("[") + line.count("{")
        depth = most = 0
        if not any(c in line for c in "\"'#"):
            for bracket in _BRACKETS.findall(line):
                depth += 1 if bracket in "[{" else -1
                if depth < 0:
                    break
                most = max(most, depth)
        if depth == 0 and most:
            deepest = max(deepest, most)
        else:
            carried += opened
    return len(indents) + compact + carried + deepest


def yaml_nesting_line(text: str, limit: int = MAX_NESTING) -> int | None:
    """The 1-based line of ``text`` (YAML) where nesting first exceeds ``limit``, else None."""
    if _yaml_nesting_bound(text) <= limit:
        return None  # every real file; the line-by-line count is for the rest
    return _yaml_nesting_scan(text, limit)


def _yaml_nesting_scan(text: str, limit: int) -> int | None:
    flow = 0  # open [ and { (flow collections may span lines)
    quote = ""  # the open quote character of a quoted scalar, if any
    indents: list[int] = []  # indentation levels of the enclosing block collections
    block_scalar_indent = -1  # inside a | or > scalar: the indent of the line that opened it
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        pos = 0
        value_start = flow > 0
        if not quote and not flow:
            content = line.lstrip(" ")
            indent = len(line) - len(content)
            if block_scalar_indent >= 0:
                if not content.strip() or indent > block_scalar_indent:
                    continue  # text of a block scalar, not structure
                block_scalar_indent = -1
            if not content.strip() or content.startswith("#"):
                continue
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            depth = len(indents)
            pos = indent
            while line.startswith(("- ", "? ", ": "), pos) or line[pos:].rstrip() in ("-", "?"):
                depth += 1  # compact nesting: "- - - x" is three levels on one line
                pos += 2
                while line.startswith(" ", pos):
                    pos += 1
            if depth > limit:
                return number
            value_start = True
            if _opens_block_scalar(line):
                block_scalar_indent = indent
        while pos < len(line):
            char = line[pos]
            if quote:
                if quote == '"' and char == "\\":
                    pos += 1  # an escaped character
                elif char == quote:
                    quote = ""
                    value_start = False
            elif char == "#" and (pos == 0 or line[pos - 1] in " \t"):
                break  # a comment
            elif char in "\"'" and value_start:
                quote = char
            elif char in "[{" and value_start:
                flow += 1
                if depth + flow > limit:
                    return number
            elif char in "]}" and flow:
                flow -= 1
                value_start = False
            elif (char == "," and flow) or (char == ":" and (pos + 1 == len(line) or line[pos + 1] in " \t")):
                value_start = True
            elif char not in " \t":
                value_start = False
            pos += 1
    return None


def _opens_block_scalar(line: str) -> bool:
    head = line.split(" #", 1)[0].rstrip().rstrip("0123456789+-")
    return head.endswith(("|", ">")) and (head[:-1].rstrip().endswith((":", "-")) or not head[:-1].strip())


def toml_nesting_line(text: str, limit: int = MAX_NESTING) -> int | None:
    """The 1-based line of ``text`` (TOML) where nesting first exceeds ``limit``, else None.

    Arrays, inline tables and table headers count a level each, and so does every dot in a
    key (``a.b.c = 1`` is three tables deep).
    """
    brackets = dots = 0
    number = 1
    pos, end = 0, len(text)
    while pos < end:
        char = text[pos]
        if char == "\n":
            number += 1
            dots = 0
        elif char == "#":
            newline = text.find("\n", pos)
            pos = end if newline < 0 else newline
            continue
        elif char in "\"'":
            delimiter = char * 3 if text.startswith(char * 3, pos) else char
            close = pos + len(delimiter)
            while True:
                close = text.find(delimiter, close)
                if close < 0 or char == "'" or not _escaped(text, close):
                    break
                close += 1
            stop = end if close < 0 else close + len(delimiter)
            number += text.count("\n", pos, stop)
            pos = stop
            continue
        elif char in "[{":
            brackets += 1
            dots = 0
        elif char in "]}":
            brackets = max(0, brackets - 1)
            dots = 0
        elif char in "=,":
            dots = 0
        elif char == ".":
            dots += 1
        if brackets + dots > limit:
            return number
        pos += 1
    return None


def _escaped(text: str, quote_at: int) -> bool:
    """Whether the quote at ``quote_at`` is escaped by an odd number of backslashes."""
    count = 0
    while quote_at - count - 1 >= 0 and text[quote_at - count - 1] == "\\":
        count += 1
    return count % 2 == 1


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
    raise ValueError(f'{value!r} is not a date; write it as DD/MM/YYYY, e.g. "13/09/2025"')


def iter_content_files(folder: Path) -> list[Path]:
    """The content files directly in ``folder``, in a stable order (hidden files and a folder's
    own README skipped)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.lower() in CONTENT_SUFFIXES
        and not p.name.startswith((".", "_"))
        and p.stem.lower() != "readme"
    )


def read_toml(path: Path, missing: str) -> dict[str, Any]:
    """Read a TOML file a person edits (clinic profile, programme); ``missing`` says what to do
    when it does not exist. Every other way it can fail is one InputError too."""
    name = display_path(path)
    try:
        if path.stat().st_size > MAX_TOML_BYTES:
            raise InputError(name, None, f"is over {MAX_TOML_BYTES // 1000} kB; a profile or programme is a few lines")
        return parse_toml(path.read_bytes(), name)
    except FileNotFoundError:
        raise InputError(name, None, missing) from None
    except IsADirectoryError:
        raise InputError(name, None, "is a folder; give a .toml file") from None
    except OSError as exc:
        raise InputError(name, None, f"cannot be read ({exc.strerror or exc})") from None


def parse_toml(data: bytes, name: str) -> dict[str, Any]:
    """TOML a person edits, as bytes (a file's, or one uploaded to the builder); every way it
    can fail is one InputError naming ``name``."""
    if len(data) > MAX_TOML_BYTES:
        raise InputError(name, None, f"is over {MAX_TOML_BYTES // 1000} kB; a profile or programme is a few lines")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(name, None, "is not UTF-8 text; save it as UTF-8") from None
    deep = toml_nesting_line(text)
    if deep is not None:
        raise InputError(
            name,
            None,
            f"is nested more than {MAX_NESTING} levels deep on line {deep}; remove the extra [ ], {{ }} or dots in keys",
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(name, None, f"is not valid TOML ({exc}); check quotes and = signs") from None
