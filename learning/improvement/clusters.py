"""Themes and contributing factors counted by agency and month, for `/dashboard/themes`.

Read from the counts `learning.reports.tags` keeps (`tag_counts`), in the scope
`learning.reports.access.report_scope` gives the account, so an agency lead counts only the
reports they may open, and every number matches the queue it links to. Only a view no kept
count covers is counted from the reports' own lists (a JSON list unnested per report).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import (ColumnElement, Executable, FromClause, Select, bindparam, case, func,
                        literal, select, text, true, union_all)
from sqlalchemy.orm import Session

from learning.people.directory import agency_names
from learning.reports.access import ReportScope, report_scope, visible_reports
from learning.reports.tags import EVERYONE
from storage.database import read_rows
from storage.models import Account, Agency, Report, report_agencies
from storage.models.themes import TagCount

# Two years on one page is as much as a heat map can show legibly.
LONGEST_PERIOD_MONTHS = 24


class PeriodRefused(ValueError):
    """A period that cannot be shown; the message says what to change."""


@dataclass(frozen=True)
class Period:
    """Whole calendar months, `first` to `last` (each the first day of its month)."""

    first: date
    last: date

    @property
    def months(self) -> list[date]:
        found, month = [], self.first
        while month <= self.last:
            found.append(month)
            month = next_month(month)
        return found

    def bounds(self, timezone: ZoneInfo) -> list[datetime]:
        """Each month's first moment in the partnership's time zone, and the end of the last."""
        return [datetime.combine(m, time.min, tzinfo=timezone)
                for m in [*self.months, next_month(self.last)]]


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def last_twelve_months(today: date) -> Period:
    last = today.replace(day=1)
    return Period(first=date(last.year - 1, last.month, 1) if last.month == 12 else
                  date(last.year - 1, last.month + 1, 1), last=last)


def period_from(first: str, last: str, *, today: date) -> Period:
    """The months chosen as "YYYY-MM"; refused when impossible, with what to change."""
    try:
        start = date.fromisoformat(f"{first}-01")
        end = date.fromisoformat(f"{last}-01")
    except ValueError:
        raise PeriodRefused("Choose the first and last month from the lists") from None
    if start > end:
        raise PeriodRefused("The first month must be the same as or before the last month")
    if start > today:
        raise PeriodRefused("The first month must not be in the future")
    period = Period(first=start, last=end)
    if len(period.months) > LONGEST_PERIOD_MONTHS:
        raise PeriodRefused(f"Choose at most {LONGEST_PERIOD_MONTHS} months")
    return period


@dataclass
class Counts:
    """One dimension (themes, or contributing factors) counted two ways over the period."""

    names: list[str] = field(default_factory=list)
    # (name, month index) -> reports; each report once, however many agencies it involves.
    by_month: dict[tuple[str, int], int] = field(default_factory=dict)
    # (name, agency id) -> reports involving that agency.
    by_agency: dict[tuple[str, int], int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def peak(self) -> int:
        return max(self.by_month.values(), default=0)


@dataclass(frozen=True)
class ThemesPicture:
    period: Period
    themes: Counts
    factors: Counts
    agencies: list[tuple[int, str]]


def themes_picture(session: Session, account: Account, period: Period, *, timezone: ZoneInfo,
                   agency_id: int | None = None,
                   names: list[tuple[int, str]] | None = None) -> ThemesPicture:
    """Theme x agency x month and factor x agency x month, as this account may see them.

    `names`: every agency's id and name (`agency_names`), when the caller has read them."""
    themes, factors = Counts(), Counts()
    into = {"theme": themes, "factor": factors}
    scope = report_scope(account)
    kept = _kept_scope(scope, agency_id)
    if kept is not None:
        _read_kept_counts(session, into, period, kept)
    elif scope.every or scope.agency_id is not None:
        _count_now(session, into, account, period, timezone, agency_id)
    for counts in (themes, factors):
        counts.names = sorted(counts.totals, key=lambda n: (-counts.totals[n], n))
    seen = {a for counts in (themes, factors) for (_, a) in counts.by_agency}
    if seen and names is None:
        names = agency_names(session)
    agencies = [(a, name) for a, name in names or [] if a in seen]
    return ThemesPicture(period=period, themes=themes, factors=factors, agencies=agencies)


def _kept_scope(scope: ReportScope, agency_id: int | None) -> int | None:
    """The `tag_counts` scope that holds exactly these reports, if one does: everyone's, or
    one agency's (an agency lead's own, or the page filtered to an agency)."""
    if scope.every:
        return EVERYONE if agency_id is None else agency_id
    if scope.agency_id is not None and agency_id in (None, scope.agency_id):
        return scope.agency_id
    return None


# The kept counts' statements, built once and with the table's columns, not the mapped class's:
# the page reads some 600 plain rows, and the ORM's handling of them (with each statement built
# afresh) cost more than the database's work.
_TAGS = TagCount.__table__.c
_KEPT = (_TAGS.scope_agency_id == bindparam("scope"), _TAGS.month >= bindparam("first"),
         _TAGS.month <= bindparam("last"), _TAGS.reports > 0)
_KEPT_BY_MONTH = select(_TAGS.dimension, _TAGS.value, _TAGS.month, _TAGS.reports).where(
    *_KEPT, _TAGS.agency_id == EVERYONE)
_KEPT_BY_AGENCY = select(_TAGS.dimension, _TAGS.value, _TAGS.agency_id, func.sum(_TAGS.reports)
                         ).where(*_KEPT, _TAGS.agency_id != EVERYONE).group_by(
    _TAGS.dimension, _TAGS.value, _TAGS.agency_id)


def _read_kept_counts(session: Session, into: dict[str, Counts], period: Period,
                      scope: int) -> None:
    index = {month: n for n, month in enumerate(period.months)}
    kept = {"scope": scope, "first": period.first, "last": period.last}
    for dimension, name, month, count in read_rows(session, _KEPT_BY_MONTH, kept).all():
        counts = into[dimension]
        counts.by_month[(name, index[month])] = count
        counts.totals[name] = counts.totals.get(name, 0) + count
    for dimension, name, agency, count in read_rows(session, _KEPT_BY_AGENCY, kept).all():
        into[dimension].by_agency[(name, agency)] = count


def _count_now(session: Session, into: dict[str, Counts], account: Account, period: Period,
               timezone: ZoneInfo, agency_id: int | None) -> None:
    """Counted from the reports' own lists: for an agency lead looking at the reports their
    agency shares with another (no kept count is scoped to two agencies)."""
    bounds = period.bounds(timezone)
    scope = [visible_reports(account), Report.submitted_at >= bounds[0],
             Report.submitted_at < bounds[-1]]
    if agency_id is not None:
        scope.append(Report.agencies.any(Agency.id == agency_id))
    plan_for_short_lists(session)
    for dimension, name, index, count in session.execute(
            _tag_counts(session, _month_index(bounds), scope)):
        into[dimension].by_month[(name, index)] = count
        into[dimension].totals[name] = into[dimension].totals.get(name, 0) + count
    for dimension, name, agency, count in session.execute(
            _tag_counts(session, report_agencies.c.agency_id, scope, by_agency=True)):
        into[dimension].by_agency[(name, agency)] = count


# PostgreSQL plans every JSON list as 100 elements long (ours hold one to three), so it
# expects 60 times the real rows: it JIT-compiles a query that runs in less time than the
# compiling takes, and sorts on disk. For this transaction only: no JIT, room to sort.
SHORT_LIST_SETTINGS = ("SET LOCAL jit = off", "SET LOCAL work_mem = '32MB'")


def plan_for_short_lists(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        for setting in SHORT_LIST_SETTINGS:
            session.execute(text(setting))


def _month_index(bounds: list[datetime]) -> ColumnElement[int]:
    """The month as an index into the period, in the partnership's time zone on every
    database (a CASE on the month boundaries, not a database's own time-zone functions)."""
    return case(*[(Report.submitted_at < bound, index)
                  for index, bound in enumerate(bounds[1:])], else_=len(bounds) - 2)


def _tag_counts(session: Session, by: ColumnElement, scope: list[ColumnElement[bool]], *,
                by_agency: bool = False) -> Executable:
    """(dimension, value, `by`, reports) for each report's themes and factors, unnested.

    On PostgreSQL both lists are unnested in one LATERAL pass over the reports (half the
    work of two scans); SQLite has no LATERAL, so there each list is counted on its own."""
    def counted(tags: FromClause, dimension: ColumnElement, value: ColumnElement) -> Select:
        query = select(dimension, value, by, func.count()).select_from(Report).join(tags, true())
        if by_agency:
            query = query.join(report_agencies, report_agencies.c.report_id == Report.id)
        return query.where(*scope).group_by(dimension, value, by)

    if session.get_bind().dialect.name == "postgresql":
        themes = func.json_array_elements_text(Report.themes).table_valued("value")
        factors = func.json_array_elements_text(Report.contributing_factors).table_valued(
            "value")
        tags = union_all(
            select(literal("theme").label("dimension"), themes.c.value.label("value"))
            .correlate(Report),
            select(literal("factor"), factors.c.value).correlate(Report)).lateral("tag")
        return counted(tags, tags.c.dimension, tags.c.value)
    parts = []
    for dimension, column in (("theme", Report.themes), ("factor", Report.contributing_factors)):
        each = func.json_each(column).table_valued("value", joins_implicitly=True)
        parts.append(counted(each, literal(dimension), each.c.value))
    return union_all(*parts)
