"""``habeas backup`` / ``habeas restore``: the whole local store in one encrypted, checked file.

The file is a short plaintext header followed by an SQLCipher database::

    HABEAS-BACKUP\\n
    {"format": 1, "key": "store", "schema": "0005", "made": "2026-12-03T20:00:00Z",
     "size": 180224, "sha256": "…"}\\n
    <SQLCipher database: size bytes>

* The body is ``sqlcipher_export`` of the store taken in one read transaction (a consistent
  snapshot while the window writes), encrypted either with the store's own key (``"key":
  "store"``: restorable only where that key is, i.e. with the same keyring or passphrase) or with
  a passphrase chosen for the backup (``"key": "passphrase"``: SQLCipher's PBKDF2, for moving
  to another computer). Nothing in the header is personal or secret.
* ``sha256`` and ``size`` cover the body: a truncated or damaged copy is refused with a clear
  message before anything is opened. Deliberate tampering is caught by SQLCipher itself: every
  page carries an HMAC-SHA512 under the key, which the header's checksum cannot forge.
* Written to a 0600 scratch file beside the target, flushed, and renamed into place: a killed
  backup leaves no half file under the chosen name. Never overwrites a file.

Restoring goes only into an empty store (no clients, cases or requests): the body is checked,
re-keyed to the store's key in a scratch file, and renamed over the empty store under the
store's exclusive lock (refused while another program has it open).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from app.errors import InputError, StoreError
from app.i18n import _
from app.paths import PRIVATE_FILE_MODE
from app.store import crypto
from app.store.crypto import CipherKey
from app.store.migrate import known_revisions

log = logging.getLogger(__name__)

MAGIC = b"HABEAS-BACKUP\n"
FORMAT = 1
MAX_HEADER = 4096
CHUNK = 1 << 20
BackupKeyKind = Literal["store", "passphrase"]
CORE_TABLES = ("clients", "cases", "requests")


@dataclass(frozen=True)
class BackupHeader:
    key: BackupKeyKind
    schema: str
    made: str
    size: int
    sha256: str

    def encode(self) -> bytes:
        fields = {"format": FORMAT, "key": self.key, "schema": self.schema, "made": self.made}
        fields |= {"size": self.size, "sha256": self.sha256}
        return MAGIC + json.dumps(fields, sort_keys=True).encode("ascii") + b"\n"


def write_backup(
    store_file: Path, store_key: CipherKey, out: Path, backup_key: CipherKey | None
) -> BackupHeader:
    """Write the backup of the store at ``store_file`` to ``out``; ``backup_key`` None: the store's key.

    Raises StoreError (the store) or InputError (``out`` exists or cannot be written).
    """
    if os.path.lexists(out):
        raise InputError(_("{file} already exists; a backup never overwrites a file.").format(file=out))
    key = backup_key or store_key
    body = out.with_name(f".{out.name}.body")
    final = out.with_name(f".{out.name}.writing")
    try:
        for scratch in (body, final):
            scratch.unlink(missing_ok=True)
        _private_file(body)
        source = crypto.connect(store_file, store_key)
        try:
            schema = crypto.export_to(source, body, key)
        finally:
            source.close()
        digest, size = _digest(body)
        header = BackupHeader(
            key="passphrase" if backup_key is not None else "store",
            schema=schema,
            made=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            size=size,
            sha256=digest,
        )
        _private_file(final)
        with final.open("wb") as target, body.open("rb") as source_file:
            target.write(header.encode())
            while chunk := source_file.read(CHUNK):
                target.write(chunk)
            target.flush()
            os.fsync(target.fileno())
        os.replace(final, out)
        crypto.fsync_folder(out.parent)
    except OSError as exc:
        from app.files import os_error_reason

        raise InputError(
            _("The backup {file} could not be written: {reason}.").format(
                file=out, reason=os_error_reason(exc)
            )
        ) from exc
    finally:
        for scratch in (body, final, *crypto.companions(body)):
            scratch.unlink(missing_ok=True)
    log.info("backup written (%s key, %d bytes)", header.key, size)
    return header


def read_header(file: Path) -> BackupHeader:
    """The header of a backup file; InputError for anything that is not a whole Habeas backup."""
    try:
        with file.open("rb") as handle:
            head = handle.read(MAX_HEADER)
    except OSError as exc:
        from app.files import os_error_reason

        raise InputError(
            _("Cannot read the backup {file}: {reason}.").format(file=file, reason=os_error_reason(exc))
        ) from exc
    not_backup = InputError(_("{file} is not a Habeas backup.").format(file=file))
    if not head.startswith(MAGIC) or b"\n" not in head[len(MAGIC) :]:
        raise not_backup
    line = head[len(MAGIC) : head.index(b"\n", len(MAGIC))]
    try:
        fields = json.loads(line)
        header = BackupHeader(
            key=fields["key"],
            schema=str(fields["schema"]),
            made=str(fields["made"]),
            size=int(fields["size"]),
            sha256=str(fields["sha256"]),
        )
    except (ValueError, KeyError, TypeError):
        raise not_backup from None
    if fields.get("format") != FORMAT or header.key not in ("store", "passphrase"):
        raise InputError(
            _("{file} was written by another version of Habeas (backup format {format}).").format(
                file=file, format=fields.get("format")
            )
        )
    return header


def restore_backup(
    file: Path, store_file: Path, store_key: CipherKey, backup_passphrase: str | None
) -> BackupHeader:
    """Put the backup ``file`` in place of the empty store at ``store_file`` (keyed ``store_key``).

    Raises InputError (not a backup, damaged, wrong passphrase, store not empty) or StoreError.
    """
    header = read_header(file)
    if header.schema not in known_revisions():
        raise InputError(
            _(
                "The backup {file} comes from a newer version of Habeas (schema {schema}). "
                "Please update Habeas."
            ).format(file=file, schema=header.schema)
        )
    if header.key == "passphrase":
        if not backup_passphrase:
            raise InputError(
                _(
                    "The backup {file} is protected by its own passphrase. Give it with "
                    "--backup-passphrase-file FILE or HABEAS_BACKUP_PASSPHRASE, or run the command in a "
                    "terminal to be asked."
                ).format(file=file)
            )
        body_key = CipherKey.from_passphrase(backup_passphrase)
    else:
        body_key = store_key
    body = store_file.with_name(f".{store_file.name}.restore")
    with crypto.rewrite_lock(store_file):
        try:
            _copy_body(file, body, header)
            if not crypto.opens_with(body, body_key):
                if header.key == "passphrase":
                    from app.store.keys import WrongPassphraseError

                    raise WrongPassphraseError(
                        _("The passphrase does not open the backup {file}. Nothing was changed.").format(
                            file=file
                        )
                    )
                raise StoreError(
                    _(
                        "The backup {file} was made with the key of another case store (another computer, "
                        "or a key since changed). Make backups for other computers with "
                        "'habeas backup --passphrase'. Nothing was changed."
                    ).format(file=file)
                )
            _check_empty(store_file, store_key)
            crypto.rewrite_database(body, body_key, store_key, lock=None, locked=True)
            crypto.replace_store(store_file, body, store_key, still_empty=_has_no_cases)
        finally:
            for scratch in (body, *crypto.companions(body), crypto.scratch_of(body)):
                scratch.unlink(missing_ok=True)
    log.info("backup restored (schema %s)", header.schema)
    return header


def _copy_body(file: Path, body: Path, header: BackupHeader) -> None:
    digest = hashlib.sha256()
    size = 0
    _private_file(body)
    with file.open("rb") as source, body.open("wb") as target:
        head = source.read(MAX_HEADER)
        start = head.index(b"\n", len(MAGIC)) + 1
        source.seek(start)
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    if size != header.size or digest.hexdigest() != header.sha256:
        raise InputError(
            _(
                "The backup {file} is damaged or incomplete (its checksum does not match). Nothing was "
                "changed; use another copy."
            ).format(file=file)
        )


def _has_no_cases(connection: object) -> bool:
    execute = connection.execute  # type: ignore[attr-defined]
    tables = {
        str(row[0]) for row in execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    }
    for table in CORE_TABLES:
        if table in tables and execute(f"SELECT count(*) FROM {table}").fetchone()[0]:  # noqa: S608
            return False
    return True


def _check_empty(store_file: Path, store_key: CipherKey) -> None:
    connection = crypto.connect(store_file, store_key)
    try:
        empty = _has_no_cases(connection)
    finally:
        connection.close()
    if not empty:
        raise InputError(
            _(
                "The case store {file} already holds cases: a backup is restored only into an empty store. "
                "Move the store away first (or start with HABEAS_HOME set to an empty folder)."
            ).format(file=store_file)
        )


def _digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _private_file(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE_FILE_MODE))
