"""The user's cache folder: made private, and not used when it cannot be."""

from __future__ import annotations

import stat

from handouts.cache import cache_dir


def mode(path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_the_cache_folder_is_made_in_the_users_cache_and_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = cache_dir("templates")
    assert folder == tmp_path / "handouts" / "templates"
    assert mode(folder) == mode(folder.parent) == 0o700


def test_a_folder_made_by_hand_is_made_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "handouts").mkdir(mode=0o777)
    (tmp_path / "handouts").chmod(0o777)
    assert cache_dir("templates") is not None
    assert mode(tmp_path / "handouts") == 0o700


def test_a_link_in_its_place_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "handouts").symlink_to(elsewhere)
    assert cache_dir("templates") is None


def test_no_cache_where_none_can_be_made(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert cache_dir("templates") is None
