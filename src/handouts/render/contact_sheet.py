"""The catalogue contact sheet: every exercise's drawing with its name, default dose, regions and id."""

from __future__ import annotations

import math
from typing import Any

from handouts.i18n import catalogue
from handouts.limits import MAX_EXERCISES, RENDER_SECONDS
from handouts.model.clinic import Clinic
from handouts.model.library import Library
from handouts.render.document import RenderedHTML
from handouts.render.html import asset_roots, common_context, exercise_figure, render_template


def catalogue_html(library: Library, clinic: Clinic) -> RenderedHTML:
    """One cell per exercise (by region, then name), drawings still, in the clinic's colour."""
    labels = catalogue(clinic.language)
    exercises = sorted(library.exercises.values(), key=lambda e: ((e.regions or ("~",))[0], e.name.casefold(), e.slug))
    cells: list[dict[str, Any]] = []
    for exercise in exercises:
        drawn = exercise.image is not None or exercise.illustration is not None
        cells.append(
            {
                "exercise": exercise,
                "figure": exercise_figure(exercise, clinic, labels, inline=False) if drawn else "",
                "dose": exercise.dose.in_words(labels),
                "regions": ", ".join(exercise.regions) or "–",
                "id": library.exercise_ids.by_slug.get(exercise.slug, ""),
            }
        )
    title = f"{labels.t('catalogue_title')} – {clinic.name}"
    context = common_context(clinic, large_print=False) | {
        "document_title": title,
        "cells": cells,
        "intro": labels.t("catalogue_intro", count=len(cells)),
    }
    html = render_template("catalogue.html.j2", **context)
    roots = asset_roots(clinic, library) + [e.image.parent for e in exercises if e.image]
    # eight exercises a page: a clinic's whole catalogue, not a handout's length
    pages = max(40, len(cells) // 8 + 10)
    # and as long to render as the programmes that would show the same drawings: 128 exercises
    # cost 8 s of CPU, about a minute on a loaded 2-core machine, more than one handout's limit
    seconds = RENDER_SECONDS * max(1, math.ceil(len(cells) / MAX_EXERCISES))
    return RenderedHTML(
        html=html, title=title, asset_roots=roots, source="catalogue", max_pages=pages, render_seconds=seconds
    )
