"""Kept counts of reports made, learning sent, people reached and answers given, for the
report card and the Board pack

Tables the evaluation reads instead of scanning the reports and the outbox (which pruning
empties of old rows), filled from the existing rows: reports by day made, scope, kind and
channel (each report gets the day it was made, `submitted_on`); learning sent by day, kind and
agency; the days each person was sent learning; answers by item, kind and agency; and an index
that answers "acknowledged within the target" alone. Days are in the partnership's time
zone, TIMEZONE as the settings read it. learning.evaluation.report_counts and kept_counts
keep the counts after.

Revision ID: 0024_kept_evaluation_counts
Revises: 0023_answered_deliveries
Create Date: 2026-12-02
"""

import os
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision = "0024_kept_evaluation_counts"
down_revision = "0023_answered_deliveries"
branch_labels = None
depends_on = None

BATCH = 5000
NO_AGENCY = 0
LEARNING_SENT = ("nugget", "bulletin", "training_reminder", "training_event")
ANSWERED = ("nugget", "nugget_recheck", "bulletin")


def upgrade() -> None:
    zone = ZoneInfo(os.environ.get("TIMEZONE") or "Europe/London")
    # A plain ADD COLUMN on both databases: SQLite's batch mode would rebuild `reports`.
    op.add_column("reports", sa.Column("submitted_on", sa.Date(), nullable=True))
    op.create_table(
        "report_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("scope_agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "scope_agency_id", "kind", "channel",
                                name=op.f("pk_report_counts")),
    )
    op.create_index("ix_report_counts_scope_day", "report_counts", ["scope_agency_id", "day"])
    op.create_index("ix_reports_acknowledgement", "reports",
                    ["submitted_at", "acknowledged_at", "acknowledgement_due"])
    _count_existing_reports(zone)
    op.create_table(
        "delivered_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "kind", "agency_id", name=op.f("pk_delivered_counts")),
    )
    op.create_table(
        "people_reached",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_people_reached_person_id_people")),
        sa.PrimaryKeyConstraint("person_id", "day", name=op.f("pk_people_reached")),
    )
    op.create_table(
        "answer_counts",
        sa.Column("item", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("useful", sa.Integer(), nullable=False),
        sa.Column("not_useful", sa.Integer(), nullable=False),
        sa.Column("check_right", sa.Integer(), nullable=False),
        sa.Column("check_wrong", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("item", "kind", "agency_id", name=op.f("pk_answer_counts")),
    )
    _count_existing_deliveries(zone)


def _count_existing_reports(zone: ZoneInfo) -> None:
    connection = op.get_bind()
    involved: dict[int, list[int]] = {}
    for report_id, agency_id in connection.execute(
            sa.text("SELECT report_id, agency_id FROM report_agencies")):
        involved.setdefault(report_id, []).append(agency_id)
    reports = sa.table("reports", sa.column("id", sa.Integer),
                       sa.column("submitted_at", UTCDateTime()), sa.column("kind", sa.String),
                       sa.column("channel", sa.String), sa.column("submitted_on", sa.Date))
    days, counts = [], {}
    for row in connection.execute(sa.select(reports)).all():
        day = row.submitted_at.astimezone(zone).date()
        days.append({"row_id": row.id, "day": day})
        for scope in (NO_AGENCY, *sorted(set(involved.get(row.id, [])))):
            key = (day, scope, row.kind, row.channel)
            counts[key] = counts.get(key, 0) + 1
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text(
            "UPDATE reports SET submitted_on = (submitted_at AT TIME ZONE :zone)::date"),
            {"zone": zone.key})
    else:
        for start in range(0, len(days), BATCH):
            connection.execute(reports.update().where(reports.c.id == sa.bindparam("row_id"))
                               .values(submitted_on=sa.bindparam("day")),
                               days[start:start + BATCH])
    _insert("report_counts", [{"day": d, "scope_agency_id": s, "kind": k, "channel": c,
                               "reports": n} for (d, s, k, c), n in counts.items()])


def _count_existing_deliveries(zone: ZoneInfo) -> None:
    connection = op.get_bind()
    agencies = dict(connection.execute(sa.text("SELECT id, agency_id FROM people")).all())
    deliveries = sa.table(
        "deliveries", sa.column("kind", sa.String), sa.column("item", sa.String),
        sa.column("person_id", sa.Integer), sa.column("state", sa.String),
        sa.column("sent_at", UTCDateTime()), sa.column("useful", sa.Boolean),
        sa.column("check_correct", sa.Boolean))
    sent: dict[tuple, int] = {}
    reached: dict[tuple, int] = {}
    answers: dict[tuple, dict[str, int]] = {}
    rows = connection.execute(
        sa.select(deliveries).where(deliveries.c.kind.in_(LEARNING_SENT + ANSWERED))
        ).all()
    for row in rows:
        agency = agencies.get(row.person_id) or NO_AGENCY
        if row.kind in LEARNING_SENT and row.state == "sent" and row.sent_at is not None:
            day = row.sent_at.astimezone(zone).date()
            sent[(day, row.kind, agency)] = sent.get((day, row.kind, agency), 0) + 1
            if row.person_id is not None:
                reached[(row.person_id, day)] = agency
        if row.kind in ANSWERED and (row.useful is not None or row.check_correct is not None):
            got = answers.setdefault((row.item, row.kind, agency),
                                     {"useful": 0, "not_useful": 0, "check_right": 0, "check_wrong": 0})
            if row.useful is not None:
                got["useful" if row.useful else "not_useful"] += 1
            if row.check_correct is not None:
                got["check_right" if row.check_correct else "check_wrong"] += 1
    _insert("delivered_counts", [{"day": d, "kind": k, "agency_id": a, "sent": n}
                                 for (d, k, a), n in sent.items()])
    _insert("people_reached", [{"person_id": p, "day": d, "agency_id": a}
                               for (p, d), a in reached.items()])
    _insert("answer_counts", [{"item": i, "kind": k, "agency_id": a, **n}
                              for (i, k, a), n in answers.items()])


def _insert(name: str, rows: list[dict]) -> None:
    if not rows:
        return
    table = sa.table(name, *[sa.column(c) for c in rows[0]])
    for start in range(0, len(rows), BATCH):
        op.get_bind().execute(sa.insert(table), rows[start:start + BATCH])


def downgrade() -> None:
    op.drop_index("ix_reports_acknowledgement", table_name="reports")
    op.drop_index("ix_report_counts_scope_day", table_name="report_counts")
    op.drop_table("report_counts")
    with op.batch_alter_table("reports") as table:
        table.drop_column("submitted_on")
    op.drop_table("answer_counts")
    op.drop_table("people_reached")
    op.drop_table("delivered_counts")
