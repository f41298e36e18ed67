"""Migrations: every released revision's fixture upgrades to head with its data intact, models and
migrations agree, and an upgrade of an existing file is preceded by a backup."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.cases.records import CaseFilter
from app.errors import EditConflictError
from app.store import DatabaseConfig, Store, open_store
from app.store import migrate as migrate_module
from app.store.engine import create_engine_for
from app.store.migrate import alembic_config, head_revision, known_revisions
from app.store.models import Base
from app.store.search import in_models

FIXTURES = Path(__file__).parent / "fixtures"
T0 = datetime(2025, 11, 3, 9, 15, tzinfo=UTC)


def test_every_released_revision_has_a_fixture() -> None:
    missing = sorted(r for r in known_revisions() if not (FIXTURES / f"habeas-{r}.sqlite3").exists())
    assert not missing, f"run tests/store/fixtures/make_fixture.py for: {missing}"


@pytest.mark.parametrize("revision", sorted(known_revisions()))
def test_fixture_upgrades_to_head_with_its_data(revision: str, tmp_path: Path) -> None:
    path = tmp_path / "habeas.sqlite3"
    shutil.copy(FIXTURES / f"habeas-{revision}.sqlite3", path)
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        assert store.schema_revision() == head_revision()
        client = store.get_client(3)
        assert (client.name, client.id_number, client.birth_date) == (
            "李建华",
            "310104198511234563",
            date(1985, 11, 23),
        )
        assert store.get_authority(5).name == "样例市公安局"
        case = store.get_case(7)
        assert (case.title, case.client_id, case.created, case.closed) == ("交通违法记录删除", 3, T0, False)
        request = store.get_request(11)
        assert request.rights == ("deletion",) and request.authority_id == 5
        assert request.draft == {"requester": {"name": "李建华"}, "rights": ["deletion"]}
        events = store.list_events(11)
        assert [(e.id, e.kind, e.date) for e in events] == [
            (13, "sent", date(2025, 11, 4)),
            (14, "extended", date(2025, 11, 20)),
        ]
        assert events[0].receipt_reference == "XA000111222CN" and events[1].data == {"days": 15}
        assert store.get_letter(17).pdf == b"%PDF-1.7\n\x00\x01\xfe\xff"
        assert store.get_attachment(19).content == b"\x00scan\xff"
        assert store.list_notes(7)[0].text == "已电话联系"
        # New rows get ids after the fixture's.
        assert (store.add_note(store.get_note(23).__class__(case_id=7, text="n", created=T0)).id or 0) > 23
        _check_drafts(store, revision)
        _check_versions(store, revision)
        _check_search(store)
    finally:
        store.close()


def _check_versions(store: Store, revision: str) -> None:
    """Revision 0004 added edit versions (existing rows start at 1) and the store's identity."""
    edited = revision >= "0004"
    assert (store.get_client(3).version, store.get_case(7).version) == ((2, 3) if edited else (1, 1))
    assert store.get_request(11).version == 1
    assert str(uuid.UUID(store.identity())) == store.identity()
    # An edit made with the version read succeeds and counts; one with an older version does not.
    client = store.get_client(3)
    saved = store.update_client(dataclasses.replace(client, phone="+86 21 5555 0199"))
    assert saved.version == client.version + 1
    with pytest.raises(EditConflictError):
        store.update_client(dataclasses.replace(client, phone="+86 21 5555 0100"))


def _check_search(store: Store) -> None:
    """Revision 0005 indexed every case's text: older databases are indexed by the upgrade."""
    for words in ("公安局", "样例市 f-1", "XA000111222", "电话", "李建华 交通"):
        assert [c.id for c in store.list_cases(CaseFilter(search=words))] == [7], words
    assert store.list_cases(CaseFilter(search="公安局 nowhere")) == []


def _check_drafts(store: Store, revision: str) -> None:
    """Revision 0002 added the drafts table; older databases come out of the upgrade with none."""
    if revision < "0002":
        assert store.list_drafts() == []
        return
    draft = store.get_draft(29)
    assert (draft.title, draft.created, draft.updated) == (
        "CN · access",
        T0,
        datetime(2025, 11, 5, 18, 0, tzinfo=UTC),
    )
    assert draft.payload == {
        "jurisdiction": "CN",
        "rights": ["access"],
        "requester": {"name": "李建华", "id_number": "310104198511234563"},
        "details": "",
        "step": 2,
    }
    assert [d.id for d in store.list_drafts()] == [29]
    assert (store.save_draft(dataclasses.replace(draft, id=None)).id or 0) > 29


def test_models_and_migrations_agree(db_config: DatabaseConfig) -> None:
    """Like ``alembic check``: autogenerate finds nothing to do after upgrading to head."""
    open_store(db_config).close()
    engine = create_engine_for(db_config)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": in_models}
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_to_base_and_up_again(db_config: DatabaseConfig) -> None:
    open_store(db_config).close()
    engine = create_engine_for(db_config)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() is None
    finally:
        engine.dispose()
    store = open_store(db_config)
    try:
        assert store.schema_revision() == head_revision() and store.is_empty()
    finally:
        store.close()


NEXT_REVISION = '''"""test-only revision: an index on clients.email"""
from alembic import op

revision = "9001"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clients") as batch_op:
        batch_op.create_index("ix_test_clients_email", ["email"])


def downgrade() -> None:
    with op.batch_alter_table("clients") as batch_op:
        batch_op.drop_index("ix_test_clients_email")
'''


def test_pending_upgrade_backs_up_the_file_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head = head_revision()
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate_module.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "9001_test_only.py").write_text(NEXT_REVISION.format(head=head))
    path = tmp_path / "data" / "habeas.sqlite3"
    path.parent.mkdir()
    shutil.copy(FIXTURES / f"habeas-{head}.sqlite3", path)

    monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", migrations)
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        assert store.schema_revision() == "9001"
        assert store.get_client(3).name == "李建华"
    finally:
        store.close()
    backups = list(path.parent.glob(f"habeas.sqlite3.before-{head}-*.bak"))
    assert len(backups) == 1
    assert backups[0].stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
        assert copy.execute("SELECT name FROM clients WHERE id = 3").fetchone() == ("李建华",)
    copy.close()
