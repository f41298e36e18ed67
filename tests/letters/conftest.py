"""Fixtures for the letters tests."""

from __future__ import annotations

import pytest

from app.law import KnowledgeBase, load_knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()
