"""Agency channels: where learning nuggets for an agency are posted

Revision ID: 0006_agency_channels
Revises: 0005_merge
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa


revision = "0006_agency_channels"
down_revision = "0005_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.Enum("slack", "teams", name="platform", native_enum=False,
                                      length=40), nullable=False),
        sa.Column("address", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_agency_channels_agency_id_agencies"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_channels")),
        sa.UniqueConstraint("agency_id", name=op.f("uq_agency_channels_agency_id")),
    )


def downgrade() -> None:
    op.drop_table("agency_channels")
