"""The outcomes-based accountability report card for a period and an agency: how much did we
do, how well did we do it, is anyone better off; the period before beside every row.

An agency lead sees their own agency only (learning.reports.access.evaluated_agency).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from learning.evaluation.better_off import better_off
from learning.evaluation.figures import AgencyTraining, Period, ReportCard
from learning.evaluation.how_much import how_much
from learning.evaluation.how_well import how_well
from learning.evaluation.kirkpatrick import Rollup, rollups
from learning.evaluation.periods import Window, checked, previous
from learning.evaluation.suppression import hidden
from learning.improvement.clusters import plan_for_short_lists
from learning.nudges.training_compliance import CourseStanding, compliance
from learning.reports.access import acting_account, evaluated_agency
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.models import Account, Agency


def report_card(uow: UnitOfWork, *, period: Period, agency_id: int | None, by: Account,
                settings: Settings, today: date | None = None) -> ReportCard:
    """Refused (NotAllowed, a message the page can show) for an agency lead asking for
    another agency; PeriodRefused for a period that ends before it starts. `today` (default:
    today in the partnership's time zone) stops a theme's "after" at the last whole month."""
    return card_and_rollup(uow, period=period, agency_id=agency_id, by=by, settings=settings,
                           today=today)[0]


def card_and_rollup(uow: UnitOfWork, *, period: Period, agency_id: int | None, by: Account,
                    settings: Settings, today: date | None = None) -> tuple[ReportCard, Rollup]:
    """The card and the period's Kirkpatrick roll-up it was made from (the Board pack shows
    both, so they are counted once)."""
    account = acting_account(uow.session, by)
    agency = evaluated_agency(account, agency_id)
    session, smallest = uow.session, settings.evaluation_smallest_count
    today = today or datetime.now(settings.timezone).date()
    # Some thirty small GROUP BYs: PostgreSQL would JIT-compile several for longer than they
    # run (the themes page's planner settings, learning.improvement.clusters).
    plan_for_short_lists(session)
    now = Window(checked(period), settings.timezone, agency)
    before = Window(previous(period), settings.timezone, agency)
    # A theme's rate compares months around its learning, never the period before.
    rolled, rolled_before = rollups(session, now, before, today=today)
    figures = [
        *how_much(session, now, before, smallest=smallest),
        *how_well(session, now, before, smallest=smallest),
        *better_off(session, now, before, rolled, rolled_before, smallest=smallest),
    ]
    name = _agency_name(session, agency)
    card = ReportCard(period=now.period, previous=before.period, agency=name,
                      figures=tuple(figures), smallest_shown=smallest,
                      training=training_by_agency(uow, by=account, agency=name,
                                                  on=min(period.end, today),
                                                  smallest=smallest))
    return card, rolled


def _agency_name(session: Session, agency_id: int | None) -> str | None:
    if agency_id is None:
        return None
    found = session.get(Agency, agency_id)
    if found is None:
        raise LookupError("That agency is not known to LearnLoop: choose one from the list")
    return found.name


def training_by_agency(uow: UnitOfWork, *, by: Account, agency: str | None, on: date,
                       smallest: int) -> tuple[AgencyTraining, ...]:
    """Each agency over every course, from the training pages' own compliance."""
    totals: dict[str, list[int]] = {}
    for standing in compliance(uow, by=by, today=on):
        if agency is None or standing.agency == agency:
            counts = totals.setdefault(standing.agency, [0, 0, 0, 0])
            for index, n in enumerate(_counts(standing)):
                counts[index] += n
    return tuple(_agency_training(name, *counts, smallest=smallest)
                 for name, counts in totals.items())


def _counts(standing: CourseStanding) -> tuple[int, int, int, int]:
    return standing.in_date, standing.due, standing.overdue, standing.no_record


def _agency_training(agency: str, completed: int, due: int, overdue: int, no_record: int, *,
                     smallest: int) -> AgencyTraining:
    everyone = completed + due + overdue + no_record
    counts = (completed, due, overdue, no_record)
    suppressed = any(hidden(n, smallest) for n in (*counts, everyone))
    # Percentage of a small agency, or one count of one to four, could point at a person.
    shown = [None if hidden(n, smallest) else n for n in counts]
    percentage = (round((completed + due) * 100 / everyone, 1)
                  if everyone and not hidden(everyone, smallest) else None)
    return AgencyTraining(agency, *shown, percentage=percentage,
                          out_of=None if hidden(everyone, smallest) else everyone,
                          suppressed=suppressed)
