"""Where the built-in folders live: the top of a checkout, or inside an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = Path("output")  # where handouts are written unless --out says otherwise


@cache
def data_root() -> Path:
    """The folder holding templates/, styles/, seeds/ and clinics/.

    A wheel carries them in ``handouts/_data``; a checkout (or editable install) has them at
    the top level, two folders above ``src/handouts``.
    """
    bundled = _PACKAGE / "_data"
    if (bundled / "templates").is_dir():
        return bundled
    return _PACKAGE.parent.parent


def templates_dir() -> Path:
    return data_root() / "templates"


def styles_dir() -> Path:
    return data_root() / "styles"


def fonts_dir() -> Path:
    return styles_dir() / "fonts"


def seeds_dir() -> Path:
    return data_root() / "seeds"


def example_clinics_dir() -> Path:
    return data_root() / "clinics"


def demo_clinic_file() -> Path:
    return _PACKAGE / "demo" / "clinic.toml"


def locales_dir() -> Path:
    return _PACKAGE / "locales"
