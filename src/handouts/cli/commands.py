"""`handouts list`, `article` and `programme`: options in, paths and one-line errors out."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handouts.cli.options import (
    ClinicOption,
    ClinicsOption,
    ContentOption,
    JsonOption,
    LargePrintOption,
    OutOption,
    clinic_profile,
    warn,
)
from handouts.errors import HandoutsError, UsageError, one_line
from handouts.limits import MAX_EXERCISE_NOTE_CHARS, MAX_WEEKS
from handouts.resources import DEFAULT_OUTPUT

if TYPE_CHECKING:
    from handouts.model.content import Article
    from handouts.model.library import Library
    from handouts.model.programme import ProgrammeError
    from handouts.model.share import SharedProgramme
    from handouts.model.templates import ProgrammeTemplate


class ListKind(StrEnum):
    articles = "articles"
    clinics = "clinics"
    exercises = "exercises"
    programmes = "programmes"


def list_command(
    kind: Annotated[ListKind, typer.Argument(help="What to list.")] = ListKind.articles,
    json_output: JsonOption = False,
    content: ContentOption = None,
    clinics: ClinicsOption = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help='Only what holds every word of this (any case; æ = ae), e.g. -s "knæ squat".',
            show_default=False,
        ),
    ] = None,
) -> None:
    """List articles, clinics, exercises or programme templates.

    Exercises are listed by category, then body part, then name; a CMS exercise page that
    cannot be used is one warning naming the file and why.

    Example: handouts list articles --json

    Example: handouts list exercises --search knæ
    """
    from handouts.cli import listing  # deferred: the model loads only when a command runs

    rows, columns, problems = listing.rows(kind.value, content=content, clinics=clinics, search=search)
    for problem in problems:
        warn(str(problem))
    if json_output:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    listing.print_table(kind.value, rows, columns)


def article(
    slugs: Annotated[
        list[str] | None, typer.Argument(help="Article slugs; any unique prefix works.", show_default=False)
    ] = None,
    clinic: ClinicOption = None,
    out: OutOption = DEFAULT_OUTPUT,
    all_articles: Annotated[bool, typer.Option("--all", help="Every article in the content folder.")] = False,
    content: ContentOption = None,
    large_print: LargePrintOption = False,
) -> None:
    """Write article handouts as PDF and print their paths.

    Example: handouts article ondt iskiasnerve --clinic clinics/nord.toml
    """
    # deferred: the model, the renderer and the PDF writer load only when a command runs
    from handouts.build import Builder
    from handouts.model.library import load_library
    from handouts.model.slugs import resolve
    from handouts.pdf.writer import PdfWriter
    from handouts.workers import deadline

    if not slugs and not all_articles:
        raise UsageError("give one or more article slugs, or --all (see `handouts list articles`)")
    profile = clinic_profile(clinic)
    library = load_library(content)
    if all_articles:
        chosen = list(library.articles.values())
    else:
        try:
            chosen = [library.articles[resolve(s, library.articles, "article")] for s in slugs or []]
        except HandoutsError:
            for problem in library.problems:
                warn(str(problem))
            raise
    failed = 0
    with PdfWriter() as writer:
        builder = Builder(library, writer)
        for item in chosen:
            try:
                with deadline(item.source.name):
                    result = builder.build_article(item, profile, out, large_print=large_print)
            except HandoutsError as exc:
                typer.echo(f"error: {one_line(str(exc))}", err=True)
                failed += 1
                continue
            for message in result.warnings:
                warn(message)
            typer.echo(str(result.path))
    if all_articles:
        for problem in library.problems:
            typer.echo(f"error: {one_line(str(problem))}", err=True)
        failed += len(library.problems)
    if failed:
        raise typer.Exit(1)


def programme(
    exercises: Annotated[
        list[str] | None,
        typer.Argument(help="Exercise slugs (any unique prefix), in the order to print.", show_default=False),
    ] = None,
    dose: Annotated[
        list[str] | None,
        typer.Option(
            "--dose",
            help="EXERCISE=DOSE, e.g. bird-dog=2x10/side@daily, bird-dog=2-3x8-12 pr. side or bird-dog=@3/uge (how often only; a dose without how often keeps the exercise's). Repeatable.",
            show_default=False,
        ),
    ] = None,
    from_template: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="A programme template (a .toml file or a slug from `handouts list programmes`), or a share "
            "link or programme code to progress a programme: its exercises, doses and weeks, ready to change.",
            show_default=False,
        ),
    ] = None,
    patient: Annotated[
        str | None,
        typer.Option(
            "--patient",
            help="Patient's name: printed on the page only, never in file names or metadata.",
            show_default=False,
        ),
    ] = None,
    therapist: Annotated[
        str | None, typer.Option("--therapist", help="Physiotherapist's name.", show_default=False)
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note to the patient.", show_default=False)] = None,
    exercise_note: Annotated[
        list[str] | None,
        typer.Option(
            "--exercise-note",
            help=f"EXERCISE=TEXT: a short note printed on that exercise's card, e.g. "
            f"'kat-ko=Brug den røde elastik' (at most {MAX_EXERCISE_NOTE_CHARS} characters). Repeatable.",
            show_default=False,
        ),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks",
            min=1,
            max=MAX_WEEKS,
            help="Weeks in the tracking chart [default: 2, or the template's].",
            show_default=False,
        ),
    ] = None,
    clinic: ClinicOption = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="Output folder (the PDF goes to OUT/<clinic>/programme-<date>-<hash>.pdf) or a .pdf file."
        ),
    ] = DEFAULT_OUTPUT,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            help="Also save the programme as a reusable template (.toml; never the patient's name).",
            show_default=False,
        ),
    ] = None,
    leaflets: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            help="An article (slug or unique prefix from `handouts list articles`) to print after the programme, "
            "in the same PDF, with one red-flag box for all of it. Repeatable.",
            show_default=False,
        ),
    ] = None,
    content: ContentOption = None,
    large_print: LargePrintOption = False,
) -> None:
    """Write a take-home exercise programme as PDF and print its path.

    Dose: SETSxREPS, SETSxSECONDSs or SETSxMINUTESmin (ranges such as 2-3x8-12 work),
    optionally /side (pr. side) and how often: @daily (dagligt), @N/day (N/dag) or @N/week
    (N/uge). Examples: 3x12, 2-3x8-12/side, 3x30 sek pr. side dagligt, 2x12@3/uge.

    Example: handouts programme knae-til-bryst bird-dog --dose bird-dog=2x8/side@daily --patient "Jens Hansen"

    Example: handouts programme --from blid-start-iskias --weeks 3
    """
    # deferred: the model, the renderer and the PDF writer load only when a command runs
    from handouts.build import Builder, save_template
    from handouts.model.library import load_library
    from handouts.model.programme import ProgrammeError, build_programme
    from handouts.pdf.writer import PdfWriter
    from handouts.workers import deadline

    if save and save.suffix.lower() != ".toml":
        raise UsageError(f"--save {save}: give a file name ending in .toml")
    profile = clinic_profile(clinic)
    library = load_library(content)
    template, shared = (_template_or_code(from_template, library)) if from_template else (None, None)
    doses = _dose_options(dose or [])
    notes = _note_options(exercise_note or [])
    if shared is not None:  # progressing a programme: its exercises and doses, then the changes given
        exercises = exercises or list(shared.exercises)
        doses = {**shared.dose_options(), **doses}
        weeks = weeks or shared.weeks
    try:
        chosen = build_programme(
            library,
            exercises,
            doses=doses,
            template=template,
            patient=patient,
            therapist=therapist,
            note=note,
            exercise_notes=notes,
            weeks=weeks,
        )
    except ProgrammeError as exc:
        raise _in_cli_words(exc) from None
    articles = _leaflets(leaflets or [], library)
    with PdfWriter() as writer, deadline("the programme"):
        result = Builder(library, writer).build_programme(
            chosen, profile, out, large_print=large_print, leaflets=articles
        )
    for message in result.warnings:
        warn(message)
    if save:
        save_template(chosen, save)
        typer.echo(str(save))
    typer.echo(str(result.path))


def _template_or_code(given: str, library: Library) -> tuple[ProgrammeTemplate | None, SharedProgramme | None]:
    """``--from``: a template (file or slug) or a share link or code (handouts.model.share)."""
    # deferred: the model loads only when a command runs
    from handouts.model import share
    from handouts.model.programme import find_template

    path = Path(given)
    code = None if path.suffix.lower() == ".toml" or path.exists() else share.code_of(given)
    if code is not None and (code != given.strip() or given.strip() not in library.programmes):
        try:
            return None, share.decode(code, library)
        except share.ShareCodeError:
            if code != given.strip():  # a link: not a template's name either
                raise UsageError(
                    f"--from {given}: the programme code in the link is not right; check it on the paper"
                ) from None
    try:
        return find_template(given, library), None
    except HandoutsError:
        if code is not None:
            raise UsageError(
                f"--from {given}: not a programme template, and the programme code is not right; "
                "check it on the paper, or see `handouts list programmes`"
            ) from None
        raise


def _dose_options(items: list[str]) -> dict[str, str]:
    """``--dose EXERCISE=DOSE`` options as ``{exercise: dose}``."""
    doses: dict[str, str] = {}
    for item in items:
        key, sep, spec = item.partition("=")
        if not sep or not key.strip() or not spec.strip():
            raise UsageError(f"--dose {item!r}: write EXERCISE=DOSE, e.g. --dose bird-dog=2x10/side@daily")
        doses[key.strip()] = spec.strip()
    return doses


def _leaflets(given: list[str], library: Library) -> list[Article]:
    """``--with ARTICLE``: the clinic's articles to print after the programme, each once, in order."""
    from handouts.model.slugs import resolve  # deferred: the model loads only when a command runs

    slugs: list[str] = []
    for name in given:
        try:
            slug = resolve(name.strip().lower(), library.articles, "article")
        except HandoutsError as exc:
            raise UsageError(f"--with {name}: {exc}") from None
        if slug in slugs:
            raise UsageError(f"--with {slug}: is given twice; give each leaflet once")
        slugs.append(slug)
    return [library.articles[slug] for slug in slugs]


def _note_options(items: list[str]) -> dict[str, str]:
    """``--exercise-note EXERCISE=TEXT`` options as ``{exercise: text}``; the text is never echoed."""
    notes: dict[str, str] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip() or not text.strip():
            raise UsageError(
                "--exercise-note: write EXERCISE=TEXT, e.g. --exercise-note 'kat-ko=Brug den røde elastik'"
            )
        notes[key.strip()] = text
    return notes


_FLAGS = {
    "doses": "--dose",
    "exercise_notes": "--exercise-note",
    "weeks": "--weeks",
    "note": "--note",
    "therapist": "--therapist",
    "patient": "--patient",
}


def _in_cli_words(exc: ProgrammeError) -> HandoutsError:
    """The library names fields; the command line names its options."""
    if exc.field == "exercises":
        if exc.exit_code == 2:
            return UsageError(
                "no exercises given; name at least one (see `handouts list exercises`) or use --from TEMPLATE"
            )
        if exc.exercise:
            return HandoutsError(
                f"exercise {exc.exercise!r} {exc.problem} and set its dose with --dose {exc.exercise}=SPEC"
            )
        return HandoutsError(f"exercises: {exc.problem}")
    flag = _FLAGS.get(exc.field, exc.field)
    error = HandoutsError(f"{flag}{f' {exc.exercise}' if exc.exercise else ''}: {exc.problem}")
    error.exit_code = exc.exit_code
    return error
