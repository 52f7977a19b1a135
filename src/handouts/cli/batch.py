"""`handouts batch`: options in, progress and one summary line out; the work is in ``batch``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.options import ClinicsOption, ContentOption
from handouts.resources import DEFAULT_OUTPUT


def batch(
    clinics: ClinicsOption = None,
    articles: Annotated[
        list[str] | None,
        typer.Option(
            "--articles",
            metavar="SLUG",
            help="Only this article (any unique prefix); repeat for more. Default: every article.",
            show_default=False,
        ),
    ] = None,
    programmes: Annotated[bool, typer.Option("--programmes", help="Also every programme template.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", metavar="N", min=1, help="Worker processes. Default: one per CPU.", show_default=False
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Output folder; PDFs go to OUT/<clinic>/, with an index.html each.")
    ] = DEFAULT_OUTPUT,
    force: Annotated[bool, typer.Option("--force", help="Rebuild every handout, changed or not.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the summary line.")] = False,
    content: ContentOption = None,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Also a large-print copy of each article (<slug>-storskrift.pdf).")
    ] = False,
) -> None:
    """Build every clinic × every handout in parallel; only what changed since the last run.

    Writes OUT/<clinic>/<article>.pdf and OUT/<clinic>/index.html, and records what each PDF
    was made from in OUT/.handouts-manifest.json. Ends with one line: built, unchanged,
    failed. Exit code 1 if anything failed; the rest is still built.

    Example: handouts batch --clinics clinics/ --jobs 2
    """
    # deferred: the batch (its workers, the model, the renderer) loads only when this runs
    from handouts.batch.run import BatchInterrupted, BatchOptions, run_batch
    from handouts.cli.batch_output import Bar, Lines, summary

    interactive = sys.stdout.isatty() and not quiet
    events = Bar() if interactive else Lines(quiet)
    options = BatchOptions(
        clinics=clinics,
        articles=articles,
        programmes=programmes,
        jobs=jobs,
        out_dir=out,
        force=force,
        content=content,
        large_print=large_print,
    )
    try:
        report = run_batch(options, events)
    except BatchInterrupted as exc:
        if isinstance(events, Bar):
            events.stop()
        if exc.report is not None:
            typer.echo(summary(exc.report))
        raise
    finally:
        if isinstance(events, Bar):
            events.stop()
    typer.echo(summary(report))
    if report.failed:
        raise typer.Exit(1)
