"""Time ``app.law.due_date``: cold (fresh caches) and warm, against a plain-Python floor.

    /work/venv/bin/python benchmarks/due_date_bench.py [N]

Each call counts a real period (working days, calendar days or months, per jurisdiction) from a
different start date and renders the explanation (English and the jurisdiction's language).
"First call" is the first in the process (it also loads Babel's locale data and the catalogs);
"cold" is the mean of one call per mix right after ``clear_caches()``; "warm" is the mean over N
calls with the caches filled (a dashboard refresh).
The floor is a plain loop adding ``timedelta(days=1)`` as many times as the period has days, so
the ratio says how far the engine is from doing nothing but walk the calendar.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta

from app.law import due_date, load_knowledge_base

try:  # absent before the caches existed; the benchmark still runs (for "before" figures)
    from app.law import clear_caches
except ImportError:  # pragma: no cover - benchmark only

    def clear_caches() -> None:
        pass


CALLS = (
    ("CN", 15, "working_days", "zh_CN"),
    ("CN", 20, "working_days", "en"),
    ("DE", 1, "months", "de"),
    ("GB-ENG", 1, "months", "en"),
    ("US", 20, "working_days", "en"),
    ("DE", 30, "calendar_days", "en"),
)


def _floor(starts: list[date], days: list[int]) -> float:
    begin = time.perf_counter()
    for start, n in zip(starts, days, strict=True):
        day = start
        for _ in range(n):
            day += timedelta(days=1)
    return time.perf_counter() - begin


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    kb = load_knowledge_base()
    starts = [date(2025, 1, 2) + timedelta(days=(i * 7) % 700) for i in range(n)]

    begin = time.perf_counter()
    code, count, unit, lang = CALLS[0]
    due_date(code, starts[0], count=count, unit=unit, kb=kb, lang=lang)
    first = time.perf_counter() - begin

    # Load every locale and holiday module once, so "cold" measures only what the caches hold.
    for code, count, unit, lang in CALLS:
        due_date(code, starts[1], count=count, unit=unit, kb=kb, lang=lang)
    # Cold: every mix once right after emptying the caches.
    cold = 0.0
    for code, count, unit, lang in CALLS:
        clear_caches()
        begin = time.perf_counter()
        due_date(code, starts[-1], count=count, unit=unit, kb=kb, lang=lang)
        cold += time.perf_counter() - begin
    cold /= len(CALLS)

    # Fill the caches for every jurisdiction and language once, then time the steady state.
    clear_caches()
    for code, count, unit, lang in CALLS:
        due_date(code, starts[0], count=count, unit=unit, kb=kb, lang=lang)
    spans: list[int] = []
    begin = time.perf_counter()
    for i, start in enumerate(starts):
        code, count, unit, lang = CALLS[i % len(CALLS)]
        result = due_date(code, start, count=count, unit=unit, kb=kb, lang=lang)
        spans.append((result.due - start).days)
    warm = time.perf_counter() - begin
    floor = _floor(starts, spans)

    print(f"due_date, {n} calls over {len(CALLS)} jurisdiction/unit/language mixes")
    print(f"first call in the process:       {first * 1000:8.2f} ms (loads Babel locale data)")
    print(f"cold (mean, caches just emptied): {cold * 1000:7.2f} ms")
    print(f"warm (mean per call):            {warm / n * 1000:8.3f} ms")
    print(f"floor (timedelta loop per call): {floor / n * 1000:8.4f} ms")
    print(f"warm / floor:                    {warm / floor:8.0f} x")


if __name__ == "__main__":
    main()
