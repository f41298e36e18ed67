"""SIGKILL soak for the store's encryption (issue 14): first-start migration and key rotation killed
at random moments; afterwards the store must open, with all its data, under one of its keys.

    .venv/bin/python benchmarks/encryption_soak.py                 # 240 kills, 3 kinds in turn
    .venv/bin/python benchmarks/encryption_soak.py --kills 60 --padding-mb 40

Each round runs a real ``habeas`` process (``python -m app``) and kills it with SIGKILL after a
random delay drawn between 30 % and 110 % of that command's usual duration (measured first, so
kills land in start-up, in the export, around the rename and after it):

- ``encrypt``: a plaintext store of an older Habeas (with a plaintext automatic backup) is put in
  place and ``habeas store encrypt`` runs (key made in the keyring, store and backup rewritten);
- ``rekey``: ``habeas store rekey`` rotates the keyring key (pending entry, store, backups, entry);
- ``passphrase``: ``habeas store rekey --passphrase`` changes a passphrase (no keyring).

The keyring is a JSON file shared by the processes (``file_keyring.py``, atomic writes). After
each kill the next start must cope: ``habeas request list`` (not killed) must exit 0 and list
exactly the requests of the template, and every table's rows must be there (a padding table of
random text makes the store large enough for the rewrite to take a while). Findings:

- lost: no store file at the store's name;
- unreadable: ``request list`` fails, or lists other requests, or a table lost rows;
- leftovers: a scratch file still there after that start;
- plaintext: after a completed start the store (or an automatic backup) is still plaintext.

Prints the figures; exits 1 on any finding. Nothing of the user's is touched (a temporary home).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.store import crypto  # noqa: E402
from app.store.crypto import CipherKey  # noqa: E402

EXAMPLES = ROOT / "examples"
PASSPHRASES = ("first soak passphrase", "second soak passphrase")
KINDS = ("encrypt", "rekey", "passphrase")


def environment(home: Path, keyring_file: Path | None, passphrase: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HABEAS_")}
    env |= {"HABEAS_HOME": str(home), "LANG": "C.UTF-8"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT)])
    if keyring_file is not None:
        env |= {
            "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
            "HABEAS_SOAK_KEYRING": str(keyring_file),
        }
    else:
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if passphrase is not None:
        env["HABEAS_PASSPHRASE"] = passphrase
    return env


def run(
    home: Path, keyring_file: Path | None, *argv: str, passphrase: str | None = None, new: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = environment(home, keyring_file, passphrase)
    if new is not None:
        env["HABEAS_NEW_PASSPHRASE"] = new
    return subprocess.run(
        [sys.executable, "-m", "app", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )


def make_template(folder: Path, padding_mb: int) -> tuple[Path, str, dict[str, int]]:
    """A plaintext store of an older Habeas: three requests, a plaintext automatic backup, padding."""
    home = folder / "build"
    for example in ("de-access.json", "cn-access.json", "gb-eng-access.json"):
        done = run(
            home, None, "request", "add", "--input", str(EXAMPLES / example), passphrase=PASSPHRASES[0]
        )
        assert done.returncode == 0, done.stderr
    encrypted = home / "data" / "habeas.sqlite3"
    plain = folder / "template.sqlite3"
    source = crypto.connect(encrypted, CipherKey.from_passphrase(PASSPHRASES[0]))
    source.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    source.execute("SELECT sqlcipher_export('plain')")
    source.execute("DETACH DATABASE plain")
    source.close()
    rng = random.Random(7)
    with sqlite3.connect(plain) as db:
        db.execute("CREATE TABLE soak_padding (text TEXT NOT NULL)")
        rows = padding_mb * 1024
        db.executemany(
            "INSERT INTO soak_padding VALUES (?)",
            (("".join(rng.choices("abcdefghijklmnopqrstuvwxyz ", k=1000)),) for _ in range(rows)),
        )
    db.close()
    backup = folder / "template-backup.sqlite3"
    shutil.copy(plain, backup)
    listing = run(home, None, "request", "list", passphrase=PASSPHRASES[0]).stdout
    return plain, listing, counts(sqlite3.connect(plain))


def counts(connection: Any) -> dict[str, int]:
    tables = [
        r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    ]
    result = {
        t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if "fts" not in t
    }
    connection.close()
    return result


class Soak:
    def __init__(self, folder: Path, template: Path, listing: str, expected: dict[str, int]) -> None:
        self.folder = folder
        self.template = template
        self.listing = listing
        self.expected = expected
        self.findings: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.home = folder / "home"
        self.keyring = folder / "keyring.json"
        self.passphrase = PASSPHRASES[0]

    @property
    def database(self) -> Path:
        return self.home / "data" / "habeas.sqlite3"

    def fresh_plaintext(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)
        self.keyring.unlink(missing_ok=True)
        self.database.parent.mkdir(parents=True)
        shutil.copy(self.template, self.database)
        shutil.copy(
            self.folder / "template-backup.sqlite3",
            self.database.with_name("habeas.sqlite3.before-0001-20260101T000000Z.bak"),
        )

    def command(self, kind: str) -> tuple[list[str], dict[str, str]]:
        if kind == "passphrase":
            new = PASSPHRASES[1] if self.passphrase == PASSPHRASES[0] else PASSPHRASES[0]
            env = environment(self.home, None, self.passphrase)
            env["HABEAS_NEW_PASSPHRASE"] = new
            return [sys.executable, "-m", "app", "store", "rekey", "--passphrase"], env
        env = environment(self.home, self.keyring, None)
        action = ["store", "encrypt"] if kind == "encrypt" else ["store", "rekey"]
        return [sys.executable, "-m", "app", *action], env

    def prepare(self, kind: str) -> None:
        if kind == "encrypt":
            self.fresh_plaintext()
        elif kind == "rekey":
            if not self.keyring.exists() or not self.database.exists():
                self.fresh_plaintext()
                self.check(None)  # encrypted with a keyring key
        elif kind == "passphrase":
            self.fresh_plaintext()
            self.passphrase = PASSPHRASES[0]
            done = run(self.home, None, "store", "encrypt", passphrase=self.passphrase)
            assert done.returncode == 0, done.stderr

    def duration(self, kind: str) -> float:
        self.prepare(kind)
        argv, env = self.command(kind)
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        if kind == "passphrase":
            self.passphrase = env["HABEAS_NEW_PASSPHRASE"]
        return time.perf_counter() - start

    def kill_round(self, kind: str, usual: float, rng: random.Random) -> None:
        self.prepare(kind)
        argv, env = self.command(kind)
        process = subprocess.Popen(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
        )
        delay = usual * rng.uniform(0.3, 1.1)
        try:
            process.wait(timeout=delay)
            self.outcomes["finished before the kill"] += 1
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            self.outcomes["killed"] += 1
            self.where_killed(kind)
        self.check(kind, new_passphrase=env.get("HABEAS_NEW_PASSPHRASE"))

    def where_killed(self, kind: str) -> None:
        """What a kill left for the next start, to show that kills landed in the rewrite."""
        if crypto.has_leftovers(self.database):
            self.outcomes["kill left a partial scratch file"] += 1
        if kind == "encrypt" and crypto.file_state(self.database) == "plain":
            self.outcomes["encrypt killed before its rename"] += 1
        if kind == "rekey" and self.keyring.exists():
            entries = json.loads(self.keyring.read_text(encoding="utf-8"))
            if any("store-key-next:" in name for name in entries):
                self.outcomes["rekey killed with its new key pending"] += 1

    def check(self, kind: str | None, new_passphrase: str | None = None) -> None:
        if not self.database.exists():
            self.findings["lost"] += 1
            return
        if kind == "passphrase":
            opened = [
                p for p in PASSPHRASES if crypto.opens_with(self.database, CipherKey.from_passphrase(p))
            ]
            if not opened:
                self.findings["unreadable"] += 1
                return
            self.passphrase = opened[0]
            self.outcomes[f"opens with the {'new' if opened[0] == new_passphrase else 'old'} passphrase"] += 1
            done = run(self.home, None, "request", "list", passphrase=self.passphrase)
        else:
            done = run(self.home, self.keyring, "request", "list")
        if done.returncode != 0 or done.stdout != self.listing:
            self.findings["unreadable"] += 1
            print(
                f"  unreadable after {kind}: exit {done.returncode}: {done.stderr.strip()[:300]}",
                file=sys.stderr,
            )
            return
        if crypto.has_leftovers(self.database):
            self.findings["leftovers"] += 1
        files = [self.database, *self.database.parent.glob("habeas.sqlite3.before-*.bak")]
        if any(crypto.file_state(f) == "plain" for f in files):
            self.findings["plaintext"] += 1
        key = self.current_key()
        if key is None:
            self.findings["unreadable"] += 1
            return
        connection = crypto.connect(self.database, key)
        found = counts(connection)
        if any(found.get(t, -1) < n for t, n in self.expected.items() if t != "alembic_version"):
            self.findings["unreadable"] += 1

    def current_key(self) -> CipherKey | None:
        if not self.keyring.exists() or crypto.opens_with(
            self.database, CipherKey.from_passphrase(self.passphrase)
        ):
            return CipherKey.from_passphrase(self.passphrase)
        entries = json.loads(self.keyring.read_text(encoding="utf-8"))
        for name, value in entries.items():
            if name.endswith(f"store-key:{self.database.resolve()}"):
                return CipherKey.from_hex(value)
        return None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=240)
    parser.add_argument("--padding-mb", type=int, default=24, help="random text added to the store (MB)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="habeas-encryption-soak-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        template, listing, expected = make_template(folder, args.padding_mb)
        soak = Soak(folder, template, listing, expected)
        size = template.stat().st_size / 1e6
        # The median of three runs: one slow run on a shared machine must not push every kill past the end.
        usual = {kind: statistics.median(soak.duration(kind) for _ in range(3)) for kind in KINDS}
        print(
            f"store {size:.1f} MB; usual durations: " + ", ".join(f"{k} {v:.2f} s" for k, v in usual.items())
        )
        for number in range(args.kills):
            kind = KINDS[number % len(KINDS)]
            soak.kill_round(kind, usual[kind], rng)
            if (number + 1) % 30 == 0:
                print(f"  {number + 1} rounds, findings so far: {dict(soak.findings) or 'none'}", flush=True)
        elapsed = time.perf_counter() - started
    print(f"rounds: {args.kills} ({', '.join(f'{k}: {v}' for k, v in sorted(soak.outcomes.items()))})")
    print(
        f"lost stores: {soak.findings['lost']}, unreadable: {soak.findings['unreadable']}, "
        f"leftover scratch files: {soak.findings['leftovers']}, still plaintext: {soak.findings['plaintext']}"
    )
    print(f"elapsed: {elapsed:.0f} s")
    return 1 if sum(soak.findings.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
