"""The clock's part in Kirkpatrick level 3: weeks after learning reached someone, ask them
"have you used it in your practice?".

Learning reaches a person as a nugget's first delivery sent to them, a bulletin mailed to
them, or a course they attended. PULSE_AFTER_WEEKS later a `Pulse` is written, once per
(item, person) (the table's unique constraint, so two clocks or a second run write it once),
and its question is queued through the outbox, which keeps it within the person's working
hours, pause, quiet hours and daily cap. Answers come to `learning.evaluation.pulse_answers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload

from learning.evaluation.pulse_answers import pulse_notice
from learning.nudges.delivery_notices import payload_of
from learning.nudges.outbox import schedule
from learning.nudges.recipients import delivery_row
from learning.settings import Settings
from storage.models import Person
from storage.models.evaluation import Pulse
from storage.models.nudges import (Bulletin, Delivery, DeliveryKind, DeliveryState, Nugget,
                                   NuggetState)
from storage.models.training import Booking, Course, TrainingEvent

# Learning that reached someone longer ago than this before its pulse was due is not asked
# about: a clock down for weeks still catches up, but turning pulses on does not ask
# everyone about years of old learning.
CATCH_UP = timedelta(weeks=4)


@dataclass(frozen=True)
class Received:
    """One piece of learning reaching one person: what a pulse is about."""

    item: str
    column: str  # "nugget_id", "bulletin_id" or "course_id"
    subject_id: int
    person_id: int
    at: datetime


def schedule_pulses(session: Session, settings: Settings, *, now: datetime) -> int:
    """Write the pulses now due and queue their questions; returns how many were queued."""
    today = now.astimezone(settings.timezone).date()
    weeks = timedelta(weeks=settings.pulse_after_weeks)
    latest = datetime.combine(today - weeks + timedelta(days=1), time(0), settings.timezone)
    earliest = latest - CATCH_UP
    found = [*_nuggets(session, earliest, latest), *_bulletins(session, earliest, latest),
             *_courses(session, earliest, latest)]
    _write(session, found, settings, weeks)
    return _ask(session, settings, today, now)


def _write(session: Session, found: list[Received], settings: Settings,
           weeks: timedelta) -> None:
    if not found:
        return
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" \
        else sqlite.insert
    rows = [{"item": r.item, r.column: r.subject_id, "person_id": r.person_id,
             "due_on": r.at.astimezone(settings.timezone).date() + weeks} for r in found]
    for row in rows:
        # Another clock may have written the same pulse a moment ago: then it stays one.
        session.execute(insert(Pulse).values(row).on_conflict_do_nothing(
            index_elements=["item", "person_id"]))


def _ask(session: Session, settings: Settings, today: date, now: datetime) -> int:
    """Queue every pulse that is due and not yet asked; the delivery is unique on the pulse,
    so a second clock asking at the same moment queues nothing more."""
    due = session.scalars(
        select(Pulse).join(Person, Person.id == Pulse.person_id)
        .where(Pulse.asked_at.is_(None), Pulse.due_on <= today, Person.active)
        .options(joinedload(Pulse.person)).order_by(Pulse.id)).all()
    if not due:
        return 0
    start = datetime.combine(today, time(0), settings.timezone)
    titles = _titles(session, due)
    rows = []
    for pulse in due:
        pulse.asked_at = now
        rows.append(delivery_row(
            kind=DeliveryKind.PULSE, item=f"pulse:{pulse.id}", person=pulse.person,
            occasion="asked", settings=settings, not_before=start,
            payload=payload_of(pulse_notice(pulse, titles.get(pulse.item, "")))))
    return schedule(session, rows)


def _titles(session: Session, pulses: list[Pulse]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for model, column, words in ((Nugget, "nugget_id", Nugget.title),
                                 (Bulletin, "bulletin_id", Bulletin.title),
                                 (Course, "course_id", Course.name)):
        ids = {getattr(p, column) for p in pulses if getattr(p, column) is not None}
        if ids:
            prefix = column.removesuffix("_id")
            titles |= {f"{prefix}:{i}": t for i, t in session.execute(
                select(model.id, words).where(model.id.in_(ids)))}
    return titles


def _pulsed(column: str, subject: object, person: object) -> Select:
    return select(Pulse.id).where(getattr(Pulse, column) == subject, Pulse.person_id == person)


def _nuggets(session: Session, earliest: datetime, latest: datetime) -> list[Received]:
    first = func.min(Delivery.sent_at)
    rows = session.execute(
        select(Delivery.nugget_id, Delivery.person_id, first)
        .join(Nugget, Nugget.id == Delivery.nugget_id)
        .where(Delivery.kind == DeliveryKind.NUGGET, Delivery.state == DeliveryState.SENT,
               Delivery.person_id.is_not(None), Nugget.state != NuggetState.WITHDRAWN,
               ~_pulsed("nugget_id", Delivery.nugget_id, Delivery.person_id).exists())
        .group_by(Delivery.nugget_id, Delivery.person_id)
        .having(first >= earliest, first < latest))
    return [Received(f"nugget:{n}", "nugget_id", n, p, at) for n, p, at in rows]


def _bulletins(session: Session, earliest: datetime, latest: datetime) -> list[Received]:
    # A bulletin's delivery names it only in `item` ("bulletin:3").
    rows = session.execute(
        select(Delivery.item, Delivery.person_id, Delivery.sent_at)
        .where(Delivery.kind == DeliveryKind.BULLETIN, Delivery.state == DeliveryState.SENT,
               Delivery.person_id.is_not(None), Delivery.sent_at >= earliest,
               Delivery.sent_at < latest,
               ~select(Pulse.id).where(Pulse.item == Delivery.item,
                                       Pulse.person_id == Delivery.person_id).exists()))
    return [Received(item, "bulletin_id", int(item.partition(":")[2]), person, at)
            for item, person, at in rows if item.partition(":")[2].isdigit()]


def _courses(session: Session, earliest: datetime, latest: datetime) -> list[Received]:
    rows = session.execute(
        select(TrainingEvent.course_id, Booking.person_id, func.min(TrainingEvent.starts_at))
        .join(TrainingEvent, TrainingEvent.id == Booking.event_id)
        .where(Booking.attended.is_(True), TrainingEvent.course_id.is_not(None),
               ~_pulsed("course_id", TrainingEvent.course_id, Booking.person_id).exists())
        .group_by(TrainingEvent.course_id, Booking.person_id)
        .having(func.min(TrainingEvent.starts_at) >= earliest,
                func.min(TrainingEvent.starts_at) < latest))
    return [Received(f"course:{c}", "course_id", c, p, at) for c, p, at in rows]
