"""The web app (``handouts serve``): clinics' leaflets online, PDFs on demand, a programme builder.

A thin layer over the library: it parses requests, calls ``content``, ``clinic``,
``programme``, ``render`` and ``share``, and hands finished HTML to a bounded pool of render
worker processes for the PDF. This process itself never imports WeasyPrint.
"""

from handouts.web.app import create_app
from handouts.web.site import Site

__all__ = ["Site", "create_app"]
