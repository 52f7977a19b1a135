"""Image limits, judged by content: pixels for raster images, a bounded parse for SVG.

Used by the fetcher for everything WeasyPrint reads, and by clinic profiles for the logo (the
web app serves it to browsers as it is). Beneath the model, beside ``load.py``: no WeasyPrint
here, and Pillow only inside the two functions that read raster headers.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import DataHandler, Request
from xml.parsers import expat

from handouts import limits
from handouts.limits import MAX_IMAGE_PIXELS, MAX_SVG_DEPTH, MAX_SVG_ELEMENTS

# The pictures the tool takes, by suffix, with the media type a browser is sent.
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}  # a clinic's logo
EXERCISE_IMAGE_TYPES = {**LOGO_TYPES, ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}  # an exercise's picture
ARTICLE_IMAGE_TYPES = {**EXERCISE_IMAGE_TYPES, ".gif": "image/gif", ".webp": "image/webp"}  # in an article's text


class RefusedResource(ValueError):
    pass


def check_image(body: bytes) -> list[str]:
    """Apply the limits to whatever image ``body`` is: SVG (bounded parse) or raster (pixels).
    Returns the SVG's references to image files, for the caller to check (``check_svg``)."""
    if _looks_like_xml(body):
        return check_svg(body)
    if _is_raster(body):
        check_pixels(body)
    return []


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
_MARKER_REF = re.compile(r"marker(?:-start|-mid|-end)?\s*:\s*url\(\s*['\"]?#([^)'\"\s]+)")
_HREFS = ("href", "http://www.w3.org/1999/xlink href")
_MARKER_ATTRIBUTES = ("marker", "marker-start", "marker-mid", "marker-end")
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_WITH_VERTICES = ("path", "line", "polyline", "polygon")  # the shapes WeasyPrint puts markers on
_SHEET_TARGETS = ("marker", "pattern")  # what a <style> rule may draw on every element


def _vertices(local: str, attributes: dict[str, str]) -> int:
    """At most how many vertices a shape has (each vertex takes at least one number)."""
    if local == "line":
        return 2
    if local == "path":
        data = attributes.get("d", "").encode()
        return len(_NUMBER.findall(data)) + sum(data.count(c) for c in b"zZ") + 1
    points = len(_NUMBER.findall(attributes.get("points", "").encode())) // 2
    if local == "polygon":
        return points + 1  # closed: back to the first point
    return points if local == "polyline" else 0


class _Drawing:
    """What expat found: the element tree, each element's references, and the image files."""

    def __init__(self) -> None:
        self.children: list[list[int]] = [[]]  # element 0 stands for the document
        self.names: list[str] = [""]
        self.vertices: list[int] = [0]
        self.references: list[tuple[int, str, bool]] = []  # element, id, drawn at each vertex
        self.ids: dict[str, int] = {}
        self.images: list[str] = []  # <image> references to other files
        self.sheet_references: list[str] = []  # url(#…) in <style>: may apply to every element
        self.in_style = False


def check_svg(body: bytes) -> list[str]:
    """Refuse an SVG that would take unbounded time or memory to draw, or reaches outside.

    Parsed with expat, without a DTD's entities (no "billion laughs"), counting elements and
    depth as it goes. Then what would be drawn is counted before anything is: every ``<use>``,
    ``href="#…"`` and ``url(#…)`` reference followed, a marker counted once per vertex of each
    shape that uses it (by attribute, ``style`` or a ``<style>`` sheet), a pattern once per
    element that a sheet may fill with it; a reference cycle is refused too. A ``<use>`` of
    another file, and an ``<image>`` of another SVG inline (``data:``), are refused. Returns
    the ``<image>`` references to other files: the caller checks that none is an SVG
    (``check_nested_images``), as an image that shows itself draws forever.
    """
    drawing = _parse(body)
    limit = limits.MAX_SVG_DRAWN  # read when called: tests lower it
    if _drawn_elements(drawing, limit) > limit:
        raise RefusedResource(
            f"SVG draws over {limit:,} elements once its <use> copies, markers and patterns are counted;"
            " simplify the drawing"
        )
    return drawing.images


def _parse(body: bytes) -> _Drawing:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    drawing = _Drawing()
    stack = [0]

    def start(name: str, attributes: dict[str, str]) -> None:
        number = len(drawing.children)
        if number > MAX_SVG_ELEMENTS:
            raise RefusedResource(f"SVG has over {MAX_SVG_ELEMENTS:,} elements; simplify the drawing")
        if len(stack) > MAX_SVG_DEPTH:
            raise RefusedResource(f"SVG is nested over {MAX_SVG_DEPTH} elements deep; simplify the drawing")
        local = name.rsplit(" ", 1)[-1]
        drawing.children.append([])
        drawing.names.append(local)
        drawing.vertices.append(_vertices(local, attributes))
        drawing.children[stack[-1]].append(number)
        stack.append(number)
        drawing.in_style = local == "style"
        for key, value in attributes.items():
            _attribute(drawing, number, local, key, value)

    def end(_name: str) -> None:
        stack.pop()
        drawing.in_style = False

    def text(data: str) -> None:
        if drawing.in_style:
            drawing.sheet_references.extend(_URL_REF.findall(data))

    def refuse_entities(*_args: object) -> int:  # expat's handler types differ; both refuse
        raise RefusedResource("SVG declares entities; export it again without a DTD")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = refuse_entities
    parser.ExternalEntityRefHandler = refuse_entities
    try:
        parser.Parse(body, True)
    except expat.ExpatError:
        raise RefusedResource("not a readable SVG or image (the file is damaged or misnamed)") from None
    return drawing


def _attribute(drawing: _Drawing, number: int, local: str, key: str, value: str) -> None:
    if key == "id":
        drawing.ids.setdefault(value, number)
    elif key == "http://www.w3.org/XML/1998/namespace base":
        raise RefusedResource("SVG uses xml:base; export it again without it")
    elif key in _HREFS:
        if value.startswith("#"):
            drawing.references.append((number, value[1:], False))
        elif local == "use":
            raise RefusedResource("SVG <use> of another file; keep the drawing in one file")
        elif local == "image":
            _inline_or_file_image(drawing, value)
    if key in _MARKER_ATTRIBUTES:
        drawing.references.extend((number, target, True) for target in _URL_REF.findall(value))
    elif key == "style" and "marker" in value:
        markers = _MARKER_REF.findall(value)
        drawing.references.extend((number, target, True) for target in markers)
        others = [t for t in _URL_REF.findall(value) if t not in markers]
        drawing.references.extend((number, target, False) for target in others)
    elif "url(" in value:
        drawing.references.extend((number, target, False) for target in _URL_REF.findall(value))


def _inline_or_file_image(drawing: _Drawing, href: str) -> None:
    if href.strip().lower().startswith("data:"):
        if _data_is_svg(href):
            raise RefusedResource("SVG shows another SVG as an image; export it as one drawing")
    else:
        drawing.images.append(href)


def _data_is_svg(url: str) -> bool:
    try:
        body = DataHandler().data_open(Request(url)).read()
    except Exception:  # a malformed data URL is refused when it is fetched
        return "svg" in url[:40].lower()
    return _looks_like_xml(body)


def check_nested_images(images: list[str], base: Path) -> None:
    """Refuse an SVG at ``base`` whose ``<image>`` shows an SVG file (itself, or one that shows
    it again): WeasyPrint would draw it inside itself without end. Raster images are checked
    (pixels) when they are fetched; a file that does not exist or may not be read is refused
    then too."""
    for href in images:
        url = urljoin(base.as_uri(), href.strip())
        parts = urlsplit(url)
        if parts.scheme != "file":
            continue
        try:
            target = Path(unquote(parts.path)).resolve(strict=True)
            with target.open("rb") as handle:
                head = handle.read(512)
        except (OSError, RuntimeError, ValueError):
            continue
        if _looks_like_xml(head):
            raise RefusedResource("SVG shows another SVG as an image (or itself); export it as one drawing")


def _drawn_elements(drawing: _Drawing, limit: int) -> int:
    """Elements drawn from the document (element 0), every reference expanded, capped just
    above ``limit``; a reference cycle counts as too many."""
    cap = limit + 1
    targets: dict[int, list[tuple[int, int]]] = {}  # element → (target, times drawn)
    for element, name, per_vertex in drawing.references:
        if name in drawing.ids:
            times = max(1, drawing.vertices[element]) if per_vertex else 1
            targets.setdefault(element, []).append((drawing.ids[name], times))
    sheet = [drawing.ids[n] for n in drawing.sheet_references if n in drawing.ids]
    sheet = [t for t in sheet if drawing.names[t] in _SHEET_TARGETS]
    if sheet:  # a rule in a <style> sheet may put these on every element
        for element in range(1, len(drawing.children)):
            if element not in sheet:
                times = max(1, drawing.vertices[element])
                targets.setdefault(element, []).extend((t, times) for t in sheet)
    size: dict[int, int] = {}
    visiting: set[int] = set()
    todo = [0]
    while todo:
        node = todo[-1]
        if node in size:
            todo.pop()
            continue
        below = [(child, 1) for child in drawing.children[node]] + targets.get(node, [])
        if node not in visiting:
            visiting.add(node)
            for other, _times in below:
                if other in visiting:
                    return cap  # a reference cycle: drawing it would never end
                if other not in size:
                    todo.append(other)
            continue
        size[node] = min(cap, 1 + sum(size[other] * times for other, times in below))
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
