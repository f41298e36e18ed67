"""Typed reading of parsed TOML/JSON tables, failing with DataFileError(file, key, reason).

Every data file in ``resources/law`` and every user calendar file goes through these helpers, so
a broken file always names the file, the key path (``provision[CN-PIPL-45-1].confidence``) and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from app.contract import day_problem, read_day, shown
from app.errors import DataFileError

E = TypeVar("E", bound=StrEnum)


def _shown(value: object) -> str:
    """A value as a message quotes it: ``repr`` fails on a number of 4,301+ digits, and a text of
    60,000 characters is no help to anyone reading the message."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**40:
        return "a number of more than 40 digits"
    return shown(value if isinstance(value, str) else repr(value))


class Table:
    """One table of a data file, with the key path that leads to it."""

    def __init__(self, file: str, path: str, data: Any) -> None:
        self.file = file
        self.path = path
        if not isinstance(data, Mapping):
            self.fail("", f"expected a table, got {type(data).__name__}")
        self.data: Mapping[str, Any] = data

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path and name else (self.path or name)

    def fail(self, name: str, reason: str) -> None:
        raise DataFileError(self.file, self.key(name), reason)

    def check_keys(self, allowed: set[str]) -> None:
        """Unknown keys are typos more often than not; refuse them rather than ignore them."""
        for name in self.data:
            if name not in allowed:
                self.fail(name, f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def _get(self, name: str, required: bool) -> Any:
        if name not in self.data:
            if required:
                self.fail(name, "missing")
            return None
        return self.data[name]

    def text(self, name: str, *, required: bool = True, default: str = "") -> str:
        value = self._get(name, required)
        if value is None:
            return default
        if not isinstance(value, str):
            self.fail(name, f"expected text, got {type(value).__name__}")
        if required and not value.strip():
            self.fail(name, "must not be empty")
        return str(value)

    def opt_text(self, name: str) -> str | None:
        value = self._get(name, False)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(name, "expected non-empty text")
        return str(value)

    def flag(self, name: str, *, default: bool | None = None) -> bool:
        value = self._get(name, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, bool):
            self.fail(name, f"expected true or false, got {_shown(value)}")
        return bool(value)

    def integer(
        self, name: str, *, required: bool = True, minimum: int = 1, maximum: int | None = None
    ) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"expected a whole number, got {_shown(value)}")
        if value < minimum:
            self.fail(name, f"must be at least {minimum}, got {_shown(value)}")
        if maximum is not None and value > maximum:
            self.fail(name, f"must be at most {maximum}, got {_shown(value)}")
        return int(value)

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self._get(name, required)
        if value is None:
            return None
        # A TOML date, or a text in ASCII digits; either within the input contract's dates.
        day = value if isinstance(value, date) else read_day(value)
        if day is None:
            self.fail(name, f"expected a date YYYY-MM-DD, got {_shown(value)}")
        assert day is not None
        problem = day_problem(day)
        if problem:
            self.fail(name, problem)
        return day

    def enum(self, name: str, kind: type[E], *, required: bool = True) -> E | None:
        value = self._get(name, required)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            self.fail(name, f"unknown value {_shown(value)} (allowed: {allowed})")
        raise AssertionError

    def texts(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        value = self._get(name, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(name, "expected a list of non-empty texts")
        return tuple(value)

    def tables(self, name: str, *, required: bool = False) -> list[Table]:
        value = self._get(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(name, "expected a list of tables")
        return [Table(self.file, f"{self.key(name)}[{i}]", item) for i, item in enumerate(value)]

    def table(self, name: str, *, required: bool = True) -> Table | None:
        value = self._get(name, required)
        if value is None:
            return None
        return Table(self.file, self.key(name), value)

    def named(self, ident: str) -> Table:
        """The same table, addressed by its id in error messages (``provision[CN-PIPL-45]``)."""
        base = self.path.rsplit("[", 1)[0]
        return Table(self.file, f"{base}[{ident}]", self.data)
