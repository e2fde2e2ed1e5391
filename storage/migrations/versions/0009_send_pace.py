"""The send pace every sending process shares

Revision ID: 0009_send_pace
Revises: 0006_agency_channels
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0009_send_pace"
down_revision = "0006_agency_channels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "send_pace",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("next_at", storage.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_send_pace")),
    )


def downgrade() -> None:
    op.drop_table("send_pace")
