"""Export and import at clinic scale: ``habeas export`` and ``habeas import``, wall time and peak RSS.

    python benchmarks/exchange_bench.py --home /tmp/clinic-10k [--repeat 3]

Each command runs as a subprocess of the venv's ``habeas`` (HABEAS_HOME set; the child's own peak
RSS from wait4), interleaved with two floors measured in the same run:

- the same command on nothing: ``habeas export`` of an empty (migrated) store, ``habeas import`` of
  that empty export into a new home (interpreter, imports, creating and migrating the store);
- raw sqlite3 + json in a plain Python child: every table's rows ``SELECT``-ed and written as one
  JSON document (export), and that document read and ``executemany``-inserted into an empty
  migrated copy of the schema (import). That is the cost of moving the same data with no checks
  and no records, i.e. what the application's work is compared with.

Every import goes into a new, empty home. The issue's targets are printed next to the figures:
export peak RSS ≤ 150 MB at 10k cases; import ≥ 5× faster than before the change (the issue
measured 49 s at 10k cases on 2 cores: run this script on the commit before to get the "before"
on your machine). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import benchkit  # noqa: E402
from benchkit import ratio, spread, verdict  # noqa: E402

EXPORT_RSS_TARGET_MB = 150
ISSUE_IMPORT_BEFORE_S = 49.0  # issue 11: `import` of the 10k store took 49 s

RAW_EXPORT = (
    benchkit.RAW_CONNECT_SOURCE
    + r"""
import json, sys
connection = raw_connect(sys.argv[1])
# The tables an export holds (derived state, text indexes and the schema version are not data).
exported = ["clients", "authorities", "cases", "requests", "request_events", "letters", "attachments",
            "notes", "drafts"]
present = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
data = {}
for table in [t for t in exported if t in present]:
    cursor = connection.execute(f"SELECT * FROM {table} ORDER BY id")
    columns = [c[0] for c in cursor.description]
    data[table] = [
        dict(zip(columns, [v.hex() if isinstance(v, bytes) else v for v in row])) for row in cursor
    ]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(data, out, ensure_ascii=False)
"""
)

RAW_IMPORT = (
    benchkit.RAW_CONNECT_SOURCE
    + r"""
import json, sys
with open(sys.argv[2], encoding="utf-8") as source:
    data = json.load(source)
connection = raw_connect(sys.argv[1])
order = ["clients", "authorities", "cases", "requests", "request_events", "letters", "attachments",
         "notes", "drafts"]
with connection:
    for table in order + [t for t in data if t not in order]:
        rows = data.get(table) or []
        if not rows:
            continue
        columns = list(rows[0])
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        connection.executemany(sql, ([row[c] for c in columns] for row in rows))
connection.close()
"""
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a HABEAS_HOME built by make_store.py")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (default %(default)s)")
    benchkit.add_law_root_option(parser)
    args = parser.parse_args()
    home = args.home.resolve()
    info = benchkit.store_info(home)
    print(f"store: {info.cases} cases, {info.requests} requests, {info.events} events (seed {info.seed})")

    def habeas(*arguments: str) -> list[str]:
        return benchkit.habeas_argv(args.law_root, *arguments)

    python = sys.executable

    with tempfile.TemporaryDirectory(prefix="habeas-exchange-") as tmp_name:
        tmp = Path(tmp_name)
        empty_home = tmp / "empty-home"
        empty_file, store_file, raw_file = tmp / "empty.json", tmp / "store.json", tmp / "raw.json"
        store_env, empty_env = benchkit.child_env(home), benchkit.child_env(empty_home)
        # Untimed preparation: an empty migrated store, its export, a pristine copy of its schema.
        benchkit.run_child(habeas("export", "--out", str(empty_file)), empty_env)
        schema_copy = tmp / "schema.sqlite3"
        shutil.copy(benchkit.database_file(empty_home), schema_copy)
        benchkit.run_child(habeas("export", "--out", str(store_file)), store_env)  # warms the page cache

        exports: dict[str, list[benchkit.ChildRun]] = {"empty": [], "raw": [], "habeas": []}
        imports: dict[str, list[benchkit.ChildRun]] = {"empty": [], "raw": [], "habeas": []}
        for n in range(args.repeat):
            exports["empty"].append(benchkit.run_child(habeas("export", "--out", str(empty_file)), empty_env))
            exports["raw"].append(
                benchkit.run_child(
                    [python, "-c", RAW_EXPORT, str(benchkit.database_file(home)), str(raw_file)], store_env
                )
            )
            exports["habeas"].append(
                benchkit.run_child(habeas("export", "--out", str(store_file)), store_env)
            )

            fresh = [tmp / f"import-{kind}-{n}" for kind in ("empty", "raw", "habeas")]
            imports["empty"].append(
                benchkit.run_child(habeas("import", str(empty_file)), benchkit.child_env(fresh[0]))
            )
            raw_db = fresh[1] / "habeas.sqlite3"
            raw_db.parent.mkdir(parents=True)
            shutil.copy(schema_copy, raw_db)
            imports["raw"].append(
                benchkit.run_child([python, "-c", RAW_IMPORT, str(raw_db), str(raw_file)], store_env)
            )
            imports["habeas"].append(
                benchkit.run_child(habeas("import", str(store_file)), benchkit.child_env(fresh[2]))
            )
            for folder in fresh:
                shutil.rmtree(folder, ignore_errors=True)
        size = store_file.stat().st_size / 2**20

    def show(
        title: str, runs: dict[str, list[benchkit.ChildRun]], labels: dict[str, str]
    ) -> tuple[float, float]:
        print(title)
        walls = {k: benchkit.median([r.wall for r in v]) for k, v in runs.items()}
        for key, label in labels.items():
            rss = max(r.peak_rss_mb for r in runs[key])
            print(f"  {label:<34}{spread([r.wall for r in runs[key]], 1, 's')}   peak RSS {rss:6.0f} MB")
        print(
            f"  ratio to the empty-store floor: {ratio(walls['habeas'], walls['empty'])}   "
            f"to the raw sqlite3+json floor: {ratio(walls['habeas'], walls['raw'])}"
        )
        return walls["habeas"], max(r.peak_rss_mb for r in runs["habeas"])

    _wall, export_rss = show(
        f"habeas export ({size:.1f} MB file)",
        exports,
        {"empty": "empty store (floor)", "raw": "raw sqlite3 → json (floor)", "habeas": "this store"},
    )
    print(
        f"  peak RSS {export_rss:.0f} MB, target ≤ {EXPORT_RSS_TARGET_MB} MB at 10k cases: "
        f"{verdict(export_rss <= EXPORT_RSS_TARGET_MB)}"
    )
    import_wall, _rss = show(
        "habeas import (into a new, empty home)",
        imports,
        {
            "empty": "empty export (floor)",
            "raw": "raw json → sqlite3 executemany",
            "habeas": "this store's export",
        },
    )
    comparison = (
        f"; the issue's figure / this run's = {ISSUE_IMPORT_BEFORE_S / import_wall:.2f} (another machine)"
        if info.cases == 10_000
        else ""
    )
    print(
        f"  target: ≥ 5× faster than before the change (the issue measured {ISSUE_IMPORT_BEFORE_S:.0f} s at "
        f"10k cases; run this script on the commit before for this machine's 'before'){comparison}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
