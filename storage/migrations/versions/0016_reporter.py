"""Reporter: web reports kept sealed between their pages (post/redirect/get)

Revision ID: 0016_reporter
Revises: 0015_themes
Create Date: 2026-12-14
"""

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision = "0016_reporter"
down_revision = "0015_themes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_report_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_report_drafts")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_web_report_drafts_key_hash")),
    )
    op.create_index(op.f("ix_web_report_drafts_expires_at"), "web_report_drafts",
                    ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_web_report_drafts_expires_at"), table_name="web_report_drafts")
    op.drop_table("web_report_drafts")
