from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import InputError
from app.paths import app_paths
from app.settings import Settings, load_settings, save_settings


def test_habeas_home_relocates_everything(habeas_home: Path) -> None:
    paths = app_paths()
    for directory in (paths.data_dir, paths.config_dir, paths.log_dir):
        assert habeas_home.resolve() in directory.parents
    assert paths.database_file.parent == paths.data_dir


def test_without_habeas_home_platform_directories_are_used() -> None:
    paths = app_paths({})
    assert "Habeas" in str(paths.data_dir)
    assert paths.data_dir != paths.log_dir


def test_settings_round_trip_keeps_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": "de", "window": {"w": 3}}), encoding="utf-8")
    settings = load_settings(path)
    assert settings.language == "de"
    settings.default_jurisdiction = "CN"
    save_settings(path, settings)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["window"] == {"w": 3}
    assert data["default_jurisdiction"] == "CN"


def test_damaged_settings_are_kept_aside_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    assert (tmp_path / "settings.json.bad").read_text(encoding="utf-8") == "{not json"


def test_invalid_settings_name_the_key() -> None:
    with pytest.raises(InputError) as info:
        Settings(default_jurisdiction="FR").validate(("CN", "DE"))
    assert [p.path for p in info.value.problems] == ["default_jurisdiction"]


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("postgresql+psycopg://clinic:secret@db/habeas", "password"),
        ("mysql://clinic@db/habeas", "unknown kind of database"),
        ("postgresql+psycopg://clinic@/habeas", "name the server and the database"),
        ("postgresql+psycopg://clinic@db", "name the server and the database"),
    ],
)
def test_database_urls_in_settings_are_checked(url: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        Settings(database_url=url).validate()
    assert [p.path for p in info.value.problems] == ["database_url"]
    assert fragment in info.value.problems[0].message


def test_good_database_urls_pass() -> None:
    Settings(database_url="").validate()
    Settings(database_url="postgresql+psycopg://clinic@db.example.org:5432/habeas").validate()
