"""`handouts check`: LIX per article, review dates, images, red-flag sets, exercises, clinics."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import invoke_cli
from readback import pdf_text

SEED_FILES = [
    f"seeds/00{i}_{h}.txt"
    for i, h in enumerate(
        ["cc5d750043a7b6cb", "1304a1e945d0e051", "9b433c6635c168fa", "7bd3c67fac983090", "f0bd1eb8c4791116"]
    )
]
SEED_LIX = ["42.3", "41.9", "49.7", "44.7", "40.4"]
REVIEWED_MISSING = 'reviewed: no date; add when a clinician last checked the text, e.g. reviewed: "12/10/2025"'
NEXT_REVIEW_MISSING = 'next_review: no date; add when the text is due for review, e.g. next_review: "12/10/2026"'
GENERAL = (
    "red flags: no set matches the text, so the general set (generelt) is printed; "
    "check it fits, or name one with red_flags: in the front matter"
)
KNOWN_SETS = (
    "brystkasse-hjerte-og-lunger, diabetes, fod-og-ankel, generelt, gigt, graviditet-og-baekken, hofte-knae-og-ben, "
    "hoved, knogleskoerhed, kraeft, nakke, neurologi, ryg-og-iskias, skulder-og-arm"
)
SETS = KNOWN_SETS.split(", ")


def not_reviewed(slug: str) -> str:
    return (
        f"warning: seeds/red-flags/{slug}.md: red flags {slug}: not clinically reviewed; print the review sheet "
        "(handouts red-flags --out review.pdf), and when a clinician has signed it add reviewed: and reviewed_by: "
        "(name and role)"
    )


UNREVIEWED = [not_reviewed(slug) for slug in SETS]


def flat(text: str) -> str:
    return " ".join(text.split())


# --- LIX --------------------------------------------------------------------------------------


def test_lix_by_hand():
    from handouts.check.lix import readability

    # 9 words, 2 sentences; long words (more than 6 letters): forstuvet, fysioterapeut
    score = readability("Jeg har forstuvet anklen. Nu går jeg til fysioterapeut.")
    assert (score.words, score.sentences, score.long_words) == (9, 2, 2)
    assert score.lix == pytest.approx(9 / 2 + 100 * 2 / 9)


def test_lix_counts_headings_list_items_and_cells_as_sentences_and_skips_markup():
    from handouts.check.lix import readability

    text = "## Gode råd\n\n- Gå en tur\n- Sov godt\n\n| Øvelse | Gange |\n|---|---|\n| Bækkenvip | 10 |\n\n[Læs mere](https://example.com/meget-lange-adresser)"
    score = readability(text)
    # words: Gode råd | Gå en tur | Sov godt | Øvelse Gange | Bækkenvip | Læs mere  (numbers and the URL are not words)
    assert score.words == 12
    assert score.sentences == 7  # the cell "10" has no words
    assert score.long_words == 1  # Bækkenvip (9 letters); "Øvelse" has 6
    assert score.lix == pytest.approx(12 / 7 + 100 / 12)
    assert score.band == "very easy"


def test_empty_text_has_lix_zero():
    from handouts.check.lix import readability

    assert readability("").lix == 0.0


# --- the library function ----------------------------------------------------------------------


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "artikler"
    folder.mkdir()
    (folder / "god.md").write_text(
        '---\ntitle: God\nreviewed: "01/09/2025"\nnext_review: "01/09/2099"\nsources: ["Sundhedsstyrelsen 2024"]\n---\n'
        "Gå en tur hver dag. Det hjælper.\n\n![Knæ mod bryst](knae.svg)\n",
        "utf-8",
    )
    (folder / "knae.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', "utf-8")
    (folder / "gammel.md").write_text(
        '---\ntitle: Gammel\nreviewed: "01/01/2020"\nnext_review: "01/01/2021"\nred_flags: generelt\n---\nKort tekst.\n',
        "utf-8",
    )
    (folder / "fejl.md").write_text(
        '---\ntitle: Fejl\nreviewed: "01/09/2025"\nnext_review: "01/09/2099"\nred_flags: findes-ikke\n'
        "exercises: [bird-dog, findes-ikke]\n---\nTekst ![](mangler.png) og ![](knae.svg).\n",
        "utf-8",
    )
    (folder / "svaer.md").write_text(
        '---\ntitle: Svær smerte i knæet\nreviewed: "01/09/2025"\nnext_review: "01/09/2099"\n---\n'
        "Fysioterapeutiske behandlingsmuligheder inkluderer individualiserede træningsprogrammer, "
        "manuelle mobiliseringsteknikker og smertevidenskabelig patientundervisning.\n",
        "utf-8",
    )
    (folder / "brudt.md").write_text('---\ntitle: "uafsluttet\n---\nTekst.\n', "utf-8")
    return folder


def test_check_library_function(content):
    from handouts.check.lint import check

    report = check(content, [Path("clinics/nord.toml")], lix_limit=50, today=dt.date(2025, 10, 1))
    by_slug = {a.slug: a for a in report.articles}
    assert set(by_slug) == {"god", "gammel", "fejl", "svaer"}
    assert by_slug["svaer"].lix > 50 > by_slug["god"].lix
    lines = [str(f) for f in report.findings]
    assert lines[-len(SETS) :] == UNREVIEWED  # every set, once: none has a named reviewer yet
    lines = lines[: -len(SETS)]
    name = str(content)
    assert lines == [
        f"error: {name}/brudt.md: front matter: found unexpected end of stream on line 4; check the quotes and colons between the --- lines",
        f'error: {name}/fejl.md: red_flags: "findes-ikke" is not a red-flag set; known: {KNOWN_SETS}',
        f'error: {name}/fejl.md: exercises: "findes-ikke" is not an exercise; see `handouts list exercises`',
        f"warning: {name}/fejl.md: image 'mangler.png' not found; printed without it – put the file next to the article or fix the path",
        f"warning: {name}/fejl.md: image 'mangler.png' has no description; write one between the brackets: ![what it shows](mangler.png)",
        f"warning: {name}/fejl.md: image 'knae.svg' has no description; write one between the brackets: ![what it shows](knae.svg)",
        f"warning: {name}/gammel.md: next_review: 01/01/2021 has passed; review the text and set a new date",
        f"warning: {name}/god.md: {GENERAL}",
        f"warning: {name}/svaer.md: LIX {by_slug['svaer'].lix:.0f} (very hard) is above the limit of 50; use shorter sentences and shorter words",
    ]
    assert [c.name for c in report.clinics] == ["Fysioterapi Nord"]
    assert report.exit_code() == 1
    sets = {a.slug: (a.red_flags, a.red_flags_reason) for a in report.articles}
    assert sets == {
        "god": (("generelt",), "general"),
        "gammel": (("generelt",), "front matter"),
        "fejl": ((), "error"),
        "svaer": (("hofte-knae-og-ben",), "title"),
    }


def test_warnings_only_exit_0_and_strict_exit_1(content):
    from handouts.check.lint import check

    for bad in ("brudt.md", "fejl.md"):
        (content / bad).unlink()
    report = check(content, [Path("clinics/nord.toml")], lix_limit=50, today=dt.date(2025, 10, 1))
    assert report.errors == [] and len(report.warnings) == 3 + len(SETS)
    assert report.exit_code() == 0 and report.exit_code(strict=True) == 1


# --- the command line --------------------------------------------------------------------------


def test_check_seeds_through_the_cli():
    result = invoke_cli("check")
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    assert rows[0] == "  LIX  reading    next review red flags                   removed  article"
    # "… ondt i balden og benet": its title names two regions, so it gets both sets.
    sets = ["ryg-og-iskias"] * 4 + ["ryg-og-iskias+hofte-knae-og-ben"]
    for file, lix, removed, chosen in zip(
        SEED_FILES, SEED_LIX, [1, 2, 0, 0, 0], sets, strict=True
    ):  # FysFinder sentences in 000 and 001
        assert any(row.startswith(f" {lix} ") and f" {chosen:27} {removed:7}  {file}  " in row for row in rows), (
            file,
            lix,
        )
    assert "clinic clinics/nord.toml: Fysioterapi Nord" in rows
    assert rows[-1] == f"5 articles, 3 clinic profiles: 0 errors, {12 + len(SETS)} warnings"
    expected = []
    for file in SEED_FILES:
        expected += [f"warning: {file}: {REVIEWED_MISSING}", f"warning: {file}: {NEXT_REVIEW_MISSING}"]
    expected += [
        f"warning: {SEED_FILES[4]}: image '/images/blog/iskias_balde_intro.png' not found; printed without it – put the file in the content folder as images/blog/iskias_balde_intro.png or fix the path",
        f"warning: {SEED_FILES[4]}: image '/images/blog/iskias_balde_oversigt.png' not found; printed without it – put the file in the content folder as images/blog/iskias_balde_oversigt.png or fix the path",
    ]
    assert result.stderr.splitlines() == expected + UNREVIEWED


def test_a_finding_many_files_share_is_one_line_and_each_files_with_verbose(tmp_path):
    """A CMS export without review dates: one line per finding, not one per file; the count of
    warnings, the exit code and --json still count every file."""
    names = [f"artikel-{number:02}.md" for number in range(12)]
    for name in names:
        (tmp_path / name).write_text(f"---\ntitle: Ondt i ryggen {name}\n---\nRyggen og lænden.\n", "utf-8")
    short = invoke_cli("check", "--content", str(tmp_path), "--clinics", "clinics/nord.toml")
    assert short.returncode == 0, short.stderr
    first, last = f"{tmp_path}/{names[0]}", f"{tmp_path}/{names[-1]}"
    mine = [line for line in short.stderr.splitlines() if "seeds/" not in line]
    assert mine == [
        f"warning: 12 files, {first} … {last}: {REVIEWED_MISSING} (--verbose lists each file)",
        f"warning: 12 files, {first} … {last}: {NEXT_REVIEW_MISSING} (--verbose lists each file)",
    ]
    assert short.stdout.splitlines()[-1] == f"12 articles, 1 clinic profile: 0 errors, {24 + len(SETS)} warnings"
    each = invoke_cli("check", "--content", str(tmp_path), "--clinics", "clinics/nord.toml", "--verbose")
    mine = [line for line in each.stderr.splitlines() if "seeds/" not in line]
    assert mine == [
        f"warning: {tmp_path}/{name}: {message}"
        for name in names
        for message in (REVIEWED_MISSING, NEXT_REVIEW_MISSING)
    ]
    as_json = json.loads(invoke_cli("check", "--content", str(tmp_path), "--json").stdout)
    assert sum(finding["message"] == REVIEWED_MISSING for finding in as_json["findings"]) == 12


def test_check_prints_the_red_flag_set_and_what_was_removed(tmp_path):
    (tmp_path / "knae.md").write_text(
        "---\ntitle: Ondt i knæet\n---\nHvil knæet. Find en klinik på FysFinder.\n\n## Hvad koster det?\n\nSe priser på FysFinder.\n",
        "utf-8",
    )
    (tmp_path / "andet.md").write_text("---\ntitle: Søvn og træning\n---\nSov godt.\n", "utf-8")
    result = invoke_cli("check", "--content", str(tmp_path), "--clinics", "clinics/nord.toml", "--verbose")
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    knee = next(i for i, row in enumerate(rows) if "knae.md" in row)
    assert " hofte-knae-og-ben           " in rows[knee] and f"{2:7}  {tmp_path}/knae.md  Ondt i knæet" in rows[knee]
    assert rows[knee + 1 : knee + 3] == [
        "        removed section: Hvad koster det? Se priser på FysFinder.",
        "        removed sentence: Find en klinik på FysFinder.",
    ]
    assert any("generelt (general)" in row and "andet.md" in row for row in rows)
    assert f"warning: {tmp_path}/andet.md: {GENERAL}" in result.stderr.splitlines()

    as_json = invoke_cli("check", "--content", str(tmp_path), "--clinics", "clinics/nord.toml", "--json")
    import json

    articles = {a["slug"]: a for a in json.loads(as_json.stdout)["articles"]}
    assert articles["knae"]["red_flags"] == ["hofte-knae-og-ben"] and articles["knae"]["red_flags_reason"] == "title"
    assert [r["kind"] for r in articles["knae"]["removed"]] == ["section", "sentence"]
    assert articles["andet"]["red_flags"] == ["generelt"] and articles["andet"]["red_flags_reason"] == "general"


def test_check_strict_and_lix_limit():
    strict = invoke_cli("check", "--strict", "--clinics", "clinics/nord.toml")
    assert strict.returncode == 1
    assert (
        strict.stdout.splitlines()[-1]
        == f"5 articles, 1 clinic profile: 0 errors, {12 + len(SETS)} warnings (--strict: warnings count as errors)"
    )
    low = invoke_cli("check", "--lix-limit", "45", "--clinics", "clinics/nord.toml")
    assert low.returncode == 0
    assert (
        f"warning: {SEED_FILES[2]}: LIX 50 (hard) is above the limit of 45; use shorter sentences and shorter words"
        in low.stderr.splitlines()
    )
    assert " 49.7! hard " in low.stdout
    bad = invoke_cli("check", "--lix-limit", "0")
    assert bad.returncode == 2 and "Invalid value for '--lix-limit'" in bad.stderr


def test_check_clinic_profiles(tmp_path):
    from helpers.images import png_bomb

    (tmp_path / "ok.toml").write_text('name = "Ok"\nphone = "1"\n', "utf-8")
    (tmp_path / "bad.toml").write_text('name = "Bad"\nphone = "1"\ncolour = "red"\n', "utf-8")
    (tmp_path / "remote.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/logo.png"/></svg>', "utf-8"
    )
    (tmp_path / "remote.toml").write_text('name = "Remote"\nphone = "1"\nlogo = "remote.svg"\n', "utf-8")
    png_bomb(tmp_path / "huge.png", 8000, 8000)
    (tmp_path / "huge.toml").write_text('name = "Huge"\nphone = "1"\nlogo = "huge.png"\n', "utf-8")
    result = invoke_cli("check", "--clinics", str(tmp_path))
    assert result.returncode == 1
    clinic_lines = [line for line in result.stderr.splitlines() if "seeds/" not in line]
    no_region = (
        "region: not set and no emergency text, so the red-flag box names no out-of-hours number; "
        'add region = "…" (hovedstaden, sjaelland, midtjylland, syddanmark, nordjylland) or your own emergency = "…"'
    )
    assert clinic_lines == [
        f"error: {tmp_path}/bad.toml: colour: is not a known setting; check the spelling or remove it "
        "(known: address, call_to_action, colours, email, emergency, footer, language, logo, name, phone, programme_call_to_action, public_url, region, slug, translations, website)",
        f"warning: {tmp_path}/huge.toml: {no_region}",
        f'warning: {tmp_path}/huge.toml: logo: "huge.png": image is 8000 × 8000 pixels; at most 25 megapixels – export it smaller; it will not be printed',
        f"warning: {tmp_path}/ok.toml: {no_region}",
        f"warning: {tmp_path}/remote.toml: {no_region}",
        f"warning: {tmp_path}/remote.toml: logo: \"remote.svg\" refers to 'https://example.com/logo.png', which is never fetched; embed it in the SVG",
    ]
    assert f"clinic {tmp_path}/bad.toml: does not load (see the error)" in result.stdout.splitlines()
    assert f"clinic {tmp_path}/ok.toml: Ok" in result.stdout.splitlines()


def test_check_names_own_words_an_other_language_article_prints_without(tmp_path):
    """One page, one language: an English article of a Danish clinic prints the standard call to
    action and no footer line unless the profile translates them; check says which are missing."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("---\ntitle: Sciatica\nlanguage: en\n---\nRest a little.\n", "utf-8")
    clinics = tmp_path / "clinics"
    clinics.mkdir()
    own = 'name = "Nord"\nphone = "1"\nregion = "nordjylland"\ncall_to_action = "Ring til os."\nfooter = "Man–fre"\n'
    (clinics / "nord.toml").write_text(own, "utf-8")
    (clinics / "both.toml").write_text(
        own.replace('"Nord"', '"Nord To"') + '[translations.en]\ncall_to_action = "Call us."\nfooter = "Mon–Fri"\n',
        "utf-8",
    )
    result = invoke_cli("check", "--content", str(content), "--clinics", str(clinics))
    warned = [line for line in result.stderr.splitlines() if "translations" in line]
    assert warned == [
        f"warning: {clinics}/nord.toml: call_to_action, footer: written in 'da' only, so its 'en' articles print "
        "the standard call to action and no footer line (an emergency text as written); add [translations.en] "
        'with call_to_action = "…", footer = "…"'
    ]


def test_check_missing_content_folder(tmp_path):
    result = invoke_cli("check", "--content", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert (
        result.stderr
        == f"error: {tmp_path / 'nowhere'}: content folder not found; check --content or $HANDOUTS_CONTENT\n"
    )


# --- trust on the printed page -----------------------------------------------------------------


def test_handout_prints_last_updated_next_review_and_sources(tmp_path, writer, demo):
    from handouts.build import Builder
    from handouts.model.library import load_library

    (tmp_path / "a.md").write_text(
        '---\ntitle: Tillid\nlastUpdated: "12/10/2025"\nnext_review: "12/10/2026"\n'
        'sources: ["Sundhedsstyrelsen: Lænderygsmerter (2024)", "Dansk Selskab for Fysioterapi"]\n---\nTekst.\n',
        "utf-8",
    )
    library = load_library(tmp_path)
    result = Builder(library, writer).build_article(library.articles["a"], demo, tmp_path / "out")
    text = flat(pdf_text(result.path))
    assert "Sidst opdateret: 12. oktober 2025 · Næste gennemgang: 12. oktober 2026" in text
    assert "Kilder Sundhedsstyrelsen: Lænderygsmerter (2024) Dansk Selskab for Fysioterapi" in text
