"""Evaluation: pulses, reporters' "would you report again?", a course's usefulness

Revision ID: 0020_evaluation
Revises: 0019_mail
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision = "0020_evaluation"
down_revision = "0019_mail"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pulses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=80), nullable=False),
        sa.Column("nugget_id", sa.Integer(), nullable=True),
        sa.Column("bulletin_id", sa.Integer(), nullable=True),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("asked_at", UTCDateTime(), nullable=True),
        sa.Column("answer", sa.Enum("yes", "not_yet", "not_relevant", name="pulseanswer",
                                    native_enum=False, length=40), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["nugget_id"], ["nuggets.id"], ondelete="CASCADE",
                                name=op.f("fk_pulses_nugget_id_nuggets")),
        sa.ForeignKeyConstraint(["bulletin_id"], ["bulletins.id"], ondelete="CASCADE",
                                name=op.f("fk_pulses_bulletin_id_bulletins")),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], ondelete="CASCADE",
                                name=op.f("fk_pulses_course_id_courses")),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_pulses_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulses")),
        sa.UniqueConstraint("item", "person_id", name="uq_pulses_item_person"),
    )
    op.create_index("ix_pulses_due", "pulses", ["asked_at", "due_on"])
    for column in ("nugget_id", "bulletin_id", "course_id"):
        op.create_index(op.f(f"ix_pulses_{column}"), "pulses", [column])
    op.create_table(
        "reporter_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("would_report_again", sa.Enum("yes", "not_sure", "no", name="reportagain",
                                                native_enum=False, length=40), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name=op.f("fk_reporter_feedback_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporter_feedback")),
        sa.UniqueConstraint("report_id", name=op.f("uq_reporter_feedback_report_id")),
    )
    op.create_index(op.f("ix_reporter_feedback_answered_at"), "reporter_feedback",
                    ["answered_at"])
    with op.batch_alter_table("training_bookings") as batch:
        batch.add_column(sa.Column("useful", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("useful_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("training_bookings") as batch:
        batch.drop_column("useful_at")
        batch.drop_column("useful")
    op.drop_index(op.f("ix_reporter_feedback_answered_at"), table_name="reporter_feedback")
    op.drop_table("reporter_feedback")
    for column in ("nugget_id", "bulletin_id", "course_id"):
        op.drop_index(op.f(f"ix_pulses_{column}"), table_name="pulses")
    op.drop_index("ix_pulses_due", table_name="pulses")
    op.drop_table("pulses")
