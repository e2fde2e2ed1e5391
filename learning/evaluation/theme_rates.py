"""Kirkpatrick level 4, results: how often a theme was reported before its learning went out,
and after.

Counted in whole calendar months: the RATE_MONTHS months before the month it was first sent,
and the RATE_MONTHS months after that month, as far as they have ended by `today`, so a
month still under way never reads as a fall. Reports on each theme by month are the counts
the themes page reads (`tag_counts`, kept by learning.reports.tags), so both pages agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.improvement.clusters import next_month
from learning.nudges.calendar import add_months
from learning.reports.tags import EVERYONE, THEME
from storage.models.themes import TagCount

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
                                 agency_id=agency_id)
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
                        agency_id: int | None) -> dict[tuple[str, int], int]:
    """Read from the monthly counts `tag_report` keeps: in the agency's scope (its reports),
    each report once (`agency_id` EVERYONE), in the month it was made."""
    index = {month: n for n, month in enumerate(months)}
    rows = session.execute(
        select(TagCount.value, TagCount.month, TagCount.reports)
        .where(TagCount.dimension == THEME, TagCount.value.in_(sorted(themes)),
               TagCount.scope_agency_id == (EVERYONE if agency_id is None else agency_id),
               TagCount.agency_id == EVERYONE,
               TagCount.month >= months[0], TagCount.month <= months[-1]))
    return {(theme, index[month]): n for theme, month, n in rows}
