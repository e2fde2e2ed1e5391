"""Kirkpatrick level 1 for a course: when the register is marked, each person who attended
is asked, through the outbox and in their own channel, whether it was useful.

`record_course_reaction` is the one place the answer is recorded (`Booking.useful`): the
Slack and Teams buttons (through `answer_course_reaction`) and an email's one-click links
all come here. The question is one outbox row per booking, so marking the register again
asks no one twice; a later answer replaces an earlier one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from learning.messaging import CourseReaction
from learning.nudges.delivery_notices import payload_of
from learning.nudges.nuggets import NotYours
from learning.nudges.outbox import schedule
from learning.nudges.recipients import delivery_row
from learning.settings import Settings
from storage.database import Database
from storage.models.nudges import DeliveryKind
from storage.models.training import Booking, TrainingEvent

CHOICES = (("yes", "Useful"), ("no", "Not useful"))
THANKS = {True: "Thank you: recorded that you found it useful.",
          False: "Thank you: recorded that you did not find it useful."}


def reaction_notice(booking: Booking, event: TrainingEvent) -> CourseReaction:
    answered = THANKS[booking.useful] if booking.useful is not None else None
    return CourseReaction(booking_id=booking.id, title=event.title, answered=answered)


def question_words(notice: CourseReaction) -> str:
    return f"Was “{notice.title}” useful?"


def ask_course_reaction(session: Session, event: TrainingEvent, bookings: Iterable[Booking], *,
                        settings: Settings, now: datetime) -> int:
    """Queue the question to everyone marked as attending; returns how many were new."""
    return schedule(session, [delivery_row(
        kind=DeliveryKind.COURSE_REACTION, item=f"booking:{booking.id}", person=booking.person,
        occasion="reaction", settings=settings, not_before=now,
        payload=payload_of(reaction_notice(booking, event)))
        for booking in bookings if booking.attended and booking.person.active])


def record_course_reaction(session: Session, booking_id: int, answer: str, *, now: datetime,
                           chat_user_id: str | None = None) -> CourseReaction:
    """Record the answer ("yes" or "no"); `chat_user_id` must be the attendee's. The caller
    commits. Refusals: LookupError (no such booking or answer, or not attended), NotYours."""
    if answer not in ("yes", "no"):
        raise LookupError(answer)
    booking = session.scalar(select(Booking).where(Booking.id == booking_id)
                             .options(joinedload(Booking.person), joinedload(Booking.event)))
    if booking is None or not booking.attended:
        raise LookupError(booking_id)
    person = booking.person
    if chat_user_id is not None and chat_user_id not in (person.slack_user_id,
                                                          person.teams_user_id):
        raise NotYours()
    booking.useful, booking.useful_at = answer == "yes", now
    session.flush()
    return reaction_notice(booking, booking.event)


def answer_course_reaction(database: Database, booking_id: int, answer: str, *,
                           now: datetime, chat_user_id: str) -> CourseReaction:
    """A chat button's press, in its own unit of work; refusals as `record_course_reaction`."""
    with database.unit_of_work() as uow:
        notice = record_course_reaction(uow.session, booking_id, answer, now=now,
                                        chat_user_id=chat_user_id)
        uow.commit()
        return notice
