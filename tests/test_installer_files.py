"""Desktop entry, AppStream metainfo, icons and the third-party notices that the installers ship."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "installer" / "linux"
APP_ID = "org.habeas.Habeas"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_runs_the_window_with_the_app_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "habeas-gui"  # install.sh rewrites it to the bundle's full path
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and entry["Keywords"].endswith(";")
    for language in ("de", "zh_CN"):
        assert entry[f"Comment[{language}]"] and entry[f"GenericName[{language}]"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout


def metainfo() -> ET.Element:
    return ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()


def test_metainfo_names_the_entry_the_version_and_existing_screenshots() -> None:
    root = metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    releases = [r.get("version") for r in root.iter("release")]
    assert releases and releases[0] == __version__  # the newest release is this version
    images = [img.text or "" for img in root.iter("image")]
    assert len(images) >= 3
    for url in images:
        assert url.startswith("https://")
        assert (ROOT / "docs" / "screenshots" / url.rsplit("/", 1)[1]).is_file(), url


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "W:" not in result.stdout and "E:" not in result.stdout, result.stdout


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_icons_exist_at_the_freedesktop_sizes() -> None:
    hicolor = ROOT / "resources" / "icons" / "hicolor"
    svg = ET.parse(hicolor / "scalable" / "apps" / f"{APP_ID}.svg").getroot()
    assert svg.tag.endswith("svg") and not list(svg.iter("{http://www.w3.org/2000/svg}text"))
    for size in ICON_SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)


def load_third_party():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "installer"))
    try:
        import third_party
    finally:
        sys.path.remove(str(ROOT / "installer"))
    return third_party


def test_notices_list_each_locked_distribution_with_its_licence_text(tmp_path: Path) -> None:
    third_party = load_third_party()
    lock = tmp_path / "lock.txt"
    lock.write_text(
        "# comment\n"
        f"keyring=={metadata.version('keyring')} \\\n    --hash=sha256:00\n"
        f"PySide6-Essentials=={metadata.version('PySide6-Essentials')}\n"
    )
    out = tmp_path / "NOTICES.txt"
    assert third_party.main(["--lock", str(lock), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert f"Habeas {__version__}: third-party notices" in text
    assert f"keyring {metadata.version('keyring')}: MIT" in text
    assert "Permission is hereby granted" in text  # keyring's MIT text, from its dist-info
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text  # Qt's, which its wheel does not ship
    assert "SIL OPEN FONT LICENSE" in text.upper() and "Apache License" in text
    assert "Python" in text.split("Contents", 1)[1][:200]


def test_notices_refuse_a_lock_that_does_not_match_what_is_installed(tmp_path: Path) -> None:
    third_party = load_third_party()
    lock = tmp_path / "lock.txt"
    lock.write_text("no-such-distribution-habeas==1.0\n")
    with pytest.raises(SystemExit, match="not installed"):
        third_party.main(["--lock", str(lock), "--out", str(tmp_path / "out.txt")])
    lock.write_text("keyring==0.0.1\n")
    with pytest.raises(SystemExit, match=r"lock file says 0\.0\.1"):
        third_party.main(["--lock", str(lock), "--out", str(tmp_path / "out.txt")])


def test_flatpak_manifest_installs_the_bundle_under_the_same_id() -> None:
    import json

    manifest = json.loads((LINUX / f"{APP_ID}.json").read_text(encoding="utf-8"))
    assert manifest["app-id"] == APP_ID and manifest["command"] == "habeas-gui"
    [module] = manifest["modules"]
    commands = "\n".join(module["build-commands"])
    for installed in (f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml", "/app/bin/habeas-gui", "share/icons"):
        assert installed in commands
    assert module["sources"] == [{"type": "dir", "path": "../../dist/habeas"}]
