"""Lint content and clinic profiles before anything is printed: findings, never output files.

``check(...)`` returns a ``CheckReport``: per article its LIX readability score, per clinic
profile whether it loads, and a list of ``Finding``s (``error`` or ``warning``, each naming a
file). The CLI (``handouts check``) prints it; the batch builder or a web page can reuse it.

Per article it also records which red-flag set the handout gets (and why) and what directory
promotion the Markdown stage takes out, so an editor can review both.

Errors are what stops a handout from being right: a file that does not load (except a CMS
exercise page that is not a usable exercise: a warning, as in `handouts list`), an unknown
red-flag set, an exercise that does not exist, a clinic profile that is invalid. Warnings are
what a clinic should look at: an exercise without a picture (its card prints text only), a
clinic page in a built-in exercise's place, a text harder to read than the LIX limit, missing or overdue
review dates, missing images or images without alt text, a logo that will not be printed, an
article that fell back to the general red-flag set, a set with no English version when an
English clinic is checked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from handouts.check import DEFAULT_LIX_LIMIT
from handouts.check.lix import Readability, readability
from handouts.errors import HandoutsError, InputError, UnusablePage, display_path, one_line
from handouts.i18n import SUPPORTED_LANGUAGES, catalogue
from handouts.images import RefusedResource, check_pixels
from handouts.model.clinic import Clinic, find_clinic_files, load_clinics
from handouts.model.content import Article
from handouts.model.exercise_pictures import missing_picture
from handouts.model.library import Library, load_library
from handouts.model.markdown import MarkdownContext
from handouts.model.out_of_hours import REGIONS
from handouts.model.promotions import Removal
from handouts.model.red_flags import choose_for_article
from handouts.render.markdown import render_markdown
from handouts.resources import seeds_dir


@dataclass(frozen=True)
class Finding:
    level: Literal["error", "warning"]
    file: str
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.level}: {self.file}: {self.message}" if self.file else f"{self.level}: {self.message}")


GROUP_FROM = 10  # files sharing one finding word for word, from which it is printed once


def finding_lines(findings: list[Finding], *, each: bool = False) -> list[str]:
    """The findings as lines to print, in their order. One that ``GROUP_FROM`` or more files share
    word for word (a CMS export without review dates: 200 lines) is one line, where its first
    file's was, naming how many files, the first and the last; ``each``: one line per file."""
    files: dict[tuple[str, str], list[str]] = {}
    for finding in findings:
        files.setdefault((finding.level, finding.message), []).append(finding.file)
    lines: list[str] = []
    for finding in findings:
        shared = files[(finding.level, finding.message)]
        if each or len(shared) < GROUP_FROM or not finding.file:
            lines.append(str(finding))
        elif finding.file == shared[0]:
            where = f"{len(shared)} files, {shared[0]} … {shared[-1]}"
            lines.append(one_line(f"{finding.level}: {where}: {finding.message} (--verbose lists each file)"))
    return lines


@dataclass(frozen=True)
class ArticleCheck:
    slug: str
    title: str
    file: str
    readability: Readability
    next_review: dt.date | None
    red_flags: tuple[str, ...] = ()  # the set(s) the handout gets; () when that is an error
    red_flags_reason: str = ""  # "front matter", "title", "headings", "body" or "general"
    removed: tuple[Removal, ...] = ()  # directory promotion the handout leaves out

    @property
    def lix(self) -> float:
        return self.readability.lix

    def as_json(self) -> dict[str, object]:
        return {
            "slug": self.slug,
            "title": self.title,
            "file": self.file,
            "lix": round(self.lix, 1),
            "reading": self.readability.band,
            "next_review": self.next_review.isoformat() if self.next_review else None,
            "red_flags": list(self.red_flags),
            "red_flags_reason": self.red_flags_reason,
            "removed": [{"kind": r.kind, "text": r.text} for r in self.removed],
        }


@dataclass(frozen=True)
class ClinicCheck:
    file: str
    name: str | None  # None when the profile does not load
    slug: str | None
    language: str | None = None


@dataclass(frozen=True)
class ExerciseCheck:
    """Where a clinic's exercise gets its picture (see ``model.exercise_pictures``)."""

    slug: str
    name: str
    file: str
    picture: str  # illustration, image, figure, name; "" when the card prints text only
    picture_of: str = ""  # the built-in exercise whose drawing it borrows

    @property
    def picture_words(self) -> str:
        """``figure: bird-dog``, ``name: squat``, ``image``, ``illustration`` or ``none (text only)``."""
        if not self.picture:
            return "none (text only)"
        return f"{self.picture}: {self.picture_of}" if self.picture_of else self.picture

    def as_json(self) -> dict[str, object]:
        return {
            "slug": self.slug,
            "name": self.name,
            "file": self.file,
            "picture": self.picture or None,
            "picture_of": self.picture_of or None,
        }


@dataclass
class CheckReport:
    lix_limit: int
    articles: list[ArticleCheck] = field(default_factory=list)
    exercises: list[ExerciseCheck] = field(default_factory=list)  # the clinic's own, not the built-in ones
    clinics: list[ClinicCheck] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    def exit_code(self, *, strict: bool = False) -> int:
        """1 on errors (or, with ``strict``, on warnings too); else 0."""
        return 1 if self.errors or (strict and self.warnings) else 0

    def error(self, file: str, message: str) -> None:
        self.findings.append(Finding("error", file, message))

    def warning(self, file: str, message: str) -> None:
        self.findings.append(Finding("warning", file, message))


def check(
    content_dir: Path | None = None,
    clinic_paths: list[Path] | None = None,
    *,
    lix_limit: int = DEFAULT_LIX_LIMIT,
    today: dt.date | None = None,
) -> CheckReport:
    """Check every article of a content folder and every clinic profile given (or the defaults)."""
    report = CheckReport(lix_limit=lix_limit)
    library = load_library(content_dir)  # raises HandoutsError only for a missing folder
    for problem in library.problems:
        _problem(report, problem)
    check_exercises(report, library)
    for article in library.articles.values():
        check_article(report, article, library, today=today or dt.date.today())
    paths = find_clinic_files(clinic_paths)
    clinics, clinic_problems = load_clinics(paths)
    for clinic_problem in clinic_problems:
        _problem(report, clinic_problem)
    loaded = {clinic.source: clinic for clinic in clinics.values()}
    for path in paths:
        clinic = loaded.get(path.resolve())
        report.clinics.append(
            ClinicCheck(
                display_path(path),
                clinic.name if clinic else None,
                clinic.slug if clinic else None,
                clinic.language if clinic else "da",
            )
        )
        if clinic is not None:
            check_clinic(report, clinic)
            check_clinic_languages(report, clinic, library)
    if any(c.language == "en" for c in report.clinics):
        check_translations(report, library, "en")
    check_reviews(report, library)
    return report


def check_reviews(report: CheckReport, library: Library) -> None:
    """A warning per red-flag set no named clinician has reviewed: a set is only "reviewed"
    with ``reviewed_by`` (and the loader refuses ``reviewed`` without it)."""
    for slug, red_flags in sorted(library.red_flags.items()):
        if not red_flags.reviewed_by:
            report.warning(
                red_flags.source.name,
                f"red flags {slug}: not clinically reviewed; print the review sheet "
                "(handouts red-flags --out review.pdf), and when a clinician has signed it "
                "add reviewed: and reviewed_by: (name and role)",
            )


def check_exercises(report: CheckReport, library: Library) -> None:
    """A warning per exercise the builder offers without a picture, and per notice of the loader
    (a clinic page in a built-in exercise's place, a `figure:` that names no drawing)."""
    for notice in library.notices:
        report.warning(notice.source or "", ": ".join(p for p in (notice.field, notice.problem) if p))
    builtin = seeds_dir().resolve()
    for exercise in library.listed_exercises():
        message = missing_picture(exercise)
        if message is not None:
            report.warning(exercise.source.name, message)
        if library.content_dir != builtin and not exercise.source.path.resolve().is_relative_to(builtin):
            report.exercises.append(
                ExerciseCheck(exercise.slug, exercise.name, exercise.source.name, exercise.picture, exercise.picture_of)
            )


def check_translations(report: CheckReport, library: Library, language: str) -> None:
    """A warning per red-flag set an English clinic would print in Danish."""
    for slug, red_flags in sorted(library.red_flags.items()):
        if library.translated(red_flags, language) is None:
            report.warning(
                red_flags.source.name,
                f"no {language} version (red-flags/{language}/{slug}.md); {language} handouts print these signs in Danish",
            )


def _problem(report: CheckReport, problem: HandoutsError) -> None:
    if isinstance(problem, UnusablePage):  # skipped, as `handouts list` says too; the rest loads
        report.warning(problem.source or "", ": ".join(p for p in (problem.field, problem.problem) if p))
    elif isinstance(problem, InputError) and problem.source:
        report.error(problem.source, ": ".join(p for p in (problem.field, problem.problem) if p))
    else:
        report.error("", str(problem))


def check_article(report: CheckReport, article: Article, library: Library, *, today: dt.date) -> None:
    name = article.source.name
    score = readability(article.body)
    ctx = MarkdownContext(source_name=name, base_dir=article.path.parent, image_roots=library.image_roots)
    result = render_markdown(article.body, ctx)
    try:
        choice = choose_for_article(article, library)
        chosen, reason = choice.slugs, choice.reason
    except InputError as exc:
        chosen, reason = (), "error"
        report.error(name, f"{exc.field}: {exc.problem}")
    report.articles.append(
        ArticleCheck(
            article.slug, article.title, name, score, article.next_review, chosen, reason, tuple(result.removed)
        )
    )
    if score.words and score.lix > report.lix_limit:
        report.warning(
            name,
            f"LIX {score.lix:.0f} ({score.band}) is above the limit of {report.lix_limit}; "
            "use shorter sentences and shorter words",
        )
    if article.reviewed is None:
        report.warning(
            name, 'reviewed: no date; add when a clinician last checked the text, e.g. reviewed: "12/10/2025"'
        )
    if article.next_review is None:
        report.warning(
            name, 'next_review: no date; add when the text is due for review, e.g. next_review: "12/10/2026"'
        )
    elif article.next_review < today:
        report.warning(
            name, f"next_review: {article.next_review:%d/%m/%Y} has passed; review the text and set a new date"
        )
    if reason == "general":
        report.warning(
            name,
            f"red flags: no set matches the text, so the general set ({chosen[0]}) is printed; "
            "check it fits, or name one with red_flags: in the front matter",
        )

    unknown = [slug for slug in article.exercises if slug not in library.exercises]
    for slug in unknown:
        report.error(name, f'exercises: "{slug}" is not an exercise; see `handouts list exercises`')

    for warning in result.warnings:  # missing or remote images; already "file: problem"
        report.warning(name, warning.removeprefix(f"{name}: "))
    for src in _images_without_alt(article.body):
        report.warning(
            name, f"image {src!r} has no description; write one between the brackets: ![what it shows]({src})"
        )


_IMAGE = re.compile(r"!\[\s*\]\(\s*<?([^)\s>]+)")


def _images_without_alt(markdown: str) -> list[str]:
    return _IMAGE.findall(markdown)


def check_clinic(report: CheckReport, clinic: Clinic) -> None:
    if not clinic.region and not clinic.emergency and clinic.source is not None:
        report.warning(
            display_path(clinic.source),
            "region: not set and no emergency text, so the red-flag box names no out-of-hours number; "
            f'add region = "…" ({", ".join(REGIONS)}) or your own emergency = "…"',
        )
    if clinic.logo is not None and clinic.source is not None:
        for problem in logo_problems(clinic.logo):
            report.warning(display_path(clinic.source), f"logo: {problem}")


def check_clinic_languages(report: CheckReport, clinic: Clinic, library: Library) -> None:
    """A warning when articles in another language than the clinic's would print without the
    clinic's own words (one page, one language): its call to action, footer or emergency text."""
    if clinic.source is None:
        return
    default = catalogue(clinic.language).t("default_call_to_action", clinic=clinic.name, phone=clinic.phone)
    own = [
        key
        for key, written in (
            ("call_to_action", clinic.call_to_action != default),
            ("programme_call_to_action", clinic.programme_call_to_action not in (default, clinic.call_to_action)),
            ("footer", bool(clinic.footer)),
            ("emergency", bool(clinic.emergency)),
        )
        if written
    ]
    languages = sorted({a.language for a in library.articles.values()} - {clinic.language})
    for language in languages:
        if language not in SUPPORTED_LANGUAGES:
            continue
        texts = clinic.translations.get(language)  # type: ignore[call-overload]
        missing = [key for key in own if not (texts and getattr(texts, key))]
        if missing:
            keys = ", ".join(f'{key} = "…"' for key in missing)
            report.warning(
                display_path(clinic.source),
                f"{', '.join(missing)}: written in {clinic.language!r} only, so its {language!r} articles print "
                "the standard call to action and no footer line (an emergency text as written); "
                f"add [translations.{language}] with {keys}",
            )


def logo_problems(logo: Path) -> list[str]:
    """What would keep the logo from printing: too many pixels, or references outside itself."""
    problems = []
    data = logo.read_bytes()
    if logo.suffix.lower() == ".png":
        try:
            check_pixels(data)
        except RefusedResource as exc:
            problems.append(f'"{logo.name}": {exc}; it will not be printed')
    else:
        text = data.decode("utf-8", "replace")
        for ref in sorted(set(re.findall(r"""(?:href|src)\s*=\s*["']([^"'#][^"']*)["']""", text))):
            if not ref.startswith("data:") and "w3.org" not in ref:
                problems.append(f'"{logo.name}" refers to {ref!r}, which is never fetched; embed it in the SVG')
        if re.search(r"url\(\s*['\"]?(?!#|data:)", text):
            problems.append(f'"{logo.name}" uses url(...) to another file, which is never fetched; embed it in the SVG')
    return problems
