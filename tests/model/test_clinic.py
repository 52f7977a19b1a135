"""Clinic profiles: validation with one line naming the file and the field."""

from pathlib import Path

import pytest

from handouts.errors import InputError
from handouts.model.clinic import demo_clinic, find_clinic_files, load_clinic
from handouts.model.colours import contrast

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'


def profile(tmp_path: Path, text: str, name: str = "nord.toml") -> Path:
    (tmp_path / "logo.svg").write_text(LOGO)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as caught:
        load_clinic(profile(tmp_path, text))
    return str(caught.value)


BASE = 'name = "Nord"\nphone = "12345678"\n'


def test_shipped_profiles_are_valid():
    clinics = [load_clinic(path) for path in find_clinic_files()]
    assert [c.slug for c in clinics] == ["demo", "nord", "sund-ryg"]
    assert len({c.colours.primary for c in clinics}) == 3
    assert all(c.logo and c.logo.is_file() for c in clinics)


def test_defaults_come_from_the_catalogue():
    clinic = demo_clinic()
    # No emergency text of its own: the red-flag box prints the region's out-of-hours number.
    assert clinic.emergency == "" and clinic.region == "midtjylland"
    assert clinic.out_of_hours is not None and clinic.out_of_hours.phone == "70 11 31 31"
    assert clinic.call_to_action == (
        "Har du brug for hjælp eller et øvelsesprogram, der passer til dig? "
        "Kontakt Demo Fysioterapi på telefon +45 70 00 00 00."
    )


def test_bad_colour_names_file_and_field(tmp_path):
    message = error_for(tmp_path, BASE + '[colours]\nprimary = "#12"\n')
    assert (
        message
        == f'{tmp_path / "nord.toml"}: colours.primary: "#12" is not a colour; write it as #rrggbb, e.g. "#1f5fa8"'
    )


def test_light_text_colour_is_refused(tmp_path):
    message = error_for(tmp_path, BASE + '[colours]\nprimary = "#ffdd00"\n')
    assert message.endswith(
        'colours.primary: "#ffdd00" is too light for text: contrast 1.3:1 against white, '
        "at least 4.5:1 is needed; choose a darker colour"
    )


def test_dark_tint_is_refused(tmp_path):
    assert 'colours.accent: "#333333" is too dark behind text' in error_for(
        tmp_path, BASE + '[colours]\naccent = "#333333"\n'
    )


def test_unknown_key_is_an_error(tmp_path):
    message = error_for(tmp_path, BASE + 'colour = "#123456"\n')
    assert message.startswith(
        f"{tmp_path / 'nord.toml'}: colour: is not a known setting; check the spelling or remove it (known: "
    )


def test_missing_required_field(tmp_path):
    assert error_for(tmp_path, 'name = "Nord"\n') == f"{tmp_path / 'nord.toml'}: phone: is missing; add it"


def test_broken_toml(tmp_path):
    assert "is not valid TOML" in error_for(tmp_path, 'name = "Nord\n')


@pytest.mark.parametrize(
    ("logo", "problem"),
    [
        (
            "../../etc/passwd.svg",
            'logo: "../../etc/passwd.svg" must be a file in the profile\'s own folder (no "/" or "..")',
        ),
        ("/etc/logo.svg", 'logo: "/etc/logo.svg" must be a file in the profile\'s own folder (no "/" or "..")'),
        ("missing.svg", 'logo: "missing.svg" does not exist next to the profile; check the file name'),
        ("logo.gif", 'logo: "logo.gif" must be an SVG or PNG file'),
    ],
)
def test_logo_must_be_a_local_svg_or_png(tmp_path, logo, problem):
    assert error_for(tmp_path, BASE + f'logo = "{logo}"\n') == f"{tmp_path / 'nord.toml'}: {problem}"


def test_corrupt_png_logo(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"not a png at all")
    assert error_for(tmp_path, BASE + 'logo = "logo.png"\n').endswith(
        'logo: "logo.png" is not a PNG image (the file is damaged or misnamed)'
    )


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
