"""`handouts programme --from CODE_OR_LINK`: progressing a programme from its share link or code."""

from pathlib import Path

import pytest

from conftest import invoke_cli
from handouts.model.library import load_library
from handouts.model.programme import build_programme
from handouts.model.share import code_of, encode_programme
from readback import pdf_text


@pytest.fixture(scope="module")
def code():
    library = load_library()
    programme = build_programme(library, ["bird-dog", "kat-ko"], doses={"bird-dog": "3x8/side@3/week"}, weeks=3)
    return encode_programme(programme, library)


def test_a_link_opens_its_programme_ready_to_change(tmp_path, code):
    out = tmp_path / "p.pdf"
    link = f"https://fysio-nord.dk/patientark/p/{code.lower()}"
    result = invoke_cli("programme", "--from", link, "--dose", "kat-ko=2x12", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    text = " ".join(pdf_text(Path(out).read_bytes()).split())
    assert "3 sæt × 8 gentagelser på hver side, 3 gange om ugen" in text  # kept from the link
    assert "2 sæt × 12 gentagelser" in text  # the change given
    assert text.index("Bird-dog") < text.index("Kat-ko")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "https://fysio-nord.dk/patientark/p/10M0R1047D",
            "--from https://fysio-nord.dk/patientark/p/10M0R1047D: the programme code in the link is not right; "
            "check it on the paper",
        ),
        (
            "10M0R1047D",
            "--from 10M0R1047D: not a programme template, and the programme code is not right; check it on the "
            "paper, or see `handouts list programmes`",
        ),
    ],
)
def test_a_code_that_does_not_decode_is_one_clear_line(tmp_path, given, message):
    result = invoke_cli("programme", "--from", given, "--out", str(tmp_path))
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and not any(tmp_path.iterdir())


def test_the_code_is_found_in_a_link_or_is_the_text():
    assert code_of("https://fysio-nord.dk/patientark/p/10M0R1047C") == "10M0R1047C"
    assert code_of("http://127.0.0.1:8000/nord/p/10M0R1047C.pdf") == "10M0R1047C"
    assert code_of(" 10m0-r104-7c ") == "10m0-r104-7c"
    assert code_of("programmes/mine.toml") is None
    assert code_of("ukendt") is None  # a U: no programme code has one
