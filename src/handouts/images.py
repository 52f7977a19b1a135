"""Image limits, judged by content: pixels for raster images, a bounded parse for SVG.

Used by the fetcher for everything WeasyPrint reads, and by clinic profiles for the logo (the
web app serves it to browsers as it is). Beneath the model, beside ``load.py``: no WeasyPrint
here, and Pillow only inside the two functions that read raster headers.
"""

from __future__ import annotations

import io
import re
import warnings
from xml.parsers import expat

from handouts.limits import MAX_IMAGE_PIXELS, MAX_SVG_DEPTH, MAX_SVG_DRAWN, MAX_SVG_ELEMENTS

# The pictures the tool takes, by suffix, with the media type a browser is sent.
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}  # a clinic's logo
EXERCISE_IMAGE_TYPES = {**LOGO_TYPES, ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}  # an exercise's picture
ARTICLE_IMAGE_TYPES = {**EXERCISE_IMAGE_TYPES, ".gif": "image/gif", ".webp": "image/webp"}  # in an article's text


class RefusedResource(ValueError):
    pass


def check_image(body: bytes) -> None:
    """Apply the limits to whatever image ``body`` is: SVG (bounded parse) or raster (pixels)."""
    if _looks_like_xml(body):
        check_svg(body)
    elif _is_raster(body):
        check_pixels(body)


def _looks_like_xml(body: bytes) -> bool:
    return body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _is_raster(body: bytes) -> bool:
    from PIL import Image  # deferred: Pillow stays out of processes that never see a raster image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(body)):
                return True
    except Image.DecompressionBombError:
        return True
    except Exception:
        return False


_URL_REF = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")
_HREFS = ("href", "http://www.w3.org/1999/xlink href")


def check_svg(body: bytes) -> None:
    """Refuse an SVG that would take unbounded time or memory to draw, or reaches outside.

    Parsed with expat, without a DTD's entities (no "billion laughs"), counting elements and
    depth as it goes; then every ``<use>``, ``href="#…"`` and ``url(#…)`` reference is followed
    to count the elements actually drawn (a reference cycle is refused too). A ``<use>`` of
    another file is refused; images inside are fetched, and checked, one by one.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    children: list[list[int]] = [[]]  # element 0 stands for the document
    references: list[tuple[int, str]] = []
    ids: dict[str, int] = {}
    stack = [0]

    def start(name: str, attributes: dict[str, str]) -> None:
        number = len(children)
        if number > MAX_SVG_ELEMENTS:
            raise RefusedResource(f"SVG has over {MAX_SVG_ELEMENTS:,} elements; simplify the drawing")
        if len(stack) > MAX_SVG_DEPTH:
            raise RefusedResource(f"SVG is nested over {MAX_SVG_DEPTH} elements deep; simplify the drawing")
        children.append([])
        children[stack[-1]].append(number)
        stack.append(number)
        local = name.rsplit(" ", 1)[-1]
        for key, value in attributes.items():
            if key == "id":
                ids.setdefault(value, number)
            elif key in _HREFS:
                if value.startswith("#"):
                    references.append((number, value[1:]))
                elif local == "use":
                    raise RefusedResource("SVG <use> of another file; keep the drawing in one file")
            if "url(" in value:
                references.extend((number, target) for target in _URL_REF.findall(value))

    def end(_name: str) -> None:
        stack.pop()

    def refuse_entities(*_args: object) -> int:  # expat's handler types differ; both refuse
        raise RefusedResource("SVG declares entities; export it again without a DTD")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = refuse_entities
    parser.ExternalEntityRefHandler = refuse_entities
    try:
        parser.Parse(body, True)
    except expat.ExpatError:
        raise RefusedResource("not a readable SVG or image (the file is damaged or misnamed)") from None
    targets: dict[int, list[int]] = {}
    for element, name in references:
        if name in ids:
            targets.setdefault(element, []).append(ids[name])
    if _drawn_elements(children, targets) > MAX_SVG_DRAWN:
        raise RefusedResource(
            f"SVG draws over {MAX_SVG_DRAWN:,} elements once its <use> copies are counted; simplify the drawing"
        )


def _drawn_elements(children: list[list[int]], targets: dict[int, list[int]]) -> int:
    """Elements drawn from the document (element 0), every reference expanded, capped just
    above the limit; a reference cycle counts as too many."""
    cap = MAX_SVG_DRAWN + 1
    size: dict[int, int] = {}
    visiting: set[int] = set()
    todo = [0]
    while todo:
        node = todo[-1]
        if node in size:
            todo.pop()
            continue
        below = children[node] + targets.get(node, [])
        if node not in visiting:
            visiting.add(node)
            for other in below:
                if other in visiting:
                    return cap  # a reference cycle: drawing it would never end
                if other not in size:
                    todo.append(other)
            continue
        size[node] = min(cap, 1 + sum(size[other] for other in below))
        visiting.discard(node)
        todo.pop()
    return size[0]


def check_pixels(body: bytes) -> None:
    """Refuse raster images with more pixels than a page can show (read from the header only)."""
    from PIL import Image  # deferred: as in _is_raster

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PIL warns about big images; we decide ourselves
            with Image.open(io.BytesIO(body)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        raise RefusedResource(
            f"image has far too many pixels; at most {MAX_IMAGE_PIXELS // 1_000_000} megapixels – export it smaller"
        ) from None
    except Exception:
        raise RefusedResource("not a readable image (the file is damaged or misnamed)") from None
    if width * height > MAX_IMAGE_PIXELS:
        raise RefusedResource(
            f"image is {width} × {height} pixels; at most {MAX_IMAGE_PIXELS // 1_000_000} megapixels – export it smaller"
        )
