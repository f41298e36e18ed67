"""Small record builders for the lifecycle tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from app.cases.records import Request, RequestEvent


def make_request(jurisdiction: str, regime: str, right: str, context: str = "", rid: int = 7) -> Request:
    return Request(
        case_id=1,
        jurisdiction=jurisdiction,
        regime=regime,
        rights=(right,),
        created=datetime(2026, 1, 1, tzinfo=UTC),
        context=context,
        id=rid,
    )


def make_events(*rows: tuple[Any, ...]) -> list[RequestEvent]:
    """Rows of (kind, "YYYY-MM-DD"[, method[, data]]); ids in order so same-day order is kept."""
    out = []
    for n, row in enumerate(rows, start=1):
        kind, day = row[0], date.fromisoformat(row[1])
        method = row[2] if len(row) > 2 else ""
        data = row[3] if len(row) > 3 else {}
        out.append(RequestEvent(request_id=7, kind=kind, date=day, receipt_method=method, data=data, id=n))
    return out
