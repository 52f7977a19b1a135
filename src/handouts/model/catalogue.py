"""The exercise catalogue as a physiotherapist browses it: in a stable order, grouped under every
body part an exercise names, and searchable by name, alias, condition and body part in Danish
or English, with one typo forgiven, so that 150 exercises stay easy to find (CLI and builder)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise

from rapidfuzz.distance import OSA

from handouts.model.content import CATEGORIES, Exercise
from handouts.model.exercise_pages import body_part_name
from handouts.model.slugs import slugify

TYPO_MIN_LETTERS = 5  # a shorter word with a typo is another word ("bro" is not "bryst")

# Words a physiotherapist may type for the same thing, Danish and English, as ``fold`` writes
# them: an exercise holding one word of a group is found by every word of it. The exercises'
# own names, aliases and conditions are their home (seeds/exercises); this is only the common
# vocabulary around them: body parts, kinds of exercise and everyday names of conditions.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    # body parts
    ("ankel", "ankle", "ankler", "ankles"),
    ("knae", "knee", "knees"),
    ("hofte", "hip", "hips"),
    ("skulder", "shoulder", "skuldre", "shoulders"),
    ("nakke", "neck", "hals"),
    ("ryg", "back", "ryggen"),
    ("laend", "laenden", "lumbar"),
    ("albue", "elbow"),
    ("haandled", "wrist"),
    ("haand", "hand", "haender", "hands"),
    ("fod", "foot", "foedder", "feet"),
    ("tae", "taeer", "toe", "toes"),
    ("laeg", "calf", "calves", "laegge"),
    ("laar", "thigh", "forlaar", "baglaar", "hamstring", "hamstrings", "quadriceps"),
    ("balde", "baller", "glute", "glutes", "gluteal"),
    ("mave", "core", "abs", "mavemuskler"),
    ("bryst", "chest"),
    ("arm", "arme", "arms"),
    ("baekken", "pelvis", "pelvic"),
    # kinds of exercise and common movements
    ("straek", "stretch", "udstraekning", "stretching"),
    ("styrke", "strength"),
    ("mobilitet", "mobility", "bevaegelighed"),
    ("nerveglidning", "nerve", "neurodynamik"),
    ("balance", "balancetraening"),
    ("planke", "plank", "planken"),
    ("bro", "bridge", "baekkenloeft", "broen"),
    ("squat", "squats"),  # not "knæbøjning": also a knee bend lying down
    ("udfald", "lunge", "lunges"),
    ("armboejning", "armboejninger", "pushup", "pushups"),
    ("elastik", "elastic", "band", "theraband", "traeningselastik"),
    # conditions, as patients and physiotherapists name them
    ("menisk", "meniskskade", "meniscus"),
    ("korsbaand", "korsbaandsskade", "acl"),
    ("springerknae", "patella", "patellar", "jumpers", "patellasene"),
    ("tennisalbue", "tennis", "epikondylitis"),
    ("golfalbue", "golfers"),
    ("frossen", "frozen", "capsulitis"),
    ("haelspore", "plantar", "fasciitis", "plantarfasciitis"),
    ("iskias", "sciatica", "iskiassmerter"),
    ("achilles", "achillessene", "haelsene"),
    ("slidgigt", "artrose", "osteoarthritis", "arthritis"),
    ("prolaps", "diskusprolaps", "discusprolaps", "herniated"),
    ("whiplash", "piskesmaeld"),
    ("impingement", "indeklemning"),
    ("forstuvning", "sprain", "forvridning"),
)
_SYNONYMS_OF = {fold_word: group for group in SYNONYMS for fold_word in group}


def parts_of(exercise: Exercise) -> tuple[str, ...]:
    """The body parts an exercise names: a CMS page's ``bodyParts``, else its regions (the
    built-in exercises name regions: ``knae``, ``skulder`` …, read as body parts alike)."""
    return exercise.body_parts or exercise.regions


def fold(text: str) -> str:
    """Text as search compares it: lower case ASCII words (``"Lænd"`` → ``"laend"``)."""
    return slugify(text, 10_000).replace("-", " ")


# search_words per exercise, kept with the exercise itself so that an id is never reused while
# cached; exercises are frozen, so the words never go stale. Bounded: emptied when full.
_WORDS: dict[int, tuple[Exercise, str]] = {}
MAX_CACHED_EXERCISES = 20_000


def search_words(exercise: Exercise) -> str:
    """``_search_words``, worked out once per exercise: a builder page searches every exercise."""
    cached = _WORDS.get(id(exercise))
    if cached is not None and cached[0] is exercise:
        return cached[1]
    if len(_WORDS) >= MAX_CACHED_EXERCISES:
        _WORDS.clear()
    words = _search_words(exercise)
    _WORDS[id(exercise)] = (exercise, words)
    return words


def _search_words(exercise: Exercise) -> str:
    """What a search looks in, as one folded text with a space before every word: slug, name,
    aliases, English name, conditions, equipment, category, body parts (as slugs and as words), summary, the
    articles it comes from (so "lænd" finds the exercises of "Ondt i lænden"), and the other
    words of each word's synonym group (so "plank" finds "Planke" and "ACL" finds "korsbånd")."""
    parts = [
        exercise.slug,
        exercise.name,
        *exercise.aliases,
        *(text.name for text in exercise.translations),
        *exercise.conditions,
        *exercise.equipment,
        exercise.category,
        *parts_of(exercise),
        *(body_part_name(p) for p in parts_of(exercise)),
        exercise.summary,
        *exercise.sources,
    ]
    words = fold(" ".join(parts)).split()
    joined = [a + b for a, b in pairwise(words)]  # "push up" is "pushup"
    synonyms = [other for word in words + joined for other in _SYNONYMS_OF.get(word, ()) if other != word]
    return " " + " ".join(dict.fromkeys(words + synonyms)) + " "


def word_matches(word: str, haystack_words: Iterable[str], *, typo: bool = True) -> bool:
    """``word`` starts a word of the exercise, or — with ``typo``, five letters or more — is one
    typo (a letter added, left out, changed, or two swapped) away from a word or its start."""
    for candidate in haystack_words:
        if candidate.startswith(word):
            return True
        if (
            typo
            and len(word) >= TYPO_MIN_LETTERS
            and (
                OSA.distance(word, candidate, score_cutoff=1) <= 1
                or OSA.distance(word, candidate[: len(word)], score_cutoff=1) <= 1
            )
        ):
            return True
    return False


def matcher(exercises: Iterable[Exercise], query: str | None) -> Callable[[Exercise], bool]:
    """Whether an exercise holds every word of ``query``. A typo is forgiven only in a word that
    starts no word of any of ``exercises``: "planke" finds the planks, not also "plane" and
    "flanke"; "sqaut", which is nobody's word, finds the squats."""
    words = fold(query or "").split()
    if not words:
        return lambda exercise: True
    stacks = {id(exercise): search_words(exercise).split() for exercise in exercises}
    typo = {word: not any(word_matches(word, stack, typo=False) for stack in stacks.values()) for word in words}

    def keep(exercise: Exercise) -> bool:
        stack = stacks.get(id(exercise)) or search_words(exercise).split()
        return all(word_matches(word, stack, typo=typo[word]) for word in words)

    return keep


def matches(exercise: Exercise, query: str) -> bool:
    """Every word of ``query`` is found in this exercise (``"knæ sq"`` finds Split squat;
    ``"sqaut"`` finds Squat)."""
    return matcher([exercise], query)(exercise)


def searchable(parts: Iterable[str]) -> str:
    """Texts as a list's search looks in them: folded words, a space before and after each."""
    return " " + " ".join(fold(p) for p in parts) + " "


def found(query: str, haystack: str) -> bool:
    """The search rule for every other list (articles, clinics, programmes): each word of
    ``query`` starts a word of ``haystack`` (``searchable``), as ``word_matches`` says for
    exercises, without forgiving typos."""
    words = haystack.split()
    return all(word_matches(word, words, typo=False) for word in fold(query).split())


def catalogue_order(exercises: Iterable[Exercise]) -> list[Exercise]:
    """By category (in CATEGORIES' order), then first body part, then name."""

    def key(exercise: Exercise) -> tuple[int, str, str, str]:
        rank = CATEGORIES.index(exercise.category) if exercise.category in CATEGORIES else len(CATEGORIES)
        parts = parts_of(exercise)
        part = body_part_name(parts[0]) if parts else ""
        return (rank, part, fold(exercise.name), exercise.slug)

    return sorted(exercises, key=key)


def search_exercises(exercises: Iterable[Exercise], query: str | None) -> list[Exercise]:
    """The exercises matching ``query`` (all of them when it is empty), in catalogue order."""
    exercises = list(exercises)
    keep = matcher(exercises, query)
    return catalogue_order(e for e in exercises if keep(e))


def names_of(exercise: Exercise) -> list[str]:
    """Every name an exercise goes by, folded: its name, its clinic names, its English name."""
    return [fold(n) for n in (exercise.name, *exercise.aliases, *(t.name for t in exercise.translations))]


def is_named(exercise: Exercise, query: str | None) -> bool:
    """The query is one of the exercise's names exactly (after folding): such a match is listed first."""
    wanted = fold(query or "")
    return bool(wanted) and wanted in names_of(exercise)


def group_by_body_part(exercises: Iterable[Exercise]) -> list[tuple[str, list[Exercise]]]:
    """(label, exercises) per body part, alphabetically; an exercise appears under every body part
    it names (a squat for "ben" and "knæ" under both), one without body parts under its category."""
    groups: dict[str, list[Exercise]] = {}
    for exercise in catalogue_order(exercises):
        labels = [body_part_name(p) for p in parts_of(exercise)] or [exercise.category]
        for label in dict.fromkeys(labels):
            groups.setdefault(label, []).append(exercise)
    return [(label.capitalize(), groups[label]) for label in sorted(groups, key=fold)]
