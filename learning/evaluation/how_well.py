"""How well did we do it: acknowledged in time, working days to close, statutory clocks met,
closed with "you said, we did", actions done by their due date."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from learning.evaluation.comparing import NOTHING, FigureKind, Measured, compared, share
from learning.evaluation.figures import Figure, Question, Unit
from learning.evaluation.periods import Window, as_date, local_day
from learning.evaluation.scope import reports_in_scope
from learning.nudges.calendar import is_working_day
from learning.reports.triage import CLOSED
from storage.models import Report
from storage.models.improvement import (
    Action,
    ActionStatus,
    Review,
    ReviewKind,
    StatutoryNotification,
)

ACKNOWLEDGED = FigureKind(
    "acknowledged_in_time", "Reports acknowledged within the target", Question.HOW_WELL,
    Unit.PERCENT, note="Of the reports made in the period that were acknowledged, or were due "
    "to be by its end: those the learning group first moved on (acknowledged, referred or "
    "closed) by the day it was due.")
TO_CLOSE = FigureKind(
    "working_days_to_close", "Median working days to close", Question.HOW_WELL,
    Unit.WORKING_DAYS, note="Reports closed in the period, from the day made to the day "
    "closed; weekends and bank holidays in England and Wales do not count.")
STATUTORY = FigureKind(
    "statutory_on_time", "Statutory clocks met", Question.HOW_WELL, Unit.PERCENT,
    note="Notifiable incidents whose clock ran out in the period: notified within 5 working "
    "days, rapid review completed within 15.")
OUTCOME = FigureKind(
    "closed_with_outcome", "Closed with \"you said, we did\"", Question.HOW_WELL, Unit.PERCENT,
    note="Reports closed in the period that told the reporter what changed.")
ACTIONS = FigureKind(
    "actions_done_on_time", "Actions done by their due date", Question.HOW_WELL, Unit.PERCENT,
    note="Actions due in the period, not dropped, that were done on or before the day due.")

REPORTS = "Reports"
NOTIFIED, REVIEWED = "Notified within 5 working days", "Rapid review within 15 working days"


def how_well(session: Session, now: Window, before: Window, *, smallest: int) -> list[Figure]:
    closing, closing_before = _closing(session, now), _closing(session, before)
    statutory, statutory_before = _statutory(session, now), _statutory(session, before)
    return [
        compared(ACKNOWLEDGED, {REPORTS: _acknowledged(session, now)},
                 {REPORTS: _acknowledged(session, before)}, smallest=smallest),
        compared(TO_CLOSE, {REPORTS: closing[0]}, {REPORTS: closing_before[0]},
                 smallest=smallest),
        compared(STATUTORY, statutory, statutory_before, smallest=smallest,
                 labels=[NOTIFIED, REVIEWED]),
        compared(OUTCOME, {REPORTS: closing[1]}, {REPORTS: closing_before[1]},
                 smallest=smallest),
        compared(ACTIONS, {"Actions": _actions(session, now)},
                 {"Actions": _actions(session, before)}, smallest=smallest),
    ]


def _acknowledged(session: Session, window: Window) -> Measured:
    # Any move from new (acknowledged, referred, closed) is the learning group answering it:
    # triage keeps the moment of the first.
    answered = Report.acknowledged_at
    answered_on = local_day(session, answered, window.timezone)
    counted, in_time = session.execute(
        select(func.count(case((answered.is_not(None)
                                | (Report.acknowledgement_due <= window.period.end), 1))),
               func.count(case((answered_on <= Report.acknowledgement_due, 1))))
        .where(window.holds(Report.submitted_at),
               reports_in_scope(window.agency_id))).one()
    return share(in_time, counted)


def _closing(session: Session, window: Window) -> tuple[Measured, Measured]:
    """(median working days to close, share closed with an outcome), from one GROUP BY on the
    days made and closed: working days need the bank-holiday calendar, which is Python's."""
    made = local_day(session, Report.submitted_at, window.timezone)
    closed = local_day(session, Report.closed_at, window.timezone)
    told = func.count(case((func.length(func.coalesce(Report.outcome, "")) > 0, 1)))
    rows = session.execute(
        select(made, closed, func.count(), told)
        .where(Report.status.in_(CLOSED), window.holds(Report.closed_at),
               reports_in_scope(window.agency_id))
        .group_by(made, closed)).all()
    days = [(as_date(a), as_date(b), n, t) for a, b, n, t in rows]
    number = _working_day_numbers([d for a, b, *_ in days for d in (a, b)])
    lengths = sorted((number[b] - number[a], n) for a, b, n, _ in days)
    total = sum(n for _, n in lengths)
    outcome = share(sum(t for *_, t in days), total)
    return (Measured(_median(lengths, total), total) if total else NOTHING), outcome


def _median(lengths: list[tuple[int, int]], total: int) -> float:
    """The median of values given as sorted (value, how many) pairs."""
    def at(position: int) -> int:
        for value, n in lengths:
            position -= n
            if position < 0:
                return value
        raise IndexError(position)

    return (at((total - 1) // 2) + at(total // 2)) / 2


def _working_day_numbers(days: list[date]) -> dict[date, int]:
    """Each day's count of working days from the earliest of them, so the working days after
    one day up to and including another are a subtraction (0 when closed the day made)."""
    if not days:
        return {}
    numbers, day, last, n = {}, min(days), max(days), 0
    while day <= last:
        n += is_working_day(day)
        numbers[day] = n
        day += timedelta(days=1)
    return numbers


def _statutory(session: Session, window: Window) -> dict[str, Measured]:
    notified = (select(func.min(StatutoryNotification.notified_on))
                .where(StatutoryNotification.report_id == Report.id)
                .correlate(Report).scalar_subquery())
    reviewed = (select(func.min(Review.completed_on))
                .where(Review.report_id == Report.id, Review.kind == ReviewKind.RAPID_REVIEW)
                .correlate(Report).scalar_subquery())
    start, end = window.period.start, window.period.end
    notify_due = Report.notification_due.between(start, end)
    review_due = Report.rapid_review_due.between(start, end)
    row = session.execute(
        select(func.count(case((notify_due, 1))),
               func.count(case((notify_due & (notified <= Report.notification_due), 1))),
               func.count(case((review_due, 1))),
               func.count(case((review_due & (reviewed <= Report.rapid_review_due), 1))))
        .where(Report.notifiable, notify_due | review_due,
               reports_in_scope(window.agency_id))).one()
    return {NOTIFIED: share(row[1], row[0]), REVIEWED: share(row[3], row[2])}


def _actions(session: Session, window: Window) -> Measured:
    query = (select(func.count(), func.count(case(
                (Action.done_on <= Action.due_on, 1))))
             .where(Action.due_on.between(window.period.start, window.period.end),
                    Action.status != ActionStatus.DROPPED))
    if window.agency_id is not None:
        query = query.where(Action.agency_id == window.agency_id)
    due, on_time = session.execute(query).one()
    return share(on_time, due)
