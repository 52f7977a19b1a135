"""`handouts programme --exercise-note EXERCISE=TEXT`: a short note printed on that exercise's card."""

import tomllib
from pathlib import Path

from conftest import invoke_cli
from handouts.limits import MAX_EXERCISE_NOTE_CHARS
from readback import pdf_text

NOTE = "Brug den røde elastik"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_note_is_on_its_card_and_saved_with_the_template_but_not_in_the_file_name(tmp_path):
    out, saved = tmp_path / "out", tmp_path / "mit.toml"
    result = invoke_cli(
        "programme", "bird-dog", "kat-ko", "--exercise-note", f"kat-ko={NOTE}", "--out", str(out), "--save", str(saved)
    )
    assert result.returncode == 0, result.stderr
    pdf = Path(result.stdout.strip().splitlines()[-1])
    text = flat(pdf_text(pdf.read_bytes()))
    # On Kat-ko's card, after Bird-dog's: the note follows the exercise it is about.
    assert text.index("Bird-dog") < text.index("Kat-ko") < text.index(f"Bemærk: {NOTE}")
    assert text.count(NOTE) == 1
    assert "elastik" not in pdf.name and NOTE not in result.stdout + result.stderr
    assert tomllib.loads(saved.read_text())["exercise_notes"] == {"kat-ko": NOTE}
    again = invoke_cli("programme", "--from", str(saved), "--out", str(tmp_path / "again.pdf"))
    assert again.returncode == 0 and NOTE in flat(pdf_text((tmp_path / "again.pdf").read_bytes()))


def test_a_long_or_misplaced_or_malformed_note_is_one_clear_line(tmp_path):
    long = invoke_cli(
        "programme",
        "kat-ko",
        "--exercise-note",
        "kat-ko=" + "x" * (MAX_EXERCISE_NOTE_CHARS + 1),
        "--out",
        str(tmp_path),
    )
    assert long.returncode == 1
    assert long.stderr.strip() == (
        f"error: --exercise-note kat-ko: is {MAX_EXERCISE_NOTE_CHARS + 1} characters; "
        f"keep it under {MAX_EXERCISE_NOTE_CHARS}"
    )
    elsewhere = invoke_cli("programme", "kat-ko", "--exercise-note", "bird-dog=Langsomt", "--out", str(tmp_path))
    assert elsewhere.returncode == 1 and elsewhere.stderr.strip() == (
        "error: --exercise-note bird-dog: is not in this programme; add it to the exercises first"
    )
    malformed = invoke_cli("programme", "kat-ko", "--exercise-note", "Langsomt", "--out", str(tmp_path))
    assert malformed.returncode == 2 and "--exercise-note: write EXERCISE=TEXT" in malformed.stderr
    assert "Langsomt" not in malformed.stderr  # a note is never echoed
    assert not any(tmp_path.iterdir())
