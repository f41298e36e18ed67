"""Faults outside Habeas (a read-only home, a log that cannot be written, a full disk) are clear
messages with exit 1, never a traceback; what Habeas writes for the user is private (0700/0600).

Tests run as root, where permissions do not stop writes: a home below a regular file (ENOTDIR), a
log file that is a folder (EISDIR) and a settings file that is a folder are real failures; a
read-only disk, a full disk and a refused permission are raised by a patched ``os`` call, at the
call that would fail on a real one.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from app.cli.main import main
from app.files import FileWriteError, write_atomically
from app.logs import setup_logging, start_logging
from app.paths import app_paths, make_private_dir
from app.settings import Settings, SettingsError, load_settings, save_settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEADLINE = ["deadline", "--jurisdiction", "CN", "--working-days", "10", "--from", "2026-03-02"]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual desktop umask, under which a plain mkdir/open makes 0755/0644."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture(autouse=True)
def _detach_log_handler() -> Iterator[None]:
    """main() attaches a handler to the ``app`` logger; leave the logger as it was found."""
    logger = logging.getLogger("app")
    before = list(logger.handlers)
    yield
    for handler in [h for h in logger.handlers if h not in before]:
        logger.removeHandler(handler)
        handler.close()


def _raise_for(monkeypatch: pytest.MonkeyPatch, target: str, under: Path, code: int) -> None:
    """Make ``target`` (e.g. ``os.mkdir``) fail with ``code`` for any path below ``under``."""
    module_name, name = target.rsplit(".", 1)
    module = sys.modules[module_name]
    real = getattr(module, name)

    def failing(path: object, *args: object, **kwargs: object) -> object:
        if str(path).startswith(str(under)):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, name, failing)


def _replace_handler(monkeypatch: pytest.MonkeyPatch, handler: Callable[..., int]) -> None:
    """The command line is parsed as usual, then ``handler`` runs instead of the command."""
    import app.cli.main as cli_main

    real_parser = cli_main.build_parser

    class Parser:
        def parse_args(self, argv: Sequence[str] | None) -> argparse.Namespace:
            args = real_parser().parse_args(argv)
            args.handler = handler
            return args

    monkeypatch.setattr(cli_main, "build_parser", Parser)


# -- a home or log folder that cannot be written --------------------------------------------------


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HABEAS_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_a_home_that_cannot_be_made_still_computes_a_deadline(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = _run(blocker / "home", *DEADLINE)
    assert result.returncode == 0, result.stderr
    assert "2026-03-16" in result.stdout
    assert result.stderr == ""  # no traceback, and no logging noise in place of the log


def test_a_home_that_cannot_be_made_names_the_folder_when_the_store_is_needed(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = _run(blocker / "home", "request", "list")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert str(blocker / "home" / "data") in result.stderr
    assert result.stderr.startswith("Error: ")


def test_a_read_only_home(
    habeas_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _raise_for(monkeypatch, "os.mkdir", habeas_home, errno.EROFS)
    assert main(DEADLINE) == 0
    assert capsys.readouterr().err == ""
    assert main(["request", "list"]) == 1
    err = capsys.readouterr().err
    data_dir = app_paths().data_dir
    assert err.strip() == (
        f"Error: Cannot create the folder {data_dir} for the database: the disk is read-only."
    )
    assert not habeas_home.exists()


def test_a_log_that_cannot_be_opened_means_no_log_not_a_failure(
    habeas_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = app_paths()
    paths.log_file.mkdir(parents=True)  # a folder where the log file should be: EISDIR on open
    assert main(DEADLINE) == 0
    assert main(["request", "list"]) == 0  # the store is fine; only the log is missing
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "No requests yet." in captured.out


def test_without_a_log_the_unexpected_error_does_not_point_to_one(
    habeas_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app_paths().log_file.mkdir(parents=True)

    def broken(*_args: object) -> int:
        raise RuntimeError("a bug")

    _replace_handler(monkeypatch, broken)
    assert main(DEADLINE) == 1
    assert capsys.readouterr().err.strip() == "Unexpected error (RuntimeError)."


def test_start_logging_falls_back_to_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log_file = tmp_path / "logs" / "habeas.log"
    log_file.mkdir(parents=True)
    assert start_logging(log_file) is None
    logging.getLogger("app.test").warning("nobody hears this")
    assert capsys.readouterr().err == ""  # not even Python's last-resort handler


def test_a_log_that_fills_the_disk_later_stays_silent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = setup_logging(tmp_path / "habeas.log")

    class FullDisk:
        def write(self, _text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def flush(self) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    assert isinstance(handler, logging.StreamHandler)
    handler.stream.close()
    handler.stream = FullDisk()
    logging.getLogger("app.test").warning("lost, quietly")
    err = capsys.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err


def test_unreadable_settings_are_an_error_not_defaults(
    habeas_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Defaults would open the local file instead of the clinic's server the settings name.
    settings_file = app_paths().settings_file
    settings_file.mkdir(parents=True)  # EISDIR on read
    with pytest.raises(SettingsError, match="Cannot read the settings file"):
        load_settings(settings_file)
    assert main(DEADLINE) == 1
    err = capsys.readouterr().err
    assert f"Cannot read the settings file {settings_file}" in err and "Traceback" not in err


# -- writing files on a full, read-only or forbidden disk ------------------------------------------


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EDQUOT, "the disk quota is used up"),
        (errno.EROFS, "the disk is read-only"),
        (errno.EACCES, "permission denied"),
    ],
)
@pytest.mark.parametrize("failing_call", ["app.files.os.fsync", "app.files.tempfile.mkstemp"])
def test_a_failed_write_names_the_file_and_the_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str, failing_call: str
) -> None:
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"the previous letter")

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(failing_call, fail)
    with pytest.raises(FileWriteError) as info:
        write_atomically(target, b"%PDF new")
    assert str(info.value) == f"Cannot write {target}: {reason}."
    assert isinstance(info.value, OSError) and info.value.errno == code
    assert info.value.strerror == reason  # what the window's "could not be saved: …" shows
    assert target.read_bytes() == b"the previous letter"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]  # no partial file


def test_letter_out_on_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def full_disk(_fd: int) -> None:
        # Where a full disk often shows first: delayed allocation (ext4, XFS) and NFS report at fsync.
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("app.files.os.fsync", full_disk)
    status = main(["letter", "--input", str(EXAMPLES / "cn-access.json"), "--out", str(out / "letter.pdf")])
    err = capsys.readouterr().err
    assert status == 1
    assert err.strip() == f"Error: Cannot write {out / 'letter.pdf'}: the disk is full."
    assert list(out.iterdir()) == []  # nothing half-written left behind


def test_an_oserror_nobody_translated_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def out_of_space(*_args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/somewhere/file.ics")

    _replace_handler(monkeypatch, out_of_space)
    assert main(DEADLINE) == 1
    assert capsys.readouterr().err.strip() == (
        "Error: Cannot read or write /somewhere/file.ics: the disk is full."
    )


def test_saving_settings_on_a_read_only_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_dir = tmp_path / "config"
    _raise_for(monkeypatch, "os.mkdir", config_dir, errno.EROFS)
    with pytest.raises(FileWriteError) as info:
        save_settings(config_dir / "settings.json", Settings(language="de"))
    assert str(info.value) == f"Cannot write {config_dir / 'settings.json'}: the disk is read-only."


# -- private by default -----------------------------------------------------------------------


@pytest.mark.usefixtures("umask_022")
def test_folders_are_made_private_and_repaired(habeas_home: Path) -> None:
    paths = app_paths()
    paths.data_dir.mkdir(parents=True, mode=0o755)  # made by hand, or by an older version
    paths.data_dir.chmod(0o755)
    paths.ensure()
    for directory in (paths.data_dir, paths.config_dir, paths.log_dir):
        assert _mode(directory) == 0o700, directory


@pytest.mark.usefixtures("umask_022")
def test_missing_parents_are_private_too(tmp_path: Path) -> None:
    make_private_dir(tmp_path / "new" / "deeper" / "logs")
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper", tmp_path / "new" / "deeper" / "logs"):
        assert _mode(folder) == 0o700


@pytest.mark.usefixtures("umask_022")
def test_the_log_and_its_rotations_are_private(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "habeas.log"
    log_file.parent.mkdir()
    (tmp_path / "logs" / "habeas.log.1").write_text("an older log\n")
    (tmp_path / "logs" / "habeas.log.1").chmod(0o644)
    handler = setup_logging(log_file)
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    logging.getLogger("app.test").warning("first")
    handler.doRollover()
    logging.getLogger("app.test").warning("second")
    handler.flush()
    assert _mode(log_file.parent) == 0o700
    for name in ("habeas.log", "habeas.log.1", "habeas.log.2"):
        assert _mode(log_file.parent / name) == 0o600, name


@pytest.mark.usefixtures("umask_022")
def test_a_settings_file_copied_in_is_made_private(
    habeas_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings_file = app_paths().settings_file
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text('{"language": "de"}', encoding="utf-8")
    settings_file.chmod(0o644)
    assert main(DEADLINE) == 0
    capsys.readouterr()
    assert _mode(settings_file) == 0o600
    assert _mode(settings_file.parent) == 0o700
    save_settings(settings_file, Settings(language="en"))
    assert _mode(settings_file) == 0o600


@pytest.mark.usefixtures("umask_022")
def test_a_fresh_home_is_private_throughout(habeas_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["request", "list"]) == 0
    capsys.readouterr()
    paths = app_paths()
    for directory in (paths.data_dir, paths.config_dir, paths.log_dir):
        assert _mode(directory) == 0o700
    assert _mode(paths.database_file) == 0o600
    assert _mode(paths.log_file) == 0o600
