"""Every limit the tool enforces on what it is given, in one place (the README's safety section
lists them). Plain numbers only: importing this module costs nothing."""

from __future__ import annotations

MAX_RESOURCE_BYTES = 5_000_000  # one image, logo, font or stylesheet WeasyPrint may read
MAX_IMAGE_PIXELS = 25_000_000  # 5000 × 5000: far more than an A4 page needs at 300 dpi
RENDER_SECONDS = 60.0  # wall-clock limit for one handout in any worker; the worker is replaced
MAX_SLUG_CHARS = 80  # a slug names a file or folder in the output: a-z, 0-9 and - only
NEW_FILE_MODE = 0o666  # a new file's mode before the umask (0644 under umask 022, 0600 under 077)
MAX_JOBS_PER_CPU = 1  # batch --jobs: each worker costs ~90 MB, and more than the CPUs are slower
MAX_LIST_ITEMS = 200  # any list in front matter (sources, tags, keywords, exercises, aliases …)
MAX_LIST_ITEM_CHARS = 1000  # one item of such a list (a source with its web address)
MAX_SVG_DRAWN = 20_000  # elements an SVG draws, every <use>, marker (× vertices) and pattern counted
