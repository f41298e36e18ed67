"""The PyInstaller spec ships what Habeas reads at run time, and the launcher keeps both commands.

The spec is executed with stand-ins for PyInstaller's classes (PyInstaller itself is a build tool,
not a test dependency), so what it would hand to PyInstaller can be checked against the tree.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import COMMAND_MODULES

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "habeas.spec"


class Recorder:
    """Stands in for Analysis, PYZ, EXE, COLLECT and BUNDLE: keeps what it was given."""

    made: list[tuple[str, tuple[Any, ...], dict[str, Any]]]

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self, *args: Any, **kwargs: Any) -> types.SimpleNamespace:
        self.made.append((self.kind, args, kwargs))
        return types.SimpleNamespace(binaries=[], datas=[], pure=[], scripts=[], kind=self.kind)


def run_spec(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str) -> dict[str, Any]:
    collected: list[str] = []
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda name: collected.append(name) or [f"{name}.stand_in"]  # type: ignore[attr-defined]
    hooks.collect_data_files = lambda name: collected.append(f"data:{name}") or []  # type: ignore[attr-defined]
    hooks.copy_metadata = lambda name: collected.append(f"metadata:{name}") or []  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    notices = tmp_path / "THIRD-PARTY-NOTICES.txt"
    notices.write_text("notices", encoding="utf-8")
    monkeypatch.setenv("HABEAS_NOTICES", str(notices))
    monkeypatch.setattr(sys, "platform", platform)
    Recorder.made = []
    namespace: dict[str, Any] = {"SPECPATH": str(SPEC.parent), "__file__": str(SPEC)}
    for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        namespace[kind] = Recorder(kind)
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    namespace["_made"] = list(Recorder.made)
    namespace["_collected"] = collected
    namespace["_notices"] = notices
    return namespace


def analysis(spec: dict[str, Any]) -> dict[str, Any]:
    [(_, args, kwargs)] = [m for m in spec["_made"] if m[0] == "Analysis"]
    return {"scripts": args[0], **kwargs}


def shipped(spec: dict[str, Any]) -> set[str]:
    """The bundle-relative path of every data file."""
    return {str(Path(dest) / Path(src).name) for src, dest in analysis(spec)["datas"]}


def test_every_resource_catalog_and_migration_is_shipped_as_a_file(monkeypatch, tmp_path) -> None:
    spec = run_spec(monkeypatch, tmp_path, "linux")
    files = shipped(spec)
    resources = [p for p in (ROOT / "resources").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert resources, "resources/ is empty"
    missing = [str(p.relative_to(ROOT)) for p in resources if str(p.relative_to(ROOT)) not in files]
    assert missing == []
    for language in ("de", "en", "zh_CN"):
        assert f"locales/{language}/LC_MESSAGES/habeas.mo" in files
    assert not any(name.endswith(".po") or name.endswith(".pot") for name in files)
    migrations = ROOT / "app" / "store" / "migrations"
    for path in [migrations / "env.py", migrations / "script.py.mako", *migrations.glob("versions/*.py")]:
        assert str(path.relative_to(ROOT)) in files
    assert "THIRD-PARTY-NOTICES.txt" in files and "LICENSE" in files
    assert {"resources/law/CN/jurisdiction.toml", "resources/fonts/wqy-microhei.ttc"} <= files
    assert "resources/icons/hicolor/16x16/apps/org.habeas.Habeas.png" in files


def test_modules_imported_by_name_are_bundled(monkeypatch, tmp_path) -> None:
    spec = run_spec(monkeypatch, tmp_path, "linux")
    hidden = set(analysis(spec)["hiddenimports"])
    assert set(COMMAND_MODULES) <= hidden  # app/cli/main.py imports them with importlib
    assert {"app.store.crypto", "app.ui.about", "app.bootstrap"} <= hidden
    assert not any("migrations" in name for name in hidden)  # data read by Alembic, not modules
    assert {"sqlcipher3.dbapi2", "psycopg_binary", "alembic.op", "alembic.context"} <= hidden
    for package in ("holidays.countries", "stdnum", "keyring.backends"):
        assert package in spec["_collected"]
    assert {"metadata:keyring", "data:holidays"} <= set(spec["_collected"])
    assert analysis(spec)["scripts"] == [str(ROOT / "installer" / "launcher.py")]


def test_linux_has_one_program_windows_and_macos_a_windowed_second(monkeypatch, tmp_path) -> None:
    def programs(platform: str) -> dict[str, bool]:
        made = run_spec(monkeypatch, tmp_path, platform)["_made"]
        return {kw["name"]: kw["console"] for kind, _, kw in made if kind == "EXE"}

    assert programs("linux") == {"habeas": True}
    assert programs("win32") == {"habeas": True, "habeas-gui": False}
    mac = run_spec(monkeypatch, tmp_path, "darwin")
    [(_, _, bundle)] = [m for m in mac["_made"] if m[0] == "BUNDLE"]
    from app import __version__

    assert bundle["bundle_identifier"] == "org.habeas.Habeas"
    assert bundle["version"] == __version__
    assert bundle["info_plist"]["CFBundleExecutable"] == "habeas-gui"


def test_the_spec_refuses_to_build_without_notices(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HABEAS_NOTICES", str(tmp_path / "absent.txt"))
    with pytest.raises(SystemExit, match=r"third_party\.py"):
        namespace: dict[str, Any] = {"SPECPATH": str(SPEC.parent)}
        for name in ("PyInstaller", "PyInstaller.utils"):
            monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
        hooks = types.ModuleType("PyInstaller.utils.hooks")
        hooks.collect_submodules = hooks.collect_data_files = hooks.copy_metadata = list  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)


def test_launcher_picks_the_window_by_the_name_it_was_started_as() -> None:
    sys.path.insert(0, str(ROOT / "installer"))
    try:
        import launcher
    finally:
        sys.path.remove(str(ROOT / "installer"))
    assert launcher.started_as_gui("/opt/habeas/habeas-gui", "/opt/habeas/habeas")  # Linux symlink
    assert launcher.started_as_gui("habeas-gui.exe", r"C:\Habeas\habeas-gui.exe")
    assert not launcher.started_as_gui("/opt/habeas/habeas", "/opt/habeas/habeas")
    assert not launcher.started_as_gui("./habeas", "/usr/bin/habeas-guide")


def test_a_bundle_finds_its_data_in_meipass(monkeypatch, tmp_path) -> None:
    import app.paths

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert app.paths._program_root() == tmp_path
    monkeypatch.setattr(sys, "frozen", False)
    assert app.paths._program_root() == ROOT  # from source: the checkout
