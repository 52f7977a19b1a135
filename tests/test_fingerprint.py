"""Fingerprints: the tool's version, code, templates, styles (with fonts) and locales are part of every one."""


def test_shared_folders_and_version_are_in_the_fingerprint():
    from handouts.fingerprint import Hasher, fingerprint

    shared = Hasher().shared()
    assert set(shared) == {"handouts", "weasyprint", "code", "templates/", "styles/", "locales/"}
    inputs = {"a.md": "1"}
    base = fingerprint(shared, inputs, {"large_print": False})
    assert fingerprint(shared | {"handouts": "9.9"}, inputs, {"large_print": False}) != base
    assert fingerprint(shared | {"styles/": "0"}, inputs, {"large_print": False}) != base
    assert fingerprint(shared, inputs, {"large_print": True}) != base
    assert fingerprint(dict(shared), dict(inputs), {"large_print": False}) == base


def test_fonts_are_part_of_the_styles_hash(tmp_path, monkeypatch):
    from handouts import fingerprint as batch_fingerprint

    styles = tmp_path / "styles"
    (styles / "fonts").mkdir(parents=True)
    font = styles / "fonts" / "a.woff"
    font.write_bytes(b"one")
    before = batch_fingerprint.Hasher().folder(styles)
    font.write_bytes(b"two")
    assert batch_fingerprint.Hasher().folder(styles) != before
