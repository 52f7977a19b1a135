"""The personalised programmes the PDF tests print for Nord: 1, 4 and 8 of the eight seed
exercises (or ``NxW``: N exercises over W weeks), or a shipped template by its slug. One
definition, so that the files printing the same programme share its render (helpers/renders.py)."""

from __future__ import annotations

from typing import Any

EXERCISES = [
    "knae-til-bryst",
    "bird-dog",
    "baekkenloeft",
    "kat-ko",
    "piriformisstraek",
    "baekkenkip",
    "siddende-nerveglidning",
    "liggende-nerveglidning",
]
PATIENT = "Gertrud Østergaard-Nielsen"
THERAPIST = "Mette Fysio"
NOTE = "Start blidt og øg gradvist. Stop ved kraftig smerte eller mere udstråling i benet."


def programme_for(library: Any, name: str) -> Any:
    """A template (unpersonalised) by its slug, or the first N seed exercises for Gertrud."""
    from handouts.build import template_programme
    from handouts.model.programme import build_programme

    if name in library.programmes:
        return template_programme(library, library.programmes[name])
    count, _, weeks = name.partition("x")
    return build_programme(
        library, EXERCISES[: int(count)], patient=PATIENT, therapist=THERAPIST, note=NOTE, weeks=int(weeks or 2)
    )


def nord_programme(library: Any, shared_writer: Any, nord: Any, name: str, large: bool, out: Any) -> Any:
    """``programme_for(name)`` printed for Nord into the folder ``out``, once per run: (PdfResult, programme)."""
    from handouts.build import render_programme

    programme = programme_for(library, name)
    rendered = render_programme(library, programme, nord, large_print=large)
    suffix = "-storskrift" if large else ""
    return shared_writer.write(rendered, out / f"programme-{name}{suffix}.pdf"), programme
