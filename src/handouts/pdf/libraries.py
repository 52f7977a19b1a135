"""Importing WeasyPrint without running a C compiler for every library name it tries.

WeasyPrint opens GObject, Pango, HarfBuzz and fontconfig by trying several names for each,
Windows-style names before the Linux sonames (``libpango-1.0-0``, ``pango-1.0-0``,
``pango-1.0``, ``libpango-1.0.so.0``, …). cffi hands each name it cannot open to
``ctypes.util.find_library``, which on Linux asks ``ldconfig -p`` and, for a name that is not
there, runs ``gcc`` and then ``ld`` to look for it (Kozea/WeasyPrint#1125): a dozen compiler and
linker runs, about 0.2 s of CPU and of waiting, in every process that renders — each
``handouts article`` or ``programme``, each batch and web worker.

While WeasyPrint is imported on Linux, ``find_library`` answers "not found" at once: each
library is then opened by its soname (``libpango-1.0.so.0``), the name WeasyPrint tries next,
which the dynamic linker finds itself (system folders, its cache and ``LD_LIBRARY_PATH``):
the same file ``find_library`` would have named. Should that fail, the import is tried again
the usual way, so a system that only the slow search can serve still works.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import sys
from collections.abc import Iterator


def import_weasyprint() -> None:
    """Import WeasyPrint in this process (once), opening its C libraries by soname."""
    if "weasyprint" in sys.modules:
        return
    if sys.platform.startswith("linux"):
        try:
            with _no_library_search():
                import weasyprint
            return
        except OSError:  # not by soname: forget the half-done import and search as usual
            for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
                del sys.modules[name]
    import weasyprint  # noqa: F401


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = find_library
