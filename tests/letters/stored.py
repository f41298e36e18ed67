"""A case as the store keeps it (one request from an example, its letter, a "sent" event): the
dossier's input, built through the services on a temporary SQLite store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.cases.draft import RequestDraft
from app.law import KnowledgeBase
from app.letters.dossier import DossierInput

from .pdfcheck import example

TODAY = date(2026, 3, 10)


def stored_case(kb: KnowledgeBase, folder: Path, name: str = "cn-access") -> DossierInput:
    from app.services import CaseworkService
    from app.store import DatabaseConfig, open_store

    store = open_store(DatabaseConfig.sqlite(folder / "store.sqlite3"))
    try:
        service = CaseworkService(store, kb)
        opened = service.open_case([RequestDraft.from_json(example(name), kb)], with_letters=True)
        request_id = opened.requests[0].id or 0
        service.record_event(request_id, "sent", date(2026, 3, 2), today=TODAY, method="registered-mail")
        found = service.case_file(opened.case.id or 0, TODAY)
    finally:
        store.close()
    assert found.letters, "the request letter is stored"
    return DossierInput(found.case, found.client, found.requests, found.letters, TODAY, kb)
