"""kept request states

Revision ID: 0003
Revises: 0002

Each request's derived status and open deadlines, kept and updated with the events that change
them, so the dashboard and `habeas deadlines` are one indexed query; and the deadlines that moved
when the law data, a calendar or the app changed. Derived data only: dropping it loses nothing.
Create Date: 2026-12-03 15:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('request_states',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('overdue', sa.String(length=16), nullable=False),
    sa.Column('next_due', sa.Date(), nullable=True),
    sa.Column('computed_for', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('failure', sa.Text(), nullable=False),
    sa.Column('computed', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], name=op.f('fk_request_states_request_id_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_request_states'))
    )
    with op.batch_alter_table('request_states', schema=None) as batch_op:
        batch_op.create_index('ix_request_states_valid_until', ['valid_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_request_states_next_due'), ['next_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_request_states_fingerprint'), ['fingerprint'], unique=False)

    op.create_table('kept_deadlines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('statutory', sa.Boolean(), nullable=False),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('alternative', sa.Date(), nullable=True),
    sa.Column('rule_id', sa.String(length=64), nullable=True),
    sa.Column('step_id', sa.String(length=64), nullable=True),
    sa.Column('step_kind', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], name=op.f('fk_kept_deadlines_request_id_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_deadlines'))
    )
    with op.batch_alter_table('kept_deadlines', schema=None) as batch_op:
        batch_op.create_index('ix_kept_deadlines_due', ['due'], unique=False)
        batch_op.create_index(batch_op.f('ix_kept_deadlines_request_id'), ['request_id'], unique=False)

    op.create_table('deadline_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('old_due', sa.Date(), nullable=True),
    sa.Column('new_due', sa.Date(), nullable=True),
    sa.Column('old_provisional', sa.Boolean(), nullable=False),
    sa.Column('new_provisional', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], name=op.f('fk_deadline_changes_request_id_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_changes'))
    )
    with op.batch_alter_table('deadline_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_changes_changed'), ['changed'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadline_changes_request_id'), ['request_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deadline_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_changes_request_id'))
        batch_op.drop_index(batch_op.f('ix_deadline_changes_changed'))
    op.drop_table('deadline_changes')
    with op.batch_alter_table('kept_deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_deadlines_request_id'))
        batch_op.drop_index('ix_kept_deadlines_due')
    op.drop_table('kept_deadlines')
    with op.batch_alter_table('request_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_states_fingerprint'))
        batch_op.drop_index(batch_op.f('ix_request_states_next_due'))
        batch_op.drop_index('ix_request_states_valid_until')
    op.drop_table('request_states')
