"""Each report keeps when the learning group first moved it on, for "acknowledged in time"

The report card read it from the timeline (the first change of state per report, a GROUP BY
over every report's events); existing reports get it from their timelines here.

Revision ID: 0022_acknowledged_at
Revises: 0021_theme_counts
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision = "0022_acknowledged_at"
down_revision = "0021_theme_counts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("acknowledged_at", UTCDateTime(), nullable=True))
    op.execute("UPDATE reports SET acknowledged_at = (SELECT min(e.at) FROM report_events e"
               " WHERE e.report_id = reports.id AND e.kind = 'status_changed')")


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("acknowledged_at")
