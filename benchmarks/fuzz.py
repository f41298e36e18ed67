"""Fuzz the command line in process: hostile and mutated input for five entry points (issue 12).

    .venv/bin/python benchmarks/fuzz.py                        # 5 x 10,000 inputs, 2 workers
    .venv/bin/python benchmarks/fuzz.py --count 500 --entry letter --entry event
    .venv/bin/python benchmarks/fuzz.py --entry import --index 1234          # replay one input
    .venv/bin/python benchmarks/fuzz.py --replay fuzz-crashes/import-1234    # replay a saved crash

Entry points: ``letter`` (``habeas letter``), ``add`` (``habeas request add``), ``import``
(``habeas import``), ``deadline`` (``habeas deadline`` and ``habeas law show``) and ``event``
(``habeas request event``, followed now and then by ``request show``/``list``, ``deadlines`` and
``dossier`` on the store it changed). Inputs are mutations of valid ones (``examples/*.json``, an
export of a small store, valid argument lists) and the hostile kinds of issue 12: JSON nested
100,000 deep, integers of 4,301+ digits, "²", Arabic-Indic and fullwidth digits, ids of 2^31 and
2^63, lone surrogates (JSON ``\\ud800`` escapes, invalid UTF-8 and, in argv, ``os.fsdecode``
surrogate escapes), dates near 0001 and 9999 and impossible ones, 60k-character names, 10 MB
details, 100k-character enclosures, NUL bytes, 65+-character references, wrong types.

Each input is made from ``(seed, entry point, index)`` alone, so any one can be replayed. The
command runs in a forked worker (``app.cli.main.main(argv)``, stdin/stdout/stderr redirected,
its own ``HABEAS_HOME`` with a fresh copy of a template store per input); a worker that takes
longer than ``--timeout`` is killed and the input counted as a hang. The law data are loaded once
per run (``Environment.knowledge_base`` is memoised: the files do not change during a run).

A crash: an exception escaping ``main``, exit 1 with "Unexpected error", a traceback in the
output, an exit status other than 0, 1, 2 (or 130), or a failure without any message. Crashing
and hanging inputs are written to ``--crashes DIR/ENTRY-INDEX/`` (argv, files, stdin, output,
the logged traceback) for ``--replay``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import copy
import io
import json
import logging
import multiprocessing
import multiprocessing.connection
import os
import random
import re
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENTRIES = ("letter", "add", "import", "deadline", "event")
WORK = "{WORK}"  # stands for the input's work folder in argv (files are written there)
TODAY = "2026-04-15"

# -- hostile values -----------------------------------------------------------------------------

DATES = (
    "0001-01-01",
    "0001-01-02",
    "9999-12-31",
    "9999-12-20",
    "9999-12-01",
    "9998-01-01",
    "1899-12-31",
    "1900-01-01",
    "2199-12-31",
    "2200-01-01",
    "2199-12-30",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-02-29",
    "2028-02-29",
    "２０２６-０３-０２",
    "٢٠٢٦-٠٣-٠٢",
    "۲۰۲۶-۰۳-۰۲",
    "2026-03-0²",
    "2026-03-0𝟐",
    "+2026-03-02",
    "2026-3-2",
    " 2026-03-02 ",
    "20260302",
    "2026-W10-1",
    "2026-03-02T10:00",
    "",
    " ",
    "-0001-01-01",
    "10000-01-01",
    "2026-03-02\x00",
    "2026‐03‐02",
    "0000-00-00",
)
NUMBERS = (
    "²",
    "٣",
    "３",
    "𝟓",
    "٢٠",
    "0",
    "-1",
    "1",
    "2",
    "20",
    "31",
    "366",
    "10000",
    "99999",
    "2147483647",
    "2147483648",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "1e3",
    "0x10",
    " 5 ",
    "5.0",
    "",
    "1_000",
    "+5",
    "٥",
    "๕",
    "⑤",
)


def big_digits(rng: random.Random) -> str:
    return "1" + "7" * rng.choice((4_300, 4_301, 5_000, 50_000))


def fs_text(rng: random.Random) -> str:
    """Text as argv can hold it: undecodable bytes become lone surrogates (surrogateescape)."""
    raw = rng.choice((b"\xff", b"1\xff", b"\xed\xa0\x80", b"2026-03-0\xb2", b"caf\xe9", b"\x80" * 70))
    return os.fsdecode(raw)


def hostile_text(rng: random.Random, json_ok: bool = True) -> str:
    pick = rng.randrange(22)
    if pick == 0:
        return "x" * rng.choice((60_000, 64, 65, 100, 501, 2_001, 20_000, 20_001))
    if pick == 1:
        return "Ä" * rng.choice((100_000, 65, 19_999))
    if pick == 2:
        return "a\x00b" if rng.random() < 0.5 else "\x00"
    if pick == 3 and json_ok:
        return rng.choice(("\ud800", "ab\udfffcd", "\udc80" * 3))
    if pick == 4:
        return rng.choice(DATES)
    if pick == 5:
        return rng.choice(NUMBERS)
    if pick == 6:
        return big_digits(rng)
    if pick == 7:
        return rng.choice(("<b>x</b>", "{{ name }}", "{0}{name}%s%(x)s", "\\n\\x00", "$(rm -rf ~)", "*?[]%_"))
    if pick == 8:
        return "\u202eevil\u202c" + "\u0301" * rng.randrange(1, 2_000)
    if pick == 9:
        return "😀" * rng.randrange(1, 5_000)
    if pick == 10:
        return "\n" * rng.randrange(1, 3_000)
    if pick == 11:
        return "%" * 60_000 if rng.random() < 0.5 else "_" * 60_000  # LIKE/GLOB patterns
    if pick == 12:
        # Any character but the surrogates (those come from picks 3 and fs_text, as they can occur).
        chars = (chr(rng.randrange(1, 0x2FFFF)) for _ in range(rng.randrange(1, 200)))
        return "".join(c if not "\ud800" <= c <= "\udfff" else "?" for c in chars)
    if pick == 13:
        return "9" * rng.choice((64, 65, 200))
    if pick == 14:
        return " " * rng.randrange(0, 20)
    if pick == 15:
        return rng.choice(("access", "deletion", "correction", "CN", "DE", "GB-ENG", "US", "sent", "refused"))
    if pick == 16:
        return "AbC" * rng.randrange(1, 30_000)
    if pick == 17:
        return "\t\r\x0b\x0c\x1b[31m" * 10
    if pick == 18:
        return "ÿ" * 10 + "\ufffe\uffff"
    if pick == 19:
        return rng.choice(("true", "null", "NaN", "-0", "[]", "{}"))
    return "".join(rng.choice("abcXYZ 0123-_.\n") for _ in range(rng.randrange(0, 80)))


def hostile_number(rng: random.Random) -> int | float:
    return rng.choice(
        (
            0,
            -1,
            1,
            2**31 - 1,
            2**31,
            2**32,
            2**53 + 1,
            2**63 - 1,
            2**63,
            2**64,
            -(2**63),
            10**30,
            1.5,
            1e308,
            -0.0,
            3.0,
        )
    )


def hostile_value(rng: random.Random, like: object = None) -> Any:
    """A hostile JSON value, most often of the same type as ``like``."""
    pick = rng.random()
    if pick < 0.5 and isinstance(like, str):
        return hostile_text(rng)
    if pick < 0.5 and isinstance(like, int) and not isinstance(like, bool):
        return hostile_number(rng)
    kind = rng.randrange(12)
    if kind < 4:
        return hostile_text(rng)
    if kind < 6:
        return hostile_number(rng)
    if kind == 6:
        return rng.choice((True, False, None))
    if kind == 7:
        return []
    if kind == 8:
        return {}
    if kind == 9:
        many = rng.choice((1, 3, 10_000))
        return [hostile_text(rng) if many < 10 else "x" for _ in range(many)]
    if kind == 10:
        return {hostile_text(rng)[:100]: hostile_text(rng) for _ in range(3)}
    deep: Any = "x"
    for _ in range(rng.choice((31, 33, 60))):
        deep = [deep]
    return deep


# -- JSON documents: mutation and serialisation --------------------------------------------------


def _slots(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of a JSON document, for mutation."""
    out: list[tuple[Any, Any]] = []
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for k, v in item.items():
                out.append((item, k))
                stack.append(v)
        elif isinstance(item, list):
            for i, v in enumerate(item):
                out.append((item, i))
                stack.append(v)
    return out


def mutate(doc: Any, rng: random.Random, weights: dict[str, Any] | None = None) -> Any:
    """One to three mutations of a JSON document (in place; returns the document)."""
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        slots = _slots(doc)
        if not slots:
            return hostile_value(rng)
        container, key = rng.choice(slots)
        old = container[key]
        op = rng.randrange(10)
        if op < 6:
            container[key] = hostile_value(rng, old)
        elif op == 6 and isinstance(container, dict):
            del container[key]
        elif op == 7 and isinstance(container, dict):
            container[hostile_text(rng)[:200] if rng.random() < 0.3 else "unknown_key"] = hostile_value(rng)
        elif op == 8 and isinstance(container, list):
            container.extend([copy.deepcopy(old)] * rng.choice((1, 5)))
        else:
            container[key] = rng.choice((None, [old], {"x": old}, str(old)[:1000], 0))
    return doc


def has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def serialise(doc: Any, rng: random.Random) -> bytes:
    """JSON bytes, now and then in a hostile form (escaped surrogates, invalid UTF-8, a BOM...)."""
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.3, indent=rng.choice((None, 1)))
    if has_surrogate(text):
        if rng.random() < 0.5:
            text = json.dumps(doc, ensure_ascii=True)  # "\ud800" as an escape
        else:
            return text.encode("utf-8", "surrogatepass")  # invalid UTF-8 on disk
    data = text.encode("utf-8")
    pick = rng.random()
    if pick < 0.02:
        data = b"\xef\xbb\xbf" + data
    elif pick < 0.04:
        data = data[: rng.randrange(len(data) + 1)]
    elif pick < 0.06:
        data = data.replace(b"2026", b"\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa6")  # Arabic-Indic in the raw text
    return data


def hostile_document(rng: random.Random, base: Any, text_key: str) -> bytes:
    """A whole-file hostile JSON form (nesting, huge numbers, huge texts...)."""
    pick = rng.randrange(12)
    depth = rng.choice((100_000, 1_000, 33, 31))
    if pick == 0:
        return b"[" * depth + b"]" * depth
    if pick == 1:
        return b'{"a":' * depth + b"1" + b"}" * depth
    if pick == 2:
        return b'{"x": ' + big_digits(rng).encode() + b"}"
    if pick in (3, 4):
        doc = copy.deepcopy(base)
        size = rng.choice((10 * 1024 * 1024, 3 * 1024 * 1024, 100_000, 20_001, 20_000))
        _set_first(doc, text_key, "Lorem ipsum dolor sit amet. " * (size // 28))
        return json.dumps(doc, ensure_ascii=False).encode()
    if pick == 5:
        return rng.choice(
            (b"", b"null", b"[]", b"{}", b"0", b'"x"', b"NaN", b"[1e999]", b"\xff\xfe", b"{" * 3)
        )
    if pick == 6:
        return json.dumps(base).encode().replace(b"2026", b"9999", rng.choice((1, 100)))
    if pick == 7:
        return json.dumps(base).encode().replace(b'"', b'"\\ud800', 1)
    if pick == 8:
        return json.dumps(base).encode().replace(b"1", b"\xd9\xa3", 3)  # Arabic-Indic three
    if pick == 9:
        doc = copy.deepcopy(base)
        _set_first(doc, text_key, "\x00" * 10)
        return json.dumps(doc).encode()
    if pick == 10:
        return json.dumps(base).encode().replace(b": 1", b": " + b"9" * 4301, 1)
    return json.dumps(base).encode()[: rng.randrange(200)]


def _set_first(doc: Any, key: str, value: Any) -> None:
    for container, k in _slots(doc):
        if k == key:
            container[k] = value
            return
    if isinstance(doc, dict):
        doc[key] = value


# -- inputs ---------------------------------------------------------------------------------------


@dataclass
class Case:
    """One fuzz input: argv (``{WORK}`` for the work folder), files to write, stdin, which store."""

    argv: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    stdin: bytes = b""
    store: str = ""  # "", "empty" or "populated": the template copied into the home first
    followups: list[list[str]] = field(default_factory=list)  # run after a success, same home


@dataclass
class Fixtures:
    """What the generators start from, made once per run."""

    examples: list[Any]
    export: Any
    codes: list[str]
    rules: list[str]
    subdivisions: list[str]
    kinds: list[str]
    steps: list[str]
    request_ids: list[int]
    case_ids: list[int]


def request_json(rng: random.Random, fx: Fixtures) -> bytes:
    base = rng.choice(fx.examples)
    pick = rng.random()
    if pick < 0.15:
        return hostile_document(rng, base, rng.choice(("details", "name", "enclosures", "address")))
    doc = copy.deepcopy(base)
    if pick < 0.22:
        # Long but maybe valid texts, to reach the letter's layout.
        key = rng.choice(("details", "name", "address", "enclosures", "reference", "phone", "birth_place"))
        text = rng.choice(("Wort ", "字", "x", "word\n", "A" * 300 + " ")) * rng.choice(
            (40, 400, 4_000, 20_000)
        )
        _set_first(doc, key, [text] if key == "enclosures" else text)
        if key in ("reference", "enclosures"):
            doc[key] = [text] if key == "enclosures" else text
        return serialise(doc, rng)
    if pick < 0.3:
        return serialise(doc, rng)  # valid (maybe in a hostile encoding)
    return serialise(mutate(doc, rng), rng)


def gen_letter(rng: random.Random, fx: Fixtures) -> Case:
    data = request_json(rng, fx)
    via_stdin = rng.random() < 0.2
    argv = ["letter", "--input", "-" if via_stdin else f"{WORK}/request.json"]
    if rng.random() < 0.85:
        argv.append("--text")
    else:
        argv += ["--out", f"{WORK}/letter.pdf"]
    if rng.random() < 0.1:
        argv += ["--sheet", f"{WORK}/sheet.pdf"]
    if rng.random() < 0.03:
        argv[2] = rng.choice((fs_text(rng), f"{WORK}/missing.json", WORK, "/dev/zero"))
    return Case(argv, {} if via_stdin else {"request.json": data}, stdin=data if via_stdin else b"")


def gen_add(rng: random.Random, fx: Fixtures) -> Case:
    data = request_json(rng, fx)
    argv = ["request", "add", "--input", f"{WORK}/request.json"]
    if rng.random() < 0.1:
        argv.append("--with-letter")
    followups = []
    if rng.random() < 0.15:
        followups = [["request", "list", "--today", TODAY], ["deadlines", "--today", TODAY]]
    return Case(argv, {"request.json": data}, store=rng.choice(("empty", "populated")), followups=followups)


def gen_import(rng: random.Random, fx: Fixtures) -> Case:
    base = fx.export
    pick = rng.random()
    if pick < 0.1:
        data = hostile_document(rng, base, rng.choice(("details", "name", "note", "text")))
    elif pick < 0.15:
        data = serialise(copy.deepcopy(base), rng)
    else:
        doc = copy.deepcopy(base)
        if rng.random() < 0.4:
            # Aim at the records: a field of a random record of a random table.
            tables = [k for k, v in doc.items() if isinstance(v, list) and v]
            table = doc[rng.choice(tables)]
            record = rng.choice(table)
            field_name = rng.choice(list(record))
            old = record[field_name]
            if field_name in ("date", "birth_date", "created", "updated") or "date" in field_name:
                record[field_name] = rng.choice(DATES) + rng.choice(("", "T00:00:00+00:00", "T23:59:59"))
            elif field_name == "id" or field_name.endswith("_id") or field_name == "version":
                record[field_name] = rng.choice((hostile_number(rng), rng.choice(NUMBERS)))
            else:
                record[field_name] = hostile_value(rng, old)
            if rng.random() < 0.5:
                doc = mutate(doc, rng)
        else:
            doc = mutate(doc, rng)
        data = serialise(doc, rng)
    followups = []
    if rng.random() < 0.25:
        followups = [
            ["deadlines", "--today", TODAY],
            ["deadlines", "--today", TODAY, "--json"],
            ["request", "list", "--today", TODAY],
            ["request", "show", "1", "--today", TODAY],
        ]
        if rng.random() < 0.1:
            followups.append(["dossier", "1", "--out", f"{WORK}/dossier.pdf", "--today", TODAY])
    return Case(["import", f"{WORK}/export.json"], {"export.json": data}, store="empty", followups=followups)


class Spoiler:
    """Decides which arguments of one input are hostile: none, one or a few, or all of them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.mode = rng.choice(("valid", "one", "one", "one", "some", "all"))
        self.budget = {"valid": 0, "one": 1, "some": rng.randrange(2, 4), "all": 99}[self.mode]

    def __call__(self, share: float = 0.3) -> bool:
        """True: make this argument hostile."""
        if self.budget and (self.mode == "all" or self.rng.random() < share):
            self.budget -= 1
            return True
        return False


def _valid_date(rng: random.Random, after: int = 2024) -> str:
    return f"{rng.randrange(after, 2028)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"


def _date(rng: random.Random, spoil: bool, after: int = 2024) -> str:
    if not spoil:
        return _valid_date(rng, after)
    if rng.random() < 0.2:
        return fs_text(rng)
    return rng.choice(DATES)


def _count(rng: random.Random, spoil: bool) -> str:
    if not spoil:
        return str(rng.choice((rng.randrange(1, 60), rng.randrange(1, 400), rng.randrange(1, 10_000))))
    pick = rng.random()
    if pick < 0.15:
        return big_digits(rng)
    if pick < 0.3:
        return fs_text(rng)
    return rng.choice(NUMBERS)


def gen_deadline(rng: random.Random, fx: Fixtures) -> Case:
    spoil = Spoiler(rng)
    if rng.random() < 0.05:
        code = rng.choice(fx.codes) if not spoil(1.0) else _junk(rng)
        return Case(["law", "show", code])
    argv = ["deadline"]
    if rng.random() < 0.9:
        argv += ["--jurisdiction", rng.choice(fx.codes) if not spoil(0.1) else _junk(rng)]
    unit = rng.choice(("--working-days", "--calendar-days", "--months", "--rule"))
    if unit == "--rule":
        argv += ["--rule", rng.choice(fx.rules) if not spoil(0.1) else _junk(rng)]
        if rng.random() < 0.4:
            argv.append("--extended")
    else:
        argv += [unit, _count(rng, spoil())]
    argv += ["--from", _date(rng, spoil())]
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        argv += ["--pause", _pause(rng, spoil(0.5))]
    if rng.random() < 0.2:
        argv += ["--subdivision", rng.choice(fx.subdivisions) if not spoil() else _junk(rng)]
    if rng.random() < 0.3:
        argv.append("--json")
    return Case(argv)


def _pause(rng: random.Random, spoil: bool) -> str:
    if not spoil:
        first = _valid_date(rng)
        return f"{first}:{rng.choice((first, _valid_date(rng, int(first[:4]))))}"
    pick = rng.random()
    if pick < 0.25:
        return "2026-03-02:9999-12-01"
    if pick < 0.5:
        return rng.choice(
            (
                "0001-01-01:9999-12-31",
                "2026-03-02",
                "a:b",
                ":",
                "2026-03-02:2026-03-01",
                "2026-03-02:2199-12-31",
                "1900-01-01:2199-12-31",
                "2026-03-02:2026-03-06:why",
                "2026-03-02:2026-03-06:" + "x" * 60_000,
            )
        )
    return f"{_date(rng, True)}:{_date(rng, rng.random() < 0.5)}"


def _junk(rng: random.Random) -> str:
    return (
        fs_text(rng) if rng.random() < 0.2 else hostile_text(rng, json_ok=False)[: rng.choice((10, 70_000))]
    )


def _id(rng: random.Random, known: list[int], spoil: bool) -> str:
    if not spoil:
        return str(rng.choice(known))
    if rng.random() < 0.2:
        return fs_text(rng)
    return rng.choice((*NUMBERS, big_digits(rng), "1" * 70, str(2**63), str(2**31), "１", "٢", "¹"))


def gen_event(rng: random.Random, fx: Fixtures) -> Case:
    spoil = Spoiler(rng)
    rid = _id(rng, fx.request_ids, spoil(0.15))
    kind = rng.choice(fx.kinds) if not spoil(0.15) else _junk(rng)
    day = (
        _date(rng, spoil(0.2), 2026)
        if rng.random() < 0.3
        else f"2026-{rng.randrange(3, 13):02d}-{rng.randrange(4, 29):02d}"
    )
    argv = ["request", "event", rid, kind, "--date", day]
    files: dict[str, bytes] = {}
    # Mostly the options that fit the kind, so that events get recorded and the lifecycle runs deep.
    if (kind in ("extended", "extension") and rng.random() < 0.8) or rng.random() < 0.1:
        argv += ["--until", _date(rng, spoil(), 2027)]
    if rng.random() < 0.3:
        methods = ("registered-mail", "email", "in-person", "portal", "fax", "other")
        argv += ["--method", rng.choice(methods) if not spoil() else _junk(rng)]
    if rng.random() < 0.3:
        hostile = rng.choice((_junk(rng), "R" * 64, "R" * 65, "\x00", "a\x00b"))
        argv += ["--reference", "RR123456789CN" if not spoil() else hostile]
    if rng.random() < 0.2:
        argv += ["--note", "Angerufen, keine Antwort." if not spoil() else _junk(rng)]
    if (
        (kind.endswith("-filed") or kind in ("reminder-sent", "decision-received"))
        and rng.random() < 0.8
        and fx.steps
    ):
        argv += ["--step", rng.choice(fx.steps) if not spoil() else _junk(rng)]
    if (kind == "decision-received" and rng.random() < 0.8) or rng.random() < 0.05:
        argv += [
            "--outcome",
            rng.choice(("granted", "refused", "partly-granted")) if not spoil() else _junk(rng),
        ]
    if rng.random() < 0.85:
        argv += ["--today", "2027-06-30" if not spoil() else _date(rng, True)]
    answers = ("answered", "granted", "partly-granted", "refused", "no-data")
    if (kind in answers and rng.random() < 0.6) or rng.random() < 0.05:
        reply: Any = {
            "disclosed": ["Eintrag in INPOL"],
            "refused": [{"item": "Vermerk", "grounds": ["§ 57 Abs. 4 BDSG"]}],
            "inaccurate": [{"wrong": "Geburtsort Kiel", "correct": "Kassel"}],
            "reasons_given": False,
        }
        if spoil():
            data = (
                serialise(mutate(reply, rng), rng)
                if rng.random() < 0.8
                else hostile_document(rng, reply, "item")
            )
        else:
            data = json.dumps(reply).encode()
        files["reply.json"] = data
        argv += ["--reply", f"{WORK}/reply.json"]
    followups = []
    if rng.random() < 0.2:
        followups = [
            ["request", "show", rid, "--today", TODAY],
            ["request", "show", rid, "--today", TODAY, "--json"],
            ["deadlines", "--today", TODAY, rng.choice(("--json", "--ics", "--verbose", "--changes"))],
            ["request", "list", "--today", TODAY],
        ]
        if rng.random() < 0.1:
            case_id = str(rng.choice(fx.case_ids))
            followups.append(["dossier", case_id, "--out", f"{WORK}/d.pdf", "--today", TODAY])
    return Case(argv, files, store="populated", followups=followups)


GENERATORS: dict[str, Callable[[random.Random, Fixtures], Case]] = {
    "letter": gen_letter,
    "add": gen_add,
    "import": gen_import,
    "deadline": gen_deadline,
    "event": gen_event,
}


def make_case(seed: int, entry: str, index: int, fx: Fixtures) -> Case:
    return GENERATORS[entry](random.Random(f"{seed}:{entry}:{index}"), fx)


# -- running one input in process -----------------------------------------------------------------


@dataclass
class Outcome:
    entry: str
    index: int
    status: int | None  # None: an exception escaped main
    seconds: float
    crash: str = ""  # signature; "" when none
    stderr: str = ""
    stdout_head: str = ""
    logged: str = ""
    hang: bool = False
    step: str = ""  # which command of the input (the main one or a follow-up)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@contextlib.contextmanager
def _redirected(stdin: bytes) -> Iterator[tuple[io.BytesIO, io.BytesIO]]:
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    # stdout strict as a real one under a UTF-8 locale; stderr backslashreplace as Python sets it up.
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    wrappers = sys.stdin, sys.stdout, sys.stderr
    try:
        yield out, err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        for wrapper in wrappers:
            with contextlib.suppress(Exception):
                wrapper.flush()
            with contextlib.suppress(Exception):
                wrapper.detach()  # the BytesIO stays open for reading


def signature(kind: str, trace: str) -> str:
    """Exception type and the innermost frame in app/ (file:line function)."""
    frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', trace)
    inside = [f for f in frames if "/app/" in f[0]] or frames
    if not inside:
        return kind
    path, line, func = inside[-1]
    short = path[path.rfind("/app/") + 1 :] if "/app/" in path else Path(path).name
    return f"{kind} at {short}:{line} {func}"


def run_argv(argv: list[str], stdin: bytes, capture: _Capture) -> tuple[int | None, str, str, str, str]:
    """(status, crash signature, stderr, stdout head, logged traceback) of one command."""
    from app.cli.main import main

    capture.records.clear()
    crash = ""
    status: int | None
    with _redirected(stdin) as (out, err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse: usage errors and --help
            status = exc.code if isinstance(exc.code, int) else 2
        except BaseException as exc:  # escaping main is exactly what is looked for
            status = None
            trace = "".join(traceback.format_exception(exc))
            crash = "escaped " + signature(type(exc).__name__, trace)
            capture.records.append(trace)
    stderr = err.getvalue().decode("utf-8", "replace")
    stdout = out.getvalue().decode("utf-8", "replace")
    logged = "\n".join(capture.records)
    if not crash:
        if "Traceback (most recent call last)" in stderr + stdout:
            crash = "traceback in output " + signature("?", stderr + stdout)
        elif status == 1 and "Unexpected error" in stderr:
            kind = re.search(r"Unexpected error \((\w+)\)", stderr)
            crash = signature(kind.group(1) if kind else "?", logged)
        elif status not in (0, 1, 2, 130):
            crash = f"exit status {status}"
        elif status != 0 and not stderr.strip():
            crash = f"exit {status} without a message"
    return status, crash, stderr, stdout, logged


class Runner:
    """Runs inputs in this process: one HABEAS_HOME, a fresh store copy per input."""

    def __init__(self, base: Path, templates: dict[str, Path], fx: Fixtures, seed: int) -> None:
        self.base = base
        self.templates = templates
        self.fx = fx
        self.seed = seed
        self.home = base / "home"
        self.work = base / "work"
        os.environ["HABEAS_HOME"] = str(self.home)
        os.environ.pop("HABEAS_DATABASE_URL", None)
        self.capture = _Capture()
        logging.getLogger("app").addHandler(self.capture)

    def prepare(self, case: Case) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        for name, data in case.files.items():
            (self.work / name).write_bytes(data)
        data_dir = self.home / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            (data_dir / f"habeas.sqlite3{suffix}").unlink(missing_ok=True)
        if case.store:
            shutil.copyfile(self.templates[case.store], data_dir / "habeas.sqlite3")

    def argv(self, argv: list[str]) -> list[str]:
        return [a.replace(WORK, str(self.work)) for a in argv]

    def run(self, entry: str, index: int, case: Case) -> Outcome:
        self.prepare(case)
        start = time.perf_counter()
        status, crash, stderr, stdout, logged = run_argv(self.argv(case.argv), case.stdin, self.capture)
        outcome = Outcome(entry, index, status, 0.0, crash, stderr[-4000:], stdout[:500], logged[-6000:])
        if not crash and status == 0:
            for follow in case.followups:
                _status, f_crash, f_err, _out, f_logged = run_argv(self.argv(follow), b"", self.capture)
                if f_crash:
                    outcome.crash = f"after success, {follow[0]} {follow[1]}: {f_crash}"
                    outcome.stderr, outcome.logged, outcome.step = (
                        f_err[-4000:],
                        f_logged[-6000:],
                        " ".join(follow),
                    )
                    break
        outcome.seconds = time.perf_counter() - start
        return outcome


# -- fixtures: templates and the starting points, made once ----------------------------------------


def build_fixtures(base: Path) -> tuple[dict[str, Path], Fixtures]:
    """An empty and a populated template store, the export of the populated one, ids and names."""
    from app.bootstrap import load_environment
    from app.cases.lifecycle import known_event_kinds

    setup = base / "setup"
    os.environ["HABEAS_HOME"] = str(setup)
    os.environ.pop("HABEAS_DATABASE_URL", None)
    capture = _Capture()
    quiet = b""

    def must(argv: list[str]) -> str:
        status, _crash, stderr, stdout, _logged = run_argv(argv, quiet, capture)
        if status != 0:
            raise SystemExit(f"fixture command failed: habeas {' '.join(argv)}\n{stderr}")
        return stdout

    must(["deadlines", "--today", TODAY])  # creates and migrates the empty store
    templates = {"empty": base / "empty.sqlite3", "populated": base / "populated.sqlite3"}
    _snapshot(setup / "data" / "habeas.sqlite3", templates["empty"])
    examples = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*.json"))]
    ids = []
    for name in ("cn-access", "de-access", "gb-eng-deletion", "us-access", "de-correction", "cn-deletion"):
        out = must(["request", "add", "--input", str(ROOT / "examples" / f"{name}.json")])
        ids.append(int(out.split()[0]))
    # Requests in several states, so events reach deep into the lifecycle.
    for argv in (
        ["request", "event", str(ids[1]), "sent", "--date", "2026-03-03"],
        ["request", "event", str(ids[2]), "sent", "--date", "2026-03-03"],
        ["request", "event", str(ids[2]), "extended", "--date", "2026-03-20", "--until", "2026-05-04"],
        ["request", "event", str(ids[3]), "sent", "--date", "2026-03-03"],
        ["request", "event", str(ids[3]), "refused", "--date", "2026-03-25"],
        ["request", "event", str(ids[4]), "sent", "--date", "2026-01-10"],
        ["request", "event", str(ids[5]), "sent", "--date", "2026-03-03"],
        ["request", "event", str(ids[5]), "received", "--date", "2026-03-05"],
    ):
        must([*argv, "--today", TODAY])
    steps: list[str] = []
    for rid in ids:
        shown = json.loads(must(["request", "show", str(rid), "--today", TODAY, "--json"]))
        steps += [s["id"] for s in shown["steps"]]
    export_file = base / "export.json"
    must(["export", "--out", str(export_file)])
    export = json.loads(export_file.read_text(encoding="utf-8"))
    _snapshot(setup / "data" / "habeas.sqlite3", templates["populated"])
    kb = load_environment().knowledge_base()  # memoised, see memoise_law
    # Bare ids and FOLDER:ID keys, both as a user may type them.
    rules = sorted({*kb.rules, *(key.split(":", 1)[1] for key in kb.rules)})
    subdivisions = ["BY", "NW", "BE", "ENG", "CA", "XX", ""]
    kinds = [k.replace("_", "-") for k in known_event_kinds(kb)] + ["extension", "identity-requested"]
    case_ids = sorted({r["case_id"] for r in export["requests"]})
    fx = Fixtures(
        examples, export, list(kb.codes), rules, subdivisions, kinds, sorted(set(steps)), ids, case_ids
    )
    return templates, fx


def _snapshot(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite store (the backup API folds the WAL in)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def memoise_law() -> None:
    """Load the law data once per run: they do not change while the fuzzer runs."""
    from app.bootstrap import Environment

    cached: dict[str, Any] = {}
    original = Environment.knowledge_base

    def knowledge_base(self: Environment) -> Any:
        if "kb" not in cached:
            cached["kb"] = original(self)
        return cached["kb"]

    Environment.knowledge_base = knowledge_base  # type: ignore[method-assign]


# -- the worker pool --------------------------------------------------------------------------------


def _worker(conn: Connection, base: Path, templates: dict[str, Path], fx: Fixtures, seed: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    runner = Runner(base, templates, fx, seed)
    while True:
        task = conn.recv()
        if task is None:
            return
        entry, index = task
        case = make_case(seed, entry, index, fx)
        conn.send(runner.run(entry, index, case))


class Pool:
    """Forked workers fed one input at a time; one that overruns the timeout is killed and replaced."""

    def __init__(self, size: int, base: Path, templates: dict[str, Path], fx: Fixtures, seed: int) -> None:
        self.context = multiprocessing.get_context("fork")
        self.base, self.templates, self.fx, self.seed = base, templates, fx, seed
        self.serial = 0
        self.workers = [self._start() for _ in range(size)]

    def _start(self) -> tuple[Any, Connection]:
        self.serial += 1
        mine, theirs = self.context.Pipe()
        folder = self.base / f"worker-{self.serial}"
        process = self.context.Process(
            target=_worker, args=(theirs, folder, self.templates, self.fx, self.seed), daemon=True
        )
        process.start()
        theirs.close()
        return process, mine

    def map(self, entry: str, indices: list[int], timeout: float) -> Iterator[Outcome]:
        pending = list(reversed(indices))
        busy: dict[int, tuple[int, float]] = {}  # worker slot -> (index, started)
        while pending or busy:
            for slot, (_process, conn) in enumerate(self.workers):
                if slot not in busy and pending:
                    index = pending.pop()
                    conn.send((entry, index))
                    busy[slot] = (index, time.monotonic())
            conns = {self.workers[slot][1]: slot for slot in busy}
            ready = multiprocessing.connection.wait(list(conns), timeout=0.5)
            for conn in ready:
                slot = conns[conn]  # type: ignore[index]
                index, started = busy.pop(slot)
                try:
                    yield conn.recv()  # type: ignore[union-attr]
                except (EOFError, OSError):  # the worker died (killed by the OOM killer, a segfault)
                    yield Outcome(entry, index, None, time.monotonic() - started, crash="worker died")
                    self._replace(slot)
            now = time.monotonic()
            for slot, (index, started) in list(busy.items()):
                if now - started > timeout:
                    busy.pop(slot)
                    self._replace(slot)
                    yield Outcome(entry, index, None, now - started, crash="", hang=True)

    def _replace(self, slot: int) -> None:
        process, conn = self.workers[slot]
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        process.join()
        conn.close()
        self.workers[slot] = self._start()

    def close(self) -> None:
        for process, conn in self.workers:
            with contextlib.suppress(OSError):
                conn.send(None)
            process.join(timeout=5)
            if process.is_alive():
                os.kill(process.pid, signal.SIGKILL)


# -- reporting ---------------------------------------------------------------------------------------


@dataclass
class Tally:
    tried: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    crashes: Counter[str] = field(default_factory=Counter)
    crash_example: dict[str, int] = field(default_factory=dict)
    hangs: list[int] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)  # exit 1 with a message: first line
    refusals: Counter[str] = field(default_factory=Counter)  # exit 2: the first problem's key and words
    slowest: list[tuple[float, int]] = field(default_factory=list)
    wall: float = 0.0

    def add(self, o: Outcome) -> None:
        self.tried += 1
        self.statuses["hang" if o.hang else ("escaped" if o.status is None else str(o.status))] += 1
        if o.crash:
            self.crashes[o.crash] += 1
            self.crash_example.setdefault(o.crash, o.index)
        if o.hang:
            self.hangs.append(o.index)
        if o.status == 1 and not o.crash:
            first = o.stderr.strip().splitlines()[0] if o.stderr.strip() else ""
            self.failures[re.sub(r"\d+", "N", first)[:100]] += 1
        if o.status == 2:
            lines = o.stderr.strip().splitlines()
            reason = lines[1] if len(lines) > 1 else (lines[0] if lines else "")
            self.refusals[re.sub(r"\d+", "N", reason.strip())[:70]] += 1
        self.slowest = sorted([*self.slowest, (o.seconds, o.index)], reverse=True)[:5]


def save(folder: Path, seed: int, o: Outcome, case: Case) -> None:
    target = folder / f"{o.entry}-{o.index}"
    target.mkdir(parents=True, exist_ok=True)
    for name, data in case.files.items():
        (target / name).write_bytes(data)
    if case.stdin:
        (target / "stdin").write_bytes(case.stdin)
    info = {
        "seed": seed,
        "entry": o.entry,
        "index": o.index,
        "argv_b64": [base64.b64encode(_argv_bytes(a)).decode() for a in case.argv],
        "argv_shown": [a.encode("utf-8", "backslashreplace").decode()[:300] for a in case.argv],
        "followups": case.followups,
        "store": case.store,
        "status": o.status,
        "crash": o.crash,
        "hang": o.hang,
        "seconds": round(o.seconds, 3),
        "step": o.step,
    }
    (target / "case.json").write_text(json.dumps(info, indent=1, ensure_ascii=False), encoding="utf-8")
    (target / "output.txt").write_text(f"{o.stderr}\n--- logged ---\n{o.logged}\n", encoding="utf-8")


def _argv_bytes(arg: str) -> bytes:
    """An argument as the bytes a shell would pass (surrogate escapes back to their bytes)."""
    try:
        return os.fsencode(arg)
    except UnicodeEncodeError:
        return arg.encode("utf-8", "surrogatepass")


def describe(case: Case) -> str:
    parts = [a.encode("utf-8", "backslashreplace").decode() for a in case.argv]
    shown = " ".join(p if len(p) <= 40 else f"{p[:30]}…({len(p)} chars)" for p in parts)
    sizes = ", ".join(f"{n} {len(d):,} B" for n, d in case.files.items())
    return f"habeas {shown}" + (f" [{sizes}]" if sizes else "")


def report(entry: str, tally: Tally, seed: int, fx: Fixtures, workers: int) -> None:
    per_input = tally.wall * workers / max(tally.tried, 1)
    each = f"{per_input * 1000:.0f} ms each per worker"
    print(f"\n== {entry}: {tally.tried:,} inputs in {tally.wall:.1f} s ({each})")
    print("   exit statuses: " + ", ".join(f"{k}: {v:,}" for k, v in sorted(tally.statuses.items())))
    print(f"   crashes: {sum(tally.crashes.values()):,}   hangs: {len(tally.hangs):,}")
    for sig, n in tally.crashes.most_common():
        print(f"     {n:>6,} x {sig}  (e.g. --index {tally.crash_example[sig]})")
    if tally.hangs:
        print("     hangs: --index " + ", ".join(map(str, tally.hangs[:10])))
    if tally.failures:
        print("   exit 1 with a message (not counted as crashes):")
        for msg, n in tally.failures.most_common(5):
            print(f"     {n:>6,} x {msg}")
    if tally.refusals:
        print("   exit 2, most frequent first problems:")
        for msg, n in tally.refusals.most_common(6):
            print(f"     {n:>6,} x {msg}")
    print("   slowest:")
    for seconds, index in tally.slowest:
        print(f"     {seconds:7.2f} s  --index {index}: {describe(make_case(seed, entry, index, fx))[:160]}")


# -- main ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--count", type=int, default=10_000, help="inputs per entry point (default 10,000)")
    parser.add_argument("--entry", action="append", choices=ENTRIES, help="entry points (default: all)")
    parser.add_argument("--start", type=int, default=0, help="first input index (default 0)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before an input is a hang")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"), help="where crashing inputs go")
    parser.add_argument("--index", type=int, help="replay one input of --entry in this process, verbosely")
    parser.add_argument("--replay", type=Path, help="replay a saved crash folder")
    args = parser.parse_args(argv)

    base = Path(tempfile.mkdtemp(prefix="habeas-fuzz-"))
    try:
        memoise_law()
        templates, fx = build_fixtures(base)
        if args.replay or args.index is not None:
            return replay(args, base, templates, fx)
        entries = args.entry or list(ENTRIES)
        pool = Pool(args.workers, base, templates, fx, args.seed)
        total_crashes = total_hangs = 0
        print(
            f"seed {args.seed}, {args.count:,} inputs per entry point, {args.workers} workers, "
            f"timeout {args.timeout:g} s, crashes to {args.crashes}/"
        )
        try:
            for entry in entries:
                tally = Tally()
                started = time.monotonic()
                indices = list(range(args.start, args.start + args.count))
                for n, outcome in enumerate(pool.map(entry, indices, args.timeout), 1):
                    tally.add(outcome)
                    if outcome.crash or outcome.hang:
                        save(args.crashes, args.seed, outcome, make_case(args.seed, entry, outcome.index, fx))
                    if n % 1000 == 0:
                        print(
                            f"   {entry}: {n:,} done, {sum(tally.crashes.values())} crashes, "
                            f"{len(tally.hangs)} hangs, {time.monotonic() - started:.0f} s",
                            flush=True,
                        )
                tally.wall = time.monotonic() - started
                report(entry, tally, args.seed, fx, args.workers)
                total_crashes += sum(tally.crashes.values())
                total_hangs += len(tally.hangs)
        finally:
            pool.close()
        print(f"\nTotal: {total_crashes} crashes, {total_hangs} hangs")
        return 1 if total_crashes or total_hangs else 0
    finally:
        shutil.rmtree(base, ignore_errors=True)


def replay(args: argparse.Namespace, base: Path, templates: dict[str, Path], fx: Fixtures) -> int:
    if args.replay:
        info = json.loads((args.replay / "case.json").read_text(encoding="utf-8"))
        files = {
            p.name: p.read_bytes()
            for p in args.replay.iterdir()
            if p.name not in ("case.json", "output.txt", "stdin")
        }
        stdin = (args.replay / "stdin").read_bytes() if (args.replay / "stdin").exists() else b""
        argv = [os.fsdecode(base64.b64decode(a)) for a in info["argv_b64"]]
        case = Case(argv, files, stdin, info["store"], info["followups"])
        entry, index = info["entry"], info["index"]
    else:
        entry, index = (args.entry or ["letter"])[0], args.index
        case = make_case(args.seed, entry, index, fx)
    print(describe(case))
    runner = Runner(base / "replay", templates, fx, args.seed)
    outcome = runner.run(entry, index, case)
    print(f"exit status {outcome.status}, {outcome.seconds:.2f} s, crash: {outcome.crash or 'none'}")
    print(outcome.stderr[:3000])
    if outcome.logged:
        print("--- logged ---\n" + outcome.logged)
    return 1 if outcome.crash else 0


if __name__ == "__main__":
    sys.exit(main())
