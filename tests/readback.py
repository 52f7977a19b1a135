"""PDFs read back with PDFium (pypdfium2): the pages, the text and every drawn character.

PDFium is the PDF reader of Chromium, written in C++: it reads a handout's characters in
milliseconds where a pure-Python reader takes most of a second, so the tests read every PDF
they make without the suite paying for it. pypdf (a strict parse, the PDF/UA metadata) and
pikepdf (the structure tree, the embedded fonts) read what PDFium does not show.

Coordinates are PDF points from the page's top-left corner, as pdfplumber gives them: ``x0`` is
the character's origin and ``x1`` the right edge of its font box (for an italic letter it may
reach a little past the next origin), ``bottom`` is the bottom of its font box and ``top`` is one
font size above it (the em box). ``size`` is the size the character is printed at (the font size
times the scale of the text's matrix): WeasyPrint draws in CSS pixels, at a scale of 0.75.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

HYPHEN_AT_LINE_END = "\ufffe"  # how PDFium marks, in its text, a hyphen it joined to the next line
HYPHEN_CODE = 2  # …and in its characters
_FONT_NAME = ctypes.create_string_buffer(256)


@dataclass(frozen=True, slots=True)
class Char:
    text: str
    size: float
    x0: float
    x1: float
    top: float
    bottom: float
    font: str  # the embedded font's name without the subset prefix, e.g. "IBM-Plex-Sans-Bold"
    mcid: int | None  # the marked-content id that ties it to the structure tree (None: an artifact)


@dataclass(frozen=True, slots=True)
class Span:
    """Characters printed side by side, left to right: a line, or a word."""

    chars: tuple[Char, ...]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars).strip()

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)


@dataclass(frozen=True, slots=True)
class Page:
    width: float
    height: float
    text: str  # in reading order, a line break after each line; a word hyphenated at a line end keeps "-\n"
    chars: tuple[Char, ...]  # every character drawn, none that PDFium inferred (spaces, line breaks)

    def lines(self, tolerance: float = 3.0) -> list[Span]:
        """The characters whose tops lie within ``tolerance`` of each other, top to bottom."""
        rows: list[list[Char]] = []
        for char in sorted(self.chars, key=lambda c: (c.top, c.x0)):
            if rows and char.top - rows[-1][0].top <= tolerance:
                rows[-1].append(char)
            else:
                rows.append([char])
        return [Span(tuple(sorted(row, key=lambda c: c.x0))) for row in rows]

    def words(self) -> list[Span]:
        """Each line's runs of characters between spaces."""
        found = []
        for line in self.lines():
            word: list[Char] = []
            for char in (*line.chars, None):
                if char is not None and char.text.strip():
                    word.append(char)
                elif word:
                    found.append(Span(tuple(word)))
                    word = []
        return found


def read_pdf(source: Path | bytes) -> tuple[Page, ...]:
    """Every page of a PDF file (remembered while the file is unchanged) or of PDF bytes."""
    if isinstance(source, bytes):
        return _read(source)
    stat = source.stat()
    return _read_file(source.resolve(), stat.st_mtime_ns, stat.st_size)


def pdf_text(source: Path | bytes) -> str:
    """The text of every page, as a reader copies it."""
    return "\n".join(page.text for page in read_pdf(source))


def page_count(source: Path | bytes) -> int:
    with _opened(source) as document:
        return len(document)


@functools.lru_cache(maxsize=64)
def _read_file(path: Path, _mtime_ns: int, _size: int) -> tuple[Page, ...]:
    return _read(path.read_bytes())


def _read(data: bytes) -> tuple[Page, ...]:
    with _opened(data) as document:
        return tuple(_read_page(document[index]) for index in range(len(document)))


@contextlib.contextmanager
def _opened(source: Path | bytes) -> Iterator[pdfium.PdfDocument]:
    document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    try:
        yield document
    finally:
        document.close()


def _read_page(page: pdfium.PdfPage) -> Page:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range().replace("\r\n", "\n").replace(HYPHEN_AT_LINE_END, "-\n")
        chars = []
        objects: dict[int | None, tuple[str, int | None]] = {}  # text object → (font, mcid)
        box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        for index in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage, index):
                continue
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
            pdfium_c.FPDFText_GetCharOrigin(textpage, index, origin_x, origin_y)
            pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
            size = pdfium_c.FPDFText_GetFontSize(textpage, index) * math.sqrt(
                abs(matrix.a * matrix.d - matrix.b * matrix.c)
            )
            bottom = height - box.bottom
            obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
            key = ctypes.cast(obj, ctypes.c_void_p).value
            if key not in objects:
                objects[key] = _font_and_mcid(obj)
            font, mcid = objects[key]
            chars.append(
                Char(
                    text="-" if code == HYPHEN_CODE else chr(code),
                    size=size,
                    x0=origin_x.value,
                    x1=box.right,
                    top=bottom - size,
                    bottom=bottom,
                    font=font,
                    mcid=mcid,
                )
            )
        return Page(width=width, height=height, text=text, chars=tuple(chars))
    finally:
        textpage.close()
        page.close()


def _font_and_mcid(obj: object) -> tuple[str, int | None]:
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    length = pdfium_c.FPDFFont_GetBaseFontName(font, _FONT_NAME, len(_FONT_NAME))
    name = _FONT_NAME.raw[: max(0, length - 1)].decode("latin-1").split("+", 1)[-1]
    mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
    return name, mcid if mcid >= 0 else None


def vector_paths(source: Path | bytes) -> int:
    """How many vector paths (lines, curves, filled shapes) the pages draw, inside images too."""
    with _opened(source) as document:
        return sum(1 for page in document for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=8))
