"""Dashboard: the learning recorded on a report, its actions, and the queue's index

Revision ID: 0003_dashboard
Revises: 0002
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = "0003_dashboard"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learning_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"],
                                name=op.f("fk_learning_actions_report_id_reports"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_actions")),
    )
    with op.batch_alter_table("learning_actions") as batch_op:
        batch_op.create_index(batch_op.f("ix_learning_actions_report_id"), ["report_id"],
                              unique=False)
    with op.batch_alter_table("reports") as batch_op:
        batch_op.add_column(sa.Column("learning", sa.Text(), nullable=True))
    op.create_index("ix_reports_queue_order", "reports",
                    [sa.text("urgent DESC"), sa.text("notifiable DESC"), "acknowledgement_due",
                     sa.text("id DESC")])


def downgrade() -> None:
    op.drop_index("ix_reports_queue_order", table_name="reports")
    with op.batch_alter_table("reports") as batch_op:
        batch_op.drop_column("learning")
    with op.batch_alter_table("learning_actions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_actions_report_id"))
    op.drop_table("learning_actions")
