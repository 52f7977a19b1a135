"""Articles and red-flag sets from content folders: titles, slugs, tolerated and validated keys."""

from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from handouts.errors import HandoutsError
from handouts.model.library import load_library

SEED_SLUGS = {
    "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening",
    "iskiasnerve-i-klemme",
    "nervetryk-i-laenden",
    "ondt-i-laenden",
    "7-facts-om-ondt-i-balden-og-benet-er-det-iskias",
}


def test_all_seeds_load_without_problems(library):
    assert set(library.articles) == SEED_SLUGS
    assert library.problems == []


def test_seeds_are_unchanged_copies_of_the_shared_seeds():
    """seeds/*.txt are the product owner's files from shared/seeds, beside the checkout
    (<clone>/../shared in CI): the same names, byte for byte."""
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip(f"{shared} is absent: no shared/ folder beside this checkout")
    originals = sorted(p.name for p in shared.glob("*.txt"))
    assert originals, f"{shared} holds no seed articles"
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == originals
    for name in originals:
        assert (SEEDS / name).read_bytes() == (shared / name).read_bytes(), name


def test_both_date_styles_become_dates(library):
    assert str(library.articles["ondt-i-laenden"].last_updated) == "2025-10-12"
    assert str(library.articles["7-facts-om-ondt-i-balden-og-benet-er-det-iskias"].last_updated) == "2025-05-08"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_title_falls_back_to_meta_title_then_first_heading(tmp_path):
    write(tmp_path, "a.md", "---\nmetaTitle: Kun metaTitle\npreviewImage: x.png\nrelated: [a, b]\n---\nTekst.\n")
    write(tmp_path, "b.md", "---\nlastUpdated: 01/02/2025\n---\n# Overskriften\n\nTekst.\n")
    library = load_library(tmp_path)
    assert library.problems == []
    assert library.articles["kun-metatitle"].title == "Kun metaTitle"
    heading = library.articles["overskriften"]
    assert heading.title == "Overskriften"
    assert "# Overskriften" not in heading.body  # not printed twice


def test_article_without_any_title_is_an_error_naming_the_file(tmp_path):
    write(tmp_path, "ingen.md", "---\nlastUpdated: 01/02/2025\n---\nBare tekst uden overskrift.\n")
    library = load_library(tmp_path)
    assert [str(p) for p in library.problems] == [
        f"{tmp_path / 'ingen.md'}: title: is missing; add `title:` to the front matter or start the text with a # heading"
    ]


def test_used_keys_are_validated(tmp_path):
    write(tmp_path, "dato.md", "---\ntitle: Dato\nlastUpdated: snart\n---\nTekst.\n")
    write(tmp_path, "titel.md", "---\ntitle: [en, liste]\n---\nTekst.\n")
    problems = sorted(str(p) for p in load_library(tmp_path).problems)
    assert problems == [
        f"{tmp_path / 'dato.md'}: lastUpdated: 'snart' is not a date; write it as DD/MM/YYYY, e.g. \"13/09/2025\"",
        f"{tmp_path / 'titel.md'}: title: must be text, not list; put it in quotes",
    ]


def test_front_matter_slug_wins_and_duplicates_are_reported(tmp_path):
    write(tmp_path, "a.md", "---\ntitle: Første\nslug: samme\n---\nTekst.\n")
    write(tmp_path, "b.md", "---\ntitle: Anden\nslug: samme\n---\nTekst.\n")
    library = load_library(tmp_path)
    assert list(library.articles) == ["samme"]
    assert "is already used by" in str(library.problems[0])


def test_clinic_content_keeps_built_in_red_flags(tmp_path):
    write(tmp_path, "a.md", "---\ntitle: Egen artikel\n---\nTekst.\n")
    library = load_library(tmp_path)
    article = library.articles["egen-artikel"]
    assert library.red_flags_for(article).slug == "ryg-og-iskias"


def test_article_may_name_another_red_flag_set(tmp_path):
    (tmp_path / "red-flags").mkdir()
    write(tmp_path / "red-flags", "nakke.md", "---\nslug: nakke\n---\n- Pludselig svær hovedpine.\n")
    write(tmp_path, "a.md", "---\ntitle: Nakke\nred_flags: nakke\n---\nTekst.\n")
    write(tmp_path, "b.md", "---\ntitle: Ukendt\nred_flags: findes-ikke\n---\nTekst.\n")
    library = load_library(tmp_path)
    assert library.red_flags_for(library.articles["nakke"]).slug == "nakke"
    with pytest.raises(HandoutsError, match='red_flags: "findes-ikke" is not a red-flag set; known: nakke, ryg-og-iskias'):
        library.red_flags_for(library.articles["ukendt"])


def test_missing_content_folder_is_a_user_error(tmp_path):
    with pytest.raises(HandoutsError, match="content folder not found"):
        load_library(tmp_path / "nope")


def test_environment_variable_points_at_content(tmp_path, monkeypatch):
    write(tmp_path, "a.md", "---\ntitle: Fra miljøet\n---\nTekst.\n")
    monkeypatch.setenv("HANDOUTS_CONTENT", str(tmp_path))
    assert list(load_library().articles) == ["fra-miljoeet"]
