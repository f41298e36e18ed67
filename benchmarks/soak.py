"""SIGKILL soak: writers killed at random moments against one store; then nothing corrupt, lost or orphaned.

    .venv/bin/python benchmarks/soak.py                          # 1,000 kills, SQLite, 2 writers at once
    .venv/bin/python benchmarks/soak.py --kills 200 --with-letter
    .venv/bin/python benchmarks/soak.py --postgres "$HABEAS_TEST_POSTGRES_URL"   # a private database

Writers are real ``habeas`` processes (``python -m app``), as a clinic's scripts run them:
``request add`` (a new invented client each time, its case marked by a unique reference),
``request event`` (the next event of a request that was reported stored) and ``import`` (an
export of a few cases into a store of its own, which must end empty or complete). Each is killed
with SIGKILL after a random delay drawn around its usual duration (measured first), so kills land
before, during and after the writes; the rest run to the end. A killed ``request add`` is retried
with the same input, as a script would.

After every kill the store gets ``PRAGMA integrity_check`` (SQLite; ``--check-every`` for less
often), and at the end:

- corrupt stores: integrity_check not "ok", or a store that cannot be opened;
- lost writes: a request or an event whose success was reported (exit 0, id printed) that is not
  in the store; an import reported done whose store is not complete;
- orphans: a client without a case, a case without a request, a request without its letter when
  ``--with-letter`` was used, a partly imported store; duplicates: two cases with the same unique
  reference (a retried add whose first attempt had committed unseen), a second "sent" for one
  request (the one kind the lifecycle records once; other repeated kinds are shown, not counted).

The store's folder is a temporary ``HABEAS_HOME`` (``--home`` to keep it); nothing of the user's
is touched. PostgreSQL: ``--database URL`` of an empty database (the imports then go to SQLite
files, since each needs an empty store of its own).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = "2026-12-01"
# The events a request goes through, in an order the lifecycle accepts, with their options.
CHAIN: tuple[tuple[str, ...], ...] = (
    ("sent", "--date", "2026-03-03", "--method", "registered-mail", "--reference", "RR123456785DE"),
    ("received", "--date", "2026-03-05"),
    ("acknowledged", "--date", "2026-03-10"),
    ("extended", "--date", "2026-03-20", "--until", "2026-05-04"),
    ("answered", "--date", "2026-04-20", "--note", "Auskunft erteilt."),
)
# Event kinds the lifecycle records once per request (a second one is refused): two are a broken rule.
SINGLE_EVENTS = frozenset({"sent"})
GIVEN = ("Jonas", "Mira", "Aylin", "Tomasz", "Greta", "Yusuf", "Lena", "Pavel", "Ines", "Ole")
FAMILY = ("Brenner", "Okafor", "Lindqvist", "Haddad", "Kowalczyk", "Moreau", "Sato", "Ferreira")


@dataclass
class Job:
    """One writer process: what it runs, and what to check when it reports success."""

    kind: str  # add, event, import
    argv: list[str]
    marker: str = ""  # add: the case's unique reference
    request_id: int = 0  # event: the request
    step: int = 0  # event: index into CHAIN
    import_home: Path | None = None  # import: the store it goes into
    attempt: int = 1


@dataclass
class Figures:
    kills: int = 0
    completed: Counter[str] = field(default_factory=Counter)  # kind -> exit 0 runs
    refused: Counter[str] = field(default_factory=Counter)  # kind -> exit 2 (e.g. already recorded)
    failed: Counter[str] = field(default_factory=Counter)  # kind -> exit 1
    failure_messages: Counter[str] = field(default_factory=Counter)
    integrity_checks: int = 0
    corrupt: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    repeats: list[str] = field(default_factory=list)
    partial_imports: list[str] = field(default_factory=list)


class Soak:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.home: Path = args.home or Path(tempfile.mkdtemp(prefix="habeas-soak-"))
        self.work = self.home / "soak-work"
        self.work.mkdir(parents=True, exist_ok=True)
        self.database = args.database or ""
        self.figures = Figures()
        self.examples = [
            json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
            for name in ("de-access", "gb-eng-access", "us-access", "cn-access")
        ]
        self.serial = 0
        self.stored_requests: dict[int, str] = {}  # reported request id -> marker
        self.next_step: dict[int, int] = {}  # request id -> next CHAIN index to record
        self.reported_events: list[tuple[int, int, str]] = []  # (event id, request id, kind)
        self.reported_adds: dict[str, int] = {}  # marker -> request id
        self.with_letter = bool(args.with_letter)
        self.export_file = self.work / "export.json"
        self.durations: dict[str, float] = {}

    # -- running habeas ----------------------------------------------------------------------------
    def env(self, home: Path | None = None) -> dict[str, str]:
        env = dict(os.environ)
        env["HABEAS_HOME"] = str(home or self.home)
        env.pop("HABEAS_DATABASE_URL", None)
        env["LANG"] = "C.UTF-8"
        return env

    def command(self, argv: list[str], database: bool = True) -> list[str]:
        base = [sys.executable, "-m", "app"]
        if database and self.database:
            base += ["--database", self.database]
        return base + argv

    def run(
        self, argv: list[str], home: Path | None = None, database: bool = True
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(argv, database),
            env=self.env(home),
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )

    # -- inputs ------------------------------------------------------------------------------------
    def add_job(self, retry_of: Job | None = None) -> Job:
        if retry_of is not None:
            return Job("add", retry_of.argv, retry_of.marker, attempt=retry_of.attempt + 1)
        self.serial += 1
        marker = f"SOAK-{self.args.seed}-{self.serial:06d}"
        data = json.loads(json.dumps(self.rng.choice(self.examples)))
        # A new invented client each time (the store reuses a client with the same name, number
        # and address), and a unique reference to find the case again.
        data["requester"]["name"] = f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)} {self.serial}"
        data["reference"] = marker
        path = self.work / f"{marker}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        argv = ["request", "add", "--input", str(path)] + (["--with-letter"] if self.with_letter else [])
        return Job("add", argv, marker)

    def event_job(self) -> Job | None:
        open_requests = [rid for rid, step in self.next_step.items() if step < len(CHAIN)]
        if not open_requests:
            return None
        rid = self.rng.choice(open_requests)
        step = self.next_step[rid]
        kind, *options = CHAIN[step]
        argv = ["request", "event", str(rid), kind, *options, "--today", TODAY]
        return Job("event", argv, request_id=rid, step=step)

    def import_job(self) -> Job:
        self.serial += 1
        target = self.work / f"import-{self.serial:06d}"
        target.mkdir()
        return Job("import", ["import", str(self.export_file)], import_home=target)

    def next_job(self) -> Job:
        pick = self.rng.random()
        if pick < 0.1:
            return self.import_job()
        if pick < 0.45:
            job = self.event_job()
            if job is not None:
                return job
        return self.add_job()

    # -- calibration -------------------------------------------------------------------------------
    def prepare(self) -> None:
        """The export the imports read (a few cases of a store of its own), and each command's usual time."""
        source = self.work / "export-source"
        for example in ("de-access", "cn-deletion", "gb-eng-correction"):
            done = self.run(["request", "add", "--input", str(EXAMPLES / f"{example}.json")], source, False)
            if done.returncode != 0:
                sys.exit(f"cannot prepare the export: {done.stderr}")
        self.run(["request", "event", "1", "sent", "--date", "2026-03-03", "--today", TODAY], source, False)
        done = self.run(["export", "--out", str(self.export_file)], source, False)
        if done.returncode != 0:
            sys.exit(f"cannot export: {done.stderr}")
        self.export_counts = {
            k: len(v) for k, v in json.loads(self.export_file.read_text()).items() if isinstance(v, list)
        }
        for kind in ("add", "event", "import"):
            job = (
                self.add_job()
                if kind == "add"
                else self.event_job()
                if kind == "event"
                else self.import_job()
            )
            assert job is not None
            started = time.monotonic()
            process = self.start(job)
            out, err = process.communicate()
            self.durations[kind] = time.monotonic() - started
            self.finish(job, process.returncode, out, err, killed=False)

    # -- one writer --------------------------------------------------------------------------------
    def start(self, job: Job) -> subprocess.Popen[str]:
        database = job.kind != "import"
        return subprocess.Popen(
            self.command(job.argv, database),
            env=self.env(job.import_home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            start_new_session=True,
        )

    def finish(self, job: Job, status: int | None, out: str, err: str, killed: bool) -> Job | None:
        """Record what the writer reported; returns a retry for a killed add."""
        f = self.figures
        if not killed:
            if status == 0:
                f.completed[job.kind] += 1
            elif status == 2:
                f.refused[job.kind] += 1
            else:
                f.failed[job.kind] += 1
                f.failure_messages[re.sub(r"\d+", "N", (err.strip().splitlines() or ["?"])[0])[:100]] += 1
        lines = out.splitlines()
        if job.kind == "add":
            if status == 0 and lines and lines[0].strip().isdigit():
                rid = int(lines[0])
                self.reported_adds[job.marker] = rid
                self.stored_requests[rid] = job.marker
                self.next_step.setdefault(rid, 0)
                return None
            if killed and job.attempt < 3:
                return self.add_job(retry_of=job)
            return None
        if job.kind == "event":
            found = re.search(r"Event (\d+) recorded", out)
            if status == 0 and found:
                self.reported_events.append((int(found.group(1)), job.request_id, CHAIN[job.step][0]))
                self.next_step[job.request_id] = job.step + 1
            elif status == 2 and "already" in err:
                self.next_step[job.request_id] = job.step + 1  # a killed attempt had recorded it
            return None
        if job.kind == "import" and job.import_home is not None:
            self.check_import(job.import_home, reported=status == 0)
        return None

    # -- checks ------------------------------------------------------------------------------------
    def sqlite_file(self, home: Path | None = None) -> Path:
        return (home or self.home) / "data" / "habeas.sqlite3"

    def integrity(self, path: Path) -> str:
        if not path.exists():
            return "ok"  # nothing written yet
        try:
            with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as db:
                return str(db.execute("PRAGMA integrity_check").fetchone()[0])
        except sqlite3.Error as exc:
            return f"cannot open: {exc}"

    def check_integrity(self) -> None:
        if self.database:
            return  # PostgreSQL keeps its own integrity; the end checks still run
        self.figures.integrity_checks += 1
        result = self.integrity(self.sqlite_file())
        if result != "ok":
            self.figures.corrupt.append(f"after kill {self.figures.kills}: {result[:200]}")

    def check_import(self, home: Path, reported: bool) -> None:
        path = self.sqlite_file(home)
        result = self.integrity(path)
        if result != "ok":
            self.figures.corrupt.append(f"import store {home.name}: {result[:200]}")
            return
        if not path.exists():
            if reported:
                self.figures.lost.append(f"import {home.name} reported done, no store")
            return
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as db:
            counts = {
                key: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # fixed table names
                for key, table in (
                    ("clients", "clients"),
                    ("cases", "cases"),
                    ("requests", "requests"),
                    ("events", "request_events"),
                )
            }
        complete = all(counts[k] == self.export_counts.get(k, 0) for k in counts)
        empty = not any(counts.values())
        if reported and not complete:
            self.figures.lost.append(f"import {home.name} reported done but holds {counts}")
        elif not complete and not empty:
            self.figures.partial_imports.append(f"import {home.name}: {counts}")
        shutil.rmtree(home, ignore_errors=True)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if not self.database:
            with contextlib.closing(
                sqlite3.connect(f"file:{self.sqlite_file()}?mode=ro", uri=True, timeout=30)
            ) as db:
                return [tuple(row) for row in db.execute(sql).fetchall()]
        from sqlalchemy import create_engine, text

        engine = create_engine(self.database)
        try:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(sql))]
        finally:
            engine.dispose()

    def final_checks(self) -> None:
        f = self.figures
        if not self.database:
            result = self.integrity(self.sqlite_file())
            f.integrity_checks += 1
            if result != "ok":
                f.corrupt.append(f"at the end: {result[:200]}")
                return
        requests = {row[0]: row[1] for row in self.query("SELECT id, case_id FROM requests")}
        references = self.query("SELECT id, reference FROM cases")
        events = {
            row[0]: (row[1], row[2]) for row in self.query("SELECT id, request_id, kind FROM request_events")
        }
        for marker, rid in self.reported_adds.items():
            if rid not in requests:
                f.lost.append(f"request {rid} ({marker}) reported stored, not in the store")
        for event_id, rid, kind in self.reported_events:
            if events.get(event_id) != (rid, kind):
                f.lost.append(
                    f"event {event_id} ({kind} of request {rid}) reported recorded, not in the store"
                )
        for (client,) in self.query("SELECT id FROM clients WHERE id NOT IN (SELECT client_id FROM cases)"):
            f.orphans.append(f"client {client} has no case")
        for (case,) in self.query("SELECT id FROM cases WHERE id NOT IN (SELECT case_id FROM requests)"):
            f.orphans.append(f"case {case} has no request")
        if self.with_letter:
            for (rid,) in self.query(
                "SELECT id FROM requests WHERE id NOT IN "
                "(SELECT request_id FROM letters WHERE kind = 'request')"
            ):
                f.orphans.append(f"request {rid} has no letter (--with-letter)")
        for reference, count in Counter(ref for _id, ref in references if ref.startswith("SOAK-")).items():
            if count > 1:
                f.duplicates.append(f"{count} cases with reference {reference} (a retried add)")
        for (rid, kind), count in Counter(events.values()).items():
            if count > 1 and kind in SINGLE_EVENTS:
                f.duplicates.append(f"request {rid}: {count} events {kind}")
            elif count > 1:
                # The lifecycle lets these repeat (a second extension notice): a killed attempt
                # that committed unseen, then the next one. Shown, not counted.
                f.repeats.append(f"request {rid}: {count} events {kind}")
        self.total_rows = {
            table: self.query(f"SELECT COUNT(*) FROM {table}")[0][0]  # fixed table names
            for table in ("clients", "authorities", "cases", "requests", "request_events", "letters")
        }

    # -- the soak ----------------------------------------------------------------------------------
    def soak(self) -> None:
        args = self.args
        running: list[tuple[Job, subprocess.Popen[str], float]] = []  # job, process, kill at
        queue: list[Job] = []
        started = time.monotonic()
        while self.figures.kills < args.kills or running:
            while len(running) < args.writers and self.figures.kills < args.kills:
                job = queue.pop(0) if queue else self.next_job()
                usual = self.durations[job.kind]
                # Mostly while it works; now and then before it starts writing or after it is done.
                delay = (
                    self.rng.uniform(0.2 * usual, 1.3 * usual)
                    if self.rng.random() < args.kill_share
                    else None
                )
                process = self.start(job)
                running.append(
                    (job, process, time.monotonic() + delay if delay is not None else float("inf"))
                )
            time.sleep(0.01)
            for entry in list(running):
                job, process, kill_at = entry
                now = time.monotonic()
                if process.poll() is None and now >= kill_at:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    out, err = process.communicate()
                    running.remove(entry)
                    self.figures.kills += 1
                    retry = self.finish(job, None, out, err, killed=True)
                    if retry is not None:
                        queue.append(retry)
                    if self.figures.kills % args.check_every == 0:
                        self.check_integrity()
                    if self.figures.kills % 100 == 0:
                        print(f"  {self.figures.kills} kills, {time.monotonic() - started:.0f} s", flush=True)
                elif process.poll() is not None:
                    out, err = process.communicate()
                    running.remove(entry)
                    self.finish(job, process.returncode, out, err, killed=False)
        self.wall = time.monotonic() - started

    def report(self) -> int:
        f = self.figures
        backend = "PostgreSQL" if self.database else "SQLite"
        letter = ", --with-letter" if self.with_letter else ""
        print(
            f"\nSIGKILL soak: {backend} store, {self.args.writers} writers at once{letter}, "
            f"seed {self.args.seed}, {self.wall:.0f} s"
        )
        print("  usual durations: " + ", ".join(f"{k} {v:.2f} s" for k, v in self.durations.items()))
        print(f"  kills: {f.kills:,}")
        print("  completed (exit 0): " + ", ".join(f"{k} {v:,}" for k, v in sorted(f.completed.items())))
        print("  refused (exit 2): " + (", ".join(f"{k} {v:,}" for k, v in sorted(f.refused.items())) or "0"))
        print("  failed (exit 1): " + (", ".join(f"{k} {v:,}" for k, v in sorted(f.failed.items())) or "0"))
        for message, n in f.failure_messages.most_common(5):
            print(f"      {n:>5} x {message}")
        adds, events = len(self.reported_adds), len(self.reported_events)
        print(f"  reported writes checked: {adds:,} requests, {events:,} events")
        print("  rows at the end: " + ", ".join(f"{k} {v:,}" for k, v in self.total_rows.items()))
        print(f"  integrity checks: {f.integrity_checks:,}   corrupt stores: {len(f.corrupt)}")
        print(f"  lost writes: {len(f.lost)}")
        print(f"  orphans: {len(f.orphans)}   partial imports: {len(f.partial_imports)}")
        print(f"  duplicates: {len(f.duplicates)}   repeated events the lifecycle allows: {len(f.repeats)}")
        for title, items in (
            ("corrupt", f.corrupt),
            ("lost", f.lost),
            ("orphans", f.orphans),
            ("partial imports", f.partial_imports),
            ("duplicates", f.duplicates),
            ("repeated", f.repeats),
        ):
            for item in items[:10]:
                print(f"    {title}: {item}")
        print(f"  store: {self.home}" if self.args.home else "")
        bad = f.corrupt or f.lost or f.orphans or f.partial_imports or f.duplicates
        return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=1_000, help="writers to kill (default 1,000)")
    parser.add_argument("--writers", type=int, default=2, help="writers running at once (default 2)")
    parser.add_argument("--kill-share", type=float, default=0.8, help="share of writers killed (default 0.8)")
    parser.add_argument(
        "--check-every", type=int, default=1, help="integrity_check every N kills (default 1)"
    )
    parser.add_argument("--with-letter", action="store_true", help="request add --with-letter")
    parser.add_argument(
        "--database",
        default="",
        help="a PostgreSQL URL of an empty database (default: SQLite in the soak's home)",
    )
    parser.add_argument(
        "--postgres",
        metavar="ADMIN_URL",
        default="",
        help="make a private database on this server for the run and drop it afterwards, e.g. "
        '"$HABEAS_TEST_POSTGRES_URL" (what CI sets)',
    )
    parser.add_argument(
        "--home", type=Path, help="keep the store here (default: a temporary folder, removed)"
    )
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    with private_database(args.postgres) as url:
        if url:
            args.database = url
        soak = Soak(args)
        try:
            soak.prepare()
            soak.soak()
            soak.final_checks()
            return soak.report()
        finally:
            if args.home is None:
                shutil.rmtree(soak.home, ignore_errors=True)


@contextlib.contextmanager
def private_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for the run (dropped afterwards), or "" without a server."""
    if not admin_url:
        yield ""
        return
    import uuid

    from sqlalchemy import create_engine, make_url, text

    admin = make_url(admin_url).set(drivername="postgresql+psycopg")
    name = f"habeas_soak_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
