"""Shared test setup: offscreen Qt, a private HABEAS_HOME per test, a memory keyring."""

from __future__ import annotations

import os

# Must happen before anything imports Qt: without a display the process would abort.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A secure-looking keyring that lives in memory, so tests never touch the real one."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def habeas_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty HABEAS_HOME and no database URL from the outside."""
    home = tmp_path / "habeas-home"
    monkeypatch.setenv("HABEAS_HOME", str(home))
    monkeypatch.delenv("HABEAS_DATABASE_URL", raising=False)
    monkeypatch.delenv("HABEAS_LAW_PATH", raising=False)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _reset_language() -> Iterator[None]:
    from app.i18n import set_language
    from app.languages import use_pack_dirs

    set_language("en")
    yield
    use_pack_dirs(None)  # an entry point run by the test may have named packs
    set_language("en")


class LawPackMaker:
    """Makes law packs in a test: a copy of a shipped jurisdiction under a new code.

    Copies ``resources/law/<CODE>`` and ``resources/letters/<CODE>`` into ``<pack>/law/<NEW>`` and
    ``<pack>/letters/<NEW>`` and changes only the code and the name: the ids inside stay as they
    are, which also shows that ids are local to their folder (the copy's "GB-DPA-54" is not the
    shipped one). ``use`` puts the pack on HABEAS_LAW_PATH.
    """

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch

    def copy(self, source: str, code: str, name: str) -> Path:
        import shutil

        from app.paths import resources_dir

        pack = self.root / "pack"
        law = pack / "law" / code
        shutil.copytree(resources_dir() / "law" / source, law)
        shutil.copytree(resources_dir() / "letters" / source, pack / "letters" / code)
        path = law / "jurisdiction.toml"
        text = path.read_text(encoding="utf-8")
        text = text.replace(f'code = "{source}"', f'code = "{code}"', 1)
        text = text.replace("\nname_en = ", f'\nname_en = "{name}"\n# was: name_en = ', 1)
        path.write_text(text, encoding="utf-8")
        return pack

    def use(self, *packs: Path) -> None:
        import os

        self.monkeypatch.setenv("HABEAS_LAW_PATH", os.pathsep.join(str(p) for p in packs))

    @staticmethod
    def example(code: str, example: str, target: Path) -> Path:
        """An example request of ``examples/`` addressed to ``code`` instead, written to ``target``."""
        import json

        examples = Path(__file__).resolve().parent.parent / "examples"
        data = json.loads((examples / example).read_text(encoding="utf-8"))
        data["jurisdiction"] = code
        target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return target


@pytest.fixture
def law_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LawPackMaker:
    return LawPackMaker(tmp_path, monkeypatch)
