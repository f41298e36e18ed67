"""The authority directory: the authorities in the store plus the shipped entries of
``resources/directory/`` (``app.services.directory_data``), as one list for the wizard and for
escalation letters.

Shipped entries are offered until an authority of the same name is stored; choosing one stores it
(with the entry's kind) when the case is opened, so the store only holds authorities actually used.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.cases.draft import RequestDraft
from app.cases.records import ALL_ROWS, AUTHORITY_KINDS, Authority, Page
from app.services.directory_data import (
    Directory,
    DirectoryEntry,
    load_directory,
    matches,
    search_key,
)

if TYPE_CHECKING:
    from app.store import Store

log = logging.getLogger(__name__)

# The wizard's search looks at this many stored authorities at most (then the shipped entries).
SEARCH_LIMIT = Page(0, 200)


def load_seed_authorities(folder: Path | None = None) -> tuple[Authority, ...]:
    """The shipped directory as unsaved records (``id`` None); DataFileError if a file is wrong."""
    return tuple(e.as_authority() for e in load_directory(folder).entries)


def postal_address(address: str, postal_code: str) -> str:
    """How a draft's address and postal code are stored together on a record."""
    return "\n".join(x for x in (address, postal_code) if x)


def _display_order(entry: DirectoryEntry) -> tuple[int, str]:
    # Police first: most requests go to them; then the supervisors, ministries, courts...
    return AUTHORITY_KINDS.index(entry.kind), search_key(entry.name)


class AuthorityDirectory:
    """Stored authorities first, then shipped entries not stored yet. The files are read on first use."""

    def __init__(self, store: Store, directory: Directory | None = None) -> None:
        self.store = store
        self._directory = directory

    @property
    def directory(self) -> Directory:
        if self._directory is None:
            self._directory = load_directory()
            log.info("authority directory: %d entries", len(self._directory.entries))
        return self._directory

    @property
    def seeds(self) -> tuple[Authority, ...]:
        return tuple(e.as_authority() for e in self.directory.entries)

    def entries(self, jurisdiction: str, search: str = "") -> list[DirectoryEntry]:
        """Shipped entries of ``jurisdiction`` whose name, alias, place or address has every word of
        ``search`` (case and accents ignored); all of them, police first, for an empty search."""
        found = [
            e
            for e in self.directory.of(jurisdiction)
            if not search.strip() or matches(search, e.search_text())
        ]
        return sorted(found, key=_display_order)

    def entry_named(self, jurisdiction: str, name: str) -> DirectoryEntry | None:
        """The shipped entry of that name (case and accents ignored), for its place, source and age."""
        key = search_key(name)
        return next((e for e in self.directory.of(jurisdiction) if search_key(e.name) == key), None)

    def search(self, jurisdiction: str, search: str = "") -> list[Authority]:
        """The wizard's list: stored matches of ``search``, then the shipped entries not stored yet."""
        stored = self._stored_matches(jurisdiction, search)
        names = {search_key(a.name) for a in stored}
        return [
            *stored,
            *(
                e.as_authority()
                for e in self.entries(jurisdiction, search)
                if search_key(e.name) not in names
            ),
        ]

    def _stored_matches(self, jurisdiction: str, search: str) -> list[Authority]:
        # The store matches names only (a LIKE); the first page is also matched here by every word
        # of name and address, accents ignored, as the shipped entries are.
        by_name = self.store.list_authorities(jurisdiction=jurisdiction, search=search, page=SEARCH_LIMIT)
        if not search.strip():
            return by_name
        first_page = self.store.list_authorities(jurisdiction=jurisdiction, page=SEARCH_LIMIT)
        more = [a for a in first_page if matches(search, search_key(f"{a.name} {a.address}"))]
        ids = {a.id for a in by_name}
        return sorted([*by_name, *(a for a in more if a.id not in ids)], key=lambda a: search_key(a.name))

    def addressees(self, jurisdiction: str, kinds: Sequence[str]) -> list[Authority]:
        """Every entry of ``jurisdiction``, those of ``kinds`` first in that order (the likeliest first)."""
        entries = self.store.list_authorities(jurisdiction=jurisdiction, page=ALL_ROWS)
        known = {search_key(a.name) for a in entries}
        seeds = [e.as_authority() for e in self.entries(jurisdiction) if search_key(e.name) not in known]
        pool = [*entries, *seeds]
        return sorted(pool, key=lambda a: kinds.index(a.kind) if a.kind in kinds else len(kinds))

    def chosen(self, draft: RequestDraft, chosen_id: int | None) -> Authority:
        """The authority a wizard draft is addressed to, to be stored with the case.

        The chosen stored entry when its name is unchanged (its address updated if the user completed
        or corrected it); otherwise a new entry, of the shipped entry's kind when the name is one.
        """
        address = postal_address(draft.authority.address, draft.authority.postal_code)
        if chosen_id is not None:
            existing = self.store.get_authority(chosen_id)
            if existing.name == draft.authority.name:
                return dataclasses.replace(existing, address=address)
        entry = self.entry_named(draft.jurisdiction, draft.authority.name)
        return Authority(
            name=draft.authority.name,
            jurisdiction=draft.jurisdiction,
            kind=entry.kind if entry else "police",
            address=address,
        )
