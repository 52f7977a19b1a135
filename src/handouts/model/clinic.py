"""Clinic profiles: a TOML file per clinic with its name, logo, colours and contact details."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, ValidationError, ValidationInfo, field_validator, model_validator

from handouts.errors import HandoutsError, InputError, display_path
from handouts.i18n import catalogue
from handouts.images import LOGO_TYPES, RefusedResource, check_nested_images, check_svg
from handouts.limits import MAX_LOGO_BYTES, MAX_SLUG_CHARS
from handouts.load import read_toml
from handouts.model.base import StrictModel, explain
from handouts.model.colours import BODY_TEXT, MIN_TEXT_CONTRAST, WHITE, contrast, normalise_hex
from handouts.model.out_of_hours import REGIONS, OutOfHours, out_of_hours
from handouts.model.slugs import SLUG_PATTERN, slugify
from handouts.resources import demo_clinic_file, example_clinics_dir

ShortText = Field(default="", max_length=300)


class Colours(StrictModel):
    """``primary`` colours text (headings, the clinic's name); ``accent`` tints boxes behind text."""

    primary: str = "#1f5fa8"  # the one home of the default brand: the CSS files have none
    accent: str = "#e9f1f9"

    @field_validator("primary", "accent", mode="before")
    @classmethod
    def _hex(cls, value: object) -> str:
        return normalise_hex(value)

    @property
    def css(self) -> str:
        """The colours as the CSS custom properties the stylesheets use.

        Validated ``#rrggbb``, so no text from a profile reaches the CSS.
        """
        return f":root {{ --brand: {self.primary}; --brand-tint: {self.accent}; }}"

    @field_validator("primary")
    @classmethod
    def _readable_on_white(cls, value: str) -> str:
        ratio = contrast(value, WHITE)
        if ratio < MIN_TEXT_CONTRAST:
            raise ValueError(
                f'"{value}" is too light for text: contrast {ratio:.1f}:1 against white, '
                f"at least {MIN_TEXT_CONTRAST}:1 is needed; choose a darker colour"
            )
        return value

    @field_validator("accent")
    @classmethod
    def _text_readable_on_accent(cls, value: str) -> str:
        ratio = contrast(value, BODY_TEXT)
        if ratio < MIN_TEXT_CONTRAST:
            raise ValueError(
                f'"{value}" is too dark behind text: contrast {ratio:.1f}:1 with the body text, '
                f"at least {MIN_TEXT_CONTRAST}:1 is needed; choose a lighter tint"
            )
        return value


class ClinicTexts(StrictModel):
    """The clinic's own words in another language, for pages in that language (``[translations.en]``)."""

    call_to_action: str = ShortText
    programme_call_to_action: str = ShortText
    footer: str = ShortText
    emergency: str = Field(default="", max_length=160)


class Clinic(StrictModel):
    name: str = Field(min_length=1, max_length=120)
    slug: str = ""
    language: Literal["da", "en"] = "da"
    logo: Path | None = None
    colours: Colours = Colours()
    address: str = ShortText
    phone: str = Field(min_length=1, max_length=40)
    email: str = ShortText
    website: str = ShortText
    region: str = ""  # the Danish region: its out-of-hours number is printed in the red-flag box
    # The clinic's own "today" instruction; wins over the region's number. At most 160
    # characters: the red-flag box must stay whole on one page at 17 pt.
    emergency: str = Field(default="", max_length=160)
    call_to_action: str = ShortText  # under articles (and programmes, unless the next is given)
    programme_call_to_action: str = ShortText  # under exercise programmes
    footer: str = ShortText
    public_url: str = ShortText
    # The texts above in another language: one page speaks one language, so an English article
    # of a Danish clinic prints these (or the catalogue's call to action, and no footer line).
    translations: dict[Literal["da", "en"], ClinicTexts] = Field(default_factory=dict)
    _source: Path | None = PrivateAttr(default=None)

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if value and (len(value) > MAX_SLUG_CHARS or not SLUG_PATTERN.match(value)):
            raise ValueError(
                f'"{value[:MAX_SLUG_CHARS]}" is not a slug; use lower-case letters, digits and -'
                f' (at most {MAX_SLUG_CHARS}), e.g. "nord"'
            )
        return value

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        value = value.strip().casefold().removeprefix("region ").replace("æ", "ae")
        if value and value not in REGIONS:
            raise ValueError(f'"{value}" is not a Danish region; use one of: {", ".join(REGIONS)}')
        return value

    @field_validator("logo")
    @classmethod
    def _logo(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is None:
            return None
        base: Path = (info.context or {}).get("base", Path.cwd())
        if value.is_absolute() or ".." in value.parts:
            raise ValueError(f'"{value}" must be a file in the profile\'s own folder (no "/" or "..")')
        if value.suffix.lower() not in LOGO_TYPES:
            raise ValueError(f'"{value}" must be an SVG or PNG file')
        path = (base / value).resolve()
        if not path.is_relative_to(base.resolve()):
            raise ValueError(f'"{value}" must be a file in the profile\'s own folder')
        if not path.is_file():
            raise ValueError(f'"{value}" does not exist next to the profile; check the file name')
        if path.stat().st_size > MAX_LOGO_BYTES:
            raise ValueError(f'"{value}" is larger than {MAX_LOGO_BYTES // 1_000_000} MB; export a smaller logo')
        _check_logo_content(path)
        return path

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError(f'"{value}" must start with https://')
        return value.rstrip("/")

    @model_validator(mode="after")
    def _defaults(self) -> Clinic:
        labels = catalogue(self.language)
        if not self.slug:
            object.__setattr__(self, "slug", slugify(self.name) or "clinic")
        if not self.call_to_action:
            text = labels.t("default_call_to_action", clinic=self.name, phone=self.phone)
            object.__setattr__(self, "call_to_action", text)
        if not self.programme_call_to_action:
            object.__setattr__(self, "programme_call_to_action", self.call_to_action)
        return self

    @property
    def out_of_hours(self) -> OutOfHours | None:
        """The region's out-of-hours service, or None when the profile names no region."""
        return out_of_hours(self.region)

    @property
    def source(self) -> Path | None:
        return self._source

    @property
    def brand_css(self) -> str:
        """The clinic's brand as CSS custom properties (``Colours.css``)."""
        return self.colours.css

    @property
    def contact_line(self) -> str:
        labels = catalogue(self.language)
        parts = [self.name, self.address, f"{labels.t('phone')} {self.phone}"]
        parts += [self.email, self.website.removeprefix("https://").removeprefix("http://")]
        return " · ".join(p for p in parts if p)


def _check_logo_content(path: Path) -> None:
    head = path.read_bytes()[:512]
    if path.suffix.lower() == ".png" and not head.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError(f'"{path.name}" is not a PNG image (the file is damaged or misnamed)')
    if path.suffix.lower() == ".svg" and b"<svg" not in path.read_bytes()[:4096]:
        raise ValueError(f'"{path.name}" is not an SVG image (the file is damaged or misnamed)')
    if path.suffix.lower() == ".svg":  # also served to browsers as it is: refuse a <use> bomb here
        try:
            check_nested_images(check_svg(path.read_bytes()), path)
        except RefusedResource as exc:
            raise ValueError(f'"{path.name}": {exc}') from None


CLINIC_FIELDS = sorted(Clinic.model_fields)


def load_clinic(path: Path) -> Clinic:
    """Read and validate one clinic profile; every problem is one InputError naming the field."""
    name = display_path(path)
    data = read_toml(path, "no such clinic profile; check the path")
    try:
        clinic = Clinic.model_validate(data, context={"base": path.parent})
    except ValidationError as exc:
        raise explain(exc, name, CLINIC_FIELDS) from None
    clinic._source = path.resolve()
    return clinic


def demo_clinic() -> Clinic:
    return load_clinic(demo_clinic_file())


def find_clinic_files(paths: list[Path] | None = None) -> list[Path]:
    """Profiles named on the command line (files or folders), else the demo and ``clinics/``."""
    if not paths:
        return [demo_clinic_file(), *sorted(example_clinics_dir().glob("*.toml"))]
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.toml")) if path.is_dir() else [path]
    return found


def load_clinics(paths: list[Path]) -> tuple[dict[str, Clinic], list[HandoutsError]]:
    """Every profile that loads, by slug, and one problem per profile that does not.

    The one policy for a set of profiles: a broken profile or a second profile with the same
    slug is a problem naming its file; the others still load. Each driver decides what a
    problem means (the batch builds the rest, ``serve`` refuses to start, ``list`` warns).
    """
    clinics: dict[str, Clinic] = {}
    problems: list[HandoutsError] = []
    for path in paths:
        try:
            clinic = load_clinic(path)
        except HandoutsError as exc:
            problems.append(exc)
            continue
        if clinic.slug in clinics:
            other = clinics[clinic.slug].source
            problems.append(
                InputError(
                    display_path(path),
                    "slug",
                    f'"{clinic.slug}" is already used by {display_path(other) if other else "another profile"}; '
                    "give one of them its own `slug =`",
                )
            )
            continue
        clinics[clinic.slug] = clinic
    return clinics, problems
