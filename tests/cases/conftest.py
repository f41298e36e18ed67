"""The shipped law data, loaded once for the lifecycle tests."""

from __future__ import annotations

import pytest

from app.law import KnowledgeBase, load_knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()
