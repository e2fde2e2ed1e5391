"""Kirkpatrick level 1 for a course: marking the register asks each person who came, once,
through the outbox, whether it was useful; the answer is the booking's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from learning.evaluation.course_reaction import record_course_reaction
from learning.messaging import CourseReaction
from learning.nudges.nuggets import NotYours
from learning.nudges.training_events import book, mark_attendance
from storage.models.nudges import Delivery, DeliveryKind
from storage.models.training import Booking
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_person
from tests.people import an_account, load_account
from tests.training.events import an_event

AFTER = TUESDAY_10AM + timedelta(days=7)


def a_marked_register(database, settings, *, came: list[int], booked: list[int]) -> int:
    event = an_event(database, settings, now=TUESDAY_10AM)
    for person in booked:
        with database.unit_of_work() as uow:
            book(uow, event, person, settings=settings, now=TUESDAY_10AM)
    lead = an_account(database, "lead@example.org", "learning_lead")
    for _ in range(2):  # marked twice (a correction): still asked once
        with database.unit_of_work() as uow:
            mark_attendance(uow, event, set(came), by=load_account(uow.session, lead),
                            settings=settings, now=AFTER)
    return event


def reactions(database) -> list[Delivery]:
    with database.unit_of_work() as uow:
        return list(uow.session.scalars(select(Delivery).where(
            Delivery.kind == DeliveryKind.COURSE_REACTION)))


def booking_of(database, person: int) -> Booking:
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(Booking).where(Booking.person_id == person))


def test_marking_the_register_asks_each_attendee_once_whether_it_was_useful(database,
                                                                            settings):
    came, missed = a_person(database, "Priya Shah"), a_person(database, "Tom Okafor")
    a_marked_register(database, settings, came=[came], booked=[came, missed])
    [asked] = reactions(database)
    assert asked.person_id == came and asked.not_before == AFTER
    assert asked.payload["type"] == "CourseReaction"
    assert asked.payload["title"] == "Neglect: using the graded care profile"
    assert asked.payload["booking_id"] == booking_of(database, came).id


def test_the_answer_is_the_attendees_own_and_sets_the_booking(database, settings):
    came, missed = a_person(database, "Priya Shah"), a_person(database, "Tom Okafor")
    a_marked_register(database, settings, came=[came], booked=[came, missed])
    booking, absent = booking_of(database, came), booking_of(database, missed)
    with database.unit_of_work() as uow:
        with pytest.raises(NotYours):
            record_course_reaction(uow.session, booking.id, "yes", now=AFTER,
                                   chat_user_id="UTOMOKAFOR")
        with pytest.raises(LookupError):  # not there: nothing to react to
            record_course_reaction(uow.session, absent.id, "yes", now=AFTER)
        notice = record_course_reaction(uow.session, booking.id, "no", now=AFTER,
                                        chat_user_id="UPRIYASHA")
        uow.commit()
    assert notice == CourseReaction(booking.id, "Neglect: using the graded care profile",
                                    "Thank you: recorded that you did not find it useful.")
    answered = booking_of(database, came)
    assert answered.useful is False and answered.useful_at == AFTER
    assert booking_of(database, missed).useful is None
