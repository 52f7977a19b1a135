"""Stable short ids for exercises: what a share code stores instead of a slug.

Every built-in exercise declares ``id: N`` (1–4095) in its front matter. An id is never
changed or reused, so a link printed today still names the same exercise however large the
catalogue grows. A clinic's own exercise may declare an id as well (pick one above 1000, clear
of the built-in ones); a CMS exercise page never uses its ``id`` (the CMS's record number).
Without one, an exercise that replaces a built-in exercise (same slug) keeps the built-in id,
and any other exercise gets an id derived from its slug: a hash in a separate range
(4096–524287), so its links stay valid for as long as its slug does.

Two exercises declaring the same id is an error naming both files; the later one then gets
its derived id, so programmes still print.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from handouts.errors import InputError
from handouts.load import Source
from handouts.model.content import Exercise, is_exercise_page

ID_KEY = "id"
MAX_DECLARED_ID = 4095
FIRST_DERIVED_ID = MAX_DECLARED_ID + 1
END_DERIVED_IDS = 2**19  # with two flag bits, a derived id is a 3-byte varint in a share code


def derived_id(slug: str) -> int:
    """The id of an exercise that declares none: a hash of its slug, outside the declared range."""
    digest = int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big")
    return FIRST_DERIVED_ID + digest % (END_DERIVED_IDS - FIRST_DERIVED_ID)


def declared_id(exercise: Exercise) -> int | None:
    """The ``id:`` in the exercise's front matter, or None; anything else is an InputError.

    Only the tool's own exercise format has one: a CMS exercise page's ``id`` is the CMS's own
    record number, so such a page gets its id from its slug.
    """
    value = exercise.source.meta.get(ID_KEY)
    if value is None or is_exercise_page(exercise.source.meta):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DECLARED_ID:
        raise InputError(
            exercise.source.name,
            ID_KEY,
            f"{value!r} is not an exercise id; use a whole number from 1 to {MAX_DECLARED_ID} that no other exercise has",
        )
    return value


@dataclass
class ExerciseIds:
    """Slug → id for encoding, id → slug for decoding (a replaced built-in id still decodes)."""

    by_slug: dict[str, int] = field(default_factory=dict)
    by_id: dict[int, str] = field(default_factory=dict)
    files: dict[int, Source] = field(default_factory=dict)  # id → file that claimed it, for messages

    def add_layer(self, exercises: Iterable[Exercise], problems: list[InputError]) -> None:
        """One content layer (built-in, then a clinic's), in slug order so the result is stable."""
        ordered = sorted(exercises, key=lambda e: e.slug)
        undecided: list[Exercise] = []
        for exercise in ordered:  # declared ids first: they never lose to a derived one
            try:
                wanted = declared_id(exercise)
            except InputError as exc:
                problems.append(exc)
                wanted = None
            if wanted is None:
                undecided.append(exercise)
            elif self.by_id.get(wanted, exercise.slug) != exercise.slug:
                problems.append(
                    InputError(
                        exercise.source.name,
                        ID_KEY,
                        f"{wanted} is already the id of {self.files[wanted].name}; give each exercise its own id",
                    )
                )
                undecided.append(exercise)
            else:
                self._claim(wanted, exercise)
        for exercise in undecided:
            inherited = self.by_slug.get(exercise.slug)
            self._claim(inherited if inherited is not None else self._free_derived(exercise.slug), exercise)

    def _claim(self, exercise_id: int, exercise: Exercise) -> None:
        self.by_slug[exercise.slug] = exercise_id
        self.by_id[exercise_id] = exercise.slug
        self.files.setdefault(exercise_id, exercise.source)

    def _free_derived(self, slug: str) -> int:
        candidate = derived_id(slug)
        while self.by_id.get(candidate, slug) != slug:  # a hash collision: the next free one
            candidate = FIRST_DERIVED_ID + (candidate + 1 - FIRST_DERIVED_ID) % (END_DERIVED_IDS - FIRST_DERIVED_ID)
        return candidate
