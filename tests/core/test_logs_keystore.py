from __future__ import annotations

import logging
from pathlib import Path

import keyring.backends.fail

from app.keystore import Keystore
from app.logs import setup_logging


def test_log_file_masks_personal_data(tmp_path: Path) -> None:
    log_file = tmp_path / "habeas.log"
    handler = setup_logging(log_file)
    try:
        logging.getLogger("app.test").warning(
            "sent to %s, id %s, phone %s", "wang.fang@example.org", "11010519491231002X", "+86 10 1234 5678"
        )
    finally:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "wang.fang@example.org" not in text
    assert "11010519491231002X" not in text
    assert "1234 5678" not in text
    assert "[redacted]" in text


def test_second_setup_replaces_the_file_handler(tmp_path: Path) -> None:
    setup_logging(tmp_path / "a.log")
    setup_logging(tmp_path / "b.log")
    names = [h for h in logging.getLogger("app").handlers if h.get_name() == "habeas-file"]
    assert len(names) == 1


def test_keystore_uses_a_secure_backend(memory_keyring: object) -> None:
    store = Keystore()
    assert store.info().secure
    assert store.set("postgres", "pw")
    assert store.get("postgres") == "pw"


def test_keystore_refuses_to_store_without_a_secure_backend() -> None:
    store = Keystore(keyring.backends.fail.Keyring())
    info = store.info()
    assert not info.secure
    assert "fail" in info.backend
    assert store.set("postgres", "pw") is False
    assert store.get("postgres") is None
