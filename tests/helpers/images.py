"""Images made for tests: PNGs of any size in a few bytes, and an SVG <use> bomb."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def png_bytes(width: int = 1, height: int = 1) -> bytes:
    """A valid PNG of ``width`` × ``height`` pixels (1-bit greyscale, every row zero): a few kB
    even at 400 megapixels, so it is a decompression bomb for anything that decodes it whole."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png_bomb(path: Path, width: int = 20_000, height: int = 20_000) -> Path:
    """Write ``png_bytes(width, height)`` to ``path`` (by default 400 megapixels)."""
    path.write_bytes(png_bytes(width, height))
    return path


def svg_use_bomb(levels: int = 12, fan: int = 10) -> str:
    """2-3 kB of SVG whose nested <use> copies draw fan^(levels-1) circles (10^11 by default)."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">',
        '<defs><circle id="a0" r="1"/>',
    ]
    for level in range(1, levels):
        parts.append(f'<g id="a{level}">' + f'<use xlink:href="#a{level - 1}"/>' * fan + "</g>")
    parts.append(f'</defs><use href="#a{levels - 1}"/></svg>')
    return "".join(parts)
