"""Articles and red-flag sets from content folders: titles, slugs, tolerated and validated keys."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from handouts.errors import HandoutsError
from handouts.load import parse_source
from handouts.model.library import load_library
from handouts.model.red_flags import choose_for_article

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
    assert library.articles["a"].title == "Kun metaTitle"
    heading = library.articles["b"]
    assert heading.title == "Overskriften"
    assert "# Overskriften" not in heading.body  # not printed twice


def test_meta_title_loses_its_seo_tail(tmp_path):
    write(
        tmp_path, "iskias.md", "---\nmetaTitle: Iskias – Hvad er iskias? Læs om symptomer og behandling\n---\nTekst.\n"
    )
    write(tmp_path, "knae.md", "---\nmetaTitle: 'Knæ | Klinikken Nord'\n---\nTekst.\n")
    write(tmp_path, "ballen.md", "---\nmetaTitle: Ondt i ballen → årsager og øvelser\n---\nTekst.\n")
    write(tmp_path, "ryg.md", "---\nmetaTitle: Ondt i ryggen – Guide 2025\n---\nTekst.\n")
    write(tmp_path, "facts.md", "---\nmetaTitle: 7 facts om ondt i balden – er det iskias?\n---\nTekst.\n")
    write(tmp_path, "egen.md", "---\ntitle: Skulder – Læs mere her\nmetaTitle: Noget andet\n---\nTekst.\n")
    titles = {slug: a.title for slug, a in load_library(tmp_path).articles.items()}
    assert titles == {
        "iskias": "Iskias",
        "knae": "Knæ",
        "ballen": "Ondt i ballen",
        "ryg": "Ondt i ryggen",
        "facts": "7 facts om ondt i balden – er det iskias?",
        "egen": "Skulder – Læs mere her",  # a title: written by a person, printed as written
    }


def test_first_heading_as_title_is_not_printed_twice_even_below_an_image(tmp_path):
    write(
        tmp_path,
        "laend.md",
        "---\nlastUpdated: 01/02/2025\n---\n![Ryggen](/images/x.webp)\n\n## Hvad er lændesmerter\n\nTekst.\n",
    )
    article = load_library(tmp_path).articles["laend"]
    assert article.title == "Hvad er lændesmerter"
    assert "Hvad er lændesmerter" not in article.body and "![Ryggen]" in article.body


def test_front_matter_keys_in_any_case(tmp_path):
    write(tmp_path, "a.md", "---\nTitle: Med stort\nLastUpdated: 01/02/2025\nRed_Flags: nakke\n---\nTekst.\n")
    write(tmp_path, "b.md", "---\ntitle: Lille\nTitle: Stor\n---\nTekst.\n")
    library = load_library(tmp_path)
    assert library.problems == []
    a = library.articles["a"]
    assert (a.title, str(a.last_updated), a.red_flags) == ("Med stort", "2025-02-01", "nakke")
    assert library.articles["b"].title == "Lille"  # the exact spelling wins


def test_slug_is_the_file_name_not_the_title(tmp_path):
    long_title = "Ondt i nakken – alt du skal vide om årsager, symptomer, øvelser og behandling i 2025"
    write(tmp_path, "Ondt_i_nakken.md", f"---\ntitle: {long_title}\n---\nTekst.\n")
    write(tmp_path, "000_cc5d750043a7b6cb.txt", "---\ntitle: Maskinnavn\n---\nTekst.\n")
    assert sorted(load_library(tmp_path).articles) == ["maskinnavn", "ondt-i-nakken"]


def test_language_of_the_text(tmp_path):
    write(tmp_path, "a.md", "---\ntitle: A\n---\nTekst.\n")
    write(tmp_path, "b.md", "---\ntitle: B\nlang: en\n---\nText.\n")
    write(tmp_path, "c.md", "---\ntitle: C\nlang: xx\n---\nText.\n")
    library = load_library(tmp_path)
    assert library.articles["a"].language == "da" and library.articles["b"].language == "en"
    assert [str(p) for p in library.problems] == [
        f'{tmp_path / "c.md"}: lang: "xx" is not a language handouts knows; use one of: da, en'
    ]


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
    write(tmp_path, "b.md", "---\ntitle: Ondt i lænden\n---\nTekst.\n")
    library = load_library(tmp_path)
    assert choose_for_article(library.articles["a"], library).slugs[0] == "generelt"
    assert choose_for_article(library.articles["b"], library).slugs[0] == "ryg-og-iskias"


def test_article_may_name_another_red_flag_set(tmp_path):
    (tmp_path / "red-flags").mkdir()
    write(tmp_path / "red-flags", "egne.md", "---\nslug: egne\n---\n- Pludselig svær hovedpine.\n")
    write(tmp_path, "a.md", "---\ntitle: Nakke\nred_flags: egne\n---\nTekst.\n")
    write(tmp_path, "b.md", "---\ntitle: Ukendt\nred_flags: findes-ikke\n---\nTekst.\n")
    library = load_library(tmp_path)
    assert choose_for_article(library.articles["a"], library).slugs[0] == "egne"
    with pytest.raises(
        HandoutsError, match=r'red_flags: "findes-ikke" is not a red-flag set; known: .*egne, fod-og-ankel'
    ):
        choose_for_article(library.articles["b"], library)


def test_a_folder_readme_is_not_content(tmp_path):
    write(tmp_path, "README.md", "# Om mappen\n\nTekst.\n")
    write(tmp_path, "a.md", "---\ntitle: A\n---\nTekst.\n")
    library = load_library(tmp_path)
    assert list(library.articles) == ["a"] and "readme" not in library.red_flags


def test_missing_content_folder_is_a_user_error(tmp_path):
    with pytest.raises(HandoutsError, match="content folder not found"):
        load_library(tmp_path / "nope")


def test_environment_variable_points_at_content(tmp_path, monkeypatch):
    write(tmp_path, "a.md", "---\ntitle: Fra miljøet\n---\nTekst.\n")
    monkeypatch.setenv("HANDOUTS_CONTENT", str(tmp_path))
    assert list(load_library().articles) == ["a"]


def test_an_article_linked_from_outside_the_content_folder_is_refused(tmp_path):
    """A symlink pointing out of the folder (../../etc/…) is one problem naming it; nothing is read."""
    from handouts.model.library import load_library

    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Hemmelig\n---\nTekst udefra.\n", "utf-8")
    content = tmp_path / "content"
    content.mkdir()
    (content / "egen.md").write_text("---\ntitle: Egen\n---\nTekst.\n", "utf-8")
    (content / "link.md").symlink_to(outside)
    (content / "inde.md").symlink_to(content / "egen.md")  # a link inside the folder is fine
    library = load_library(content)
    assert sorted(library.articles) == ["egen", "inde"]
    assert [str(p) for p in library.problems] == [
        f"{content / 'link.md'}: is a link to a file outside the content folder; copy the file in instead"
    ]


@pytest.mark.parametrize(
    ("stop", "when"),
    [
        ("Stop øvelsen, hvis du får skarp smerte.", "du får skarp smerte."),
        ("Stop, hvis det gør ondt.", "det gør ondt."),
        ("stop hvis benet sover.", "benet sover."),
        ("Hold pause ved svimmelhed.", "Hold pause ved svimmelhed."),  # no lead-in: printed as written
    ],
)
def test_the_stop_rule_loses_its_lead_in_once_in_the_model(stop, when):
    """Printed after a "Stop, hvis:" label on paper and on the web alike."""
    from handouts.model.library import load_library

    exercise = next(iter(load_library().exercises.values()))
    assert dataclasses.replace(exercise, stop=stop).stop_when == when


@pytest.mark.parametrize(
    ("front_matter", "title"),
    [
        ("title: '**Knæ** og _smerter_'", "Knæ og smerter"),
        ("title: 'Knæ <em>smerter</em> &amp; ondt'", "Knæ smerter & ondt"),
        ("metaTitle: '<strong>Iskias</strong> – Hvad er iskias? | Klinikken'", "Iskias"),
        ("title: 'Kontakt <os> om snake_case'", "Kontakt <os> om snake_case"),
    ],
)
def test_a_title_prints_without_the_markup_a_cms_left_in_it(front_matter, title):
    from handouts.model.content import article_from_source

    source = parse_source(Path("a.md"), f"---\n{front_matter}\n---\nTekst.\n".encode())
    assert article_from_source(source).title == title


def test_a_heading_title_loses_its_markup_too_and_the_later_date_is_the_updated_one():
    from handouts.model.content import article_from_source

    raw = "---\nlastUpdated: 24/02/2024\ndatePublished: 19/02/2025\n---\n# **Brystkasse** i [kroppen](/ordbog/x)\n\nTekst.\n"
    article = article_from_source(parse_source(Path("a.md"), raw.encode()))
    assert article.title == "Brystkasse i kroppen"
    assert article.updated == dt.date(2025, 2, 19)


def test_an_article_without_lang_is_english_only_when_its_text_clearly_is():
    from handouts.model.content import article_from_source

    english = "---\ntitle: Knee pain\n---\nKnee pain is common and gets better with the right exercises. Keep active.\n"
    danish = (
        "---\ntitle: Knæ\n---\nKnæsmerter er almindelige, og de fleste kan holde sig i gang, mens knæet falder til ro."
        " Læs mere i [The Lancet: what is the evidence for the knee](x).\n"
    )
    assert article_from_source(parse_source(Path("a.md"), english.encode())).language == "en"
    assert article_from_source(parse_source(Path("a.md"), danish.encode())).language == "da"
    forced = english.replace("title: Knee pain", "title: Knee pain\nlang: da")
    assert article_from_source(parse_source(Path("a.md"), forced.encode())).language == "da"
