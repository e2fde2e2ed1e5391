"""Statutory notifications of notifiable incidents, the rapid review, and their clocks.

Working Together 2023: the local authority notifies the national panel (and Ofsted, for a
looked after child) within 5 working days; the partnership's rapid review completes within
15 working days. These records meet or miss those clocks. Until both are recorded, the business
unit (every active business-unit account, whoever is assigned) hears about it each working day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from types import MappingProxyType

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learning.nudges.calendar import is_working_day
from learning.messaging import TextNotice
from learning.nudges.delivery_notices import payload_of
from learning.nudges.outbox import schedule
from learning.nudges.recipients import delivery_row
from learning.reports import timeline
from learning.reports.access import Permission, require
from learning.reports.triage import OPEN, TransitionRefused
from learning.settings import Settings
from storage.models import Account, Person, Report
from storage.models.improvement import (NotificationRecipient, Review, ReviewKind,
                                        StatutoryNotification)
from storage.models.nudges import DeliveryKind
from storage.vocabulary import EventKind, Role

MADE_BY_MAX = 200
RECIPIENT_LABELS = MappingProxyType({
    NotificationRecipient.NATIONAL_PANEL: "Child Safeguarding Practice Review Panel",
    NotificationRecipient.OFSTED: "Ofsted",
})


@dataclass(frozen=True)
class Clock:
    """One statutory clock: when it is due, when it was met (if it was), and whether in time."""

    due: date | None
    done_on: date | None

    @property
    def met(self) -> bool | None:
        """True met in time, False missed (late, or still not done after the date), None running."""
        if self.due is None:
            return None
        if self.done_on is not None:
            return self.done_on <= self.due
        return None

    def missed(self, today: date) -> bool:
        return self.due is not None and (
            (self.done_on is None and today > self.due) or self.met is False)


@dataclass(frozen=True)
class StatutoryClocks:
    notification: Clock
    rapid_review: Clock
    notifications: list[StatutoryNotification]


def statutory_clocks(session: Session, report: Report) -> StatutoryClocks:
    made = list(session.scalars(select(StatutoryNotification).where(
        StatutoryNotification.report_id == report.id).order_by(StatutoryNotification.notified_on)))
    rapid = session.scalar(select(func.min(Review.completed_on)).where(
        Review.report_id == report.id, Review.kind == ReviewKind.RAPID_REVIEW))
    first = made[0].notified_on if made else None
    return StatutoryClocks(notification=Clock(report.notification_due, first),
                           rapid_review=Clock(report.rapid_review_due, rapid),
                           notifications=made)


def record_notification(session: Session, report: Report, *, by: Account, recipient: str,
                        notified_on: date | None, made_by: str, now: datetime,
                        today: date) -> StatutoryNotification:
    """One notification (to the national panel or Ofsted); recording it again corrects it."""
    require(by, Permission.TRIAGE, report)
    if not report.notifiable:
        raise TransitionRefused("Only a notifiable incident is notified to the national panel")
    if recipient not in {r.value for r in NotificationRecipient}:
        raise TransitionRefused("Choose who was notified: the national panel or Ofsted")
    if notified_on is None or notified_on > today:
        raise TransitionRefused("Give the date the notification was made, like 2026-12-01: "
                                "today or earlier")
    if not made_by.strip():
        raise TransitionRefused("Say who made the notification (role and organisation)")
    found = session.scalar(select(StatutoryNotification).where(
        StatutoryNotification.report_id == report.id,
        StatutoryNotification.recipient == NotificationRecipient(recipient)))
    notification = found or StatutoryNotification(report_id=report.id,
                                                  recipient=NotificationRecipient(recipient))
    notification.notified_on = notified_on
    notification.made_by = made_by.strip()[:MADE_BY_MAX]
    notification.recorded_by = by.id
    notification.recorded_at = now
    session.add(notification)
    timeline.record(session, report, EventKind.LEARNING_RECORDED,
                    actor=timeline.account_actor(by.id), at=now,
                    notified=recipient, notified_on=notified_on.isoformat())
    return notification


def record_rapid_review(session: Session, report: Report, *, by: Account,
                        completed_on: date | None, decision: str, now: datetime,
                        today: date) -> Review:
    """The rapid review's completion and what it decided (e.g. whether a local review follows)."""
    require(by, Permission.TRIAGE, report)
    if not report.notifiable:
        raise TransitionRefused("A rapid review is for a notifiable incident")
    if completed_on is None or completed_on > today:
        raise TransitionRefused("Give the date the rapid review was completed, like 2026-12-01: "
                                "today or earlier")
    if not decision.strip():
        raise TransitionRefused("Write what the rapid review decided")
    review = session.scalar(select(Review).where(Review.report_id == report.id,
                                                 Review.kind == ReviewKind.RAPID_REVIEW))
    if review is None:
        review = Review(report=report, kind=ReviewKind.RAPID_REVIEW, created_by=by.id,
                        panel_roles=[], referral={})
        session.add(review)
    review.completed_on = completed_on
    review.decision = decision.strip()[:5000]
    timeline.record(session, report, EventKind.LEARNING_RECORDED,
                    actor=timeline.account_actor(by.id), at=now,
                    rapid_review_on=completed_on.isoformat())
    return review


def business_unit_people(session: Session) -> list[Person]:
    """The people behind active business-unit accounts (matched on work email)."""
    accounts = [a for a in session.scalars(select(Account).where(Account.active))
                if Role.BUSINESS_UNIT in a.roles]
    emails = {a.email.lower() for a in accounts}
    if not emails:
        return []
    return list(session.scalars(select(Person).where(func.lower(Person.email).in_(emails),
                                                     Person.active).order_by(Person.id)))


def schedule_statutory_reminders(session: Session, settings: Settings, *, now: datetime) -> int:
    """Each working day, the business unit hears of every open notifiable report whose
    notification or rapid review is not yet recorded."""
    today = now.astimezone(settings.timezone).date()
    if not is_working_day(today):
        return 0
    people = business_unit_people(session)
    reports = session.scalars(select(Report).where(Report.notifiable, Report.status.in_(OPEN))
                              .order_by(Report.id)).all() if people else []
    rows = []
    for report in reports:
        clocks = statutory_clocks(session, report)
        text = _reminder_text(report, clocks, settings, today)
        if text is None:
            continue
        rows += [delivery_row(
            kind=DeliveryKind.STATUTORY_REMINDER, item=f"report:{report.id}:statutory",
            person=person, occasion=f"day:{today.isoformat()}", settings=settings,
            not_before=datetime.combine(today, time(0), settings.timezone),
            payload=payload_of(TextNotice(text))) for person in people]
    return schedule(session, rows)


def _reminder_text(report: Report, clocks: StatutoryClocks, settings: Settings,
                   today: date) -> str | None:
    waiting = []
    for what, clock in (("the notification to the national panel", clocks.notification),
                        ("the rapid review", clocks.rapid_review)):
        if clock.due is not None and clock.done_on is None:
            when = "was due" if today > clock.due else "is due"
            waiting.append(f"{what} {when} on {clock.due:%A %-d %B}")
    if not waiting:
        return None
    link = f"{settings.base_url.rstrip('/')}/dashboard/reports/{report.reference}"
    return (f"Notifiable incident {report.reference}: {' and '.join(waiting)}, and is not yet "
            f"recorded. {link}")
