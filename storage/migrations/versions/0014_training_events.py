"""People's own preferences (pause, preferred channel); training events' places and links;
bookings' register

Revision ID: 0014_training_events
Revises: 0010_security
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0014_training_events"
down_revision = "0010_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nudge_preferences") as table:
        table.add_column(sa.Column("paused_until", sa.Date(), nullable=True))
        table.add_column(sa.Column("preferred_channel", sa.String(length=20), nullable=True))
    with op.batch_alter_table("training_events") as table:
        table.add_column(sa.Column("online_url", sa.String(length=500), nullable=True))
        table.add_column(sa.Column("places", sa.Integer(), nullable=True))
    with op.batch_alter_table("training_bookings") as table:
        table.add_column(sa.Column("booked_at", storage.models.UTCDateTime(), nullable=True))
        table.add_column(sa.Column("attended", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("training_bookings") as table:
        table.drop_column("attended")
        table.drop_column("booked_at")
    with op.batch_alter_table("training_events") as table:
        table.drop_column("places")
        table.drop_column("online_url")
    with op.batch_alter_table("nudge_preferences") as table:
        table.drop_column("preferred_channel")
        table.drop_column("paused_until")
