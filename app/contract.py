"""The input contract: what Habeas accepts wherever data comes in, stated once.

The command line, the window, the import and the law packs all check their input against these
limits, and every store write checks them again (``app.store.rows.check_record``), so SQLite and
PostgreSQL accept exactly the same data. Anything outside the contract is refused with an
``InputError`` naming the key; nothing here raises anything else.

Why these limits:
- dates 1900-01-01 … 2199-12-31: wide enough for any birth date and any deadline, and far enough
  from 9999-12-31 that adding a period or a year of holidays can never overflow ``date``;
- ids 1 … 2,147,483,647: PostgreSQL's ``integer`` primary keys;
- counts and ids in ASCII digits only: "²" and "٣" pass ``str.isdigit()`` but are not numbers a
  person meant to type into a date or id field;
- texts without NUL (PostgreSQL refuses it) or lone surrogates (not encodable as UTF-8), and no
  longer than their column or, for free text, a size a letter can still be laid out in seconds;
- JSON and TOML nested at most 32 deep and files of bounded size: the parsers are recursive, and a
  hostile file must fail with a message, not a RecursionError or an exhausted memory.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from app.errors import InputError, Problem
from app.i18n import _

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
MAX_ID = 2**31 - 1
MAX_NESTING = 32
# A free-text field (incident details, a note, an address): about eight printed pages.
MAX_FREE_TEXT = 20_000
# A name, title or file name.
MAX_LINE = 500
# A code or number stored in a bounded column: a reference, an identity document number, a phone.
MAX_CODE = 64
# Items of one list in a request (enclosures, case numbers, deletion grounds).
MAX_ITEMS = 100
# Lines of one free text that goes into a letter: each line break is a line the layout must place,
# and 4,000 one-word lines took 10 s to 50 s to lay out (the time grows with the square).
MAX_TEXT_LINES = 500
# A JSON request file for ``habeas letter`` or a facts file; an export is bounded separately.
MAX_INPUT_FILE = 4 * 1024 * 1024
MAX_EXPORT_FILE = 2 * 1024**3
MAX_DATA_FILE = 4 * 1024 * 1024  # a TOML or JSON data file of a law pack, a calendar, settings

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_ASCII_NUMBER = re.compile(r"[0-9]{1,12}", re.ASCII)

T = TypeVar("T")


# -- single values ------------------------------------------------------------------------------


def text_problem(value: object, limit: int) -> str | None:
    """Why ``value`` is not an acceptable text of at most ``limit`` characters, or None."""
    if not isinstance(value, str):
        return _("must be text")
    if len(value) <= limit and "\x00" not in value and value.isascii():
        return None  # the common case, without encoding the text
    if len(value) > limit:
        return _("is {length} characters long; at most {limit} are allowed").format(
            length=len(value), limit=limit
        )
    if "\x00" in value:
        return _("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("contains a character that is not valid Unicode text")
    return None


def day_problem(value: date) -> str | None:
    """Why ``value`` (a date or a timestamp) is outside the dates Habeas works with, or None."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        return _("{day} is outside the dates Habeas accepts ({first} to {last})").format(
            day=day.isoformat(), first=EARLIEST.isoformat(), last=LATEST.isoformat()
        )
    return None


def id_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return _("must be a whole number")
    if not 1 <= value <= MAX_ID:
        return _("must be a whole number from 1 to {max}").format(max=MAX_ID)
    return None


def json_problem(
    value: object, path: str = "", limit: int = MAX_NESTING, text_limit: int = MAX_FREE_TEXT
) -> Problem | None:
    """What makes a JSON value unacceptable (too deep, bad text, huge numbers), with its key path.

    Iterative, so a hostile document cannot exhaust the stack; the path is built only on failure.
    """
    stack: list[tuple[object, int, Any]] = [(value, 0, None)]
    while stack:
        item, depth, trail = stack.pop()
        problem: str | None = None
        if depth > limit:
            problem = _("is nested more than {limit} levels deep").format(limit=limit)
        elif isinstance(item, str):
            problem = text_problem(item, text_limit)
        elif isinstance(item, dict):
            for key, inner in item.items():
                key_problem = text_problem(key, MAX_LINE)
                if key_problem:
                    return Problem(_join(path, trail), key_problem)
                stack.append((inner, depth + 1, (trail, key)))
        elif isinstance(item, list | tuple):
            stack.extend((inner, depth + 1, (trail, i)) for i, inner in enumerate(item))
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > 2**53:
            problem = _("holds a number too large to store exactly")
        elif isinstance(item, float) and not math.isfinite(item):
            problem = _("holds a number that is not finite")
        if problem:
            return Problem(_join(path, trail), problem)
    return None


def _join(path: str, trail: Any) -> str:
    parts: list[str] = []
    while trail is not None:
        trail, key = trail
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
    joined = (path + "".join(reversed(parts))).lstrip(".")
    return joined if len(joined) <= 120 else joined[:40] + "…" + joined[-60:]


def list_problem(value: object, limit: int = MAX_ITEMS) -> str | None:
    """Why a list of ``value``'s length is too long, or None."""
    if isinstance(value, list | tuple) and len(value) > limit:
        return _("has {count} items; at most {limit} are allowed").format(count=len(value), limit=limit)
    return None


def lines_problem(value: str, limit: int = MAX_TEXT_LINES) -> str | None:
    """Why a text has too many lines for a letter, or None."""
    lines = value.count("\n") + 1
    if lines > limit:
        return _("has {count} lines; at most {limit} are allowed").format(count=lines, limit=limit)
    return None


def last_day_problem(day: date) -> str | None:
    """Why a computed date (a due date, the end of a pause) cannot be used: after LATEST, or None."""
    if day > LATEST:
        return _("would fall after {last}, the last date Habeas works with").format(last=LATEST.isoformat())
    return None


# -- parsing what a person typed ----------------------------------------------------------------


def read_day(value: object) -> date | None:
    """A date written YYYY-MM-DD in ASCII digits, or None; the range is ``day_problem``'s business."""
    text = value.strip() if isinstance(value, str) else ""
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_day(value: str, key: str, failure: str | None = None) -> date:
    """A date typed as YYYY-MM-DD in ASCII digits, inside the accepted range."""
    day = read_day(value)
    if day is None:
        _refuse(key, _("not a date (YYYY-MM-DD): {value}").format(value=_shown(value)), failure)
    assert day is not None
    problem = day_problem(day)
    if problem:
        _refuse(key, problem, failure)
    return day


def parse_number(value: str, key: str, low: int, high: int, failure: str | None = None) -> int:
    """A whole number typed in ASCII digits, from ``low`` to ``high``."""
    text = value.strip() if isinstance(value, str) else ""
    if not is_number(text, low, high):
        _refuse(
            key,
            _("not a whole number from {low} to {high}: {value}").format(
                low=low, high=high, value=_shown(value)
            ),
            failure,
        )
    return int(text)


def parse_id(value: str, key: str, failure: str | None = None) -> int:
    return parse_number(value, key, 1, MAX_ID, failure)


def is_number(value: object, low: int, high: int) -> bool:
    """True if ``value`` is a whole number in ASCII digits from ``low`` to ``high``."""
    text = value.strip() if isinstance(value, str) else ""
    return bool(_ASCII_NUMBER.fullmatch(text)) and low <= int(text) <= high


def shown(value: object) -> str:
    """The offending value as a message can quote it: short, printable, valid text."""
    return _shown(value)


def _shown(value: object) -> str:
    """The offending value as it can be shown in a message: short, printable, valid text."""
    try:
        text = value if isinstance(value, str) else repr(value)
    except ValueError:  # an integer of more than 4,300 digits, somewhere inside
        text = type(value).__name__
    text = text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\0")
    return text if len(text) <= 40 else text[:37] + "…"


def _refuse(key: str, message: str, failure: str | None) -> None:
    raise InputError(failure or _("Nothing was changed."), [Problem(key, message)])


# -- files --------------------------------------------------------------------------------------


def read_limited(path: Path, limit: int, failure: str | None = None) -> bytes:
    """The bytes of a file no larger than ``limit``; InputError naming the file otherwise."""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            failure or _("Cannot read {file}: {reason}").format(file=path, reason=_reason(exc))
        ) from None
    if len(data) > limit:
        raise InputError(
            _("{file} is larger than {size} MB, the most Habeas reads for this kind of file.").format(
                file=path, size=limit // (1024 * 1024)
            )
        )
    return data


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def read_input(source: str, limit: int = MAX_INPUT_FILE) -> bytes:
    """The bytes of a file named on the command line, or of standard input for ``-``, at most ``limit``."""
    if source != "-":
        return read_limited(Path(source), limit)
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    try:
        data = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1).encode("utf-8")
    except (OSError, UnicodeError) as exc:
        raise InputError(
            _("Cannot read {file}: {reason}").format(file=_("standard input"), reason=type(exc).__name__)
        ) from None
    if len(data) > limit:
        raise InputError(
            _("{file} is larger than {size} MB, the most Habeas reads for this kind of file.").format(
                file=_("standard input"), size=limit // (1024 * 1024)
            )
        )
    return bytes(data)


def loads_json(text: str | bytes, source: str) -> Any:
    """Parsed JSON, refusing documents nested too deeply (InputError, never RecursionError)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError(
            _("{file} is nested too deeply (at most {limit} levels).").format(file=source, limit=MAX_NESTING)
        ) from None
    except UnicodeDecodeError:
        raise InputError(_("{file} is not UTF-8 text.").format(file=source)) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            _("{file} is not valid JSON.").format(file=source),
            [Problem(_("line {line}, column {column}").format(line=exc.lineno, column=exc.colno), exc.msg)],
        ) from None
    except ValueError:
        # e.g. an integer of more than 4,300 digits (Python's int conversion limit)
        raise InputError(_("{file} holds a number too long to read.").format(file=source)) from None
    _require_nesting(data, source)
    return data


def loads_toml(text: str, source: str, error: Callable[[str], Exception]) -> dict[str, Any]:
    """Parsed TOML; ``error(reason)`` builds the exception for a malformed or hostile file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(str(exc)) from None
    except RecursionError:
        raise error(_("nested too deeply (at most {limit} levels)").format(limit=MAX_NESTING)) from None
    except ValueError as exc:
        raise error(str(exc)) from None
    problem = json_problem(data, text_limit=MAX_DATA_FILE)
    if problem:
        raise error(str(problem))
    return data


def _require_nesting(data: object, source: str) -> None:
    problem = json_problem(data, text_limit=MAX_EXPORT_FILE)
    if problem:
        raise InputError(_("{file} cannot be read.").format(file=source), [problem])
