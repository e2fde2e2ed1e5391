"""Working days in England and Wales: the calendar every statutory clock and service level uses
(and whole months, for refresh intervals and retention periods).

Statutory guidance (Working Together to Safeguard Children) counts notification and rapid
review deadlines in working days; weekends and England and Wales bank holidays don't count.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _bank_holidays() -> holidays.HolidayBase:
    # England's calendar is England and Wales's: Wales has the same bank holidays.
    return holidays.country_holidays("GB", subdiv="ENG")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays()


def working_days_after(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)
