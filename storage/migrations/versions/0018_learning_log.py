"""The learning log, action plans, reviews and statutory notifications

Each report's one `learning` text becomes a learning item linked to the report, and each old
`learning_actions` row becomes an action serving it; then the old column and table go.
A looked after child's death becomes a notifiable answer of its own.

Revision ID: 0018_learning_log
Revises: 0017_outage
Create Date: 2026-12-01
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.models


revision = "0018_learning_log"
down_revision = "0017_outage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('learning_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('what_was_learned', sa.Text(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('identified', 'being_disseminated', 'embedded', 'evidenced', name='learningstatus', native_enum=False, length=40), nullable=False),
    sa.Column('training', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], name=op.f('fk_learning_items_created_by_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_items'))
    )
    with op.batch_alter_table('learning_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_items_status'), ['status'], unique=False)

    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learning_item_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('owner_name', sa.String(length=200), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'in_progress', 'done', 'dropped', name='actionstatus', native_enum=False, length=40), nullable=False),
    sa.Column('dropped_reason', sa.Text(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('stuck', sa.Enum('stuck', 'not_stuck', name='stuckanswer', native_enum=False, length=40), nullable=True),
    sa.Column('stuck_note', sa.Text(), nullable=True),
    sa.Column('stuck_answered_on', sa.Date(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_actions_agency_id_agencies')),
    sa.ForeignKeyConstraint(['learning_item_id'], ['learning_items.id'], name=op.f('fk_actions_learning_item_id_learning_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_actions_owner_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions'))
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index('ix_actions_agency_status_due', ['agency_id', 'status', 'due_on'], unique=False)
        batch_op.create_index('ix_actions_due', ['due_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_learning_item_id'), ['learning_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index('ix_actions_status_due', ['status', 'due_on'], unique=False)

    op.create_table('learning_item_reports',
    sa.Column('learning_item_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['learning_item_id'], ['learning_items.id'], name=op.f('fk_learning_item_reports_learning_item_id_learning_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_learning_item_reports_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('learning_item_id', 'report_id', name=op.f('pk_learning_item_reports'))
    )
    with op.batch_alter_table('learning_item_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_item_reports_report_id'), ['report_id'], unique=False)

    op.create_table('learning_item_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learning_item_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('what_was_learned', sa.Text(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('identified', 'being_disseminated', 'embedded', 'evidenced', name='learningstatus', native_enum=False, length=40), nullable=False),
    sa.Column('training', sa.Text(), nullable=True),
    sa.Column('edited_by', sa.Integer(), nullable=True),
    sa.Column('edited_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edited_by'], ['accounts.id'], name=op.f('fk_learning_item_versions_edited_by_accounts')),
    sa.ForeignKeyConstraint(['learning_item_id'], ['learning_items.id'], name=op.f('fk_learning_item_versions_learning_item_id_learning_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_item_versions')),
    sa.UniqueConstraint('learning_item_id', 'number', name='uq_learning_item_versions_item_number')
    )
    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('practitioner_huddle', 'single_agency_review', 'multi_agency_audit', 'learning_review', 'rapid_review', 'practice_review_group_referral', 'good_practice_review', name='reviewkind', native_enum=False, length=40), nullable=False),
    sa.Column('scope', sa.Text(), nullable=True),
    sa.Column('method', sa.Text(), nullable=True),
    sa.Column('panel_roles', sa.JSON(), nullable=False),
    sa.Column('complete_by', sa.Date(), nullable=True),
    sa.Column('decision', sa.Text(), nullable=True),
    sa.Column('rationale', sa.Text(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('referral', sa.JSON(), nullable=False),
    sa.Column('group_decision', sa.Enum('local_child_safeguarding_practice_review', 'learning_review', 'single_agency_review', 'multi_agency_audit', 'no_review', name='groupdecision', native_enum=False), nullable=True),
    sa.Column('group_rationale', sa.Text(), nullable=True),
    sa.Column('group_decided_on', sa.Date(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], name=op.f('fk_reviews_created_by_accounts')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_reviews_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_report_id'), ['report_id'], unique=False)

    op.create_table('statutory_notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.Enum('national_panel', 'ofsted', name='notificationrecipient', native_enum=False, length=40), nullable=False),
    sa.Column('notified_on', sa.Date(), nullable=False),
    sa.Column('made_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['accounts.id'], name=op.f('fk_statutory_notifications_recorded_by_accounts')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_statutory_notifications_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statutory_notifications')),
    sa.UniqueConstraint('report_id', 'recipient', name='uq_statutory_notifications_report_recipient')
    )
    op.create_table('learning_item_reviews',
    sa.Column('learning_item_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['learning_item_id'], ['learning_items.id'], name=op.f('fk_learning_item_reviews_learning_item_id_learning_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_learning_item_reviews_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('learning_item_id', 'review_id', name=op.f('pk_learning_item_reviews'))
    )
    with op.batch_alter_table('learning_item_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_item_reviews_review_id'), ['review_id'], unique=False)

    op.create_table('review_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_meetings_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_meetings'))
    )
    with op.batch_alter_table('review_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_meetings_review_id'), ['review_id'], unique=False)

    _move_learning_into_the_log()
    with op.batch_alter_table('learning_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_actions_report_id'))

    op.drop_table('learning_actions')
    # On SQLite a new foreign key means rebuilding the table, and dropping the old one cascades
    # (foreign keys are on) to its deliveries: they are kept aside and put back.
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute("CREATE TEMPORARY TABLE deliveries_kept AS "
                   "SELECT * FROM deliveries WHERE nugget_id IS NOT NULL")
    # The column came with the briefings (0013); its index and foreign key come with the log.
    with op.batch_alter_table('nuggets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nuggets_learning_item_id'), ['learning_item_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_nuggets_learning_item_id_learning_items'),
                                    'learning_items', ['learning_item_id'], ['id'],
                                    ondelete='SET NULL')
    if sqlite:
        op.execute("INSERT INTO deliveries SELECT * FROM deliveries_kept "
                   "WHERE id NOT IN (SELECT id FROM deliveries)")
        op.execute("DROP TABLE deliveries_kept")
    # No rebuild of `reports` (it would cascade to every report's timeline): SQLite 3.35+ adds
    # and drops these columns in place. The plain string default keeps it in place; it stays as
    # a harmless database default (the models set the value on every insert).
    # A plain string default, so SQLite adds the column in place; it stays as a harmless
    # database default (the models set the value on every insert).
    op.add_column('reports', sa.Column('looked_after_child_died', sa.Boolean(), nullable=False,
                                       server_default='0'))
    op.drop_column('reports', 'learning')


_reports = sa.table('reports', sa.column('id', sa.Integer), sa.column('reference', sa.String),
                    sa.column('learning', sa.Text), sa.column('themes', sa.JSON))
_old_actions = sa.table('learning_actions', sa.column('report_id', sa.Integer),
                        sa.column('description', sa.Text), sa.column('owner', sa.String),
                        sa.column('due_on', sa.Date), sa.column('done_on', sa.Date),
                        sa.column('created_at', storage.models.base.UTCDateTime()))
_items = sa.table('learning_items', sa.column('id', sa.Integer), sa.column('title', sa.String),
                  sa.column('what_was_learned', sa.Text), sa.column('themes', sa.JSON),
                  sa.column('status', sa.String), sa.column('version', sa.Integer),
                  sa.column('created_at', storage.models.base.UTCDateTime()),
                  sa.column('updated_at', storage.models.base.UTCDateTime()))
_versions = sa.table('learning_item_versions', sa.column('learning_item_id', sa.Integer),
                     sa.column('number', sa.Integer), sa.column('title', sa.String),
                     sa.column('what_was_learned', sa.Text), sa.column('themes', sa.JSON),
                     sa.column('status', sa.String),
                     sa.column('edited_at', storage.models.base.UTCDateTime()))
_links = sa.table('learning_item_reports', sa.column('learning_item_id', sa.Integer),
                  sa.column('report_id', sa.Integer))
_actions = sa.table('actions', sa.column('learning_item_id', sa.Integer),
                    sa.column('what', sa.Text), sa.column('owner_name', sa.String),
                    sa.column('due_on', sa.Date), sa.column('status', sa.String),
                    sa.column('done_on', sa.Date),
                    sa.column('created_at', storage.models.base.UTCDateTime()),
                    sa.column('updated_at', storage.models.base.UTCDateTime()))


def _move_learning_into_the_log() -> None:
    """One learning item per report that had learning or actions; nothing is dropped unread."""
    bind = op.get_bind()
    now = datetime.now(UTC)
    actions: dict[int, list] = {}
    for row in bind.execute(sa.select(_old_actions)).all():
        actions.setdefault(row.report_id, []).append(row)
    for report in bind.execute(sa.select(_reports)).all():
        if not report.learning and report.id not in actions:
            continue
        text = report.learning or f"Actions agreed on report {report.reference}."
        item = {'title': f"Learning from {report.reference}", 'what_was_learned': text,
                'themes': list(report.themes or []), 'status': 'identified'}
        item_id = bind.execute(sa.insert(_items).values(
            **item, version=1, created_at=now, updated_at=now).returning(_items.c.id)).scalar_one()
        bind.execute(sa.insert(_versions).values(**item, learning_item_id=item_id, number=1,
                                                 edited_at=now))
        bind.execute(sa.insert(_links).values(learning_item_id=item_id, report_id=report.id))
        for old in actions.get(report.id, []):
            bind.execute(sa.insert(_actions).values(
                learning_item_id=item_id, what=old.description, owner_name=old.owner,
                due_on=old.due_on, status='done' if old.done_on else 'open',
                done_on=old.done_on, created_at=old.created_at or now, updated_at=now))


def downgrade() -> None:
    # The learning log's text is not written back: a downgrade keeps the schema, not the log.
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('learning', sa.TEXT(), nullable=True))
        batch_op.drop_column('looked_after_child_died')

    with op.batch_alter_table('nuggets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_nuggets_learning_item_id_learning_items'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_nuggets_learning_item_id'))

    op.create_table('learning_actions',
    sa.Column('id', sa.INTEGER(), nullable=False),
    sa.Column('report_id', sa.INTEGER(), nullable=False),
    sa.Column('description', sa.TEXT(), nullable=False),
    sa.Column('owner', sa.VARCHAR(length=200), nullable=False),
    sa.Column('due_on', sa.DATE(), nullable=False),
    sa.Column('done_on', sa.DATE(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_learning_actions_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_actions'))
    )
    with op.batch_alter_table('learning_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_actions_report_id'), ['report_id'], unique=False)

    with op.batch_alter_table('review_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_meetings_review_id'))

    op.drop_table('review_meetings')
    with op.batch_alter_table('learning_item_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_item_reviews_review_id'))

    op.drop_table('learning_item_reviews')
    op.drop_table('statutory_notifications')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_report_id'))

    op.drop_table('reviews')
    op.drop_table('learning_item_versions')
    with op.batch_alter_table('learning_item_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_item_reports_report_id'))

    op.drop_table('learning_item_reports')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_status_due')
        batch_op.drop_index('ix_actions_due')
        batch_op.drop_index(batch_op.f('ix_actions_owner_id'))
        batch_op.drop_index(batch_op.f('ix_actions_learning_item_id'))
        batch_op.drop_index('ix_actions_agency_status_due')

    op.drop_table('actions')
    with op.batch_alter_table('learning_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_items_status'))

    op.drop_table('learning_items')
