"""routing posts conversations messages

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 16:50:30.279847
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chat_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chat_key', sa.String(length=64), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('updated_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_conversations')),
    sa.UniqueConstraint('chat_key', name=op.f('uq_chat_conversations_chat_key'))
    )
    op.create_table('routing_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('agency_ids', sa.JSON(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('urgent_only', sa.Boolean(), nullable=False),
    sa.Column('notifiable_only', sa.Boolean(), nullable=False),
    sa.Column('platform', sa.Enum('slack', 'teams', name='platform', native_enum=False, length=40), nullable=False),
    sa.Column('address', sa.JSON(), nullable=False),
    sa.Column('mention', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_rules'))
    )
    op.create_table('channel_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.Enum('slack', 'teams', name='platform', native_enum=False, length=40), nullable=False),
    sa.Column('address', sa.JSON(), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('posted_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_channel_posts_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_posts'))
    )
    with op.batch_alter_table('channel_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_posts_report_id'), ['report_id'], unique=False)

    op.create_table('report_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('from_reporter', sa.Boolean(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sent_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_report_messages_account_id_accounts')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_messages_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_messages'))
    )
    with op.batch_alter_table('report_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_messages_report_id'), ['report_id'], unique=False)

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.Text(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('outcome')

    with op.batch_alter_table('report_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_messages_report_id'))

    op.drop_table('report_messages')
    with op.batch_alter_table('channel_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_posts_report_id'))

    op.drop_table('channel_posts')
    op.drop_table('routing_rules')
    op.drop_table('chat_conversations')
