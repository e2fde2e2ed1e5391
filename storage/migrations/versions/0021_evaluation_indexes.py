"""Evaluation reads sent learning by kind and time: an index that answers it alone

Revision ID: 0021_evaluation_indexes
Revises: 0020_evaluation
Create Date: 2026-12-02
"""

from alembic import op

revision = "0021_evaluation_indexes"
down_revision = "0020_evaluation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_deliveries_sent_kind", "deliveries",
                    ["state", "kind", "sent_at", "person_id"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_sent_kind", table_name="deliveries")
