"""A period as the database sees it: its first and last moments in the partnership's time
zone, its calendar months, the period before it, and the days a timestamp falls on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Date, case, cast, func, literal
from sqlalchemy.orm import Session

from learning.evaluation.figures import Period
from learning.improvement.clusters import next_month
from learning.nudges.calendar import add_months


class PeriodRefused(ValueError):
    """A period that cannot be evaluated; the message says what to change."""


def checked(period: Period) -> Period:
    if period.start > period.end:
        raise PeriodRefused("The start of the period must be on or before its end")
    return period


def previous(period: Period) -> Period:
    """The period before, ending the day before this one starts: as many whole calendar months
    when this one is whole months (so a quarter is compared with the quarter before, not 91 of
    its 92 days), otherwise as many days."""
    end = period.start - timedelta(days=1)
    months = _whole_months(period)
    if months:
        return Period(start=add_months(period.start, -months), end=end)
    return Period(start=end - (period.end - period.start), end=end)


def _whole_months(period: Period) -> int:
    """How many calendar months the period is, when it starts on a 1st and ends on a last day;
    0 when it is not whole months."""
    after = period.end + timedelta(days=1)
    if period.start.day != 1 or after.day != 1:
        return 0
    return (after.year - period.start.year) * 12 + after.month - period.start.month


@dataclass(frozen=True)
class Window:
    """One period, for one agency or the whole partnership (agency_id None)."""

    period: Period
    timezone: ZoneInfo
    agency_id: int | None

    @property
    def start(self) -> datetime:
        return moment(self.period.start, self.timezone)

    @property
    def end(self) -> datetime:
        """The first moment after the period (exclusive)."""
        return moment(self.period.end + timedelta(days=1), self.timezone)

    def holds(self, column: ColumnElement[datetime]) -> ColumnElement[bool]:
        return (column >= self.start) & (column < self.end)

    @property
    def months(self) -> list[date]:
        """The calendar months the period touches, each as its first day."""
        found, month = [], self.period.start.replace(day=1)
        while month <= self.period.end:
            found.append(month)
            month = next_month(month)
        return found

    def month_index(self, column: ColumnElement[datetime]) -> ColumnElement[int]:
        """Which of `months` a moment inside the period falls in (a CASE on the boundaries, so
        every database counts in the partnership's time zone)."""
        return month_index(column, [moment(m, self.timezone) for m in self.months[1:]])


def moment(day: date, timezone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone)


def month_index(column: ColumnElement[datetime], boundaries: list[datetime]) -> ColumnElement[int]:
    """0 before the first boundary, 1 before the second, ... len(boundaries) after the last."""
    if not boundaries:
        return literal(0)
    return case(*[(column < bound, index) for index, bound in enumerate(boundaries)],
                else_=len(boundaries))


def local_day(session: Session, column: ColumnElement[datetime],
              timezone: ZoneInfo) -> ColumnElement[date]:
    """The day a moment falls on in the partnership's time zone: PostgreSQL's own conversion,
    or on SQLite the `local_day` function `storage.database` gives each connection."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone(timezone.key, column), Date)
    return func.local_day(column, timezone.key)


def as_date(value: date | str) -> date:
    """SQLite hands a day back as text."""
    return value if isinstance(value, date) else date.fromisoformat(value)
