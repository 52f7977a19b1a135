"""Programmes: choosing exercises and doses, templates, the PDF, and the patient's privacy."""

import base64
import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import BUNDLED_FONTS, body_font_sizes, invoke_cli, pdf_fonts
from handouts.errors import HandoutsError
from handouts.model.programme import ProgrammeError, build_programme
from handouts.model.templates import load_template
from readback import pdf_text, read_pdf, vector_paths

PATIENT = "Gertrud Østergaard-Nielsen"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_catalogue_has_the_seed_exercises(library):
    assert {
        "knae-til-bryst",
        "piriformisstraek",
        "baekkenloeft",
        "bird-dog",
        "siddende-nerveglidning",
        "liggende-nerveglidning",
        "kat-ko",
        "baekkenkip",
    } <= set(library.exercises)
    assert library.problems == []


def test_doses_override_defaults(library):
    programme = build_programme(library, ["bird", "kat"], doses={"bird-dog": "3x8/side", "kat-ko": "@2/day"})
    assert [str(e.dose) for e in programme.entries] == ["3x8/side@daily", "1x10@2/day"]  # how often is kept


@pytest.mark.parametrize(
    ("exercises", "doses", "error", "message"),
    [
        (["birddog"], {}, HandoutsError, "unknown exercise 'birddog' – did you mean 'bird-dog'?; known: "),
        ([], {}, ProgrammeError, "exercises: none given; name at least one"),
        (["bird-dog", "bird"], {}, ProgrammeError, "exercises bird-dog: is listed twice; list each exercise once"),
        (
            ["kat"],
            {"bird-dog": "3x10"},
            ProgrammeError,
            "doses bird-dog: is not in this programme; add it to the exercises first",
        ),
        (
            ["kat"],
            {"kat-ko": "999x999"},
            ProgrammeError,
            "doses kat-ko: dose '999x999': 999 sets is outside 1–10; check the numbers, e.g. 3x12 or 2x30s/side@daily",
        ),
    ],
)
def test_mistakes_are_one_clear_line_naming_the_field(library, exercises, doses, error, message):
    with pytest.raises(error) as caught:
        build_programme(library, exercises, doses=doses)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "error: no exercises given; name at least one (see `handouts list exercises`) or use --from TEMPLATE\n"),
        (
            ["bird-dog", "bird"],
            "error: exercise 'bird-dog' is listed twice; list each exercise once and set its dose with --dose bird-dog=SPEC\n",
        ),
        (
            ["kat", "--dose", "bird-dog=3x10"],
            "error: --dose bird-dog: is not in this programme; add it to the exercises first\n",
        ),
        (
            ["kat", "--dose", "kat-ko"],
            "error: --dose 'kat-ko': write EXERCISE=DOSE, e.g. --dose bird-dog=2x10/side@daily\n",
        ),
        (
            ["kat", "--dose", "kat-ko=999x999"],
            "error: --dose kat-ko: dose '999x999': 999 sets is outside 1–10; check the numbers, e.g. 3x12 or 2x30s/side@daily\n",
        ),
        (["kat", "--patient", "Anna " * 30], "error: --patient: is 149 characters; keep it under 80\n"),
    ],
)
def test_the_command_line_names_its_options(args, message, tmp_path):
    from typer.testing import CliRunner

    from handouts.cli import app

    result = CliRunner().invoke(app, ["programme", *args, "--out", str(tmp_path)])
    assert result.exit_code in (1, 2)
    assert result.stderr == message
    assert "Anna" not in result.stderr


def test_patient_name_is_never_echoed_in_errors(library):
    with pytest.raises(HandoutsError) as caught:
        build_programme(library, ["kat"], patient="Anna " * 30)
    assert "Anna" not in str(caught.value)
    assert str(caught.value) == "patient: is 149 characters; keep it under 80"


def test_templates_are_valid(library):
    assert set(library.programmes) >= {"blid-start-iskias", "laend-basis"}
    for template in library.programmes.values():
        programme = build_programme(library, template=template)
        assert len(programme.entries) == len(template.exercises)


def test_bad_template_names_file_and_field(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('title = "X"\nexercises = ["kat-ko"]\nweeks = 50\n', "utf-8")
    with pytest.raises(HandoutsError) as caught:
        load_template(path)
    assert str(caught.value) == f"{path}: weeks: input should be less than or equal to 12"


def test_command_line_overrides_the_template(library):
    template = library.programmes["laend-basis"]
    programme = build_programme(library, template=template, weeks=1, note="Egen note")
    assert programme.weeks == 1 and programme.note == "Egen note"
    assert str(programme.entries[3].dose) == "2x8/side@daily"  # the template's own dose


def test_file_name_has_date_and_hash_but_no_name(library):
    one = build_programme(library, ["kat"], patient="A", date=dt.date(2026, 1, 2))
    two = build_programme(library, ["kat"], patient="B", date=dt.date(2026, 1, 2))
    assert re.fullmatch(r"programme-2026-01-02-[0-9a-f]{8}\.pdf", one.default_file_name("demo"))
    assert one.default_file_name("demo") == two.default_file_name("demo")  # the name is not hashed in


# The two templates the tests below read; every template is rendered to PDF (both clinics, both
# prints between them) by tests/pdf/test_programme_templates.py.
TEMPLATES = ["blid-start-iskias", "laend-basis"]


@pytest.fixture(scope="module")
def template_pdfs(tmp_path_factory, library, writer, demo):
    from handouts.build import Builder

    out = tmp_path_factory.mktemp("programmes")
    builder = Builder(library, writer)
    results = {}
    for slug in TEMPLATES:
        template = library.programmes[slug]
        programme = build_programme(library, template=template, patient=PATIENT, therapist="Mette Fysio")
        results[slug] = (programme, builder.build_programme(programme, demo, out))
    return results


@pytest.mark.parametrize("slug", TEMPLATES)
def test_each_template_renders(template_pdfs, slug):
    from handouts.i18n import catalogue

    programme, result = template_pdfs[slug]
    assert result.warnings == []
    text = flat(pdf_text(result.path))
    for entry in programme.entries:
        assert entry.exercise.name in text
        assert entry.dose.in_words(catalogue("da")) in text
    assert "Træningsdagbog" in text and "Smerte 0–10" in text and "Uge 2" in text
    assert (
        "Røde flag – ryg og iskias" in text and "Ikke akut? Ring til Demo Fysioterapi" in text
    )  # the exercises are all ryg
    assert f"Patient: {PATIENT}" in text and "Fysioterapeut: Mette Fysio" in text
    assert "Stop, hvis:" in text and "Lig på ryggen med bøjede knæ" in text


@pytest.mark.parametrize("slug", TEMPLATES)
def test_patient_name_only_on_the_page(template_pdfs, slug):
    _, result = template_pdfs[slug]
    assert "Gertrud" not in str(result.path) and "gertrud" not in str(result.path).lower()
    reader = PdfReader(result.path)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    assert "Gertrud" not in metadata
    assert b"Gertrud" not in _outline_and_info(result.path)
    assert reader.metadata.title == "Dit øvelsesprogram – Demo Fysioterapi"


def _outline_and_info(path: Path) -> bytes:
    """Bookmarks and document info as raw text (the page content streams are compressed)."""
    reader = PdfReader(path)
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(reader.outline)
    return ("|".join(titles) + str(reader.metadata)).encode()


@pytest.mark.parametrize("slug", TEMPLATES)
def test_programme_pdf_print_quality(template_pdfs, slug):
    _, result = template_pdfs[slug]
    assert all((round(page.width), round(page.height)) == (595, 842) for page in read_pdf(result.path))
    assert all(name.startswith(BUNDLED_FONTS) for name in pdf_fonts(result.path))
    assert min(body_font_sizes(result.path)) >= 12


def test_cards_never_split(template_pdfs):
    _, result = template_pdfs["laend-basis"]
    pages = [flat(page.text) for page in read_pdf(result.path)]
    for name in ("Kat-ko", "Bækkenkip", "Knæ til bryst", "Bird-dog", "Bækkenløft"):
        start = [i for i, t in enumerate(pages) if re.search(rf"\d {re.escape(name)}", t)]
        assert start, name


def test_chart_has_a_column_per_day_and_its_weeks_dated(library, demo):
    """The chart's head in the programme's HTML (that it prints, with its weeks and weekdays on
    every page it spans, is tests/pdf/test_programme_layout.py's)."""
    from handouts.build import render_programme

    programme = build_programme(library, ["kat"], weeks=3, date=dt.date(2026, 1, 5))
    text = flat(re.sub(r"<[^>]+>", " ", render_programme(library, programme, demo).html))
    assert "Øvelse ma ti on to fr lø sø ma ti on to fr lø sø" in text
    assert "Uge 1 · 5/1–11/1 Uge 2 · 12/1–18/1" in text and "Uge 3 · 19/1–25/1" in text


def test_cli_programme_with_patient(tmp_path):
    result = invoke_cli(
        "programme",
        "knae-til-bryst",
        "bird-dog",
        "siddende-nerve",
        "--dose",
        "bird-dog=2x8/side@daily",
        "--patient",
        PATIENT,
        "--note",
        "Husk vejrtrækningen",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.parent == tmp_path / "demo" and re.fullmatch(r"programme-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.pdf", path.name)
    assert PATIENT not in result.stdout + result.stderr
    text = flat(pdf_text(path))
    assert "2 sæt × 8 gentagelser på hver side, 1 gang dagligt" in text and "Husk vejrtrækningen" in text


def test_cli_save_and_reuse(tmp_path):
    saved = tmp_path / "mit.toml"
    first = invoke_cli(
        "programme",
        "kat",
        "bird",
        "--dose",
        "kat-ko=2x8",
        "--patient",
        PATIENT,
        "--save",
        str(saved),
        "--out",
        str(tmp_path / "a.pdf"),
    )
    assert first.returncode == 0, first.stderr
    assert PATIENT not in saved.read_text("utf-8") and 'kat-ko = "2x8@daily"' in saved.read_text("utf-8")
    second = invoke_cli("programme", "--from", str(saved), "--out", str(tmp_path / "b.pdf"))
    assert second.returncode == 0, second.stderr
    assert "2 sæt × 8 gentagelser" in flat(pdf_text(tmp_path / "b.pdf"))


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (["birddog"], 1, "error: unknown exercise 'birddog' – did you mean 'bird-dog'?; known: aaben-bog, "),
        (
            [],
            2,
            "error: no exercises given; name at least one (see `handouts list exercises`) or use --from TEMPLATE\n",
        ),
        (
            ["kat", "kat-ko"],
            1,
            "error: exercise 'kat-ko' is listed twice; list each exercise once and set its dose with --dose kat-ko=SPEC\n",
        ),
        (
            ["kat", "--dose", "kat-ko=3xx"],
            1,
            "error: --dose kat-ko: dose '3xx': 'x' after 3x is not the number of repetitions or seconds; write e.g. 3x12, 3x30s or 3x(10 meter)\n",
        ),
        (
            ["kat", "--dose", "kat-ko=999x999"],
            1,
            "error: --dose kat-ko: dose '999x999': 999 sets is outside 1–10; check the numbers, e.g. 3x12 or 2x30s/side@daily\n",
        ),
        (
            ["--from", "ukendt"],
            1,
            "error: unknown programme template 'ukendt'; known: akillessene, baekkensmerter-graviditet, ",
        ),
        (["kat", "--weeks", "40"], 2, None),
    ],
)
def test_cli_mistakes(tmp_path, args, code, stderr):
    result = invoke_cli("programme", *args, "--out", str(tmp_path))
    assert result.returncode == code
    assert "Traceback" not in result.stderr
    if stderr:
        assert result.stderr.startswith(stderr)
    assert list(tmp_path.rglob("*.pdf")) == []


def test_list_exercises_and_programmes_json():
    import json

    exercises = json.loads(invoke_cli("list", "exercises", "--json").stdout)
    bird_dog = next(row for row in exercises if row["slug"] == "bird-dog")
    expected = {
        "slug": "bird-dog",
        "name": "Bird-dog",
        "category": "styrke",
        "body_parts": ["laend", "ryg"],
        "dose": "2x10/side@daily",
        "sources": [
            "ondt-i-laenden",
            "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening",
            "nervetryk-i-laenden",
        ],
    }
    assert {key: bird_dog[key] for key in expected} == expected
    assert (bird_dog["id"], bird_dog["name_en"], bird_dog["regions"], bird_dog["drawn"]) == (
        3,
        "Bird-dog",
        ["ryg"],
        True,
    )
    programmes = json.loads(invoke_cli("list", "programmes", "--json").stdout)
    assert {"blid-start-iskias", "laend-basis", "knaeartrose"} <= {p["slug"] for p in programmes}


def test_clinic_exercises_appear_everywhere(tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "egen.md").write_text(
        "---\nname: Egen øvelse\ncategory: styrke\ndose: 2x5\nstop: Stop ved smerte.\n---\n1. Gør sådan.\n", "utf-8"
    )
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\nTekst.\n", "utf-8")
    listed = invoke_cli("list", "exercises", "--content", str(tmp_path))
    assert "egen-oevelse" in listed.stdout
    result = invoke_cli("programme", "egen", "kat", "--content", str(tmp_path), "--out", str(tmp_path / "p.pdf"))
    assert result.returncode == 0, result.stderr
    text = flat(pdf_text(tmp_path / "p.pdf"))
    assert "Egen øvelse" in text and "2 sæt × 5 gentagelser" in text
    # no drawing, no image: a card laid out for text only, never a placeholder figure on paper
    assert "Illustration mangler" not in text and "Gør sådan." in text


def _image_xobjects(path: Path) -> int:
    """Distinct raster images in the PDF (resources are shared between pages)."""
    images = set()
    for page in PdfReader(path).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                images.add(getattr(ref, "idnum", id(ref)))
    return len(images)


def test_every_catalogue_exercise_is_drawn_in_the_programme_pdf(library, shared_writer, demo, nord, tmp_path):
    """Every exercise's drawing in a programme's HTML; on paper, the eight-exercise programme
    tests/pdf/test_programme_layout.py prints for Nord (one render per run)."""
    from handouts.render.html import programme_html
    from helpers.programmes import nord_programme

    slugs = list(library.exercises)
    programmes = [build_programme(library, slugs[i : i + 12]) for i in range(0, len(slugs), 12)]
    html = "".join(programme_html(p, demo, library).html for p in programmes)
    drawings = {
        alt: base64.b64decode(data).decode()
        for data, alt in re.findall(
            r'<img class="card__image card__drawing" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)">', html
        )
    }
    for exercise in library.exercises.values():
        assert exercise.illustration is not None, exercise.slug
        alt = f"Tegning af {exercise.name}: startstilling og slutstilling"
        assert f"<title>{alt}</title>" in drawings[alt]  # an image of its own, parsed once per worker
    assert "Illustration mangler" not in html
    result, programme = nord_programme(library, shared_writer, nord, "8", False, tmp_path)
    assert len(programme.entries) == 8 and not any(entry.exercise.image for entry in programme.entries)
    assert vector_paths(result.path) > 8 * 10  # every figure is many vector strokes
    assert _image_xobjects(result.path) == 0  # vector drawings, nothing rasterised
    assert result.size < 200_000


def test_clinic_image_replaces_the_drawing(library, tmp_path, writer, demo):
    from PIL import Image

    from handouts.build import Builder
    from handouts.model.library import load_library

    folder = tmp_path / "content" / "exercises"
    folder.mkdir(parents=True)
    Image.new("RGB", (120, 60), "#336699").save(folder / "foto.png")
    original = (library.exercises["bird-dog"].source.path).read_text("utf-8")
    (folder / "bird-dog.md").write_text(
        original.replace("category: styrke", "category: styrke\nimage: foto.png"), "utf-8"
    )
    (tmp_path / "content" / "a.md").write_text("---\ntitle: A\n---\nTekst.\n", "utf-8")
    own = load_library(tmp_path / "content")
    assert own.exercises["bird-dog"].image == (folder / "foto.png").resolve()
    programme = build_programme(own, ["bird-dog", "kat"])
    result = Builder(own, writer).build_programme(programme, demo, tmp_path / "p.pdf")
    assert result.warnings == []
    assert _image_xobjects(result.path) == 1  # the clinic's photo, and the kat-ko drawing stays vector


def test_exercise_image_outside_content_is_refused(tmp_path):
    from handouts.model.library import load_library

    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "x.md").write_text(
        "---\nname: X\ncategory: styrke\ndose: 2x5\nstop: Stop.\nimage: ../../../etc/passwd.png\n---\n1. Gør.\n",
        "utf-8",
    )
    problems = [str(p) for p in load_library(tmp_path).problems]
    assert problems == [f'{folder / "x.md"}: image: "../../../etc/passwd.png" must be a file inside the content folder']


def test_an_exercise_note_stays_out_of_the_hash_and_the_share_spec(library):
    plain = build_programme(library, ["kat-ko", "bird-dog"])
    noted = build_programme(library, ["kat-ko", "bird-dog"], exercise_notes={"kat": "  Brug  den røde elastik "})
    assert [e.note for e in noted.entries] == ["Brug den røde elastik", ""]
    assert noted.spec() == plain.spec() and noted.short_hash("nord") == plain.short_hash("nord")
    assert "elastik" not in repr(noted)
    assert noted.in_language("en").entries[0].note == "Brug den røde elastik"
    assert noted.as_template()["exercise_notes"] == {"kat-ko": "Brug den røde elastik"}
