"""first tables

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 16:35:39.216933
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('agency_type', sa.Enum('childrens_social_care', 'health', 'police', 'education', 'early_years', 'probation', 'housing', 'voluntary_sector', 'other', name='agencytype', native_enum=False, length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('name', name=op.f('uq_agencies_name'))
    )
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('entra_object_id', sa.String(length=64), nullable=True),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_sign_ins', sa.Integer(), nullable=False),
    sa.Column('locked_until', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_accounts_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('email', name=op.f('uq_accounts_email')),
    sa.UniqueConstraint('entra_object_id', name=op.f('uq_accounts_entra_object_id'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('job_title', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=True),
    sa.Column('slack_user_id', sa.String(length=64), nullable=True),
    sa.Column('teams_user_id', sa.String(length=200), nullable=True),
    sa.Column('teams_conversation', sa.JSON(), nullable=True),
    sa.Column('on_leave_until', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_people_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('email', name=op.f('uq_people_email'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_slack_user_id'), ['slack_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_teams_user_id'), ['teams_user_id'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.Enum('near_miss', 'concerning_incident', 'good_practice', name='reportkind', native_enum=False, length=40), nullable=False),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=True),
    sa.Column('setting', sa.Enum('home_visit', 'school_or_early_years', 'health_setting', 'hospital', 'police', 'childrens_social_care', 'multi_agency_meeting', 'community', 'other', name='setting', native_enum=False, length=40), nullable=False),
    sa.Column('what_stopped_harm', sa.Text(), nullable=True),
    sa.Column('potential_severity', sa.Enum('low', 'moderate', 'severe', 'catastrophic', name='severity', native_enum=False, length=40), nullable=False),
    sa.Column('immediate_risk', sa.Boolean(), nullable=False),
    sa.Column('child_died_or_seriously_harmed', sa.Boolean(), nullable=False),
    sa.Column('abuse_or_neglect_suspected', sa.Boolean(), nullable=False),
    sa.Column('identity_mode', sa.Enum('named', 'confidential', 'anonymous', name='identitymode', native_enum=False, length=40), nullable=False),
    sa.Column('channel', sa.Enum('web', 'slack', 'teams', 'web_chat', name='channel', native_enum=False, length=40), nullable=False),
    sa.Column('status', sa.Enum('new', 'acknowledged', 'in_review', 'learning_identified', 'referred', 'closed', 'closed_no_further_action', name='reportstatus', native_enum=False, length=40), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('notifiable', sa.Boolean(), nullable=False),
    sa.Column('personal_details', sa.JSON(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('contributing_factors', sa.JSON(), nullable=False),
    sa.Column('learning_response', sa.Enum('theme_log_only', 'practitioner_huddle', 'single_agency_review', 'multi_agency_audit', 'learning_review', 'refer_to_practice_review_group', 'good_practice_recognised', name='learningresponse', native_enum=False, length=40), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('acknowledgement_due', sa.Date(), nullable=False),
    sa.Column('notification_due', sa.Date(), nullable=True),
    sa.Column('rapid_review_due', sa.Date(), nullable=True),
    sa.Column('closed_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['accounts.id'], name=op.f('fk_reports_assignee_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('reference', name=op.f('uq_reports_reference'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_submitted_at'), ['submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_urgent'), ['urgent'], unique=False)

    op.create_table('case_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('locator', sa.String(length=16), nullable=False),
    sa.Column('secret_hash', sa.String(length=200), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_case_keys_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_keys')),
    sa.UniqueConstraint('locator', name=op.f('uq_case_keys_locator')),
    sa.UniqueConstraint('report_id', name=op.f('uq_case_keys_report_id'))
    )
    op.create_table('report_agencies',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_report_agencies_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_agencies_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', 'agency_id', name=op.f('pk_report_agencies'))
    )
    op.create_table('report_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.Enum('submitted', 'status_changed', 'assigned', 'classified', 'learning_response_chosen', 'message', 'identity_revealed', 'identity_deleted', 'viewed', name='eventkind', native_enum=False, length=40), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_events_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_events'))
    )
    with op.batch_alter_table('report_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_events_report_id'), ['report_id'], unique=False)

    op.create_table('reporter_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('chat_address', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_reporter_identities_agency_id_agencies')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_reporter_identities_person_id_people')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_reporter_identities_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporter_identities')),
    sa.UniqueConstraint('report_id', name=op.f('uq_reporter_identities_report_id'))
    )
    with op.batch_alter_table('reporter_identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reporter_identities_person_id'), ['person_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reporter_identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reporter_identities_person_id'))

    op.drop_table('reporter_identities')
    with op.batch_alter_table('report_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_events_report_id'))

    op.drop_table('report_events')
    op.drop_table('report_agencies')
    op.drop_table('case_keys')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_urgent'))
        batch_op.drop_index(batch_op.f('ix_reports_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_reports_status'))
        batch_op.drop_index(batch_op.f('ix_reports_assignee_id'))

    op.drop_table('reports')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_teams_user_id'))
        batch_op.drop_index(batch_op.f('ix_people_slack_user_id'))
        batch_op.drop_index(batch_op.f('ix_people_agency_id'))

    op.drop_table('people')
    op.drop_table('accounts')
    op.drop_table('agencies')
