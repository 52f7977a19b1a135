"""CMS exercise pages as catalogue entries: each piece of the page, whole pages, both formats in
one folder, the same warning in `list` and `check`, and the real sample when it is present."""

import contextlib
import json
from pathlib import Path

import pytest

from conftest import ROOT, invoke_cli
from handouts.errors import UnusablePage
from handouts.load import parse_source
from handouts.model.content import body_parts_from_meta
from handouts.model.dose import DoseError, parse_dose
from handouts.model.exercise_pages import (
    DEFAULT_CATEGORY,
    DEFAULT_STOP,
    MAX_CAUTION_CHARS,
    body_part_name,
    category_from_page,
    dose_from_prose,
    dose_prose,
    preview_image,
    steps_from_page,
    stop_rule,
)
from handouts.model.library import exercise_from_source
from helpers.work import assert_linear
from readback import pdf_text

# The real sample lives beside the repository (../shared/corpus); never copied into it.
CORPUS = ROOT.parent / "shared" / "corpus"

PAGE = """---
title: Vægløft med bold
bodyParts:
  - skulder
  - arm
datePublished: 01/02/2026
previewImage: /images/oevelser/vaegloeft.png
previewImageAlt: Kvinde laver vægløft – styrkeøvelse til skulder
---
Vægløft med bold er en rolig styrkeøvelse for skulderen. Den kan laves hjemme.

1. Et nummereret punkt i indledningen, som ikke er et trin.

## Vægløft med bold - Sådan gør du

Du skal bruge en bold.

1. Stil dig med ryggen mod en væg.
2. Hold bolden mod væggen med strakt arm,
   og rul den langsomt opad.
3. Rul bolden ned igen.

**Antal gentagelser:** 2-3 sæt af 10 gentagelser pr. arm med 30 sekunders pause mellem sættene, 3 gange om ugen. Øvede kan tage 15.

## Teknik – Sådan laver du vægløft korrekt

- Hold skulderen nede.

1. En anden liste, der ikke er trin.

## Vær OBS - vægløft med skulderskade

Har du en frisk skulderskade, bør du vente med øvelsen. Smerter, der bliver ved efter træning, er et tegn på for meget belastning.

Vi anbefaler, at du kontakter en [fysioterapeut](https://example.org), der kan hjælpe dig.
"""


def page(text: str = PAGE, name: str = "vaegloeft-med-bold.md", folder: Path = Path("exercises")):
    return parse_source(folder / name, text.encode("utf-8"))


# --- the pieces --------------------------------------------------------------------------


def test_steps_are_only_the_numbered_list_under_saadan_goer_du():
    assert steps_from_page(page().body) == (
        "1. Stil dig med ryggen mod en væg.\n"
        "2. Hold bolden mod væggen med strakt arm,\n"
        "   og rul den langsomt opad.\n"
        "3. Rul bolden ned igen."
    )


@pytest.mark.parametrize(
    "body",
    [
        "Ingen overskrift.\n\n1. Et punkt.\n",
        "## Øvelse - Sådan gør du\n\nKun tekst, ingen liste.\n\n## Næste\n\n1. Ikke her.\n",
    ],
)
def test_no_steps_without_a_list_under_the_heading(body):
    assert steps_from_page(body) is None


@pytest.mark.parametrize(
    "heading", ["## Sådan laver du en planke", "### Udførelse", "## Trin for trin", "## How to do it"]
)
def test_steps_under_other_words_for_how_to_do_it(heading):
    assert steps_from_page(f"Intro.\n\n{heading}\n\n1. Læg dig.\n2. Løft.\n\nTekst.\n") == "1. Læg dig.\n2. Løft."


def test_a_bulleted_list_of_steps_is_numbered():
    body = "## Ro – Sådan gør du\n\nFør du starter:\n\n- Sid ret.\n  Hold ryggen lang.\n* Træk.\n\nSlut.\n"
    assert steps_from_page(body) == "1. Sid ret.\n  Hold ryggen lang.\n2. Træk."


def test_steps_may_be_loose_and_end_at_the_next_paragraph():
    body = "### Sådan gør du\n\n1. Et.\n\n2. To.\n\nAfsluttende tekst.\n3. Ikke et trin.\n"
    assert steps_from_page(body) == "1. Et.\n2. To."


@pytest.mark.parametrize(
    ("body", "prose"),
    [
        ("**Antal gentagelser:** 3 sæt af 10.\n", "3 sæt af 10."),
        ("**Antal gentagelser**: 3 sæt af *10*.\n", "3 sæt af 10."),
        ("Antal gentagelser: 2 x 12\n", "2 x 12"),
        ("<p><strong>Antal gentagelser:</strong> 3 sæt af 10.</p>\n", "3 sæt af 10."),
        ("Dosering: hold 20 sekunder\n", "hold 20 sekunder"),
        ("Ingen dosis her.\n", None),
    ],
)
def test_dose_prose_is_the_antal_gentagelser_line(body, prose):
    assert dose_prose(body) == prose


@pytest.mark.parametrize(
    ("prose", "dose"),
    [
        ("8-12 gentagelser pr. side i 2-3 sæt", "2-3x8-12/side"),
        ("3 sæt af 10 gentagelser", "3x10"),
        ("3 sæt af 10.", "3x10"),
        ("Lav 12 om dagen", None),
        ("Hold 30 sekunder", "1x30s"),
        ("Hold strækket i 30-60 sek. og gentag 3 gange på hver side.", "3x30-60s/side"),
        ("Gå roligt i 1-2 minutter", "1x1-2min"),
        ("Hold 30 sekunder x 3 gange dagligt", "1x30s@3/day"),
        ("10 gentagelser x 3 gange dagligt", "1x10@3/day"),
        ("2 sæt á 15 gentagelser, 2-3 gange om ugen.", "2x15@2-3/week"),
        ("4 sæt á 6–10 gentagelser på hvert ben med 90 sekunders pause mellem sættene.", "4x6-10/side"),
        ("2 sæt af 12 gentagelser med en pause på 45-60 sekunder. Hold 60 sekunders pause.", "2x12"),
        ("Lav 12-20 gentagelser på hver hånd, og gentag 2 sæt dagligt.", "2x12-20/side@daily"),
        ("Hold stillingen i 15-25 sekunder, og lav 3 sæt på hver side.", "3x15-25s/side"),
        ("Hold i 10-30 sekunder og gentag 2-4 gange. Øvede kan holde 90 sekunder.", "2-4x10-30s"),
        ("2 sæt af 4-8 sekunders pres i hver retning. Laves med fordel dagligt.", "2x4-8s@daily"),
        ("4 sæt af 6–10 spring på hvert ben.", "4x(6–10 spring)/side"),
        ("3 x 10 langsomme gentagelser, 1 gang om dagen", "3x10@daily"),
        ("3 sæt af 8 til 12 gentagelser pr. ben", "3x8-12/side"),
        ("Hold 1,5 minutter", "1x90s"),
        ("3-5 sæt af 4-6 gentagelser anbefales. Begyndere: 2 sæt af 10 gentagelser.", "3-5x4-6"),
        ("3 sæt af 10 gentagelser med 2-3 sekunders hold i toppen, 3/uge", "3x10@3/week"),
    ],
)
def test_dose_from_prose(prose, dose):
    if dose is None:
        with pytest.raises(DoseError):
            dose_from_prose(prose)
        return
    parsed = dose_from_prose(prose)
    assert str(parsed) == dose
    assert parse_dose(str(parsed)) == parsed


@pytest.mark.parametrize(
    ("prose", "message"),
    [
        (
            "Så mange du kan.",
            "'Så mange du kan.' names no repetitions, seconds or minutes, e.g. \"3 sæt af 10 gentagelser\"",
        ),
        (
            "3 sæt af 500 gentagelser",
            "dose '3x500': 500 repetitions is outside 1–100; check the numbers, e.g. 3x12 or 2x30s/side@daily",
        ),
    ],
)
def test_dose_prose_that_gives_no_dose_says_why(prose, message):
    with pytest.raises(DoseError) as caught:
        dose_from_prose(prose)
    assert str(caught.value) == message


def test_stop_rule_is_the_default_then_the_pages_cautions_without_referrals():
    stop = stop_rule(page().body)
    assert stop == (
        f"{DEFAULT_STOP} Har du en frisk skulderskade, bør du vente med øvelsen. "
        "Smerter, der bliver ved efter træning, er et tegn på for meget belastning."
    )
    assert stop_rule("## Teknik\n\nIntet om forsigtighed.\n") == DEFAULT_STOP


def test_stop_rule_keeps_the_card_short():
    long = " ".join(f"Sætning nummer {n} om forsigtighed med mange ekstra ord for at fylde godt op." for n in range(10))
    stop = stop_rule(f"## Vær opmærksom\n\n{long}\n")
    assert stop.startswith(DEFAULT_STOP) and len(stop) <= len(DEFAULT_STOP) + 1 + MAX_CAUTION_CHARS
    assert stop_rule("## Vær OBS\n\nKontakt FysFinder for hjælp.\n") == DEFAULT_STOP


@pytest.mark.parametrize(
    ("meta", "body", "category"),
    [
        ({"previewImageAlt": "Mand laver øvelsen – styrkeøvelse til ben"}, "", "styrke"),
        ({"title": "Hamstringstræk"}, "", "stræk"),
        ({"title": "Liggende øvelse"}, "Liggende øvelse er en blid udstrækning af baglåret.\n", "stræk"),
        ({"title": "Nakkeøvelse"}, "En nerveglidning for armen, der også styrker.\n", "nerveglidning"),
        ({"title": "Rygrul"}, "En mobilitetsøvelse for ryggen.\n", "mobilitet"),
        ({"title": "X", "category": "mobilitet", "previewImageAlt": "styrkeøvelse"}, "", "mobilitet"),
        ({"previewImage": "/images/styrkeoevelser/x.jpg"}, "", "styrke"),
        ({"title": "Noget helt andet"}, "Ingen ord om typen.\n", DEFAULT_CATEGORY),
        # the page's own words before the collection's image text ("styrkeøvelse til …" on every page)
        ({"title": "Hamstring stretch", "previewImageAlt": "Mand laver Hamstring stretch – styrkeøvelse"}, "", "stræk"),
        (
            {"title": "Kat-ko", "previewImageAlt": "Kat-ko – styrkeøvelse til ryg"},
            "En mobilitetsøvelse.\n",
            "mobilitet",
        ),
        ({"title": "Seated nerve glide"}, "", "nerveglidning"),
    ],
)
def test_category_is_what_the_page_says(meta, body, category):
    assert category_from_page(meta, body) == category


def test_body_parts():
    assert body_parts_from_meta({"bodyParts": ["Lænd", "ryg", "laend"]}) == ("laend", "ryg")
    assert body_parts_from_meta({"bodyParts": "knae"}) == ("knae",)
    assert body_parts_from_meta({"bodyParts": {"not": "a list"}}) == ()
    assert [body_part_name(p) for p in ("haandled", "knae", "mave", "ny-del")] == ["håndled", "knæ", "mave", "ny del"]


def test_preview_image_when_the_file_exists(tmp_path):
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    page_file = exercises / "x.md"
    meta = {"previewImage": "/images/oevelser/x.png"}
    assert preview_image(meta, page_file) is None  # the usual CMS export: the placeholder is printed
    for place in (
        tmp_path / "public" / "images" / "oevelser",
        tmp_path / "images" / "oevelser",
        exercises / "images" / "oevelser",
    ):
        place.mkdir(parents=True)
        (place / "x.png").write_bytes(b"\x89PNG")
        assert preview_image(meta, page_file) == (place / "x.png").resolve()
    (tmp_path.parent / "outside.png").write_bytes(b"\x89PNG")
    assert preview_image({"previewImage": "../../outside.png"}, page_file) is None
    assert preview_image({"previewImage": "https://example.org/x.png"}, page_file) is None
    assert preview_image({"previewImage": "/images/oevelser/x.gif"}, page_file) is None


# --- whole pages ---------------------------------------------------------------------------


def test_a_cms_page_becomes_a_catalogue_entry():
    exercise = exercise_from_source(page())
    assert (exercise.slug, exercise.name, exercise.category) == ("vaegloeft-med-bold", "Vægløft med bold", "styrke")
    assert exercise_from_source(page(name="vaegloeft.md")).slug == "vaegloeft"  # the file name, as for articles
    assert exercise_from_source(page(name="0123456789abcdef.md")).slug == "vaegloeft-med-bold"  # a hash: the title
    assert exercise.body_parts == ("skulder", "arm")
    assert str(exercise.dose) == "2-3x10/side@3/week"
    assert exercise.steps.startswith("1. Stil dig") and "Teknik" not in exercise.steps and "bold." not in exercise.steps
    assert exercise.stop.startswith(DEFAULT_STOP) and "fysioterapeut" not in exercise.stop
    assert exercise.summary == "Vægløft med bold er en rolig styrkeøvelse for skulderen."
    assert exercise.image is None and exercise.illustration is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "---\ntitle: Om os\n---\nVi er en klinik.\n",
            'exercises/om.md: has no numbered steps under a "… – Sådan gør du" heading (or "Udførelse", "Trin for trin");'
            " it is not used as an exercise",
        ),
        (
            "---\ntitle: Om os\n---\n## Sådan gør du\n\n1. Et.\n",
            'exercises/om.md: has no "**Antal gentagelser:** …" line, so there is no dose; it is not used as an exercise',
        ),
        (
            "---\ntitle: Om os\n---\n## Sådan gør du\n\n1. Et.\n\n**Antal gentagelser:** efter behov\n",
            (
                "exercises/om.md: Antal gentagelser: 'efter behov' names no repetitions, seconds or minutes, "
                'e.g. "3 sæt af 10 gentagelser"; it is not used as an exercise'
            ),
        ),
        ("---\ntitle: [1, 2]\n---\nTekst.\n", "exercises/om.md: title: must be the exercise's name as text"),
        (
            "---\ntitle: Om os\nslug: Om Os!\n---\n## Sådan gør du\n\n1. Et.\n\n**Antal gentagelser:** 3 sæt af 10 gentagelser\n",
            'exercises/om.md: slug: "Om Os!" is not a slug; use a-z, 0-9 and -, e.g. "dead-bug"',
        ),
    ],
)
def test_a_page_that_cannot_be_used_says_why(text, message):
    with pytest.raises(UnusablePage) as caught:
        exercise_from_source(page(text, "om.md"))
    assert str(caught.value) == message


def test_both_formats_in_one_folder_and_one_warning_in_list_and_check(tmp_path):
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "vaegloeft.md").write_text(PAGE, "utf-8")
    (exercises / "egen.md").write_text(
        "---\nname: Egen øvelse\ncategory: mobilitet\ndose: 2x5\nstop: Stop ved smerte.\nbody_parts: [ryg]\n---\n1. Gør sådan.\n",
        "utf-8",
    )
    (exercises / "om.md").write_text("---\ntitle: Om vores øvelser\n---\nTekst uden trin.\n", "utf-8")
    (tmp_path / "a.md").write_text(
        "---\ntitle: A\nred_flags: generelt\nreviewed: 01/01/2026\nnext_review: 01/01/2099\n---\nTekst.\n", "utf-8"
    )
    unusable = (
        'warning: exercises/om.md: has no numbered steps under a "… – Sådan gør du" heading (or "Udførelse", '
        '"Trin for trin"); it is not used as an exercise\n'
    )
    no_picture = "has no picture, so its card prints text only; add `figure: <slug of a built-in exercise>`\n"

    listed = invoke_cli("list", "exercises", "--json", "--content", ".", cwd=tmp_path)
    assert listed.returncode == 0
    assert sorted(listed.stderr.splitlines(keepends=True)) == [
        "warning: exercises/egen.md: " + no_picture,
        unusable,
        "warning: exercises/vaegloeft.md: " + no_picture,
    ]
    rows = {row["slug"]: row for row in json.loads(listed.stdout)}
    assert rows["vaegloeft"]["dose"] == "2-3x10/side@3/week" and rows["vaegloeft"]["body_parts"] == ["skulder", "arm"]
    assert rows["egen-oevelse"]["body_parts"] == ["ryg"] and "bird-dog" in rows and "om" not in rows
    assert (rows["bird-dog"]["picture"], rows["vaegloeft"]["picture"]) == ("illustration", None)

    checked = invoke_cli("check", "--content", ".", "--clinics", str(ROOT / "clinics" / "nord.toml"), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    # check's lines are list's, then one "not clinically reviewed" line per built-in red-flag set
    checked_lines = checked.stderr.splitlines(keepends=True)
    reviews = [line for line in checked_lines if "not clinically reviewed" in line]
    assert reviews and sorted(set(checked_lines) - set(reviews)) == sorted(listed.stderr.splitlines(keepends=True))
    assert "exercise exercises/vaegloeft.md: picture none (text only)\n" in checked.stdout
    assert "exercise exercises/egen.md: picture none (text only)\n" in checked.stdout
    assert "bird-dog" not in checked.stdout  # the built-in exercises are not the clinic's to check
    assert checked.stdout.endswith(f"1 article, 1 clinic profile: 0 errors, {3 + len(reviews)} warnings\n")


# --- the real sample -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pages():
    folder = CORPUS / "exercises"
    if not folder.is_dir():
        pytest.skip(f"the CMS sample is not at {folder}")
    return sorted(folder.glob("*.md"))


def test_at_least_95_percent_of_the_sample_is_listed(sample_pages):
    from handouts.model.library import load_library

    library = load_library(CORPUS)
    from_sample = {
        e.source.path.name
        for e in library.exercises.values()
        if e.source.path.parent == (CORPUS / "exercises").resolve()
    }
    assert len(from_sample) >= 0.95 * len(sample_pages), [str(p) for p in library.problems]
    for exercise in library.exercises.values():
        if exercise.source.path.name in from_sample:
            assert all(line.lstrip()[0].isdigit() for line in exercise.steps.splitlines() if not line.startswith(" "))
            assert parse_dose(str(exercise.dose)) == exercise.dose
            assert exercise.stop.startswith(DEFAULT_STOP) and "FysFinder" not in exercise.stop
            assert exercise.body_parts


@pytest.mark.slow
def test_a_programme_of_four_sample_exercises_renders(sample_pages, tmp_path):
    from handouts.i18n import catalogue
    from handouts.model.library import load_library

    library = load_library(CORPUS)
    chosen = sorted(
        e.slug for e in library.exercises.values() if e.source.path.parent == (CORPUS / "exercises").resolve()
    )[:4]
    out = tmp_path / "p.pdf"
    result = invoke_cli(
        "programme",
        *chosen,
        "--content",
        str(CORPUS),
        "--clinic",
        str(ROOT / "clinics" / "nord.toml"),
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_text(out).split())
    assert "Illustration mangler" not in text  # a card without a picture is laid out for text only
    for slug in chosen:
        exercise = library.exercises[slug]
        assert exercise.name in text and exercise.dose.in_words(catalogue("da")) in text


# --- hostile pages: every piece reads in linear time ------------------------------------------

HOSTILE_BODIES = [  # the body of a page for n characters
    lambda n: "# a" + " " * n + "b\n",
    lambda n: "## Sådan gør du\n\n1. " + " " * n + "\n",
    lambda n: "**Antal gentagelser:** " + "1 " * (n // 2) + "\n",
    lambda n: "**Antal gentagelser:** " + "1 sæt " * (n // 6) + "\n",
    lambda n: "## Vær OBS\n\n" + "[" * n + "\n",
    lambda n: "## Vær OBS\n\n" + "[a](" * (n // 4) + "\n",
    lambda n: " " * 3 + "\t" * n + "**\n",
    lambda n: "Intro " + "styrk" * (n // 5) + "\n",
]


def _read_page(text: str) -> None:
    source = parse_source(Path("exercises/x.md"), text.encode())
    with contextlib.suppress(UnusablePage):
        exercise_from_source(source)


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_pages_are_read_in_linear_time(body):
    # 25,000 and 200,000 characters: reading the front matter and making the model costs about a
    # millisecond whatever the size, which must not hide how the scans grow
    assert_linear(lambda n: "---\ntitle: X\n---\n" + body(n), _read_page, n=25_000)


def test_a_page_names_its_conditions_and_aliases_in_its_front_matter_only():
    from handouts.model.catalogue import search_exercises

    text = PAGE.replace("bodyParts:", "conditions: [Menisk]\ntags: [korsbånd, 7]\naliases: Wall ball\nbodyParts:", 1)
    text += "\n## Vær OBS\n\nHar du tennisalbue, så vent med øvelsen.\n"
    exercise = exercise_from_source(page(text))
    assert (exercise.conditions, exercise.aliases) == (("Menisk", "korsbånd", "7"), ("Wall ball",))
    for query in ("menisk", "ACL", "wall ball"):
        assert search_exercises([exercise], query) == [exercise], query
    assert search_exercises([exercise], "tennisalbue") == []  # the text names it as a reason to wait


@pytest.mark.parametrize(
    ("prose", "dose"),
    [
        ("3x10", "3x10"),
        ("3 x 10 pr. ben", "3x10/side"),
        ("3 x 30 sek.", "3x30s"),
        ("2-3 × 8-12 dagligt", "2-3x8-12@daily"),
    ],
)
def test_a_dose_in_the_compact_form_is_read_too(prose, dose):
    assert str(dose_from_prose(prose)) == dose
