"""Fingerprints: one hash for batch and web, over every input, reading only what the fetcher may."""

from pathlib import Path

from conftest import CLINICS


def test_shared_folders_and_version_are_in_the_fingerprint():
    from handouts.fingerprint import Fingerprints
    from handouts.model.library import load_library

    prints = Fingerprints(load_library())
    shared = dict(prints.shared)
    assert set(shared) == {"handouts", "weasyprint", "code", "templates/", "styles/", "locales/"}
    inputs = {"a.md": "1"}
    base = prints.of(inputs, {"large_print": False})
    assert prints.of(inputs, {"large_print": True}) != base
    assert prints.of({"a.md": "2"}, {"large_print": False}) != base
    for key, value in (("handouts", "9.9"), ("styles/", "0")):
        prints.shared = shared | {key: value}
        assert prints.of(inputs, {"large_print": False}) != base, key
    prints.shared = dict(shared)
    assert prints.of(dict(inputs), {"large_print": False}) == base


def test_the_web_cache_key_and_the_batch_fingerprint_are_one_hash(tmp_path):
    """Batch and web ask the same module: the same article and clinic give the same key."""
    from handouts.batch.manifest import Manifest
    from handouts.batch.run import BatchOptions, make_plan
    from handouts.web.site import Site

    site = Site.load(clinic_paths=[CLINICS / "nord.toml"])
    entry = site.clinic("nord")
    plan = make_plan(BatchOptions(clinics=[CLINICS / "nord.toml"], articles=["ondt"]), Manifest.load(tmp_path))
    [planned] = plan.to_build
    assert planned.fingerprint == site.article_key(entry, site.article("ondt-i-laenden"))


def test_fingerprints_read_only_what_the_fetcher_may_read(tmp_path):
    """Outside files, FIFOs and devices named as images are never read: ``refused``/``missing``."""
    import os

    from handouts.fingerprint import MISSING, REFUSED, Hasher, read_capped
    from handouts.limits import MAX_RESOURCE_BYTES

    fifo = tmp_path / "logo.png"
    os.mkfifo(fifo)
    big = tmp_path / "big.png"
    big.write_bytes(b"0" * (MAX_RESOURCE_BYTES + 1))
    hasher = Hasher()
    assert hasher.file(fifo) == REFUSED  # would block for ever if opened
    assert hasher.file(Path("/dev/zero")) == REFUSED  # would read until memory runs out
    assert hasher.file(big) == REFUSED
    assert hasher.file(tmp_path / "nope.png") == MISSING
    assert read_capped(fifo) is None


def test_an_article_naming_outside_files_does_not_fingerprint_them(tmp_path):
    from handouts.fingerprint import Fingerprints
    from handouts.model.library import load_library

    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(
        "---\ntitle: A\n---\nTekst.\n\n![x](../../../../etc/shadow)\n\n![y](/dev/zero)\n", "utf-8"
    )
    library = load_library(content)
    prints = Fingerprints(library)
    inputs = prints.article_inputs(library.articles["a"])
    assert not [name for name in inputs if "shadow" in name or "zero" in name]


def test_fonts_are_part_of_the_styles_hash(tmp_path, monkeypatch):
    from handouts import fingerprint as batch_fingerprint

    styles = tmp_path / "styles"
    (styles / "fonts").mkdir(parents=True)
    font = styles / "fonts" / "a.woff"
    font.write_bytes(b"one")
    before = batch_fingerprint.Hasher().folder(styles)
    font.write_bytes(b"two")
    assert batch_fingerprint.Hasher().folder(styles) != before
