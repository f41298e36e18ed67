"""Case search at clinic scale: the store's indexed search against floors measured in the same run.

    python benchmarks/make_store.py --cases 10000 --events-per-case 20 --home /tmp/clinic-10k
    python benchmarks/search_bench.py --home /tmp/clinic-10k [--repeat 5]

Searches taken from the store itself (seeded): a client's surname, a given name and surname (two
words), an authority's word, a two-character Chinese name (too short for the trigram index: a scan
of the folded texts), a case reference, a word found nowhere. For each, interleaved:

- ``Store.search_case_ids(text)``: what the window asks on a worker once typing pauses (SQLAlchemy
  statement, FTS5 lookup, ids returned);
- floor: the same FTS5 ``MATCH`` (or ``LIKE`` for short words) with nothing but sqlite3;
- before: the search as it was before the index, ``LIKE '%text%'`` over case titles, references and
  client names (sqlite3 too), to show what the index buys.

Prints medians, ratios and the issue's target (≤ 30 ms at 10k cases). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import benchkit  # noqa: E402
from benchkit import ratio, spread, verdict  # noqa: E402

TARGET_MS = 30

BEFORE = """
SELECT c.id FROM cases c JOIN clients k ON k.id = c.client_id
WHERE c.title LIKE :p ESCAPE '\\' OR c.reference LIKE :p ESCAPE '\\' OR k.name LIKE :p ESCAPE '\\'
ORDER BY c.id
"""


def searches(database: Path, seed: int) -> list[tuple[str, str]]:
    """(label, text) pairs drawn from the store, so they find something (except the last)."""
    rng = random.Random(seed)
    connection = benchkit.raw_connect(database)
    try:
        names = [n for (n,) in connection.execute("SELECT name FROM clients ORDER BY id")]
        latin = [n for n in names if n.isascii() and " " in n]
        chinese = [n for n in names if not n.isascii() and len(n) >= 2]
        authorities = [n for (n,) in connection.execute("SELECT name FROM authorities ORDER BY id")]
        references = [r for (r,) in connection.execute("SELECT reference FROM cases WHERE reference != ''")]
    finally:
        connection.close()
    person = rng.choice(latin).split()
    out = [
        ("surname", person[-1]),
        ("given name + surname", f"{person[0]} {person[-1]}"),
        ("authority word", max(rng.choice(authorities).split(), key=len)),
    ]
    if chinese:
        out.append(("2 Chinese characters", rng.choice(chinese)[:2]))
    if references:
        out.append(("case reference", rng.choice(references)))
    out.append(("found nowhere", "Zyxwvutsrq"))
    return out


def raw_search(connection: Any, text: str) -> list[int]:
    from app.store.search import TRIGRAM, words

    ids: set[int] | None = None
    for word in words(text):
        if len(word) >= TRIGRAM:
            rows = connection.execute(
                "SELECT rowid FROM case_search_fts WHERE case_search_fts MATCH ?", ('"' + word + '"',)
            )
        else:
            rows = connection.execute("SELECT case_id FROM case_search WHERE body LIKE ?", (f"%{word}%",))
        found = {r for (r,) in rows}
        ids = found if ids is None else ids & found
    return sorted(ids or ())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, required=True, help="a HABEAS_HOME built by make_store.py")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    benchkit.add_law_root_option(parser)
    args = parser.parse_args()
    benchkit.use_law_root(args.law_root)

    from app.store import open_store

    database = benchkit.database_file(args.home)
    store = open_store(benchkit.store_config(database))  # migrates (and indexes) an older store once
    raw = benchkit.raw_connect(database)
    cases = raw.execute("SELECT count(*) FROM cases").fetchone()[0]
    print(f"store: {cases:,} cases; {args.repeat} rounds, interleaved (floor, store, before)")
    worst = 0.0
    try:
        for label, text in searches(database, args.seed):
            floor_t: list[float] = []
            store_t: list[float] = []
            before_t: list[float] = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                expected = raw_search(raw, text)
                floor_t.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                got = store.search_case_ids(text)
                store_t.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                old = raw.execute(BEFORE, {"p": f"%{escaped}%"}).fetchall()
                before_t.append(time.perf_counter() - t0)
            if got != expected:
                print(f"  MISMATCH for {label!r}: store {len(got)} ids, floor {len(expected)}")
            m_store = benchkit.median(store_t)
            worst = max(worst, m_store)
            print(
                f"  {label:<22} {len(got):>5} found | store {spread(store_t)} | floor {spread(floor_t)} "
                f"{ratio(m_store, benchkit.median(floor_t))} | LIKE before {spread(before_t)} "
                f"({len(old)} found)"
            )
    finally:
        raw.close()
        store.close()
    met = verdict(worst * 1000 <= TARGET_MS)
    print(f"slowest search (median): {worst * 1000:.1f} ms, target ≤ {TARGET_MS} ms: {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
