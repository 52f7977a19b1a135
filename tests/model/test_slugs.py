import pytest

from handouts.errors import HandoutsError
from handouts.model.slugs import resolve, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Nervetryk i lænden", "nervetryk-i-laenden"),
        (
            "Iskiasøvelser Øvelser mod iskias – smertelindring og styrketræning",
            "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening",
        ),
        ("7 facts om ondt i balden og benet – er det iskias?", "7-facts-om-ondt-i-balden-og-benet-er-det-iskias"),
        ("Kræft, Ånde & Æble", "kraeft-aande-aeble"),
    ],
)
def test_danish_transliteration(title, slug):
    assert slugify(title) == slug


KNOWN = ["iskiasnerve-i-klemme", "iskiasoevelser-oevelser", "ondt-i-laenden"]


def test_unique_prefix_resolves():
    assert resolve("ondt", KNOWN, "article") == "ondt-i-laenden"
    assert resolve("iskiasn", KNOWN, "article") == "iskiasnerve-i-klemme"


def test_ambiguous_prefix_lists_candidates():
    with pytest.raises(HandoutsError) as caught:
        resolve("iskias", KNOWN, "article")
    assert str(caught.value) == (
        "article 'iskias' is ambiguous; it could be: iskiasnerve-i-klemme, iskiasoevelser-oevelser"
    )


def test_unknown_lists_all_and_suggests():
    with pytest.raises(HandoutsError) as caught:
        resolve("ondt-i-lenden", KNOWN, "article")
    assert str(caught.value) == (
        "unknown article 'ondt-i-lenden' – did you mean 'ondt-i-laenden'?; known: "
        "iskiasnerve-i-klemme, iskiasoevelser-oevelser, ondt-i-laenden"
    )
