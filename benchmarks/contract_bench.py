"""What checking the input contract costs on a clinic export, and what msgspec would cost instead.

    python benchmarks/contract_bench.py --export /tmp/clinic-10k.json [--repeat 3]

Prints medians, interleaved with the floor (``json.loads`` of the same bytes, no checks at all):

- ``habeas``: what ``habeas import`` does before writing: ``read_export_file`` (size limit, parse) and
  ``parse_export`` (records, every field against the contract, references);
- ``msgspec`` (only if the optional ``msgspec`` package is importable; it is not a dependency):
  ``msgspec.json.decode`` into Structs generated from the same record classes with the same length,
  id and date-range constraints, i.e. the declarative alternative the issue suggests. It checks
  types and constraints only: no references, no event kinds, no NUL or lone-surrogate rule, no
  translated messages, so it is a lower bound for a full replacement.

Nothing is asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import statistics
import sys
import time
import typing
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(work: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _msgspec_decoder() -> Callable[[bytes], object] | None:
    try:
        import msgspec
    except ImportError:
        return None
    from app.contract import MAX_ID
    from app.store.rows import TABLES, text_limit

    def annotation(record_type: type[Any], name: str, hint: Any) -> Any:
        if isinstance(hint, typing._UnionGenericAlias) or type(hint).__name__ == "UnionType":  # type: ignore[attr-defined]
            inner = next(a for a in typing.get_args(hint) if a is not type(None))
            return annotation(record_type, name, inner) | None
        if hint is bool:
            return bool
        if hint is int:
            return typing.Annotated[int, msgspec.Meta(ge=1, le=MAX_ID)]
        if hint is str:
            return typing.Annotated[str, msgspec.Meta(max_length=text_limit(record_type, name))]
        if hint in (date, datetime):
            return hint  # msgspec parses ISO 8601; the range is checked in __post_init__
        if hint is bytes:
            return bytes
        if typing.get_origin(hint) is tuple:
            return tuple[typing.Annotated[str, msgspec.Meta(min_length=1, max_length=64)], ...]
        return dict[str, Any]

    structs = {}
    for key, record_type, _row in TABLES:
        hints = typing.get_type_hints(record_type)
        fields = [
            (f.name, annotation(record_type, f.name, hints[f.name])) for f in dataclasses.fields(record_type)
        ]
        structs[key] = msgspec.defstruct(record_type.__name__, fields, forbid_unknown_fields=True)
    document = msgspec.defstruct(
        "Export",
        [("format", str), ("format_version", int), ("store_uuid", str)]
        + [(key, list[struct]) for key, struct in structs.items()],  # type: ignore[valid-type]
    )
    decoder = msgspec.json.Decoder(document)
    return decoder.decode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--export", type=Path, required=True, help="a file written by 'habeas export'")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from app.store.exchange import parse_export, read_export_file

    raw = args.export.read_bytes()
    msgspec_decode = _msgspec_decoder()
    floor, ours, theirs = [], [], []
    for _ in range(args.repeat):
        floor.append(_timed(lambda: json.loads(raw)))
        ours.append(_timed(lambda: parse_export(read_export_file(args.export))))
        if msgspec_decode is not None:
            theirs.append(_timed(lambda: msgspec_decode(raw)))
    base = statistics.median(floor)
    print(f"export: {args.export} ({len(raw) / 1e6:.1f} MB)")
    print(f"floor   json.loads                 {base:6.2f} s")
    for label, times in (("habeas  read + parse_export", ours), ("msgspec decode into Structs", theirs)):
        if times:
            median = statistics.median(times)
            print(f"{label}  {median:6.2f} s  ({median / base:.1f}x floor)")
    if msgspec_decode is None:
        print("msgspec: not installed (pip install msgspec to compare)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
