"""Which red-flag set a handout gets: the set named in front matter, else the set whose
keywords the article's own words match, else the general set; a programme gets the sets of
its exercises' regions.

**The matching rule** (deterministic: the same article always gets the same set).

The article's words are lower-cased and split into word tokens, in three places: the *title*
(with the CMS's ``tags``/``bodyParts``/``categories``, which name the topic as the title does),
the *headings* (``#`` headings and title lines), and the *body* (all of the text; images and
link addresses left out). Each set's file lists ``keywords: {strong: [...], weak: [...],
exclude: [...]}``. A keyword matches a token that starts with it (``ryg`` → "ryggen",
"rygsmerter"); ``=ord`` matches the whole word only, ``-ord`` anywhere inside a word
("-hovedpine" → "spændingshovedpine"); a token matching ``exclude`` never counts ("rygning").
A weak keyword counts in the body only when it occurs at least twice.

1. **Title.** Every set with a strong hit in the title, up to ``MAX_TITLE_SETS`` (most hits
   first, ties: the set order), printed in the set order: "Gravid og ondt i ryggen" gets the
   pregnancy set and the back set, each sign once.
2. **Headings.** Else, among sets with at least one strong heading hit and at least
   ``BODY_MIN`` body hits, the one with most heading hits (ties: most body hits, then the set
   order).
3. **Body.** Else, among sets with at least ``STRONG_MIN`` strong body hits, the one with most
   body hits wins if it has at least ``BODY_MIN`` of them and at least ``BODY_MARGIN`` times the
   runner-up's.
4. **General.** Otherwise the default set (``default: true``): no confident match.

The fixed set order breaks ties: ``SET_ORDER`` for the built-in sets (the more urgent
conditions first), then a clinic's own sets by slug.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from babel.lists import format_list

from handouts.errors import HandoutsError
from handouts.i18n import babel_locale
from handouts.model.content import LEVELS, Article, Exercise, Keywords, RedFlagSet, Sign
from handouts.model.library import Library
from handouts.model.markdown import headings_of

SET_ORDER = (
    "brystkasse-hjerte-og-lunger",
    "hoved",
    "neurologi",
    "diabetes",
    "kraeft",
    "knogleskoerhed",
    "gigt",
    "graviditet-og-baekken",
    "nakke",
    "ryg-og-iskias",
    "skulder-og-arm",
    "hofte-knae-og-ben",
    "fod-og-ankel",
)
BODY_MIN = 8  # stages 2 and 3: at least this many body hits
STRONG_MIN = 3  # stage 3: of which at least this many strong ones
BODY_MARGIN = 2  # stage 3: and at least this many times the runner-up's body hits
MAX_TITLE_SETS = 2  # stage 1: a title naming two regions ("Gravid og ondt i ryggen") gets both sets


@dataclass(frozen=True)
class Score:
    slug: str
    title: int = 0  # strong hits in the title and the CMS's tags
    headings: int = 0  # strong hits in headings
    body: int = 0  # strong hits + weak keywords seen twice or more, in the whole text
    body_strong: int = 0


@dataclass(frozen=True)
class RedFlagChoice:
    """The set(s) chosen for one handout, and why."""

    sets: tuple[RedFlagSet, ...]
    reason: str  # "front matter", "title", "headings", "body", "exercises" or "general"
    scores: tuple[Score, ...] = field(default=(), compare=False)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(s.slug for s in self.sets)

    @property
    def fell_back(self) -> bool:
        """True when no set matched and the general set was used."""
        return self.reason == "general"


# --- words -----------------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    """The word tokens of a text, lower case; images, link targets and addresses left out."""
    text = unicodedata.normalize("NFC", text)
    text = _TAG.sub(" ", _URL.sub(" ", _LINK_TARGET.sub("] ", _IMAGE.sub(" ", text))))
    return [token.lower() for token in _WORD.findall(text)]


def headings(body: str) -> list[str]:
    """The headings the renderer prints: ``#`` headings and title lines (``model.markdown``)."""
    return headings_of(body)


def keyword_matches(token: str, keyword: str) -> bool:
    if keyword.startswith("="):
        return token == keyword[1:]
    if keyword.startswith("-"):
        return keyword[1:] in token
    return token.startswith(keyword)


def _kind(token: str, keywords: Keywords, matchers: tuple[_Matcher, _Matcher, _Matcher]) -> str | None:
    """``"strong"``, the weak keyword the token matches, or None."""
    exclude, strong, weak = matchers
    if exclude.matches(token):
        return None
    if strong.matches(token):
        return "strong"
    if weak.matches(token):
        for keyword in keywords.weak:  # which one: weak hits are counted per keyword
            if keyword_matches(token, keyword):
                return keyword
    return None


@dataclass(frozen=True)
class _Matcher:
    """A keyword list, split by how each keyword matches, to judge a token as ``keyword_matches``
    does against each of them, mostly in C (``str.startswith`` with a tuple)."""

    whole: frozenset[str]  # =word
    starts: tuple[str, ...]  # word…
    inside: tuple[str, ...]  # -part: anywhere in the token

    def matches(self, token: str) -> bool:
        if token in self.whole or token.startswith(self.starts):
            return True
        return bool(self.inside) and any(part in token for part in self.inside)


@functools.lru_cache(maxsize=256)
def _matchers(keywords: Keywords) -> tuple[_Matcher, _Matcher, _Matcher]:
    def matcher(words: tuple[str, ...]) -> _Matcher:
        return _Matcher(
            frozenset(k[1:] for k in words if k.startswith("=")),
            tuple(k for k in words if not k.startswith(("=", "-"))),
            tuple(k[1:] for k in words if k.startswith("-")),
        )

    return matcher(keywords.exclude), matcher(keywords.strong), matcher(keywords.weak)


def _hits(tokens: Iterable[str], keywords: Keywords) -> tuple[int, Counter[str]]:
    """Strong hits, and weak hits per weak keyword.

    Each distinct word is judged once and counted as often as it occurs: an article repeats
    its words, and judging every occurrence against every keyword was most of the time its
    handout's HTML took to build."""
    strong, weak = 0, Counter[str]()
    matchers = _matchers(keywords)
    for token, times in Counter(tokens).items():  # each distinct word once
        kind = _kind(token, keywords, matchers)
        if kind == "strong":
            strong += times
        elif kind is not None:
            weak[kind] += times
    return strong, weak


def score(red_flags: RedFlagSet, title: list[str], heading_words: list[str], body: list[str]) -> Score:
    keywords = red_flags.keywords
    title_hits, _ = _hits(title, keywords)
    heading_hits, _ = _hits(heading_words, keywords)
    body_strong, body_weak = _hits(body, keywords)
    body_hits = body_strong + sum(n for n in body_weak.values() if n >= 2)
    return Score(red_flags.slug, title_hits, heading_hits, body_hits, body_strong)


# --- choosing ------------------------------------------------------------------------------


def ordered(sets: Iterable[RedFlagSet]) -> list[RedFlagSet]:
    """The fixed set order: ``SET_ORDER`` first, then the rest by slug."""
    rank = {slug: i for i, slug in enumerate(SET_ORDER)}
    return sorted(sets, key=lambda s: (rank.get(s.slug, len(SET_ORDER)), s.slug))


def match_text(
    candidates: Sequence[RedFlagSet], title: str, body: str, topics: Iterable[str] = ()
) -> tuple[tuple[str, ...], str, tuple[Score, ...]]:
    """The slugs the rule picks, in the set order (none: no confident match), the stage that
    decided, and the scores."""
    title_words = words(" ".join([title, *topics]))
    heading_words = [w for heading in headings(body) for w in words(heading)]
    body_words = words(body)
    scores = tuple(score(s, title_words, heading_words, body_words) for s in candidates)

    def best(rows: list[Score], key: Callable[[Score], int]) -> list[Score]:
        top = max(key(r) for r in rows)
        return [r for r in rows if key(r) == top]

    if scores and max(s.title for s in scores) > 0:
        named = sorted((s for s in scores if s.title > 0), key=lambda r: -r.title)[:MAX_TITLE_SETS]
        return tuple(r.slug for r in scores if r in named), "title", scores
    rows = [s for s in scores if s.headings > 0 and s.body >= BODY_MIN]
    if rows:
        rows = best(best(rows, lambda r: r.headings), lambda r: r.body)
        return (rows[0].slug,), "headings", scores
    ranked = sorted((s for s in scores if s.body_strong >= STRONG_MIN), key=lambda r: -r.body)
    if ranked:
        first = ranked[0].body
        second = ranked[1].body if len(ranked) > 1 else 0
        if first >= BODY_MIN and first >= BODY_MARGIN * second:
            return (ranked[0].slug,), "body", scores
    return (), "general", scores


def choose_for_article(article: Article, library: Library) -> RedFlagChoice:
    """``red_flags:`` in front matter wins; else the matching rule; else the general set.

    Raises InputError (naming ``red_flags``) for a set that does not exist.
    """
    if article.red_flags is not None:
        return RedFlagChoice((library.red_flag_set(article.red_flags, article.source.name),), "front matter")
    candidates = [
        s for s in ordered(library.red_flags.values()) if not s.is_default and (s.keywords.strong or s.keywords.weak)
    ]
    slugs, reason, scores = match_text(candidates, article.title, article.body, article.topics)
    if not slugs:
        return RedFlagChoice((library.default_red_flags(),), "general", scores)
    return RedFlagChoice(tuple(library.red_flags[slug] for slug in slugs), reason, scores)


def red_flag_problem(article: Article, library: Library) -> HandoutsError | None:
    """Why this article's red-flag choice would fail, or None. Cheap: the text is matched only
    when the choice could fall back to a default set that is missing."""
    try:
        if article.red_flags is not None:
            library.red_flag_set(article.red_flags, article.source.name)
        elif not any(s.is_default for s in library.red_flags.values()):
            choose_for_article(article, library)
    except HandoutsError as exc:
        return exc
    return None


def choose_for_exercises(exercises: Iterable[Exercise], library: Library) -> RedFlagChoice:
    """The sets whose ``regions`` include the exercises' regions, in the fixed set order;
    the general set when no exercise names a region that a set covers."""
    regions = {region for exercise in exercises for region in exercise.regions}
    sets = [s for s in ordered(library.red_flags.values()) if not s.is_default and regions & set(s.regions)]
    if not sets:
        return RedFlagChoice((library.default_red_flags(),), "general")
    return RedFlagChoice(tuple(sets), "exercises")


# --- the box as printed --------------------------------------------------------------------


def sign_key(sign: Sign) -> str:
    """What makes two signs the same sign: their words, whatever the case and punctuation."""
    return " ".join(words(sign.text))


def _unique_signs(sets: Sequence[RedFlagSet]) -> list[list[Sign]]:
    """Each set's signs, leaving out any sign an earlier set already has."""
    seen: set[str] = set()
    per_set = []
    for red_flags in sets:
        kept = []
        for sign in red_flags.signs:
            key = sign_key(sign)
            if key not in seen:
                seen.add(key)
                kept.append(sign)
        per_set.append(kept)
    return per_set


@dataclass(frozen=True)
class LevelGroup:
    """The signs of one level in one box, under that level's action line."""

    level: str  # one of LEVELS
    signs: tuple[str, ...]  # each sign's Markdown text

    @property
    def columns(self) -> tuple[tuple[str, ...], ...]:
        """The signs in two columns, in reading order (down the first, then the second), split
        where the two are closest in length: the box prints them side by side."""
        if len(self.signs) < 2:
            return (self.signs,)
        # A sign's height in lines grows with its length, and its last line is half empty on
        # average: weigh each by its length plus half a column's line (about 15 characters).
        weights = [len(words(sign)) * 7 + 15 for sign in self.signs]
        split = min(range(1, len(weights)), key=lambda k: (max(sum(weights[:k]), sum(weights[k:])), -k))
        return self.signs[:split], self.signs[split:]


@dataclass(frozen=True)
class RedFlagPart:
    """One printed box: a heading (``""``: the general label), its signs grouped by level, most
    urgent first, and the set's own extra instruction, if it has one."""

    title: str
    groups: tuple[LevelGroup, ...]
    actions: tuple[str, ...]
    slug: str = ""
    continued: bool = False  # the rest of a box too tall for one page: its heading says so


def groups(signs: Iterable[Sign]) -> tuple[LevelGroup, ...]:
    """The signs under their levels, most urgent first; a level without signs is left out."""
    signs = list(signs)
    return tuple(
        LevelGroup(level, tuple(sign.text for sign in signs if sign.level == level))
        for level in LEVELS
        if any(sign.level == level for sign in signs)
    )


@dataclass(frozen=True)
class RedFlagBox:
    """What one handout's red-flag box prints, in the asked language where a translation
    exists (``red-flags/en/<slug>.md``); else in Danish, marked ``untranslated``.

    One set is one box. Several sets (a title naming two regions, a programme for several
    regions) are printed one after the other, each under its own title and each whole on one
    page, and a sign already printed is never repeated. Every box says what to do for each
    level and gives the clinic's phone.
    """

    choice: RedFlagChoice
    sets: tuple[RedFlagSet, ...]  # as printed: translated where possible
    parts: tuple[RedFlagPart, ...]
    language: str  # the language of the signs
    untranslated: bool  # Danish signs under labels in another language

    @property
    def levels(self) -> tuple[str, ...]:
        """Every level the box prints, most urgent first."""
        found = {group.level for part in self.parts for group in part.groups}
        return tuple(level for level in LEVELS if level in found)


def box(choice: RedFlagChoice, library: Library, language: str) -> RedFlagBox:
    printed = [library.translated(s, language) or s for s in choice.sets]
    untranslated = any(s.language != language for s in printed)
    if untranslated:
        printed = list(choice.sets)  # one language in one box: all Danish
    titled = not untranslated  # a Danish title under English labels: the label instead
    parts = [
        RedFlagPart(s.title if titled else "", groups(kept), _actions(s), s.slug)
        for s, kept in zip(printed, _unique_signs(printed), strict=True)
        if kept
    ]
    return RedFlagBox(choice, tuple(printed), tuple(parts), printed[0].language, untranslated)


def _actions(red_flags: RedFlagSet) -> tuple[str, ...]:
    return (red_flags.action,) if red_flags.action else ()


def _article_choice(article: Article, library: Library) -> RedFlagChoice:
    return library.per_article("red_flags", article, functools.partial(choose_for_article, article, library))


def article_box(article: Article, library: Library, language: str) -> RedFlagBox:
    return box(_article_choice(article, library), library, language)


def programme_box(
    exercises: Iterable[Exercise], library: Library, language: str, *, leaflets: Iterable[Article] = ()
) -> RedFlagBox:
    """ONE box for a programme and the leaflets printed with it: the signs of the exercises'
    sets and every leaflet's, merged by level (112, today, within days; each level's signs in the
    fixed set order), each sign once, under one heading naming the topics and one set of action
    lines. Every sign any of the sets would print alone is printed: a set one of them fell back
    to stays. (A box too tall for a page is cut between levels when printed: ``continued``.)"""
    choice = choose_for_exercises(exercises, library)
    leaflets = list(leaflets)
    if leaflets:
        choices = [choice, *(_article_choice(article, library) for article in leaflets)]
        sets = ordered({s.slug: s for each in choices for s in each.sets}.values())
        choice = RedFlagChoice(tuple(sets), "programme and leaflets")
    return merged(box(choice, library, language))


def merged(separate: RedFlagBox) -> RedFlagBox:
    """The box with its sets made one part: the signs merged by level, most urgent first, each
    sign once (at the most urgent level any set gives it), each set's extra instruction once,
    under a heading naming every set's topic."""
    if len(separate.sets) < 2:
        return separate
    level_of: dict[str, int] = {}
    first: dict[str, Sign] = {}
    for red_flags in separate.sets:
        for sign in red_flags.signs:
            key = sign_key(sign)
            first.setdefault(key, sign)
            level_of[key] = min(level_of.get(key, len(LEVELS)), LEVELS.index(sign.level))
    signs = [Sign(LEVELS[level_of[key]], sign.text, sign.sources) for key, sign in first.items()]
    actions = tuple(dict.fromkeys(s.action for s in separate.sets if s.action))
    title = "" if separate.untranslated else topics_title(separate.sets, separate.language)
    slug = " ".join(s.slug for s in separate.sets)
    part = RedFlagPart(title, groups(signs), actions, slug)
    return RedFlagBox(separate.choice, separate.sets, (part,), separate.language, separate.untranslated)


_TOPIC_AND = {"da": "og", "en": "and"}  # the word a topic list ends with, to split titles on


def topics_title(sets: Sequence[RedFlagSet], language: str) -> str:
    """One heading for several sets: their shared lead ("Røde flag") and every topic once, as a
    list in the language ("Røde flag – ryg, iskias, hofte, knæ og ben"). The general set names
    no topic beside others. Titles without a shared "lead – topic" form are joined whole."""
    named = [s for s in sets if not s.is_default] or list(sets)
    split = [s.title.partition(" – ") for s in named]
    leads = {lead for lead, dash, _ in split if dash}
    if len(leads) != 1 or any(not dash for _, dash, _ in split):
        return " · ".join(s.title for s in named)
    conjunction = _TOPIC_AND.get(language)
    if conjunction is None:
        return " · ".join(s.title for s in named)
    topics: list[str] = []  # not `words`: that is this module's tokenizer
    for _, _, topic in split:
        for name in re.split(rf",\s+|\s+{conjunction}\s+", topic.strip()):
            if name and name not in topics:
                topics.append(name)
    return f"{leads.pop()} – {format_list(topics, locale=babel_locale(language))}"


def continued(part: RedFlagPart, height: Callable[[RedFlagPart], float], page: float) -> tuple[RedFlagPart, ...]:
    """The part as printed: whole when its ``height`` fits a ``page``, else cut into parts that
    each fit, in order, every sign in exactly one of them. A cut falls between two levels when
    the part so far fills half a page or more and the next level fits whole on a new part (no
    short part left alone on a page), else between two signs of a level; each part repeats the
    heading (marked ``continued``), the action line of every level it holds and the extra
    instructions. A single sign too tall for a page still gets a part of its own."""
    if height(part) <= page:
        return (part,)
    done: list[RedFlagPart] = []
    current: list[LevelGroup] = []

    def make(groups_: list[LevelGroup]) -> RedFlagPart:
        return replace(part, groups=tuple(groups_), continued=bool(done))

    def fits(groups_: list[LevelGroup]) -> bool:
        return height(make(groups_)) <= page

    for group in part.groups:
        if current and height(make(current)) >= page / 2 and not fits([*current, group]) and fits([group]):
            done.append(make(current))
            current = []
        for sign in group.signs:
            if current and current[-1].level == group.level:
                grown = [*current[:-1], replace(current[-1], signs=(*current[-1].signs, sign))]
            else:
                grown = [*current, LevelGroup(group.level, (sign,))]
            if current and not fits(grown):
                done.append(make(current))
                grown = [LevelGroup(group.level, (sign,))]
            current = grown
    done.append(make(current))
    return tuple(done)
