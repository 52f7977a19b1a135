"""Where the red-flag box goes: how full each laid-out page is, and one re-layout with the box moved.

An article's box (with the call to action under it) comes after its text. When it does not fit
under the text's last lines it moves whole to a new page and may leave a hole on the page before
(the box never splits). The second pass looks, in the first layout, for a place between two
top-level blocks of the text where the box fits whole on the rest of its page (first: the last
such place before a heading, such as the FAQ or the references; then the last such place at
all; never between a heading and its text) and lays the handout out again with the box there,
at most twice; then once more with the call to action out of the group, before the box (it joins
the text's last page, the box moves on alone). A new layout is kept only when it is better: fewer pages, or fewer holes and
near-empty last pages.

Measured on WeasyPrint's own layout boxes, not on the PDF: the same numbers serve the two
passes, ``benchmarks/pages.py`` and the tests.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint.document import Document

MOVABLE_CLASS = "red-flags-group"  # the box and the call to action, moved together
CLOSING_CLASS = "closing"  # the call to action and the QR code: inside the group, or before it
SLOT_PARENTS = ("article-body", "handout-flow")  # their children are the places the box may go
HOLE = 1 / 3  # a page other than the last is never less full than this
SHORT_LAST = 1 / 5  # the last page is at least this full
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BOX_SLACK = 2.0  # CSS px: rounding between the measured and the laid-out box height


@dataclass
class PageFill:
    """One laid-out page: how full it is (0–1 of the text area), its words, its classes."""

    fill: float
    words: int
    classes: set[str] = field(default_factory=set)


def _walk(box: Any) -> Iterator[Any]:
    stack = [box]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(getattr(current, "children", ()))


def _content_area(page_box: Any) -> tuple[float, float, Any]:
    """(top, height, the root box) of a page's text area, in CSS px."""
    root = next(child for child in page_box.children if getattr(child, "element_tag", None) == "html")
    return page_box.content_box_y(), page_box.height, root


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) in (None, "html", "body"):
        return []
    return (element.get("class") or "").split()


def _bottom(box: Any) -> float | None:
    """The lowest point this box itself paints: a line, an image, a border or a background."""
    from weasyprint.formatting_structure import boxes  # deferred: WeasyPrint loads only where it renders

    if isinstance(box, boxes.LineBox | boxes.ReplacedBox):
        return float(box.position_y + box.margin_height())
    if isinstance(box, boxes.BlockLevelBox) and (box.border_bottom_width or box.style["background_color"].alpha > 0):
        return float(box.border_box_y() + box.border_height())
    return None


def measure(document: Document) -> list[PageFill]:
    """Each page's fill, printed words and class names (running header and footer left out)."""
    from weasyprint.formatting_structure import boxes  # deferred: as in _bottom

    pages = []
    for page in document.pages:
        top, height, root = _content_area(page._page_box)
        lowest, words, classes = top, 0, set()
        for box in _walk(root):
            classes.update(_classes(box))
            bottom = _bottom(box)
            if bottom is not None:
                lowest = max(lowest, bottom)
            if isinstance(box, boxes.TextBox):
                words += len(box.text.split())
        pages.append(PageFill(min(1.0, max(0.0, (lowest - top) / height)), words, classes))
    return pages


def score(pages: list[PageFill]) -> tuple[int, int]:
    """Lower is better: pages, then pages with a hole or a near-empty last page (a hole moved
    to the end is no better)."""
    holes = sum(1 for page in pages[:-1] if page.fill < HOLE)
    return len(pages), holes + int(bool(pages) and pages[-1].fill < SHORT_LAST)


@dataclass(frozen=True)
class _Slot:
    parent: str  # the class of the slot's parent (SLOT_PARENTS)
    index: int  # the box goes before this child of the parent
    heading: bool  # the child is a heading or starts with one (the references, the FAQ)
    page: int
    room: float  # CSS px from the child's top to the bottom of the text area


def _group_height(document: Document) -> tuple[int, float] | None:
    """(page, height in CSS px) of the movable group, when it is on one page."""
    found = []
    for number, page in enumerate(document.pages):
        for box in _walk(page._page_box):
            if MOVABLE_CLASS in _classes(box):
                found.append((number, float(box.margin_height())))
    return found[0] if len(found) == 1 else None


def _slots(document: Document) -> list[_Slot]:
    """Every top-level block of the text that starts on a page, in reading order: the children
    of the article's body and of the article itself (before the references), never before the
    title or the text's first block."""
    slots = []
    seen: set[int] = set()  # elements with a box on an earlier page: a split block starts there
    for number, page in enumerate(document.pages):
        top, height, root = _content_area(page._page_box)
        on_page: set[int] = set()
        for box in _walk(root):
            names = _classes(box)
            parent = next((name for name in SLOT_PARENTS if name in names), None)
            if parent is None:
                continue
            children = list(box.element)
            for child in box.children:
                element = getattr(child, "element", None)
                if element is None or element not in children:
                    continue
                on_page.add(id(element))
                index = children.index(element)
                names = (element.get("class") or "").split()
                first = index == 0 or "title-block" in names
                after_heading = index > 0 and children[index - 1].tag in _HEADINGS  # never part a heading from its text
                if first or after_heading or MOVABLE_CLASS in names or id(element) in seen:
                    continue
                heading = element.tag in _HEADINGS or "sources" in names
                slots.append(_Slot(parent, index, heading, number, top + height - child.position_y))
        seen |= on_page
    slots.sort(key=lambda slot: (slot.page, -slot.room))
    return slots


def candidate_slots(document: Document) -> list[_Slot]:
    """Where to try the box, best first: the last slot before a heading (the FAQ, the
    references) where it fits whole on the rest of the page, then the last slot where it fits
    at all; never more than two pages before where it is now."""
    group = _group_height(document)
    if group is None:
        return []
    box_page, height = group
    fitting = [slot for slot in _slots(document) if slot.page >= box_page - 2 and slot.room >= height + _BOX_SLACK]
    before_heading = [slot for slot in fitting if slot.heading]
    found = before_heading[-1:] + fitting[-1:]
    return list(dict.fromkeys(found))


def move_group(etree: Any, slot: _Slot) -> bool:
    """Move the movable group before ``slot``'s child in a freshly parsed tree."""
    group = parent = None
    for element in etree.iter():
        names = (element.get("class") or "").split()
        if MOVABLE_CLASS in names:
            group = element
        elif slot.parent in names:
            parent = element
    if group is None or parent is None or slot.index >= len(parent):
        return False
    for holder in etree.iter():
        if group in list(holder):
            holder.remove(group)
            break
    parent.insert(slot.index, group)
    return True


def _move_to(slot: _Slot, etree: Any) -> bool:
    return move_group(etree, slot)


def closing_first(etree: Any) -> bool:
    """Take the call to action (and QR code) out of the movable group and put it before the
    box: it joins the text's last page, and the box alone moves on."""
    for holder in etree.iter():
        if MOVABLE_CLASS not in (holder.get("class") or "").split():
            continue
        closing = next((child for child in holder if CLOSING_CLASS in (child.get("class") or "").split()), None)
        parent = holder.getparent() if hasattr(holder, "getparent") else _parent_of(etree, holder)
        if closing is None or parent is None:
            return False
        holder.remove(closing)
        parent.insert(list(parent).index(holder), closing)
        return True
    return False


def _parent_of(etree: Any, element: Any) -> Any:
    return next((holder for holder in etree.iter() if element in list(holder)), None)


def place(document: Document, relayout: Callable[[Callable[[Any], object]], Document]) -> Document:
    """``document``, or a re-layout with the box moved when that is better.

    ``relayout(edit)`` parses the HTML again, calls ``edit`` on the fresh tree and lays it out.
    """
    best, best_score = document, score(measure(document))
    if best_score[1] == 0:
        return document
    edits: list[Callable[[Any], object]] = [functools.partial(_move_to, slot) for slot in candidate_slots(document)]
    edits.append(closing_first)  # last: the text's last page holds the call to action, the box moves on
    for edit in edits:
        moved = relayout(edit)
        moved_score = score(measure(moved))
        if moved_score < best_score:
            best, best_score = moved, moved_score
        if best_score[1] == 0:
            break
    return best
