"""The case store: SQLAlchemy models, Alembic migrations, one engine factory, the Store repository.

The only package that imports SQLAlchemy, Alembic and psycopg.
"""

from app.store.config import DatabaseConfig, redacted_url
from app.store.engine import create_engine_for
from app.store.exchange import (
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    export_to_file,
    read_export_file,
    write_export_file,
)
from app.store.opener import open_store
from app.store.store import NotFoundError, Store

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_FORMAT_VERSION",
    "DatabaseConfig",
    "NotFoundError",
    "Store",
    "create_engine_for",
    "export_to_file",
    "open_store",
    "read_export_file",
    "redacted_url",
    "write_export_file",
]
