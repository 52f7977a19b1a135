"""Stage 2, validate: the shared base of every model read from a file a person edits, and
pydantic's messages rewritten into one plain line naming the field and what to do."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, ValidationError

from handouts.errors import InputError


class StrictModel(BaseModel):
    """A typo in a clinic profile or template is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _field_name(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc if not isinstance(part, int)) or "(file)"


def explain(error: ValidationError, source: str, known_fields: list[str] | None = None) -> InputError:
    """The first problem of a ValidationError as one InputError line."""
    first = error.errors(include_url=False)[0]
    field = _field_name(first["loc"])
    kind = first["type"]
    value = first.get("input")
    if kind == "missing":
        problem = "is missing; add it"
    elif kind == "extra_forbidden":
        hint = f" (known: {', '.join(known_fields)})" if known_fields else ""
        problem = f"is not a known setting; check the spelling or remove it{hint}"
    elif kind == "value_error":
        problem = re.sub(r"^Value error, ", "", first["msg"])
    elif kind.endswith("_type") or kind.endswith("_parsing"):
        expected = kind.removesuffix("_type").removesuffix("_parsing").replace("_", " ")
        expected = {
            "string": "text in quotes",
            "int": "a whole number",
            "bool": "true or false",
            "list": "a list",
            "dict": "a table of settings",
            "model": "a table of settings",
            "float": "a number",
        }.get(expected, expected)
        problem = f"{value!r} is not {expected}"
    elif kind == "literal_error":
        problem = f"{value!r} is not allowed; {first['msg'][0].lower()}{first['msg'][1:]}"
    else:
        problem = f"{first['msg'][0].lower()}{first['msg'][1:]}"
    return InputError(source, field, problem)
