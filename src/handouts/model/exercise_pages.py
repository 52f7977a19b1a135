"""CMS exercise pages as catalogue entries: one function per piece of the page.

A clinic's website exports each exercise as a whole web page: front matter with ``title``,
``bodyParts`` and ``previewImage``, then an introduction, the numbered steps under a heading
"… – Sådan gør du", the dose in prose ("**Antal gentagelser:** 8-12 gentagelser pr. side i 2-3
sæt"), technique, muscles, myths, a "Vær OBS – …" section and questions. Only these become
the catalogue entry:

- slug: ``slug:``, else the file name (``farmers-carry.md`` → ``farmers-carry``), as for articles;
- name: ``title``; body parts: ``bodyParts``; category: what the page says it is, else styrke;
- aliases and conditions (for search): ``aliases:``, ``conditions:`` and ``tags:``;
- steps: the numbered list under "Sådan gør du" (or "Sådan laver du", "Udførelse", "Trin for
  trin", "How to"; a bulleted list there is numbered), nothing else of the page;
- default dose: read from the "Antal gentagelser" prose (ranges, seconds, minutes, per side,
  how often; an amount in another unit is kept as text);
- stop rule: a safe default, followed by the cautions of the "Vær OBS" section without its
  referrals to a physiotherapist or a directory site;
- picture: its own ``illustration:`` poses, else ``figure: <built-in slug>``, else ``previewImage``
  when the file is in the content folder, else a built-in exercise of the same name (the last two
  are settled when the whole catalogue is loaded: ``model.exercise_pictures``); ``unlisted: true``
  keeps a page out of the builder and `list`.

A page that still cannot be used raises ``UnusablePage`` (shown as a warning naming the file
and why); the rest of the catalogue loads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from handouts.errors import UnusablePage
from handouts.images import EXERCISE_IMAGE_TYPES
from handouts.load import Source
from handouts.model.content import (
    CATEGORIES,
    MAX_ALIASES,
    MAX_CONDITIONS,
    Exercise,
    body_parts_from_meta,
    figure_slug,
    illustration_from_meta,
    is_unlisted,
)
from handouts.model.dose import Dose, DoseError, Frequency, HoldUnit, Span, parse_dose
from handouts.model.plaintext import link_texts
from handouts.model.regions import parse_regions
from handouts.model.slugs import SLUG_PATTERN, slug_from_file_name, slugify

DEFAULT_CATEGORY = "styrke"  # the CMS collection these pages come from is strength exercises
DEFAULT_STOP = "Stop øvelsen, hvis du får skarpe eller tiltagende smerter under eller efter øvelsen."
MAX_CAUTION_CHARS = 240  # the card has room for a sentence or two

# Body parts as the CMS writes them (ASCII slugs) and as a patient reads them.
BODY_PART_NAMES = {
    "albue": "albue",
    "ankel": "ankel",
    "arm": "arm",
    "baekken": "bækken",
    "balde": "balde",
    "ben": "ben",
    "bryst": "bryst",
    "fod": "fod",
    "haand": "hånd",
    "haandled": "håndled",
    "hofte": "hofte",
    "hoved": "hoved",
    "kaebe": "kæbe",
    "knae": "knæ",
    "laar": "lår",
    "laeg": "læg",
    "laend": "lænd",
    "mave": "mave",
    "nakke": "nakke",
    "ryg": "ryg",
    "skulder": "skulder",
    "tae": "tæ",
    "taeer": "tæer",
}


def exercise_from_page(source: Source) -> Exercise:
    """The catalogue entry of one CMS exercise page; UnusablePage says why a page cannot be one."""
    meta, body = source.meta, source.body
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise UnusablePage(source.name, "title", "must be the exercise's name as text")
    name = " ".join(title.split())
    if len(name) > 120:
        raise UnusablePage(source.name, "title", f"is {len(name)} characters; an exercise's name must stay under 120")
    steps = steps_from_page(body)
    if steps is None:
        raise UnusablePage(
            source.name,
            None,
            'has no numbered steps under a "… – Sådan gør du" heading (or "Udførelse", "Trin for trin");'
            " it is not used as an exercise",
        )
    prose = dose_prose(body)
    if prose is None:
        raise UnusablePage(
            source.name,
            None,
            'has no "**Antal gentagelser:** …" line, so there is no dose; it is not used as an exercise',
        )
    try:
        dose = dose_from_prose(prose)
    except DoseError as exc:
        raise UnusablePage(source.name, "Antal gentagelser", f"{exc}; it is not used as an exercise") from None
    body_parts = body_parts_from_meta(meta)
    illustration = illustration_from_meta(meta, source)
    image = None if illustration else preview_image(meta, source.path)
    return Exercise(
        slug=slug_of_page(meta, name, source),
        name=name,
        category=category_from_page(meta, body),
        dose=dose,
        stop=stop_rule(body),
        steps=steps,
        source=source,
        summary=summary_from_page(body),
        illustration=illustration,
        image=image,
        body_parts=body_parts,
        # A CMS page names body parts, not regions: mapped, so a knee page gets the knee's red flags.
        regions=parse_regions({"bodyParts": list(body_parts)}, source.name),
        aliases=words_from_meta(meta, ("aliases",), MAX_ALIASES),
        conditions=words_from_meta(meta, ("conditions", "tags"), MAX_CONDITIONS),
        picture="illustration" if illustration else "image" if image else "",
        figure=figure_slug(meta, source),
        unlisted=is_unlisted(meta, source),
    )


# --- the pieces ------------------------------------------------------------------------------


def slug_of_page(meta: dict[str, Any], name: str, source: Source) -> str:
    """``slug:`` if the page has one, else its file name, as for articles (``farmers-carry.md`` →
    ``farmers-carry``), so links and templates hold when the title is edited; a file name a
    machine made up (a hash) falls back to the name (``Hop på ét ben`` → ``hop-paa-et-ben``)."""
    given = meta.get("slug")
    if isinstance(given, str) and given.strip():
        slug = given.strip()
    else:
        slug = slug_from_file_name(source.path) or slugify(name)
    if not SLUG_PATTERN.match(slug) or len(slug) > 80:
        raise UnusablePage(source.name, "slug", f'"{slug}" is not a slug; use a-z, 0-9 and -, e.g. "dead-bug"')
    return slug


_ITEM = re.compile(r"^ {0,3}\d{1,3}[.)][ \t]+\S")
# Only the start of a page's long text is ever read: every step below stays linear and quick.
MAX_PROSE_CHARS = 1000
MAX_SECTION_CHARS = 5000


def _heading(line: str) -> str | None:
    """The text of an ATX heading line (``## Sådan gør du ##`` → ``Sådan gør du``), else None."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith("#"):
        return None
    text = stripped.lstrip("#")
    if len(stripped) - len(text) > 6 or (text and text[0] not in " \t"):
        return None
    return text.strip().rstrip("#").strip()


def _sections(body: str) -> list[tuple[str, list[str]]]:
    """The page as (heading text, lines under it) pairs; text before the first heading has ""."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in body.splitlines():
        heading = _heading(line)
        if heading is not None:
            sections.append((heading, []))
        else:
            sections[-1][1].append(line)
    return sections


# A heading over an exercise's steps: "Squat – Sådan gør du", "Sådan laver du en planke",
# "Udførelse", "Trin for trin", "How to do it".
STEPS_HEADING = re.compile(
    r"\bsådan\s+(?:gør|laver|udfører|træner)\s+du\b|\budførelse\b|\bfremgangsmåde\b|\btrin\s+for\s+trin\b"
    r"|\bhow\s+to\b|\binstructions\b",
    re.IGNORECASE,
)


def steps_from_page(body: str) -> str | None:
    """The numbered list under the first steps heading (``STEPS_HEADING``), as Markdown; a
    bulleted list there is numbered. None if there is none."""
    for heading, lines in _sections(body):
        if STEPS_HEADING.search(heading):
            steps = _first_ordered_list(lines) or _first_bullet_list(lines)
            if steps:
                return steps
    return None


_BULLET = re.compile(r"^ {0,3}[-*+•][ \t]+(?=\S)")


def _first_bullet_list(lines: list[str]) -> str | None:
    """The first bulleted list of ``lines``, numbered ("- Sid." → "1. Sid."); its items' own lines
    stay with them."""
    numbered = [_BULLET.sub("", line) for line in lines]
    marked = [bool(_BULLET.match(line)) for line in lines]
    if not any(marked):
        return None
    renumbered: list[str] = []
    count = 0
    for line, is_item in zip(numbered, marked, strict=True):
        if is_item:
            count += 1
            line = f"{count}. {line}"
        renumbered.append(line)
    return _first_ordered_list(renumbered[marked.index(True) :])


def _first_ordered_list(lines: list[str]) -> str | None:
    taken: list[str] = []
    blank_before = False
    for line in lines:
        if not line.strip():
            blank_before = bool(taken)
            continue
        if _ITEM.match(line):
            taken.append(line.rstrip())
        elif taken and (line.startswith((" ", "\t")) or not blank_before):
            taken.append(line.rstrip())  # a step's second line, or its indented sub-list
        elif taken:
            break
        blank_before = False
    return "\n".join(taken) if taken else None


_DOSE_LABEL = re.compile(r"(?:antal gentagelser|gentagelser|dosering|dosis) ?:", re.IGNORECASE)


# Emphasis marks and HTML tags around the label: "**Antal gentagelser:**", "<p><strong>Antal …</strong>".
_MARKUP = re.compile(r"[*_]{1,2}|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def dose_prose(body: str) -> str | None:
    """The text after "**Antal gentagelser:**" (or "Dosering:") at the start of a line, without
    Markdown emphasis or HTML tags; at most MAX_PROSE_CHARS of it."""
    for line in body.splitlines():
        text = " ".join(_MARKUP.sub("", line[: MAX_PROSE_CHARS + 100]).split())
        label = _DOSE_LABEL.match(text)
        if label:
            return text[label.end() :].strip()[:MAX_PROSE_CHARS] or None
    return None


# Numbers in prose: "8", "8-12", "8–12", "8 til 12", "1,5".
_NUM = r"\d{1,4}(?:,\d)?(?:\s?(?:-|til)\s?\d{1,4}(?:,\d)?)?"
_PAUSE = re.compile(
    rf"(?:(?:med|og)\s)?(?:(?:en|ca\.)\s)?(?:(?:{_NUM})\s?(?:sekunders|sekunder|sek\.?|minutters|minutter|min\.?)\s(?:pause|hvile)\w*"
    rf"|(?:pause|hvile)\w*\s(?:på|af|i)\s(?:ca\.\s)?(?:{_NUM})\s?(?:sekunder|sek\.?|minutter|min\.?))",
    re.IGNORECASE,
)
_PER_DAY = r"dagligt|om\sdagen|(?:pr\.?|per|i|hver)\s(?:dag|døgnet)\b"
_PER_WEEK = r"ugentligt|om\sugen|(?:pr\.?|per|i|hver)\suge[n]?\b"
_OFTEN_COUNTED = re.compile(
    rf"(?P<n>{_NUM})\s?(?:gange?|gang|x)\s(?:(?P<day>{_PER_DAY})|(?P<week>{_PER_WEEK}))"
    rf"|(?P<n2>{_NUM})\s?/\s?(?:(?P<day2>dag)|(?P<week2>uge))\b",
    re.IGNORECASE,
)
_OFTEN_PLAIN = re.compile(r"\b(?:(?P<day>dagligt|hver\sdag)|(?P<week>ugentligt|hver\suge))\b", re.IGNORECASE)
_SIDE = re.compile(
    r"\b(?:(?:pr\.?|per|på|i|for|med)\s(?:hver|hvert|hvér)\s?|(?:pr\.?|per)\s)(?:side|ben|fod|hånd|arm|knæ|skulder|hofte)\b"
    r"|\b(?:på|i)\sbegge\ssider\b|\beach\sside\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(rf"(?<![\d,])(?P<num>{_NUM})\s?(?P<word>[a-zæøåé]+\.?)?", re.IGNORECASE)
_SETS_WORDS = re.compile(r"(?:sæt|serier|serie|runder|runde|omgange)\b", re.IGNORECASE)
_REPS_WORDS = re.compile(
    r"(?:(?:langsomme|rolige|kontrollerede|hurtige)\s)?(?:gentagelser|gentagelse|reps|rep)\b", re.IGNORECASE
)
_SECONDS_WORDS = re.compile(r"(?:sekunders|sekunder|sekund|sek\.?|s)(?!\w)", re.IGNORECASE)
_MINUTES_WORDS = re.compile(r"(?:minutters|minutter|minut|min\.?)(?!\w)", re.IGNORECASE)
_TIMES_WORDS = re.compile(r"(?:gange|gang)\b", re.IGNORECASE)
_NOT_A_UNIT = {
    "og",
    "eller",
    "til",
    "i",
    "på",
    "pr",
    "pr.",
    "per",
    "med",
    "af",
    "á",
    "à",
    "a",
    "x",
    "uden",
    "for",
    "om",
    "hver",
    "hvert",
    "grader",
    "procent",
    "kg",
    "kilo",
    "ugers",
    "uger",
    "uge",
    "dage",
    "dag",
    "år",
    "måneder",
}


def dose_from_prose(text: str) -> Dose:
    """ "3 sæt af 8-12 gentagelser pr. ben, 2-3 gange om ugen" → ``3x8-12/side@2-3/week``.

    Sets and the amount come from the first sentence that names an amount (repetitions, seconds,
    minutes, or a number with another unit such as "8–12 hop", kept as text); alternatives in
    later sentences ("Begyndere kan …") are left out. How often may be anywhere in the text.
    Pauses between sets ("60 sekunders pause") are never read as a hold. DoseError says why
    a text gives no dose.
    """
    text = " ".join(text.replace("–", "-").replace("—", "-").split())
    text = _PAUSE.sub(" ", text)
    text = " ".join(text.split())
    frequency = _frequency_in(text)
    for sentence in _sentences(text):
        dose = _dose_in(sentence)
        if dose is not None:
            # The canonical text checks every number against the limits a typed dose has.
            return parse_dose(str(dose.with_frequency(frequency)))
    compact = _COMPACT_DOSE.match(text)
    if compact:  # "3x10", "3 x 30 sek", "2-3 × 8-12 pr. ben": the tool's own dose syntax
        dose = parse_dose(re.sub(r"(?:pr\.|per)\s\w+$", "pr. side", compact.group(0)))
        return parse_dose(str(dose.with_frequency(frequency)))
    shown = text if len(text) <= 80 else text[:79] + "…"
    raise DoseError(f'{shown!r} names no repetitions, seconds or minutes, e.g. "3 sæt af 10 gentagelser"')


_COMPACT_DOSE = re.compile(
    rf"(?:{_NUM})\s?[x×]\s?(?:{_NUM})(?:\s?(?:sek\.?|sekunder|s|min\.?|minutter)(?!\w))?(?:\s?(?:pr\.|per)\s(?:side|ben|arm))?",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s(?=[A-ZÆØÅ])", text)


def _span(number: str) -> Span | None:
    """``"8-12"`` → Span(8, 12); decimals are left to the caller (None)."""
    if "," in number:
        return None
    values = [int(n) for n in re.findall(r"\d+", number)]
    low, high = values[0], values[-1]
    return Span(low, high) if low <= high else None


def _frequency_in(text: str) -> Frequency | None:
    counted = _OFTEN_COUNTED.search(text)
    if counted:
        times = _span(counted["n"] or counted["n2"])
        if times is not None:
            return Frequency(times, "day" if (counted["day"] or counted["day2"]) else "week")
    plain = _OFTEN_PLAIN.search(text)
    if plain:
        return Frequency(Span(1, 1), "day" if plain["day"] else "week")
    return None


def _dose_in(sentence: str) -> Dose | None:
    """The dose one sentence states, if it states an amount; how often is added by the caller."""
    frequencies = [m.span() for m in _OFTEN_COUNTED.finditer(sentence)]
    sets = rounds = times_before = bare = None
    reps = hold = None
    hold_unit: HoldUnit = "s"
    note = ""
    for found in _QUANTITY.finditer(sentence):
        if any(start <= found.start() < end for start, end in frequencies):
            continue
        number, rest = found["num"], sentence[found.end("num") :].lstrip()
        if _SETS_WORDS.match(rest):
            sets = sets or _span(number)
        elif _REPS_WORDS.match(rest):
            reps = reps or _span(number)
        elif _MINUTES_WORDS.match(rest) or _SECONDS_WORDS.match(rest):
            if hold is None:
                hold, hold_unit = _hold(number, minutes=bool(_MINUTES_WORDS.match(rest)))
        elif _TIMES_WORDS.match(rest):
            rounds = rounds or _span(number)
        elif re.match(r"[x×]\s?\d", rest):
            times_before = times_before or _span(number)  # "3 x 10 gentagelser": 3 is the sets
        elif sentence[: found.start()].rstrip().endswith(("x", "×")):
            rounds = rounds or _span(number)  # "30 sekunder x 3"
        elif found["word"] and found["word"].lower() not in _NOT_A_UNIT and not note and reps is None:
            span = _span(number)
            if span is not None:
                note = f"{span.words()} {found['word'].rstrip('.')}"
        elif not found["word"]:
            bare = bare or _span(number)  # "3 sæt af 10.": the 10 are repetitions
    if reps is None and hold is None and not note and sets and bare:
        reps = bare
    if reps is None and hold is None and not note:
        return None
    count = sets or times_before or rounds or Span(1, 1)
    per_side = bool(_SIDE.search(sentence))
    if reps is not None:
        return Dose(count, reps=reps, per_side=per_side)
    if hold is not None:
        return Dose(count, hold_seconds=hold, hold_unit=hold_unit, per_side=per_side)
    return Dose(count, note=note, per_side=per_side)


def _hold(number: str, *, minutes: bool) -> tuple[Span | None, HoldUnit]:
    values = [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:,\d)?", number)]
    low, high = values[0], values[-1]
    if low > high:
        return None, "s"
    if minutes and low.is_integer() and high.is_integer():
        return Span(int(low) * 60, int(high) * 60), "min"
    factor = 60 if minutes else 1
    return Span(round(low * factor), round(high * factor)), "s"  # "1,5 minutter" → 90 seconds


_STOP_HEADING = re.compile(r"^(?:vær\s+(?:obs|opmærksom)|obs\b|forsigtig|advarsel)", re.IGNORECASE)
_REFERRAL = re.compile(r"fysfinder|fysioterapeut|vi anbefaler|https?://", re.IGNORECASE)


def stop_rule(body: str) -> str:
    """A safe default stop rule, then the page's own cautions from its "Vær OBS" section
    (without sentences that send the reader to a physiotherapist or a directory site)."""
    for heading, lines in _sections(body):
        if _STOP_HEADING.match(heading.strip()):
            caution = _caution(lines)
            return f"{DEFAULT_STOP} {caution}" if caution else DEFAULT_STOP
    return DEFAULT_STOP


def _caution(lines: list[str]) -> str:
    text = " ".join(line.strip() for line in lines if line.strip())[:MAX_SECTION_CHARS]
    text = link_texts(text)
    text = " ".join(re.sub(r"[*_]{1,2}", "", text).split())
    kept: list[str] = []
    for sentence in _sentences(text):
        if _REFERRAL.search(sentence) or not sentence.endswith((".", "!")):
            continue
        if len(" ".join([*kept, sentence])) > MAX_CAUTION_CHARS:
            if kept:
                break
            continue  # one sentence longer than the card has room for: try the next
        kept.append(sentence)
    return " ".join(kept)


_CATEGORY_WORDS = {
    "nerveglidning": r"nerveglid\w*|nervemobili\w*|neurodynami\w*|nerve\s(?:glide|floss)\w*",
    # Only whole words: inside a compound "-strækning" is often a movement, not a stretch
    # ("fingerstrækning" is finger extension, a strength exercise).
    "stræk": r"\b(?:stræk(?:ning|øvelse|ningsøvelse|øvelser|ningsøvelser)?\b|udstræk\w*|straek\w*|stretch\w*)",
    "mobilitet": r"mobilitet\w*|mobilitetsøvelse\w*|bevægelighedsøvelse\w*|mobility\b",
    "styrke": r"styrkeøvelse\w*|styrketræning|styrkeoevelse\w*|strength\s(?:exercise|training)",
}


# A title ending a word in "-stræk" names a stretch ("Hamstringstræk", "Piriformisstræk").
_TITLE_STRETCH = re.compile(r"(?<=\w\w\w)stræk\b", re.IGNORECASE)  # a look-behind: linear time


def category_from_page(meta: dict[str, Any], body: str) -> str:
    """What the page says it is: its ``category``, else the first category word in its title,
    first paragraph, image description or image path, in that order (the image's words are
    often the collection's, "styrkeøvelse til …" on every page, so the page's own come first);
    else DEFAULT_CATEGORY. A page named exactly as a built-in exercise takes that exercise's
    category instead (``model.exercise_pictures``)."""
    given = meta.get("category")
    if isinstance(given, str) and given.strip().lower() in CATEGORIES:
        return given.strip().lower()
    first_paragraph = next((p for p in body.strip().split("\n\n") if p.strip() and not p.lstrip().startswith("#")), "")
    first_paragraph = first_paragraph[:MAX_SECTION_CHARS]
    title = meta.get("title")
    if isinstance(title, str) and _TITLE_STRETCH.search(title):
        return "stræk"
    for place in (title, first_paragraph, meta.get("previewImageAlt"), meta.get("previewImage")):
        if not isinstance(place, str):
            continue
        found = [
            (m.start(), category)
            for category, words in _CATEGORY_WORDS.items()
            for m in [re.search(words, place, re.IGNORECASE)]
            if m
        ]
        if found:
            return min(found)[1]
    return DEFAULT_CATEGORY


def words_from_meta(meta: dict[str, Any], keys: tuple[str, ...], limit: int) -> tuple[str, ...]:
    """Short texts from ``aliases:`` or ``conditions:``/``tags:`` (a CMS's lists, never an error):
    only the page's front matter, not its text, which often names a condition as a reason not
    to do the exercise."""
    found: list[str] = []
    for key in keys:
        value = meta.get(key)
        items = value if isinstance(value, list) else [value]
        found += [" ".join(str(v).split())[:80] for v in items if isinstance(v, (str, int)) and str(v).strip()]
    return tuple(dict.fromkeys(found))[:limit]  # the first ``limit``: a CMS list is never an error


def body_part_name(slug: str) -> str:
    """``"haandled"`` → ``"håndled"``: a body part as a patient reads it."""
    return BODY_PART_NAMES.get(slug, slug.replace("-", " "))


def preview_image(meta: dict[str, Any], page: Path) -> Path | None:
    """``previewImage`` when the file is inside the content folder, else None (the placeholder).

    A site path such as ``/images/x.jpg`` is looked for beside the page, in the content folder
    and in its ``public/`` folder (where static sites keep ``/images``).
    """
    given = meta.get("previewImage") or meta.get("image")
    if (
        not isinstance(given, str)
        or not given.strip()
        or re.match(r"^[a-z][a-z0-9+.-]*:", given.strip(), re.IGNORECASE)
    ):
        return None
    relative = Path(given.strip().lstrip("/"))
    if relative.suffix.lower() not in EXERCISE_IMAGE_TYPES:
        return None
    folder = page.parent.resolve()
    content = folder.parent
    for base in (folder, content, content / "public"):
        path = (base / relative).resolve()
        if path.is_relative_to(content) and path.is_file():
            return path
    return None


def summary_from_page(body: str) -> str:
    """The first sentence of the introduction, if it is short enough to show in a list."""
    for paragraph in body.strip().split("\n\n"):
        if paragraph.strip() and not paragraph.lstrip().startswith(("#", "|", "-", "*", "1.")):
            text = " ".join(re.sub(r"[*_]{1,2}", "", link_texts(paragraph[:MAX_SECTION_CHARS])).split())
            first = _sentences(text)[0]
            return first if len(first) <= 300 else ""
    return ""
