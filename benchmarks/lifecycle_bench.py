"""Time the lifecycle over many requests: the deadline dashboard recomputes every request's state.

    /work/venv/bin/python benchmarks/lifecycle_bench.py [N]

Prints the time per request state on the first pass (distinct dates: nothing memoised) and on a
second pass (what a dashboard refresh costs), across the four jurisdictions.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime, timedelta

from app.cases.deadlines import request_state
from app.cases.records import Request, RequestEvent
from app.law import load_knowledge_base

ROUTES = (
    ("CN", "ogi", "access", "administrative"),
    ("DE", "bdsg-part3", "access", ""),
    ("GB-ENG", "dpa-part3", "access", ""),
    ("US", "foia", "access", ""),
)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    kb = load_knowledge_base()
    work = []
    for i in range(n):
        code, regime, right, context = ROUTES[i % len(ROUTES)]
        sent = date(2026, 1, 5) + timedelta(days=i % 300)
        request = Request(
            case_id=i,
            jurisdiction=code,
            regime=regime,
            rights=(right,),
            created=datetime(2026, 1, 1, tzinfo=UTC),
            context=context,
            id=i + 1,
        )
        events = [
            RequestEvent(request_id=i + 1, kind="sent", date=sent, id=1),
            RequestEvent(request_id=i + 1, kind="received", date=sent + timedelta(days=2), id=2),
        ]
        work.append((request, events))
    today = date(2026, 11, 1)
    for label in ("first pass", "second pass"):
        start = time.perf_counter()
        for request, events in work:
            request_state(kb, request, events, today)
        elapsed = time.perf_counter() - start
        print(f"{label}: {n} requests in {elapsed:.2f} s ({elapsed / n * 1000:.3f} ms per request)")


if __name__ == "__main__":
    main()
