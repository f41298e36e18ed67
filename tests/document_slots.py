"""Shared by the property tests that spoil documents: every place in a nested document."""

from __future__ import annotations

from typing import Any


def slots(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of a document of dicts and lists, depth first, without recursion."""
    out: list[tuple[Any, Any]] = []
    stack = [doc]
    while stack:
        item = stack.pop()
        pairs = item.items() if isinstance(item, dict) else enumerate(item) if isinstance(item, list) else ()
        for key, value in pairs:
            out.append((item, key))
            stack.append(value)
    return out
