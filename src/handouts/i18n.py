"""The locale catalogue: every label a handout prints, and Danish or English dates."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache

from babel.dates import format_date

from handouts.errors import HandoutsError
from handouts.resources import locales_dir

SUPPORTED_LANGUAGES = ("da", "en")
_BABEL_LOCALES = {"da": "da_DK", "en": "en_GB"}


def babel_locale(language: str) -> str:
    return _BABEL_LOCALES[language]


class Catalogue:
    """Labels of one language; ``t("page_of", page=1, pages=2)`` fills in the fields."""

    def __init__(self, language: str, labels: dict[str, str]) -> None:
        self.language = language
        self.labels = labels

    def t(self, key: str, **fields: object) -> str:
        return self.labels[key].format(**fields)

    def plural(self, key: str, n: int, **fields: object) -> str:
        """``key_one`` for 1, ``key_other`` otherwise (both Danish and English work that way)."""
        return self.t(f"{key}_one" if n == 1 else f"{key}_other", n=n, **fields)

    def date(self, value: dt.date | None) -> str:
        return format_date(value, format="long", locale=_BABEL_LOCALES[self.language]) if value else ""


@cache
def catalogue(language: str) -> Catalogue:
    if language not in SUPPORTED_LANGUAGES:
        raise HandoutsError(
            f"language {language!r} has no label catalogue; use one of: {', '.join(SUPPORTED_LANGUAGES)}"
        )
    with (locales_dir() / f"{language}.toml").open("rb") as handle:
        return Catalogue(language, tomllib.load(handle))
