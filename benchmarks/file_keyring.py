"""A keyring backend in one JSON file, for the encryption soak: shared by processes, written atomically.

Used through ``PYTHON_KEYRING_BACKEND=file_keyring.FileKeyring`` with this folder on PYTHONPATH
and ``HABEAS_SOAK_KEYRING=/path/keyring.json``. Keystore counts it as secure (it is not one of the
known plaintext backends): it stands in for the OS keyring, whose writes are atomic too. Never for
real secrets: the file is plain JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _file(self) -> Path:
        return Path(os.environ["HABEAS_SOAK_KEYRING"])

    def _read(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self._file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data

    def _write(self, data: dict[str, str]) -> None:
        scratch = self._file.with_suffix(f".{os.getpid()}.tmp")
        with scratch.open("w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(scratch, self._file)

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service}\x1f{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._read()
        data[f"{service}\x1f{username}"] = password
        self._write(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._read()
        if data.pop(f"{service}\x1f{username}", None) is not None:
            self._write(data)
