"""Join the dashboard branch with the chat and nudge branches

Revision ID: 0005_merge
Revises: 0003_dashboard, 0004_nudges
Create Date: 2026-11-22
"""

revision = "0005_merge"
down_revision = ("0003_dashboard", "0004_nudges")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
