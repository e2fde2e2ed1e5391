"""Nudges: nuggets, the delivery outbox, training, retention records

Revision ID: 0004_nudges
Revises: 0003_slack, 0003_teams
Create Date: 2026-11-22 17:00:25.264840
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = "0004_nudges"
down_revision = ('0003_slack', '0003_teams')
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('refresh_months', sa.Integer(), nullable=False),
    sa.Column('booking_url', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses')),
    sa.UniqueConstraint('name', name=op.f('uq_courses_name'))
    )
    op.create_table('learning_group_channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.Enum('slack', 'teams', name='platform', native_enum=False, length=40), nullable=False),
    sa.Column('address', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_group_channels'))
    )
    op.create_table('training_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_training_events_course_id_courses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_events'))
    )
    with op.batch_alter_table('training_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_events_starts_at'), ['starts_at'], unique=False)

    op.create_table('nudge_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('quiet_from', sa.Time(), nullable=True),
    sa.Column('quiet_until', sa.Time(), nullable=True),
    sa.Column('daily_cap', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_nudge_preferences_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nudge_preferences')),
    sa.UniqueConstraint('person_id', name=op.f('uq_nudge_preferences_person_id'))
    )
    op.create_table('nuggets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('audience_agency_ids', sa.JSON(), nullable=False),
    sa.Column('audience_roles', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'scheduled', 'sent', 'withdrawn', name='nuggetstate', native_enum=False, length=40), nullable=False),
    sa.Column('send_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('repeat_every_days', sa.Integer(), nullable=True),
    sa.Column('check_question', sa.String(length=300), nullable=True),
    sa.Column('check_options', sa.JSON(), nullable=False),
    sa.Column('check_answer', sa.Integer(), nullable=True),
    sa.Column('check_explanation', sa.Text(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], name=op.f('fk_nuggets_created_by_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nuggets'))
    )
    with op.batch_alter_table('nuggets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nuggets_send_at'), ['send_at'], unique=False)

    op.create_table('training_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['training_events.id'], name=op.f('fk_training_bookings_event_id_training_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_training_bookings_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_bookings')),
    sa.UniqueConstraint('event_id', 'person_id', name='uq_training_bookings_event_person')
    )
    op.create_table('training_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_training_records_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_training_records_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_records')),
    sa.UniqueConstraint('person_id', 'course_id', name='uq_training_records_person_course')
    )
    with op.batch_alter_table('training_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_records_expires_on'), ['expires_on'], unique=False)

    op.create_table('training_representatives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_training_representatives_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_training_representatives_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_representatives')),
    sa.UniqueConstraint('person_id', name=op.f('uq_training_representatives_person_id'))
    )
    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('nugget', 'nugget_recheck', 'training_reminder', 'training_event', 'training_summary', 'digest', 'service_reminder', name='deliverykind', native_enum=False, length=40), nullable=False),
    sa.Column('item', sa.String(length=80), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('occasion', sa.String(length=80), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('nugget_id', sa.Integer(), nullable=True),
    sa.Column('platform', sa.Enum('slack', 'teams', name='platform', native_enum=False, length=40), nullable=True),
    sa.Column('address', sa.JSON(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'sending', 'sent', 'failed', 'skipped', name='deliverystate', native_enum=False, length=40), nullable=False),
    sa.Column('not_before', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(length=40), nullable=True),
    sa.Column('lease_until', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('message_id', sa.String(length=200), nullable=True),
    sa.Column('sent_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('read_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('useful', sa.Boolean(), nullable=True),
    sa.Column('discussed_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('check_choice', sa.Integer(), nullable=True),
    sa.Column('check_correct', sa.Boolean(), nullable=True),
    sa.Column('answered_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['nugget_id'], ['nuggets.id'], name=op.f('fk_deliveries_nugget_id_nuggets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_deliveries_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('item', 'recipient', 'occasion', name='uq_deliveries_item_recipient_occasion')
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_due', ['state', 'not_before'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_nugget_id'), ['nugget_id'], unique=False)
        batch_op.create_index('ix_deliveries_person_sent', ['person_id', 'sent_at'], unique=False)

    op.create_table('retention_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_retention_records_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_records'))
    )
    with op.batch_alter_table('retention_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retention_records_report_id'), ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('retention_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retention_records_report_id'))

    op.drop_table('retention_records')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_deliveries_person_sent')
        batch_op.drop_index(batch_op.f('ix_deliveries_nugget_id'))
        batch_op.drop_index('ix_deliveries_due')

    op.drop_table('deliveries')
    op.drop_table('training_representatives')
    with op.batch_alter_table('training_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_records_expires_on'))

    op.drop_table('training_records')
    op.drop_table('training_bookings')
    with op.batch_alter_table('nuggets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nuggets_send_at'))

    op.drop_table('nuggets')
    op.drop_table('nudge_preferences')
    with op.batch_alter_table('training_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_events_starts_at'))

    op.drop_table('training_events')
    op.drop_table('learning_group_channels')
    op.drop_table('courses')
