"""Kirkpatrick level 4, results: how often a theme was reported before its learning went out,
and after.

Counted in whole calendar months: the RATE_MONTHS months before the month it was first sent,
and the RATE_MONTHS months after that month, as far as they have ended by `today`, so a
month still under way never reads as a fall. Reports on each theme by month come from one
GROUP BY over the reports' themes, unnested in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from learning.evaluation.periods import moment, month_index
from learning.evaluation.scope import reports_in_scope
from learning.improvement.clusters import next_month
from learning.nudges.calendar import add_months
from storage.models import Report

# A quarter either side: long enough to even out a month's chance, short enough to credit
# the change to this learning rather than to everything else that happened in a year.
RATE_MONTHS = 3


@dataclass(frozen=True)
class ThemeRate:
    theme: str
    # The month the learning first went out (its first day): neither before nor after.
    sent_in: date
    months_before: int
    reports_before: int
    months_after: int
    reports_after: int

    @property
    def before_a_month(self) -> float | None:
        return round(self.reports_before / self.months_before, 1) if self.months_before \
            else None

    @property
    def after_a_month(self) -> float | None:
        return round(self.reports_after / self.months_after, 1) if self.months_after else None


def theme_rates(session: Session, sends: list[tuple[tuple[str, ...], datetime]], *,
                agency_id: int | None, timezone: ZoneInfo, today: date
                ) -> dict[tuple[str, datetime], ThemeRate]:
    """(theme, sent at) -> its rate, for each learning's themes and the moment it went out."""
    if not sends:
        return {}
    this_month = today.replace(day=1)
    sent_months = {sent: sent.astimezone(timezone).date().replace(day=1) for _, sent in sends}
    first = add_months(min(sent_months.values()), -RATE_MONTHS)
    months = [first]
    while months[-1] < add_months(max(sent_months.values()), RATE_MONTHS):
        months.append(next_month(months[-1]))
    counts = _by_theme_and_month(session, {t for themes, _ in sends for t in themes}, months,
                                 agency_id=agency_id, timezone=timezone)
    found = {}
    for themes, sent in sends:
        index = months.index(sent_months[sent])
        before = range(index - RATE_MONTHS, index)
        after = [i for i in range(index + 1, index + 1 + RATE_MONTHS)
                 if months[i] < this_month]
        for theme in themes:
            found[(theme, sent)] = ThemeRate(
                theme=theme, sent_in=months[index],
                months_before=len(before), reports_before=sum(counts.get((theme, i), 0)
                                                              for i in before),
                months_after=len(after), reports_after=sum(counts.get((theme, i), 0)
                                                           for i in after))
    return found


def _by_theme_and_month(session: Session, themes: set[str], months: list[date], *,
                        agency_id: int | None, timezone: ZoneInfo) -> dict[tuple[str, int], int]:
    bounds = [moment(m, timezone) for m in months]
    end = moment(next_month(months[-1]), timezone)
    if session.get_bind().dialect.name == "postgresql":
        each = func.json_array_elements_text(Report.themes).table_valued("value").lateral()
    else:
        each = func.json_each(Report.themes).table_valued("value", joins_implicitly=True)
    month = month_index(Report.submitted_at, bounds[1:])
    rows = session.execute(
        select(each.c.value, month, func.count()).select_from(Report).join(each, true())
        .where(Report.submitted_at >= bounds[0], Report.submitted_at < end,
               each.c.value.in_(sorted(themes)), reports_in_scope(agency_id))
        .group_by(each.c.value, month))
    return {(theme, index): n for theme, index, n in rows}
