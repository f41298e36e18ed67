"""Open the case store: connect, upgrade the schema to head (backing up SQLite first), wrap in a Store."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from app.errors import StoreError
from app.store.config import DatabaseConfig
from app.store.engine import create_engine_for, store_error
from app.store.migrate import upgrade_to_head
from app.store.store import Store

log = logging.getLogger(__name__)


def open_store(config: DatabaseConfig) -> Store:
    """The store for ``config``, migrated to the newest schema. Raises StoreError with a helpful message."""
    engine = create_engine_for(config)
    try:
        revision = upgrade_to_head(engine, config)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise store_error(exc, config) from exc
    log.info("store opened: %s, schema %s", config.backend, revision)
    return Store(engine, config)
