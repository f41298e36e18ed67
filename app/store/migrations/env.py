"""Alembic environment, configured in code by app.store.migrate (no alembic.ini at run time).

The caller passes an open connection in ``config.attributes["connection"]``; offline (SQL script)
mode is not used.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from app.store.models import Base
from app.store.search import in_models

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("app.store.migrate must pass an open connection to Alembic")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode copies the table instead.
    render_as_batch=True,
    compare_type=True,
    include_name=in_models,
)
with context.begin_transaction():
    context.run_migrations()
