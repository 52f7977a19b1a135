"""Stage 4, write PDF: WeasyPrint with bundled fonts, a locked-down fetcher and atomic writes."""
