"""Deliveries to reporters: which report each is about

Revision ID: 0017_outage
Revises: 0016_reporter
Create Date: 2026-12-14
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_outage"
down_revision = "0016_reporter"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("report_id", sa.Integer(), nullable=True))
        batch.create_index("ix_deliveries_report_id", ["report_id"])
        batch.create_foreign_key("fk_deliveries_report_id_reports", "reports", ["report_id"],
                                 ["id"], ondelete="CASCADE")


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint("fk_deliveries_report_id_reports", type_="foreignkey")
        batch.drop_index("ix_deliveries_report_id")
        batch.drop_column("report_id")
