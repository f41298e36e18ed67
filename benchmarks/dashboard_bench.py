"""The deadline dashboard at clinic scale: ``habeas deadlines`` and the in-process query, against floors.

    python benchmarks/make_store.py --cases 10000 --events-per-case 20 --home /tmp/clinic-10k
    python benchmarks/dashboard_bench.py --home /tmp/clinic-10k [--repeat 5] [--within 7]

Two comparisons, each floor measured in the same run and interleaved with the measurement
(floor, measurement, floor, measurement, …), medians printed with their ratio:

1. ``habeas deadlines --within 7 --today AS_OF`` as a subprocess of the venv's ``habeas`` with
   HABEAS_HOME=DIR: wall time and peak RSS (the child's own, from wait4), against the same command
   on an empty, already migrated store (the floor: interpreter, imports, law data, opening the store).
2. In this process, ``CaseworkService(store, kb).deadlines(AS_OF, within_days=7)`` (what the
   dashboard and the command compute) against a raw-sqlite3 floor that reads the same rows: the
   requests of open cases with their authority, and their events, ordered as the store reads them.
   The first call of the process is shown on its own (cold caches).

AS_OF is the "as of" date make_store.py recorded (``--today`` overrides it), so a store gives the
same figures whatever day the benchmark runs. The issue's targets are printed next to the figures;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import benchkit  # noqa: E402
from benchkit import ratio, spread, verdict  # noqa: E402

DASHBOARD_TARGET_MS = 100
CLI_TARGET_RATIO = 1.5
CLI_RSS_TARGET_MB = 250

FLOOR_REQUESTS = """
SELECT r.*, a.* FROM requests r JOIN cases c ON c.id = r.case_id
LEFT JOIN authorities a ON a.id = r.authority_id
WHERE NOT c.closed ORDER BY r.id
"""
FLOOR_EVENTS = """
SELECT e.* FROM request_events e JOIN requests r ON r.id = e.request_id JOIN cases c ON c.id = r.case_id
WHERE NOT c.closed ORDER BY e.request_id, e.date, e.id
"""


def raw_floor(database: Path) -> int:
    """Read the dashboard's rows with nothing but sqlite3 (no ORM, no records, no law)."""
    connection = benchkit.raw_connect(database)
    try:
        requests = connection.execute(FLOOR_REQUESTS).fetchall()
        events = connection.execute(FLOOR_EVENTS).fetchall()
    finally:
        connection.close()
    return len(requests) + len(events)


def cli_comparison(home: Path, today: date, within: int, repeat: int, law_root: Path | None) -> None:
    argv = benchkit.habeas_argv(law_root, "deadlines", "--within", str(within), "--today", today.isoformat())
    with tempfile.TemporaryDirectory(prefix="habeas-empty-") as empty:
        empty_env, store_env = benchkit.child_env(Path(empty)), benchkit.child_env(home)
        # Untimed: migrate the empty store, and bring both homes' files into the page cache.
        benchkit.run_child(argv, empty_env)
        listed = benchkit.run_child(argv, store_env)
        floor, measured = [], []
        for _ in range(repeat):
            floor.append(benchkit.run_child(argv, empty_env))
            measured.append(benchkit.run_child(argv, store_env))
    lines = [line for line in listed.stdout.splitlines() if line.strip()]
    overdue = sum(1 for line in lines if "OVERDUE" in line)
    floor_wall = benchkit.median([r.wall for r in floor])
    wall = benchkit.median([r.wall for r in measured])
    rss = max(r.peak_rss_mb for r in measured)
    floor_rss = max(r.peak_rss_mb for r in floor)
    print(
        f"habeas deadlines --within {within} --today {today}  ({len(lines)} lines listed, {overdue} overdue)"
    )
    print(f"  empty store (floor):  {spread([r.wall for r in floor], 1, 's')}   peak RSS {floor_rss:6.0f} MB")
    print(f"  this store:           {spread([r.wall for r in measured], 1, 's')}   peak RSS {rss:6.0f} MB")
    print(
        f"  ratio to the floor:   {ratio(wall, floor_wall)}   target ≤ {CLI_TARGET_RATIO}× at 10k cases: "
        f"{verdict(wall / floor_wall <= CLI_TARGET_RATIO)}"
    )
    print(
        f"  peak RSS:             {rss:6.0f} MB   target ≤ {CLI_RSS_TARGET_MB} MB: "
        f"{verdict(rss <= CLI_RSS_TARGET_MB)}"
    )
    if listed.stderr.strip():
        warnings = [line for line in listed.stderr.splitlines() if line.startswith("Warning")]
        print(f"  stderr: {len(warnings)} warning lines, e.g. {warnings[:1]}")


def in_process_comparison(home: Path, today: date, within: int, repeat: int) -> None:
    os.environ["HABEAS_HOME"] = str(home)
    os.environ["HABEAS_PASSPHRASE"] = benchkit.PASSPHRASE
    os.environ.pop("HABEAS_DATABASE_URL", None)
    begin = time.perf_counter()
    from app import bootstrap
    from app.services import CaseworkService

    env = bootstrap.load_environment()
    kb = env.knowledge_base()
    store = bootstrap.open_store(env)
    service = CaseworkService(store, kb)
    setup = time.perf_counter() - begin
    database = benchkit.database_file(home)
    try:
        floor, measured = [], []
        first_floor_t = time.perf_counter()
        floor_rows = raw_floor(database)
        first_floor = time.perf_counter() - first_floor_t
        t0 = time.perf_counter()
        report = service.deadlines(today, within_days=within)
        first = time.perf_counter() - t0
        for _ in range(repeat):
            t0 = time.perf_counter()
            raw_floor(database)
            floor.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            report = service.deadlines(today, within_days=within)
            measured.append(time.perf_counter() - t0)
    finally:
        store.close()
    overdue = sum(1 for row in report.rows if row.deadline.is_overdue(today))
    median_ms = benchkit.median(measured) * 1000
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"CaseworkService.deadlines(today, within_days={within}), in process "
        f"(imports, law data and store opened in {setup:.2f} s, not counted)"
    )
    print(f"  {len(report.rows)} rows ({overdue} overdue), {len(report.failed)} requests not computable")
    print(
        f"  raw sqlite3 floor ({floor_rows} rows read): {spread(floor)}   first {first_floor * 1000:.1f} ms"
    )
    print(f"  dashboard query:      {spread(measured)}   first in the process {first * 1000:.1f} ms")
    print(
        f"  ratio to the floor:   {ratio(benchkit.median(measured), benchkit.median(floor))}   "
        f"target ≤ {DASHBOARD_TARGET_MS} ms: {verdict(median_ms <= DASHBOARD_TARGET_MS)} "
        f"(first call: {verdict(first * 1000 <= DASHBOARD_TARGET_MS)})"
    )
    print(f"  peak RSS of this benchmark process: {rss:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a HABEAS_HOME built by make_store.py")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (default %(default)s)")
    parser.add_argument("--within", type=int, default=7)
    parser.add_argument("--today", help="YYYY-MM-DD; default: the store's as-of date")
    parser.add_argument("--skip-cli", action="store_true", help="only the in-process comparison")
    benchkit.add_law_root_option(parser)
    args = parser.parse_args()
    home = args.home.resolve()
    info = benchkit.store_info(home)
    today = date.fromisoformat(args.today) if args.today else info.as_of
    print(
        f"store: {info.cases} cases, {info.requests} requests, {info.events} events (seed {info.seed}); "
        f"today = {today}; {os.cpu_count()} CPUs"
    )
    if not args.skip_cli:
        cli_comparison(home, today, args.within, args.repeat, args.law_root)
    benchkit.use_law_root(args.law_root)
    in_process_comparison(home, today, args.within, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
