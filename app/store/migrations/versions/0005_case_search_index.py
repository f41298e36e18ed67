"""case search index

Revision ID: 0005
Revises: 0004

One folded search text per case (``case_search``) and the database's own index over it: on
SQLite an FTS5 table with the trigram tokenizer kept in step by triggers, on PostgreSQL a trigram
GIN index where the ``pg_trgm`` extension can be created (a database owner can, since
PostgreSQL 13: the extension is trusted); without it searches scan the folded text.
The texts of existing cases are written here (app.store.search.reindex).
Create Date: 2026-12-03 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = "case_search_fts"

SQLITE_INDEX = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(body, content='case_search', content_rowid='case_id', "
    "tokenize='trigram')",
    # The standard external-content triggers: the index follows every write to case_search.
    f"CREATE TRIGGER case_search_ai AFTER INSERT ON case_search BEGIN "
    f"INSERT INTO {FTS}(rowid, body) VALUES (new.case_id, new.body); END",
    f"CREATE TRIGGER case_search_ad AFTER DELETE ON case_search BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, body) VALUES ('delete', old.case_id, old.body); END",
    f"CREATE TRIGGER case_search_au AFTER UPDATE ON case_search BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, body) VALUES ('delete', old.case_id, old.body); "
    f"INSERT INTO {FTS}(rowid, body) VALUES (new.case_id, new.body); END",
]


def upgrade() -> None:
    op.create_table(
        "case_search",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_search_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_search")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_INDEX:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        _postgresql_trigram_index(bind)

    from app.store.search import reindex

    reindex(bind)


def _postgresql_trigram_index(bind: sa.Connection) -> None:
    """The trigram index if the extension is there or may be created; else nothing (a scan)."""
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError:
        savepoint.rollback()
        return
    savepoint.commit()
    bind.exec_driver_sql("CREATE INDEX ix_case_search_body_trgm ON case_search USING gin (body gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("case_search_ai", "case_search_ad", "case_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    elif bind.dialect.name == "postgresql":
        bind.exec_driver_sql("DROP INDEX IF EXISTS ix_case_search_body_trgm")
    op.drop_table("case_search")
