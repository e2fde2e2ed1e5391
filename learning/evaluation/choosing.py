"""What a person may choose a report card or Board pack for: the period (by default the last
full quarter, as the Board meets quarterly; otherwise two dates typed, checked with the queue's
own date rule so every date box in the dashboard says the same things) and the agency (asked
of the one access rule, `learning.reports.access.evaluated_agency`, not decided again here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from learning.evaluation.figures import Period
from learning.people.directory import all_agencies
from learning.reports.access import NotAllowed, evaluated_agency
from learning.reports.queue import date_filters
from storage.models import Account

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


@dataclass(frozen=True)
class AgencyChoices:
    # (agency id, name) the account may see figures for.
    agencies: tuple[tuple[int, str], ...]
    # Whether the whole partnership's figures are theirs to see too.
    whole_partnership: bool


def agency_choices(session: Session, account: Account | None) -> AgencyChoices:
    return AgencyChoices(
        agencies=tuple((a.id, a.name) for a in all_agencies(session) if _may(account, a.id)),
        whole_partnership=_may(account, None))


def _may(account: Account | None, agency_id: int | None) -> bool:
    try:
        return evaluated_agency(account, agency_id) == agency_id
    except NotAllowed:
        return False
