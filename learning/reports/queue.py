"""The learning group's queue: which reports, in what order, with what counts.

Urgent and notifiable reports come first; statutory and acknowledgement clocks come with
each row. Everything is scoped by `learning.reports.access.visible_reports`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, Text, cast, func, or_, select
from sqlalchemy.orm import Session, selectinload

from learning.reports.access import visible_reports
from learning.reports.themes import normalise_theme
from learning.reports.triage import OPEN
from storage.models import Account, Report
from storage.vocabulary import ReportStatus

PAGE_SIZE = 50
SORTS = {
    "priority": (Report.urgent.desc(), Report.notifiable.desc(), Report.acknowledgement_due,
                 Report.id.desc()),
    "newest": (Report.submitted_at.desc(), Report.id.desc()),
    "oldest": (Report.submitted_at, Report.id),
}


@dataclass(frozen=True)
class QueueFilters:
    status: str = "open"  # "open", "all" or a ReportStatus value
    kind: str | None = None
    agency_id: int | None = None
    theme: str | None = None
    # A contributing factor's value: the themes page drills down by factor too.
    factor: str | None = None
    assignee: str | None = None  # an account id, or "none"
    submitted_from: date | None = None
    submitted_to: date | None = None
    search: str = ""
    sort: str = "priority"
    page: int = 1


@dataclass(frozen=True)
class QueuePage:
    reports: list[Report]
    total: int
    page: int
    pages: int
    counts: dict[str, int] = field(default_factory=dict)


def queue(session: Session, account: Account, filters: QueueFilters, *,
          timezone: ZoneInfo) -> QueuePage:
    query = filtered(account, filters, timezone=timezone)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    rows = session.scalars(
        query.order_by(*SORTS.get(filters.sort, SORTS["priority"]))
        .options(selectinload(Report.agencies), selectinload(Report.assignee))
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return QueuePage(reports=list(rows), total=total, page=page, pages=pages,
                     counts=status_counts(session, account))


def filtered(account: Account, filters: QueueFilters, *,
             timezone: ZoneInfo) -> Select[tuple[Report]]:
    """The reports matching the filters that this account may see (unordered)."""
    query = select(Report).where(visible_reports(account))
    if filters.status == "open":
        query = query.where(Report.status.in_(OPEN))
    elif filters.status in {s.value for s in ReportStatus}:
        query = query.where(Report.status == ReportStatus(filters.status))
    if filters.kind:
        query = query.where(Report.kind == filters.kind)
    if filters.agency_id:
        query = query.where(Report.agencies.any(id=filters.agency_id))
    query = _tagged(query, filters)
    if filters.assignee == "none":
        query = query.where(Report.assignee_id.is_(None))
    elif filters.assignee and filters.assignee.isdigit():
        query = query.where(Report.assignee_id == int(filters.assignee))
    if filters.submitted_from:
        start = datetime.combine(filters.submitted_from, time.min, tzinfo=timezone)
        query = query.where(Report.submitted_at >= start)
    if filters.submitted_to:
        end = datetime.combine(filters.submitted_to + timedelta(days=1), time.min, tzinfo=timezone)
        query = query.where(Report.submitted_at < end)
    words = filters.search.strip()
    if words:
        query = query.where(or_(Report.reference == words.upper(),
                                Report.what_happened.ilike(f"%{_escaped(words)}%", escape="\\")))
    return query


def _tagged(query: Select[tuple[Report]], filters: QueueFilters) -> Select[tuple[Report]]:
    # Themes and factors are short JSON lists; a quoted match is exact on both databases.
    if filters.theme:
        theme = normalise_theme(filters.theme)
        query = query.where(cast(Report.themes, Text).contains(f'"{theme}"'))
    if filters.factor:
        query = query.where(cast(Report.contributing_factors, Text).contains(
            f'"{filters.factor}"', autoescape=True))
    return query


def status_counts(session: Session, account: Account) -> dict[str, int]:
    rows = session.execute(
        select(Report.status, func.count()).where(visible_reports(account)).group_by(Report.status)
    )
    return {status.value: count for status, count in rows}


def _escaped(words: str) -> str:
    return words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

