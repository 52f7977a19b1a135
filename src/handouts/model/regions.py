"""Body regions: the small vocabulary that ties exercises to red-flag sets.

An exercise names its region(s) in front matter (``region: knae`` or ``regions: [ryg,
hofte]``); a CMS exercise page names body parts instead (``bodyParts: [ankel, fod]``), which
are mapped onto the same vocabulary. A red-flag set lists the regions it covers
(``regions: [hofte, knae]``), so a programme gets the sets of its exercises' regions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handouts.errors import InputError

REGIONS = ("ryg", "nakke", "skulder", "hofte", "knae", "fod", "hoved", "brystkasse", "baekken")

# Body parts as CMS exercise pages and clinics write them → a region. The leg ("ben") goes
# with the knee (the hip/knee/leg set); a part that belongs to no region (the belly) is left
# out rather than guessed.
BODY_PARTS = {
    "ryg": "ryg",
    "laend": "ryg",
    "lænd": "ryg",
    "lænden": "ryg",
    "laenden": "ryg",
    "back": "ryg",
    "nakke": "nakke",
    "hals": "nakke",
    "neck": "nakke",
    "skulder": "skulder",
    "skuldre": "skulder",
    "arm": "skulder",
    "albue": "skulder",
    "underarm": "skulder",
    "haandled": "skulder",
    "håndled": "skulder",
    "haand": "skulder",
    "hånd": "skulder",
    "fingre": "skulder",
    "shoulder": "skulder",
    "elbow": "skulder",
    "wrist": "skulder",
    "hand": "skulder",
    "hofte": "hofte",
    "lyske": "hofte",
    "hip": "hofte",
    "knae": "knae",
    "knæ": "knae",
    "ben": "knae",
    "laar": "knae",
    "lår": "knae",
    "laeg": "knae",
    "læg": "knae",
    "knee": "knae",
    "fod": "fod",
    "foed": "fod",
    "fødder": "fod",
    "ankel": "fod",
    "ankler": "fod",
    "taa": "fod",
    "taeer": "fod",
    "tæer": "fod",
    "hael": "fod",
    "hæl": "fod",
    "balde": "ryg",
    "kaebe": "hoved",
    "kæbe": "hoved",
    "tå": "fod",
    "foot": "fod",
    "ankle": "fod",
    "hoved": "hoved",
    "head": "hoved",
    "brystkasse": "brystkasse",
    "bryst": "brystkasse",
    "chest": "brystkasse",
    "baekken": "baekken",
    "bækken": "baekken",
    "pelvis": "baekken",
}


def parse_regions(meta: Mapping[str, Any], source_name: str) -> tuple[str, ...]:
    """The regions an exercise (or any content file) names, in vocabulary order, no repeats.

    ``region``/``regions`` must use the vocabulary (an unknown one is an error naming the field);
    ``bodyParts`` from a CMS is mapped through ``BODY_PARTS`` and unknown parts are skipped.
    """
    found: set[str] = set()
    for key in ("region", "regions"):
        for value in _words(meta.get(key), key, source_name):
            if value not in REGIONS:
                raise InputError(source_name, key, f'"{value}" is not a region; use one of: {", ".join(REGIONS)}')
            found.add(value)
    for value in _words(meta.get("bodyParts"), "bodyParts", source_name):
        if value in BODY_PARTS:
            found.add(BODY_PARTS[value])
    return tuple(region for region in REGIONS if region in found)


def _words(value: Any, key: str, source_name: str) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(source_name, key, "must be a list of words, e.g. [ryg, hofte]")
    return [v.strip().casefold() for v in value if v.strip()]
