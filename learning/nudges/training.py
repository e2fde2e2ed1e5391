"""Training: courses with refresh intervals, people's completions, and reminders before expiry.

Reminders go 60, 30 and 7 days before a course expires and once when it is overdue. Each
is keyed on the expiry date and the stage, so a missed day sends the stage now due (once),
and a new completion starts the stages again.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from learning.nudges.calendar import working_days_after
from learning.messaging import Digest, DigestSection, TrainingReminder
from learning.nudges.delivery_notices import payload_of
from learning.nudges.outbox import schedule
from learning.nudges.recipients import delivery_row
from learning.nudges.training_events import bookable_places, record_completion
from learning.one_by_one import each
from learning.settings import Settings
from storage.models import Person
from storage.models.nudges import DeliveryKind
from storage.models.training import (Booking, Course, TrainingEvent, TrainingRecord,
                                     TrainingRepresentative)

REMINDER_DAYS = (60, 30, 7)
EVENT_REMINDER_DAYS = (7, 1)
SUMMARY_HORIZON_DAYS = 60


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    # One line per row that was not imported, by row number: what to fix.
    problems: list[str] = field(default_factory=list)


def import_training_csv(session: Session, text: str) -> ImportResult:
    """Rows of `email,course,completed_on` (YYYY-MM-DD or DD/MM/YYYY); a header row is needed.
    A later completion replaces an earlier one; an earlier one never replaces a later."""
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"email", "course", "completed_on"} - set(reader.fieldnames or [])
    if missing:
        result.problems.append("The first row must name the columns; missing: "
                               + ", ".join(sorted(missing)))
        return result
    courses = {c.name.lower(): c for c in session.scalars(select(Course))}
    for number, row in enumerate(reader, start=2):
        email = (row["email"] or "").strip().lower()
        person = session.scalar(select(Person).where(func.lower(Person.email) == email))
        course = courses.get((row["course"] or "").strip().lower())
        completed = _date((row["completed_on"] or "").strip())
        if person is None:
            result.problems.append(f"Row {number}: no one with that email is known to LearnLoop")
        elif course is None:
            result.problems.append(
                f"Row {number}: no course called {row['course']!r}; add it first")
        elif completed is None:
            result.problems.append(f"Row {number}: completed_on must be a date like 2026-03-31")
        else:
            _record(session, person, course, completed, result)
    return result


def _record(session: Session, person: Person, course: Course, completed: date,
            result: ImportResult) -> None:
    change = record_completion(session, person.id, course, completed)
    if change == "added":
        result.added += 1
    elif change == "updated":
        result.updated += 1


def _date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def reminder_stage(expires_on: date, today: date) -> str | None:
    """"expires-in:30" when 30 (or fewer, down to the next stage) days are left; "overdue"."""
    left = (expires_on - today).days
    if left < 0:
        return "overdue"
    due = [days for days in REMINDER_DAYS if left <= days]
    return f"expires-in:{min(due)}" if due else None


def schedule_training_reminders(session: Session, settings: Settings, *, now: datetime) -> int:
    today = now.astimezone(settings.timezone).date()
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    records = session.scalars(select(TrainingRecord).where(TrainingRecord.expires_on <= horizon)
                              .options(selectinload(TrainingRecord.person),
                                       selectinload(TrainingRecord.course))).all()

    places: dict[int, tuple[tuple[int, str], ...]] = {}

    def remind(record: TrainingRecord) -> int:
        stage = reminder_stage(record.expires_on, today)
        if stage is None or not record.person.active:
            return 0
        if record.course_id not in places:
            places[record.course_id] = bookable_places(session, record.course_id, now, settings)
        reminder = replace(_reminder(record, today), places=places[record.course_id])
        return schedule(session, [delivery_row(
            kind=DeliveryKind.TRAINING_REMINDER, item=f"course:{record.course_id}",
            person=record.person, occasion=f"{stage}:{record.expires_on.isoformat()}",
            not_before=now, settings=settings, payload=payload_of(reminder))])

    added = each(session, records, remind, what="training record")
    return added + _schedule_event_reminders(session, settings, now)


def _reminder(record: TrainingRecord, today: date) -> TrainingReminder:
    course, left = record.course, (record.expires_on - today).days
    link = course.booking_url or ""
    when = f"{record.expires_on:%-d %B %Y}"
    if left < 0:
        return TrainingReminder(f"{course.name}: overdue",
                                f"Your {course.name} expired on {when}. Please book a place now.",
                                link, overdue=True)
    return TrainingReminder(f"{course.name}: due in {left} days",
                            f"Your {course.name} expires on {when}. Book a refresher before then.",
                            link)


def _schedule_event_reminders(session: Session, settings: Settings, now: datetime) -> int:
    today = now.astimezone(settings.timezone).date()
    bookings = session.scalars(select(Booking).join(TrainingEvent).where(
        TrainingEvent.starts_at > now,
        TrainingEvent.starts_at <= now + timedelta(days=max(EVENT_REMINDER_DAYS) + 1))
        .options(selectinload(Booking.event), selectinload(Booking.person))).all()

    def remind(booking: Booking) -> int:
        event = booking.event
        stage = event_reminder_stage(event.starts_at.astimezone(settings.timezone).date(), today)
        if stage is None or not booking.person.active:
            return 0
        return schedule(session, [delivery_row(
            kind=DeliveryKind.TRAINING_EVENT, item=f"event:{event.id}", person=booking.person,
            occasion=stage, not_before=now, settings=settings,
            payload=payload_of(event_reminder(event, settings)))])

    return each(session, bookings, remind, what="booking")


def event_reminder_stage(event_day: date, today: date) -> str | None:
    """"day-before" from the last working day before the event (so a Monday session is
    remembered on Friday), "week-before" within seven days; None further off."""
    if event_day < today:
        return None
    if working_days_after(today, 1) >= event_day:
        return "day-before"
    if (event_day - today).days <= max(EVENT_REMINDER_DAYS):
        return "week-before"
    return None


def event_reminder(event: TrainingEvent, settings: Settings) -> TrainingReminder:
    starts = event.starts_at.astimezone(settings.timezone)
    joining = f" Join online: {event.online_url}" if event.online_url else ""
    return TrainingReminder(f"Coming up: {event.title}",
                            f"You are booked on {event.title}, {starts:%A %-d %B at %H:%M}, "
                            f"at {event.location}.{joining}",
                            event.online_url or f"{settings.base_url.rstrip('/')}/learning")


def training_summary(session: Session, agency_id: int, today: date) -> tuple[list[str], list[str]]:
    """(due soon, overdue) lines for one agency: person, course and date."""
    records = session.scalars(select(TrainingRecord).join(Person).where(
        Person.agency_id == agency_id, Person.active,
        TrainingRecord.expires_on <= today + timedelta(days=SUMMARY_HORIZON_DAYS))
        .options(selectinload(TrainingRecord.person), selectinload(TrainingRecord.course))
        .order_by(TrainingRecord.expires_on)).all()
    line = "{r.person.name}: {r.course.name}, {r.expires_on:%-d %b %Y}".format
    return ([line(r=r) for r in records if r.expires_on >= today],
            [line(r=r) for r in records if r.expires_on < today])


def schedule_training_summaries(session: Session, settings: Settings, *, now: datetime) -> int:
    today = now.astimezone(settings.timezone).date()
    week = today.isocalendar()
    representatives = session.scalars(select(TrainingRepresentative).options(
        selectinload(TrainingRepresentative.person),
        selectinload(TrainingRepresentative.agency))).all()

    def summarise(rep: TrainingRepresentative) -> int:
        due, overdue = training_summary(session, rep.agency_id, today)
        digest = Digest(f"Training this week: {rep.agency.name}",
                        (DigestSection(f"Overdue ({len(overdue)})", tuple(overdue)),
                         DigestSection(f"Due in the next {SUMMARY_HORIZON_DAYS} days ({len(due)})",
                                       tuple(due))),
                        f"{settings.base_url.rstrip('/')}/dashboard/learning")
        return schedule(session, [delivery_row(
            kind=DeliveryKind.TRAINING_SUMMARY, item=f"training-summary:{rep.agency_id}",
            person=rep.person, occasion=f"week:{week.year}-W{week.week:02d}",
            not_before=datetime.combine(today, time(0), settings.timezone), settings=settings,
            payload=payload_of(digest))])

    return each(session, representatives, summarise, what="training representative")


def training_due(session: Session, person_id: int, today: date) -> list[TrainingRecord]:
    """A person's courses that are overdue or will need refreshing within the first reminder."""
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    return list(session.scalars(
        select(TrainingRecord).where(TrainingRecord.person_id == person_id,
                                     TrainingRecord.expires_on <= horizon)
        .options(selectinload(TrainingRecord.course)).order_by(TrainingRecord.expires_on)))
