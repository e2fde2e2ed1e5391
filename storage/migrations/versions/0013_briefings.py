"""Nuggets in the 7-minute-briefing shape, learning bulletins, reports shareable in them

Revision ID: 0013_briefings
Revises: 0014_training_events
Create Date: 2026-12-14
"""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0013_briefings"
down_revision = "0014_training_events"
branch_labels = None
depends_on = None

BRIEFING_PARTS = ("why_it_matters", "do_differently", "reflect_questions", "further_reading")


def upgrade() -> None:
    with op.batch_alter_table("nuggets") as batch:
        # An existing nugget's text is what happened; the other parts start empty.
        batch.alter_column("body", new_column_name="what_happened", existing_type=sa.Text(),
                           existing_nullable=False)
        for part in BRIEFING_PARTS:
            batch.add_column(sa.Column(part, sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("learning_item_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("first_sent_at", storage.models.UTCDateTime(), nullable=True))
    # A nugget already given out is read-only from now on, like one sent after this.
    op.execute("UPDATE nuggets SET first_sent_at = (SELECT MIN(deliveries.created_at) "
               "FROM deliveries WHERE deliveries.nugget_id = nuggets.id)")
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("share_in_bulletin", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "bulletins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=False),
        sa.Column("contents", sa.JSON(), nullable=False),
        sa.Column("state", sa.Enum("draft", "sent", name="bulletinstate", native_enum=False,
                                   length=40), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("sent_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["sent_by"], ["accounts.id"],
                                name=op.f("fk_bulletins_sent_by_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletins")),
        sa.UniqueConstraint("period_start", name=op.f("uq_bulletins_period_start")),
    )


def downgrade() -> None:
    op.drop_table("bulletins")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("share_in_bulletin")
    with op.batch_alter_table("nuggets") as batch:
        for column in ("first_sent_at", "learning_item_id", *BRIEFING_PARTS):
            batch.drop_column(column)
        batch.alter_column("what_happened", new_column_name="body", existing_type=sa.Text(),
                           existing_nullable=False)
