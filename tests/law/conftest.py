"""One knowledge base for the law tests (loading validates every file; no need to repeat it)."""

from __future__ import annotations

import pytest

from app.law import KnowledgeBase, load_knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()
