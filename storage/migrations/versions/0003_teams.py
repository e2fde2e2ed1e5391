"""Teams: conversations the bot was installed in, and conversations that blocked it

Revision ID: 0003_teams
Revises: 0002
Create Date: 2026-11-22 17:05:00.000000
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0003_teams'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('teams_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=400), nullable=False),
    sa.Column('kind', sa.Enum('personal', 'channel', 'groupChat', name='conversationkind', native_enum=False, length=40), nullable=False),
    sa.Column('aad_object_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=400), nullable=True),
    sa.Column('reference', sa.JSON(), nullable=False),
    sa.Column('installed_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams_conversations')),
    sa.UniqueConstraint('conversation_id', name=op.f('uq_teams_conversations_conversation_id'))
    )
    with op.batch_alter_table('teams_conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teams_conversations_aad_object_id'), ['aad_object_id'], unique=False)

    op.create_table('teams_blocked_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_key', sa.String(length=64), nullable=False),
    sa.Column('blocked_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams_blocked_conversations')),
    sa.UniqueConstraint('conversation_key', name=op.f('uq_teams_blocked_conversations_conversation_key'))
    )


def downgrade() -> None:
    op.drop_table('teams_blocked_conversations')
    with op.batch_alter_table('teams_conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teams_conversations_aad_object_id'))

    op.drop_table('teams_conversations')
