"""The learning group's queue: which reports, in what order, with what counts.

Urgent and notifiable reports come first; statutory and acknowledgement clocks come with
each row. Everything is scoped by `learning.reports.access.visible_reports`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, Text, cast, func, or_, select
from sqlalchemy.orm import Session, selectinload

from learning.reports.access import visible_reports
from learning.reports.themes import normalise_theme, theme_names
from learning.reports.triage import OPEN
from learning.reports.unread import reports_with_unread_replies, with_unread_replies
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
    unread_replies: bool = False  # only reports with a reply the learning group has not read


@dataclass(frozen=True)
class QueuePage:
    reports: list[Report]
    total: int
    page: int
    pages: int
    counts: dict[str, int] = field(default_factory=dict)
    unread: set[int] = field(default_factory=set)  # ids of reports with an unread reply


def queue(session: Session, account: Account, filters: QueueFilters, *,
          timezone: ZoneInfo) -> QueuePage:
    query = filtered(session, account, filters, timezone=timezone)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    rows = session.scalars(
        query.order_by(*SORTS.get(filters.sort, SORTS["priority"]))
        .options(selectinload(Report.agencies), selectinload(Report.assignee))
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return QueuePage(reports=list(rows), total=total, page=page, pages=pages,
                     counts=status_counts(session, account),
                     unread=reports_with_unread_replies(session, (r.id for r in rows)))


def filtered(session: Session, account: Account, filters: QueueFilters, *,
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
    query = _tagged(session, query, filters)
    if filters.assignee == "none":
        query = query.where(Report.assignee_id.is_(None))
    elif filters.assignee and filters.assignee.isdigit():
        query = query.where(Report.assignee_id == int(filters.assignee))
    query = _sent_between(query, filters, timezone)
    if filters.unread_replies:
        query = query.where(with_unread_replies())
    words = filters.search.strip()
    if words:
        query = query.where(or_(Report.reference == words.upper(),
                                Report.what_happened.ilike(f"%{_escaped(words)}%", escape="\\")))
    return query


def _sent_between(query: Select[tuple[Report]], filters: QueueFilters,
                  timezone: ZoneInfo) -> Select[tuple[Report]]:
    """Whole days in the partnership's time zone, both ends included."""
    if filters.submitted_from:
        start = datetime.combine(filters.submitted_from, time.min, tzinfo=timezone)
        query = query.where(Report.submitted_at >= start)
    if filters.submitted_to:
        end = datetime.combine(filters.submitted_to + timedelta(days=1), time.min, tzinfo=timezone)
        query = query.where(Report.submitted_at < end)
    return query


def _tagged(session: Session, query: Select[tuple[Report]],
            filters: QueueFilters) -> Select[tuple[Report]]:
    # Themes and factors are short JSON lists; a quoted match is exact on both databases.
    if filters.theme:
        # A synonym finds its theme's reports: reports keep the theme's own name.
        theme = normalise_theme(filters.theme, theme_names(session))
        query = query.where(cast(Report.themes, Text).contains(f'"{theme}"', autoescape=True))
    if filters.factor:
        query = query.where(cast(Report.contributing_factors, Text).contains(
            f'"{filters.factor}"', autoescape=True))
    return query
DATE_FILTERS = {"from": "Sent from", "to": "Sent to"}


def date_filters(typed: Mapping[str, str], words: Mapping[str, str] = DATE_FILTERS
                 ) -> tuple[dict[str, date | None], dict[str, str]]:
    """The queue's "sent from" and "sent to" dates (or another page's `from` and `to`, called
    `words` in its messages) from their day, month and year boxes (`from-day`, ...), and what
    is wrong with them, by filter name.

    Empty boxes mean no limit; a range that ends before it starts is refused rather than
    quietly matching nothing.
    """
    dates: dict[str, date | None] = {}
    problems: dict[str, str] = {}
    for name, called in words.items():
        parts = [typed.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")]
        dates[name], problem = _day(called, *parts)
        if problem:
            problems[name] = problem
    start, end = dates["from"], dates["to"]
    if start and end and start > end:
        problems["to"] = (f"{words['to']} must be the same as or after "
                          f"{words['from'].lower()} ({start.day} {start:%B %Y})")
    return dates, problems


def _day(words: str, day: str, month: str, year: str) -> tuple[date | None, str | None]:
    if not (day or month or year):
        return None, None
    if not (day and month and year):
        return None, f"{words} must include a day, month and year"
    if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
        return None, f"{words} must be a real date, like 27 3 2026"
    try:
        return date(int(year), int(month), int(day)), None
    except ValueError:
        return None, f"{words} must be a real date, like 27 3 2026"


def status_counts(session: Session, account: Account) -> dict[str, int]:
    rows = session.execute(
        select(Report.status, func.count()).where(visible_reports(account)).group_by(Report.status)
    )
    return {status.value: count for status, count in rows}


def _escaped(words: str) -> str:
    return words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

