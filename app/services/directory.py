"""The authority directory: the authorities in the store plus the seed entries shipped in
``resources/ui/authorities.json``, as one list for the wizard and for escalation letters.

Seed entries are offered until an authority of the same name is stored; choosing one stores it
(with the seed's kind) when the case is opened, so the store only holds authorities actually used.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.cases.draft import RequestDraft
from app.cases.records import ALL_ROWS, Authority, Page
from app.errors import DataFileError
from app.paths import resources_dir

if TYPE_CHECKING:
    from app.store import Store

log = logging.getLogger(__name__)

# The wizard's search shows this many stored authorities at most (then the seeds).
SEARCH_LIMIT = Page(0, 200)


def seed_file() -> Path:
    return resources_dir() / "ui" / "authorities.json"


def load_seed_authorities(path: Path | None = None) -> tuple[Authority, ...]:
    """The shipped directory as unsaved records (``id`` None); DataFileError if it cannot be read."""
    path = path or seed_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple(
            Authority(name=e["name"], jurisdiction=e["jurisdiction"], kind=e["kind"], address=e["address"])
            for e in data["authorities"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataFileError(str(path), "authorities", type(exc).__name__) from exc


def postal_address(address: str, postal_code: str) -> str:
    """How a draft's address and postal code are stored together on a record."""
    return "\n".join(x for x in (address, postal_code) if x)


class AuthorityDirectory:
    """Stored authorities first, then seed entries not stored yet. Seeds are read on first use."""

    def __init__(self, store: Store, seeds: Sequence[Authority] | None = None) -> None:
        self.store = store
        self._seeds = tuple(seeds) if seeds is not None else None

    @property
    def seeds(self) -> tuple[Authority, ...]:
        if self._seeds is None:
            self._seeds = load_seed_authorities()
        return self._seeds

    def search(self, jurisdiction: str, search: str = "") -> list[Authority]:
        """The wizard's list: stored matches of ``search``, then unstored seeds whose name contains it."""
        stored = self.store.list_authorities(jurisdiction=jurisdiction, search=search, page=SEARCH_LIMIT)
        names = {a.name for a in stored}
        needle = search.strip().casefold()
        return [
            *stored,
            *(
                s
                for s in self.seeds
                if s.jurisdiction == jurisdiction
                and s.name not in names
                and (not needle or needle in s.name.casefold())
            ),
        ]

    def addressees(self, jurisdiction: str, kinds: Sequence[str]) -> list[Authority]:
        """Every entry of ``jurisdiction``, those of ``kinds`` first in that order (the likeliest first)."""
        entries = self.store.list_authorities(jurisdiction=jurisdiction, page=ALL_ROWS)
        known = {a.name for a in entries}
        seeds = [s for s in self.seeds if s.jurisdiction == jurisdiction and s.name not in known]
        pool = [*entries, *seeds]
        return sorted(pool, key=lambda a: kinds.index(a.kind) if a.kind in kinds else len(kinds))

    def chosen(self, draft: RequestDraft, chosen_id: int | None) -> Authority:
        """The authority a wizard draft is addressed to, to be stored with the case.

        The chosen stored entry when its name is unchanged (its address updated if the user completed
        or corrected it); otherwise a new entry, of the seed's kind when the name is a seed's.
        """
        address = postal_address(draft.authority.address, draft.authority.postal_code)
        if chosen_id is not None:
            existing = self.store.get_authority(chosen_id)
            if existing.name == draft.authority.name:
                return dataclasses.replace(existing, address=address)
        seed = next((s for s in self.seeds if s.name == draft.authority.name), None)
        return Authority(
            name=draft.authority.name,
            jurisdiction=draft.jurisdiction,
            kind=seed.kind if seed else "police",
            address=address,
        )
