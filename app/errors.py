"""Typed errors raised by the core; the CLI and the UI decide how to show them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class HabeasError(Exception):
    """Base of every error Habeas raises on purpose. The message is already translated."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input: where (a key path such as ``requester.email``) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(HabeasError):
    """The user's input (file, argument, form) is wrong. The CLI exits with status 2."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[Problem, ...] = tuple(problems)

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class StoreError(HabeasError):
    """The case store cannot be opened or used (wrong URL, unreachable server, damaged file)."""


class DataFileError(HabeasError):
    """A shipped or user-supplied data file (law, calendar, template, directory) is invalid.

    The message names the file, the key and the reason.
    """

    def __init__(self, file: str, key: str, reason: str) -> None:
        super().__init__(f"{file}: {key}: {reason}")
        self.file = file
        self.key = key
        self.reason = reason


class EditConflictError(HabeasError):
    """Someone saved the record after it was read: the change was not saved (issue 12).

    ``mine`` is the record as the user wanted to save it, ``theirs`` as it is now stored, and
    ``fields`` the names in which they differ; the UI shows both, nothing is overwritten.
    """

    def __init__(self, message: str, mine: object, theirs: object, fields: tuple[str, ...]) -> None:
        super().__init__(message)
        self.mine = mine
        self.theirs = theirs
        self.fields = fields

    def differences(self) -> list[tuple[str, str, str]]:
        """(field, yours, saved) for each field that differs, the values shortened for display."""
        return [
            (name, _shorten(getattr(self.mine, name, "")), _shorten(getattr(self.theirs, name, "")))
            for name in self.fields
        ]


def _shorten(value: object, limit: int = 80) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
