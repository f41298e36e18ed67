"""The shipped authority directory: ``resources/directory/*.toml``, read and checked.

Each file names its sources (with their licence and whether contact data may be taken from them)
and lists ``[[authority]]`` entries; the format is described in ``resources/directory/README.md``.
Everything is checked on load and a mistake raises ``DataFileError`` naming the file and the key
(``DE.toml: authority[12].address: …``). The rule that matters most is enforced here, not by
review: an entry may carry an address, e-mail or portal only if its source allows contact data.

Messages here are for whoever edits the data files, in English like the law loader's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.cases.records import AUTHORITY_KINDS, Authority
from app.contract import MAX_DATA_FILE, MAX_FREE_TEXT, MAX_LINE, day_problem, loads_toml, text_problem
from app.errors import DataFileError
from app.paths import resources_dir

FORMAT = 1
_TOP_KEYS = {"format", "jurisdiction", "note", "sources", "authority"}
_SOURCE_KEYS = {"title", "url", "licence", "contact_data", "version"}
_ENTRY_KEYS = {
    "name",
    "kind",
    "aliases",
    "places",
    "address",
    "email",
    "portal",
    "source",
    "record",
    "checked",
    "verified",
    "note",
}
_CONTACT_KEYS = ("address", "email", "portal")
# Lines that end a postal address but say nothing about the place (a country name).
_POSTCODE_LINE = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}")
_COUNTRY_LINES = frozenset({"deutschland", "germany", "united kingdom", "uk", "usa", "united states", "中国"})


def directory_folder() -> Path:
    return resources_dir() / "directory"


@dataclass(frozen=True)
class Source:
    """Where entries come from and on what terms; ``contact_data`` False means names only."""

    key: str
    title: str
    url: str
    licence: str
    contact_data: bool
    version: str = ""


@dataclass(frozen=True)
class DirectoryEntry:
    """One addressee of the shipped directory, with what the stored ``Authority`` does not keep.

    ``address`` is None when no source with a licence that allows it gives one: the wizard then
    asks the user. ``verified`` is False for old or unconfirmed data (shown as such).
    """

    name: str
    jurisdiction: str
    kind: str
    checked: date
    source: Source
    record: str = ""
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    address: str | None = None
    email: str = ""
    portal: str = ""
    verified: bool = True
    note: str = ""

    def as_authority(self) -> Authority:
        """The record stored when the entry is chosen (unsaved: ``id`` None)."""
        return Authority(
            name=self.name, jurisdiction=self.jurisdiction, kind=self.kind, address=self.address or ""
        )

    @property
    def source_text(self) -> str:
        """The source as one line: title, record, licence and address of the data."""
        parts = [self.source.title]
        if self.record:
            parts.append(self.record)
        parts.append(self.source.licence)
        if self.source.url:
            parts.append(self.source.url)
        return "; ".join(parts)

    @property
    def place(self) -> str:
        """The town of the address, else the places it covers (for lists: "name — place")."""
        return place_of(self.address or "") or ", ".join(self.places[:3])

    def as_json(self) -> dict[str, Any]:
        """The entry as ``habeas authorities list --json`` prints it (keys fixed by issue 13)."""
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "address": self.address,
            "email": self.email or None,
            "portal": self.portal or None,
            "source": self.source_text,
            "checked": self.checked.isoformat(),
        }

    def search_text(self) -> str:
        return search_key(" ".join((self.name, *self.aliases, *self.places, self.address or "")))


@dataclass(frozen=True)
class Directory:
    """All entries of the shipped files, and each jurisdiction's general note (national channels)."""

    entries: tuple[DirectoryEntry, ...]
    notes: Mapping[str, str]

    def of(self, jurisdiction: str) -> list[DirectoryEntry]:
        return [e for e in self.entries if e.jurisdiction == jurisdiction]


def search_key(text: str) -> str:
    """Text as searches compare it: case and accents folded ("Thüringen" finds "thuringen")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def matches(query: str, text: str) -> bool:
    """Every word of ``query`` occurs in ``text`` (both through ``search_key``; ``text`` already is)."""
    return all(word in text for word in search_key(query).split())


def place_of(address: str) -> str:
    """The last meaningful line of an address: postal code and town ("53117 Bonn")."""
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    while lines and lines[-1].casefold() in _COUNTRY_LINES:
        lines.pop()
    if len(lines) >= 2 and _POSTCODE_LINE.fullmatch(lines[-1]):
        return f"{lines[-2]} {lines[-1]}"  # a British postcode has a line of its own, after the town
    return lines[-1] if lines else ""


# -- loading ------------------------------------------------------------------------------------


def load_directory(folder: Path | None = None) -> Directory:
    """Every ``*.toml`` in ``folder`` (default: the shipped directory), checked; sorted by file name."""
    folder = folder or directory_folder()
    try:
        files = sorted(folder.glob("*.toml"))
    except OSError as exc:
        raise DataFileError(str(folder), "", exc.strerror or type(exc).__name__) from exc
    if not files:
        raise DataFileError(str(folder), "", "no directory files (*.toml)")
    entries: list[DirectoryEntry] = []
    notes: dict[str, str] = {}
    seen: dict[tuple[str, str], str] = {}
    for path in files:
        jurisdiction, note, found = _load_file(path)
        if note:
            notes[jurisdiction] = note
        for i, entry in enumerate(found):
            key = (entry.jurisdiction, search_key(entry.name))
            if key in seen:
                raise DataFileError(
                    f"{folder.name}/{path.name}",
                    f"authority[{i}].name",
                    f"{entry.name!r} is already listed in {seen[key]}",
                )
            seen[key] = path.name
            entries.append(entry)
    return Directory(tuple(entries), notes)


def _load_file(path: Path) -> tuple[str, str, list[DirectoryEntry]]:
    name = f"{path.parent.name}/{path.name}"

    def fail(key: str, reason: str) -> DataFileError:
        return DataFileError(name, key, reason)

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise fail("", exc.strerror or type(exc).__name__) from exc
    if len(raw) > MAX_DATA_FILE:
        raise fail("", f"larger than {MAX_DATA_FILE // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail("", "not UTF-8 text") from exc
    data = loads_toml(text, name, lambda reason: fail("", reason))
    _no_unknown(data, _TOP_KEYS, "", fail)
    if data.get("format") != FORMAT:
        raise fail("format", f"must be {FORMAT}")
    jurisdiction = _text(data, "jurisdiction", "", fail, required=True, limit=64)
    note = _text(data, "note", "", fail, limit=MAX_LINE)
    sources_data = data.get("sources")
    if not isinstance(sources_data, dict) or not sources_data:
        raise fail("sources", "must be a table of [sources.<key>] tables")
    sources = {key: _source(key, value, fail) for key, value in sources_data.items()}
    items = data.get("authority")
    if not isinstance(items, list) or not items:
        raise fail("authority", "must be a list of [[authority]] tables")
    return jurisdiction, note, [_entry(i, item, jurisdiction, sources, fail) for i, item in enumerate(items)]


def _source(key: str, value: object, fail: Any) -> Source:
    where = f"sources.{key}"
    if not isinstance(value, dict):
        raise fail(where, "must be a table")
    _no_unknown(value, _SOURCE_KEYS, where, fail)
    if not isinstance(value.get("contact_data"), bool):
        raise fail(f"{where}.contact_data", "must be true or false")
    return Source(
        key=key,
        title=_text(value, "title", where, fail, required=True),
        url=_text(value, "url", where, fail),
        licence=_text(value, "licence", where, fail, required=True),
        contact_data=value["contact_data"],
        version=_text(value, "version", where, fail),
    )


def _entry(
    index: int, item: object, jurisdiction: str, sources: Mapping[str, Source], fail: Any
) -> DirectoryEntry:
    where = f"authority[{index}]"
    if not isinstance(item, dict):
        raise fail(where, "must be a table")
    _no_unknown(item, _ENTRY_KEYS, where, fail)
    kind = _text(item, "kind", where, fail, required=True)
    if kind not in AUTHORITY_KINDS:
        raise fail(f"{where}.kind", f"unknown kind {kind!r}; expected one of: {', '.join(AUTHORITY_KINDS)}")
    source_key = _text(item, "source", where, fail, required=True)
    source = sources.get(source_key)
    if source is None:
        raise fail(f"{where}.source", f"unknown source {source_key!r}; name it under [sources]")
    for key in _CONTACT_KEYS:
        if key in item and not source.contact_data:
            # Contact data only from a source whose licence allows it (issue 13): never guessed.
            raise fail(f"{where}.{key}", f"source {source_key!r} gives names only (contact_data = false)")
    checked = item.get("checked")
    if not isinstance(checked, date) or hasattr(checked, "hour"):
        raise fail(f"{where}.checked", "must be a date (YYYY-MM-DD, unquoted)")
    if problem := day_problem(checked):
        raise fail(f"{where}.checked", problem)
    verified = item.get("verified", True)
    if not isinstance(verified, bool):
        raise fail(f"{where}.verified", "must be true or false")
    address = _text(item, "address", where, fail, limit=MAX_FREE_TEXT)
    if "address" in item and not address:
        raise fail(f"{where}.address", "leave the key out when there is no address")
    return DirectoryEntry(
        name=_text(item, "name", where, fail, required=True),
        jurisdiction=jurisdiction,
        kind=kind,
        checked=checked,
        source=source,
        record=_text(item, "record", where, fail),
        aliases=_texts(item, "aliases", where, fail),
        places=_texts(item, "places", where, fail),
        address=address or None,
        email=_text(item, "email", where, fail),
        portal=_text(item, "portal", where, fail),
        verified=verified,
        note=_text(item, "note", where, fail),
    )


def _no_unknown(table: Mapping[str, object], allowed: Iterable[str], where: str, fail: Any) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        prefix = f"{where}." if where else ""
        raise fail(prefix + unknown[0], f"unknown key; expected one of: {', '.join(sorted(allowed))}")


def _text(
    table: Mapping[str, object],
    key: str,
    where: str,
    fail: Any,
    *,
    required: bool = False,
    limit: int = MAX_LINE,
) -> str:
    path = f"{where}.{key}" if where else key
    value = table.get(key, "")
    if problem := text_problem(value, limit):
        raise fail(path, problem)
    assert isinstance(value, str)
    if required and not value.strip():
        raise fail(path, "must not be empty")
    if value != value.strip():
        raise fail(path, "has spaces or line breaks at its start or end")
    return value


def _texts(table: Mapping[str, object], key: str, where: str, fail: Any) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise fail(f"{where}.{key}", "must be a list of texts")
    items: Sequence[object] = value
    for i, item in enumerate(items):
        if problem := text_problem(item, MAX_LINE):
            raise fail(f"{where}.{key}[{i}]", problem)
        if not str(item).strip():
            raise fail(f"{where}.{key}[{i}]", "must not be empty")
    return tuple(str(item) for item in items)
