"""The application layer the command line and the window both call (DESIGN: "services").

Front ends collect input and show results; opening cases, recording events, writing letters,
exports and lists happen here, once, without Qt. Objects are built by the caller with the store
and knowledge base it opened; nothing here is global.
"""

from app.services.casework import CaseFile, CaseworkService, OpenedCase
from app.services.directory import AuthorityDirectory, load_seed_authorities
from app.services.listing import CaseListEntry, CaseListPage, DeadlineReport, summary_status

__all__ = [
    "AuthorityDirectory",
    "CaseFile",
    "CaseListEntry",
    "CaseListPage",
    "CaseworkService",
    "DeadlineReport",
    "OpenedCase",
    "load_seed_authorities",
    "summary_status",
]
