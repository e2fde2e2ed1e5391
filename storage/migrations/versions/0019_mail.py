"""Email: used one-click links, and an unsubscribe on a person's preferences

Revision ID: 0019_mail
Revises: 0018_learning_log
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0019_mail"
down_revision = "0018_learning_log"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "used_links",
        sa.Column("once_key", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("used_at", storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("once_key", name=op.f("pk_used_links")),
    )
    op.create_index(op.f("ix_used_links_used_at"), "used_links", ["used_at"], unique=False)
    with op.batch_alter_table("nudge_preferences") as batch:
        batch.add_column(sa.Column("unsubscribed_at", storage.models.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nudge_preferences") as batch:
        batch.drop_column("unsubscribed_at")
    op.drop_index(op.f("ix_used_links_used_at"), table_name="used_links")
    op.drop_table("used_links")
