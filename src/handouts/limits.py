"""Every limit the tool enforces on what it is given, in one place: the safety page's table of
limits lists exactly these (``tests/test_limits.py``). Plain numbers only: importing this module
costs nothing, and every layer may import it."""

from __future__ import annotations

# --- files a person edits --------------------------------------------------------------------
MAX_SOURCE_BYTES = 1_000_000  # an article or other content file; a long article is ~10 kB
MAX_TOML_BYTES = 100_000  # a clinic profile or programme template is under 1 kB
MAX_NESTING = 20  # levels of lists/tables in front matter or TOML; real files use 2 or 3
MAX_TITLE_CHARS = 300  # an article's title
MAX_LOGO_BYTES = 2_000_000  # a clinic's logo file, checked when the profile loads

# --- what one text may ask of the layout engine ------------------------------------------------
# WeasyPrint's layout is super-linear in an unbreakable word (40,000 letters: 66 s) and slow per
# element (330,000 tiny paragraphs: over 10 minutes and 4.5 GB). Text beyond these is no handout.
MAX_TEXT_CHARS = 100_000  # about 35 pages; a long article is 10,000-20,000
MAX_ELEMENTS = 2_000  # paragraphs, headings, list items, table cells, emphasis, links …
MAX_WORD_CHARS = 60  # a longer run without a space gets invisible break points (U+200B)
MAX_PAGES = 40  # a handout is read at home; anything longer is refused before it is written

# --- what WeasyPrint may read ------------------------------------------------------------------
MAX_RESOURCE_BYTES = 5_000_000  # one image, logo, font or stylesheet WeasyPrint may read
MAX_IMAGE_PIXELS = 25_000_000  # 5000 × 5000: far more than an A4 page needs at 300 dpi
# SVG: a logo or a drawing has a few hundred elements. ``<use>`` copies an element, and copies
# of copies multiply (2 kB of nested ``<use>`` drew for minutes); a marker is drawn at every
# vertex of the shapes that use it, and markers inside markers multiply again (3.8 kB drew
# 8 million times). The limit is on the elements drawn after every reference is expanded.
MAX_SVG_ELEMENTS = 10_000  # elements in the file
MAX_SVG_DRAWN = 20_000  # elements an SVG draws, every <use>, marker (× vertices) and pattern counted
MAX_SVG_DEPTH = 64  # elements inside elements

# --- time and processes ------------------------------------------------------------------------
RENDER_SECONDS = 60.0  # wall-clock limit for one handout in any worker; the worker is replaced
WATCHDOG_GRACE_SECONDS = 15.0  # a render stuck in C code on the command line: then exit 1
OWNER_POLL_SECONDS = 0.2  # how often a worker checks that the process that started it is alive

# --- a dose, as typed or as read ---------------------------------------------------------------
MAX_SETS = 10
MAX_REPS = 100
MAX_HOLD_SECONDS = 1800  # 30 minutes: a long walk or a breathing exercise, never more
MAX_PER_DAY = 10
MAX_PER_WEEK = 14
MAX_DOSE_NOTE_CHARS = 40  # another unit in brackets: "3x(8–12 hop)"
MAX_DOSE_CHARS = 200  # the longest sensible dose is about 60 characters
MAX_LOAD_TENTHS = 2000  # 200 kg, in tenths of a kilo
MAX_REST_SECONDS = 600  # the pause between sets
MAX_EQUIPMENT_CHARS = 40  # what to use: "elastik", "håndvægt"

# --- a programme -------------------------------------------------------------------------------
MAX_EXERCISES = 12
MAX_WEEKS = 12
MAX_NAME_CHARS = 80  # the patient's or the therapist's name
MAX_NOTE_CHARS = 1000  # the note to the patient
MAX_EXERCISE_NOTE_CHARS = 120  # a note on one exercise: one or two lines on its card

# --- serve -------------------------------------------------------------------------------------
REQUEST_READ_SECONDS = 15.0  # a request must arrive whole within this
KEEP_ALIVE_SECONDS = 5  # idle keep-alive connections close after this
MAX_CONNECTIONS = 100  # more at once get 503
MAX_BODY_BYTES = 64 * 1024  # a form's body; larger is 413 before it is read
PDF_CACHE_BYTES = 64 * 1024 * 1024  # PDFs kept in memory; the least recently used makes room

# --- files the tool writes ---------------------------------------------------------------------
MAX_SLUG_CHARS = 80  # a slug names a file or folder in the output: a-z, 0-9 and - only
NEW_FILE_MODE = 0o666  # a new file's mode before the umask (0644 under umask 022, 0600 under 077)
MAX_JOBS_PER_CPU = 1  # batch --jobs: each worker costs ~90 MB, and more than the CPUs are slower

# --- front matter lists ------------------------------------------------------------------------
MAX_LIST_ITEMS = 200  # any list in front matter (sources, tags, keywords, exercises, aliases …)
MAX_LIST_ITEM_CHARS = 1000  # one item of such a list (a source with its web address)
