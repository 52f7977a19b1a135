"""Which picture each exercise gets once the whole catalogue is loaded: a clinic's page borrows a
built-in drawing by ``figure: <slug>`` or by exactly the same name — never by a guess.

The order for a clinic's exercise: its own ``illustration:`` poses; ``figure: <built-in slug>``;
its own photo (``previewImage`` / ``image:``) when the file exists; a built-in exercise whose
name, alias or slug equals the page's title or file name after ``name_key`` (case, accents,
æ/ae, "m." = "med", punctuation). A name that two built-in exercises share lends nothing.
An exercise left without a picture gets a card laid out for text only, and a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from handouts.errors import InputError
from handouts.model.content import Exercise, is_exercise_page
from handouts.model.slugs import slug_from_file_name, slugify, suggest

# "m." as a CMS title abbreviates "med" ("Ankle inversion m. elastik"); a file name keeps a bare "m".
_MED = re.compile(r"(?<!\w)m\.", re.IGNORECASE)


def name_key(text: str) -> str:
    """A name as the matching compares it: ``"Ankle inversion m. elastik"`` and
    ``ankle-inversion-med-elastik`` → ``"ankle inversion med elastik"``; ``"Bækkenløft"`` and
    ``"Baekkenloeft"`` → ``"baekkenloeft"``."""
    words = slugify(_MED.sub(" med ", text), 10_000).split("-")
    return " ".join("med" if word == "m" else word for word in words if word)


def names_of(exercise: Exercise) -> set[str]:
    """Every name a built-in exercise answers to (its name in each language, aliases and slug), as keys."""
    names = [exercise.name, exercise.slug, *exercise.aliases, *(text.name for text in exercise.translations)]
    return {key for key in map(name_key, names) if key}


def page_names(exercise: Exercise) -> set[str]:
    """What a clinic's exercise is called: its title (name) and its file name, as keys."""
    names = [exercise.name, slug_from_file_name(exercise.source.path)]
    return {key for key in map(name_key, names) if key}


def has_picture(exercise: Exercise) -> bool:
    return exercise.illustration is not None or exercise.image is not None


def lending_index(built_in: Iterable[Exercise]) -> dict[str, str]:
    """name key → the slug of the one built-in exercise with a picture that answers to it; a key
    two exercises answer to is left out (ambiguous: no picture is better than a wrong one)."""
    owners: dict[str, set[str]] = {}
    for exercise in built_in:
        if has_picture(exercise):
            for key in names_of(exercise):
                owners.setdefault(key, set()).add(exercise.slug)
    return {key: next(iter(slugs)) for key, slugs in owners.items() if len(slugs) == 1}


def _borrowed(exercise: Exercise, lender: Exercise, how: str) -> Exercise:
    """``exercise`` with ``lender``'s picture. A page matched by name is the same exercise, so it
    is also found by the built-in's other names and conditions, and a page that names no category
    of its own takes the built-in's; ``figure:`` lends only the drawing (a similar movement)."""
    borrowed = replace(
        exercise,
        illustration=lender.illustration,
        image=None if lender.illustration is not None else lender.image,
        picture=how,
        picture_of=lender.slug,
    )
    if how != "name":
        return borrowed
    own_category = not is_exercise_page(exercise.source.meta) or exercise.source.meta.get("category")
    return replace(
        borrowed,
        category=exercise.category if own_category else lender.category,
        aliases=tuple(dict.fromkeys((*exercise.aliases, lender.name, *lender.aliases))),
        conditions=tuple(dict.fromkeys((*exercise.conditions, *lender.conditions))),
    )


def give_pictures(
    exercises: Mapping[str, Exercise], built_in: Mapping[str, Exercise]
) -> tuple[dict[str, Exercise], list[InputError]]:
    """Every exercise with the picture it gets, and one notice per thing a person should look at
    (a ``figure:`` that names no built-in drawing, a clinic exercise in a built-in one's place)."""
    index = lending_index(built_in.values())
    notices: list[InputError] = []
    result: dict[str, Exercise] = {}
    for slug, exercise in exercises.items():
        own = built_in.get(slug) is exercise
        if not own and slug in built_in:
            notices.append(
                InputError(
                    exercise.source.name,
                    "slug",
                    f'"{slug}" is also a built-in exercise ({built_in[slug].name}); this page is used in its '
                    "place, in programme templates too; give it its own `slug:` to keep both",
                )
            )
        result[slug] = _picture_for(exercise, built_in, index, notices, own=own)
    return result, notices


def _picture_for(
    exercise: Exercise,
    built_in: Mapping[str, Exercise],
    index: Mapping[str, str],
    notices: list[InputError],
    *,
    own: bool,
) -> Exercise:
    if exercise.picture == "illustration":
        return exercise
    if exercise.figure:
        lender = built_in.get(exercise.figure)
        if lender is not None and has_picture(lender) and lender is not exercise:
            return _borrowed(exercise, lender, "figure")
        drawn = sorted(s for s, e in built_in.items() if has_picture(e))
        notices.append(
            InputError(
                exercise.source.name,
                "figure",
                f'"{exercise.figure}" is not a built-in exercise with a drawing (see `handouts list exercises`)'
                + suggest(exercise.figure, drawn),
            )
        )
    if exercise.picture or own:
        return exercise
    lenders = {index[key] for key in page_names(exercise) if key in index}
    if len(lenders) == 1:
        return _borrowed(exercise, built_in[lenders.pop()], "name")
    return exercise


def missing_picture(exercise: Exercise) -> str | None:
    """The warning for an exercise whose card has no picture, else None."""
    if has_picture(exercise):
        return None
    return "has no picture, so its card prints text only; add `figure: <slug of a built-in exercise>`"
