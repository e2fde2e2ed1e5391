"""Answered deliveries by item, for the Kirkpatrick levels of the report card and Board pack

A partial index: only deliveries someone answered (useful, or the check question), so making
and sending a delivery writes nothing to it; recording an answer writes one entry.

Revision ID: 0023_answered_deliveries
Revises: 0022_acknowledged_at
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_answered_deliveries"
down_revision = "0022_acknowledged_at"
branch_labels = None
depends_on = None

ANSWERED = sa.text("useful IS NOT NULL OR check_correct IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_deliveries_answered", "deliveries",
                    ["item", "kind", "useful", "check_correct", "person_id"],
                    postgresql_where=ANSWERED, sqlite_where=ANSWERED)


def downgrade() -> None:
    op.drop_index("ix_deliveries_answered", table_name="deliveries")
