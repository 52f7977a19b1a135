"""`handouts check`: lint articles and clinic profiles; prints the report, exits 1 on errors."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from handouts.check import DEFAULT_LIX_LIMIT
from handouts.cli.options import ClinicsOption, ContentOption, JsonOption


def check_command(
    content: ContentOption = None,
    clinics: ClinicsOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on any finding).")] = False,
    lix_limit: Annotated[
        int,
        typer.Option(
            "--lix-limit",
            min=1,
            max=100,
            metavar="N",
            help="Warn when an article's LIX is above this (Danish scale: 45-54 hard, 55+ very hard).",
        ),
    ] = DEFAULT_LIX_LIMIT,
    as_json: JsonOption = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Also print the directory promotion each handout leaves out, and a finding many files share once per file.",
        ),
    ] = False,
) -> None:
    """Check articles and clinic profiles before printing: readability (LIX), review dates,
    images, red-flag sets, exercises, and every clinic profile.

    Prints per article its LIX score, the red-flag set its handout gets (and why: front
    matter, title, headings, body, or general when nothing matched) and how many pieces of
    directory-site promotion are left out (--verbose: which), per exercise of the content
    folder where its picture comes from (illustration, image, figure: <slug>, name: <slug>, or
    none: text only), then one line per finding
    ("warning: FILE: ..." or "error: FILE: ..." on stderr; a finding ten or more files share
    word for word once, "warning: 100 files, FIRST … LAST: ...", each file with --verbose). Exits 1 when there are errors
    (with --strict also on warnings), else 0.

    Example: handouts check --content ~/klinik/artikler --clinics clinics/ --lix-limit 50 -v
    """
    # deferred: the model and the renderer load only when this runs
    from handouts.check.lint import check, finding_lines

    report = check(content, clinics, lix_limit=lix_limit)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "articles": [item.as_json() for item in report.articles],
                    "exercises": [item.as_json() for item in report.exercises],
                    "clinics": [{"file": c.file, "name": c.name, "slug": c.slug} for c in report.clinics],
                    "findings": [{"level": f.level, "file": f.file, "message": f.message} for f in report.findings],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        code = report.exit_code(strict=strict)
        if code:
            raise typer.Exit(code)
        return
    typer.echo(f"{'LIX':>5}  {'reading':9}  {'next review':11} {'red flags':27} {'removed':7}  article")
    for item in report.articles:
        review = f"{item.next_review:%Y-%m-%d}" if item.next_review else "-"
        flag = "!" if item.lix > report.lix_limit else " "
        sets = "+".join(item.red_flags) or "-"
        sets += " (general)" if item.red_flags_reason == "general" else ""
        typer.echo(
            f"{item.lix:5.1f}{flag} {item.readability.band:9}  {review:11} {sets:27} {len(item.removed):7}"
            f"  {item.file}  {item.title}"
        )
        if verbose:
            for removal in item.removed:
                typer.echo(f"        removed {removal.kind}: {removal.text}")
    for exercise in report.exercises:
        typer.echo(f"exercise {exercise.file}: picture {exercise.picture_words}")
    for clinic in report.clinics:
        typer.echo(f"clinic {clinic.file}: {clinic.name or 'does not load (see the error)'}")
    for line in finding_lines(report.findings, each=verbose):
        typer.echo(line, err=True)
    errors, warnings = len(report.errors), len(report.warnings)
    typer.echo(
        f"{len(report.articles)} article{'s' * (len(report.articles) != 1)}, "
        f"{len(report.clinics)} clinic profile{'s' * (len(report.clinics) != 1)}: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        + (" (--strict: warnings count as errors)" if strict and warnings else "")
    )
    code = report.exit_code(strict=strict)
    if code:
        raise typer.Exit(code)
