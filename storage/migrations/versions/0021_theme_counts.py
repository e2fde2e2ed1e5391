"""Kept counts of themes and contributing factors by month and agency, for the themes page

Each report gets the month it was sent in (in the partnership's time zone, TIMEZONE as the
settings read it) and every existing report is counted into `tag_counts`.

Revision ID: 0021_theme_counts
Revises: 0021_evaluation_indexes
Create Date: 2026-12-02
"""

import os
from collections import Counter
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision = "0021_theme_counts"
down_revision = "0021_evaluation_indexes"
branch_labels = None
depends_on = None

BATCH = 5000
# The scope (and agency) that stands for "no agency", as learning.reports.tags keeps it.
EVERYONE = 0


def upgrade() -> None:
    # A plain ADD COLUMN on both databases: SQLite's batch mode would rebuild `reports`.
    op.add_column("reports", sa.Column("submitted_month", sa.Date(), nullable=True))
    op.create_table(
        "tag_counts",
        sa.Column("dimension", sa.String(length=6), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("scope_agency_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "value", "month", "scope_agency_id", "agency_id",
                                name=op.f("pk_tag_counts")),
    )
    op.create_index("ix_tag_counts_scope_month", "tag_counts", ["scope_agency_id", "month"])
    zone = os.environ.get("TIMEZONE") or "Europe/London"
    _months_of_existing_reports(ZoneInfo(zone))
    _count_existing_reports()


def _months_of_existing_reports(zone: ZoneInfo) -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text(
            "UPDATE reports SET submitted_month = "
            "date_trunc('month', submitted_at AT TIME ZONE :zone)::date"), {"zone": zone.key})
        return
    reports = sa.table("reports", sa.column("id", sa.Integer),
                       sa.column("submitted_at", UTCDateTime()),
                       sa.column("submitted_month", sa.Date))
    rows = connection.execute(sa.select(reports.c.id, reports.c.submitted_at)).all()
    months = [{"row_id": row.id, "month": row.submitted_at.astimezone(zone).date().replace(day=1)}
              for row in rows]
    for start in range(0, len(months), BATCH):
        connection.execute(
            reports.update().where(reports.c.id == sa.bindparam("row_id"))
            .values(submitted_month=sa.bindparam("month")), months[start:start + BATCH])


def _count_existing_reports() -> None:
    connection = op.get_bind()
    involved: dict[int, list[int]] = {}
    for report_id, agency_id in connection.execute(
            sa.text("SELECT report_id, agency_id FROM report_agencies")):
        involved.setdefault(report_id, []).append(agency_id)
    counts: Counter = Counter()
    reports = sa.table("reports", sa.column("id", sa.Integer),
                       sa.column("submitted_month", sa.Date),
                       sa.column("themes", sa.JSON), sa.column("contributing_factors", sa.JSON))
    for row in connection.execute(sa.select(reports)):
        agencies = sorted(set(involved.get(row.id, [])))
        tags = ([("theme", t) for t in set(row.themes or ())]
                + [("factor", f) for f in set(row.contributing_factors or ())])
        for dimension, value in tags:
            for scope in (EVERYONE, *agencies):
                for agency in (EVERYONE, *agencies):
                    counts[(dimension, value, row.submitted_month, scope, agency)] += 1
    rows = [{"dimension": d, "value": v, "month": m, "scope_agency_id": s, "agency_id": a,
             "reports": n} for (d, v, m, s, a), n in counts.items()]
    tag_counts = sa.table("tag_counts", *[sa.column(c) for c in rows[0]]) if rows else None
    for start in range(0, len(rows), BATCH):
        connection.execute(sa.insert(tag_counts), rows[start:start + BATCH])


def downgrade() -> None:
    op.drop_index("ix_tag_counts_scope_month", table_name="tag_counts")
    op.drop_table("tag_counts")
    with op.batch_alter_table("reports") as table:
        table.drop_column("submitted_month")
