"""The exercise catalogue as a physiotherapist browses it: in a stable order, grouped by body
part and searchable, so that 150 exercises stay easy to find (CLI now, the web builder later)."""

from __future__ import annotations

from collections.abc import Iterable

from handouts.model.content import CATEGORIES, Exercise
from handouts.model.exercise_pages import body_part_name
from handouts.model.slugs import slugify


def fold(text: str) -> str:
    """Text as search compares it: lower case ASCII words (``"Lænd"`` → ``"laend"``)."""
    return slugify(text, 10_000).replace("-", " ")


def searchable(parts: Iterable[str]) -> str:
    """Texts as one search looks in them: folded words, a space before and after each."""
    return " " + " ".join(fold(p) for p in parts) + " "


def found(query: str, haystack: str) -> bool:
    """The search rule, for exercises and for every list: each word of ``query`` starts a word
    of ``haystack`` (made by ``searchable``), so ``"knæ sq"`` finds Split squat."""
    return all(f" {word}" in haystack for word in fold(query).split())


def search_words(exercise: Exercise) -> str:
    """What a search looks in: slug, name, category, body parts (as slugs and as words), summary
    and the articles it comes from (so "lænd" finds the exercises of "Ondt i lænden")."""
    return searchable(
        [
            exercise.slug,
            exercise.name,
            exercise.category,
            *exercise.body_parts,
            *(body_part_name(p) for p in exercise.body_parts),
            exercise.summary,
            *exercise.sources,
        ]
    )


def matches(exercise: Exercise, query: str) -> bool:
    """Every word of ``query`` starts a word of the exercise (``found``)."""
    return found(query, search_words(exercise))


def catalogue_order(exercises: Iterable[Exercise]) -> list[Exercise]:
    """By category (in CATEGORIES' order), then first body part, then name."""

    def key(exercise: Exercise) -> tuple[int, str, str, str]:
        rank = CATEGORIES.index(exercise.category) if exercise.category in CATEGORIES else len(CATEGORIES)
        part = body_part_name(exercise.body_parts[0]) if exercise.body_parts else ""
        return (rank, part, fold(exercise.name), exercise.slug)

    return sorted(exercises, key=key)


def search_exercises(exercises: Iterable[Exercise], query: str | None) -> list[Exercise]:
    """The exercises matching ``query`` (all of them when it is empty), in catalogue order."""
    chosen = [e for e in exercises if not query or matches(e, query)]
    return catalogue_order(chosen)


def group_by_body_part(exercises: Iterable[Exercise]) -> list[tuple[str, list[Exercise]]]:
    """(label, exercises) per first body part, alphabetically; exercises without body parts are
    grouped under their category. Each exercise appears once."""
    groups: dict[str, list[Exercise]] = {}
    for exercise in catalogue_order(exercises):
        label = body_part_name(exercise.body_parts[0]) if exercise.body_parts else exercise.category
        groups.setdefault(label, []).append(exercise)
    return [(label.capitalize(), groups[label]) for label in sorted(groups, key=fold)]
