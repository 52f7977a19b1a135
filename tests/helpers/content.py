"""Content folders made for tests: a clinic's website export at clinic size."""

from __future__ import annotations

from pathlib import Path

BODY_PARTS = ["ankel", "arm", "bryst", "fod", "haandled", "hofte", "knae", "laend", "mave", "nakke", "ryg", "skulder"]
KINDS = [("styrkeøvelse", "styrke"), ("udstrækning", "stræk"), ("mobilitetsøvelse", "mobilitet")]


def write_exercise_pages(folder: Path, count: int = 150) -> Path:
    """``count`` CMS exercise pages in ``folder/exercises``, as a clinic's website exports them.

    Page n is "Øvelse n for <part>" (slug ``oevelse-n``, its file name), for two of twelve body parts
    (``BODY_PARTS[n % 12]`` first, then ``BODY_PARTS[(n + 5) % 12]``), a strength exercise, a
    stretch or a mobility exercise in turn (``KINDS[n % 3]``, named in its image description),
    with two steps and a dose of 1-3 sets × 8-12 repetitions per side.
    """
    exercises = folder / "exercises"
    exercises.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        part, other = BODY_PARTS[n % 12], BODY_PARTS[(n + 5) % 12]
        kind, _category = KINDS[n % 3]
        (exercises / f"oevelse-{n}.md").write_text(
            f"---\ntitle: Øvelse {n} for {part}\nbodyParts:\n  - {part}\n  - {other}\n"
            f"previewImageAlt: Øvelse {n} – {kind} til {part}\n---\n"
            f"Øvelse {n} er en {kind}.\n\n## Øvelse {n} - Sådan gør du\n\n1. Start.\n2. Slut.\n\n"
            f"**Antal gentagelser:** {1 + n % 3} sæt af {8 + n % 5} gentagelser pr. side.\n",
            "utf-8",
        )
    return folder
