"""The period a report card or Board pack is for, as a person chose it: by default the last
full quarter (the Board meets quarterly), otherwise the two dates typed, checked with the
queue's own date rule so every date box in the dashboard says the same things."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from learning.evaluation.figures import Period
from learning.reports.queue import date_filters

PERIOD_DATES = {"from": "Start date", "to": "End date"}


def last_full_quarter(today: date) -> Period:
    """The calendar quarter before the one `today` is in."""
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = this_quarter - timedelta(days=1)
    return Period(date(end.year, end.month - 2, 1), end)


def chosen_period(typed: Mapping[str, str], *, today: date) -> tuple[Period, dict[str, str]]:
    """The period from the `from-…` and `to-…` boxes, and what is wrong with them by box name.

    Both empty is the last full quarter. While anything is wrong the last full quarter is
    returned too, so a page can still say which period it would have shown.
    """
    default = last_full_quarter(today)
    dates, problems = date_filters(typed, PERIOD_DATES)
    start, end = dates["from"], dates["to"]
    if not problems and start is None and end is None:
        return default, {}
    for name, given in (("from", start), ("to", end)):
        if given is None and name not in problems:
            problems[name] = f"Enter the {PERIOD_DATES[name].lower()} too, like 30 9 2026"
    if problems or start is None or end is None:
        return default, problems
    return Period(start, end), {}
