"""Pulses (Kirkpatrick level 3): weeks after a nugget, a bulletin or a course reached someone,
the clock asks them once, through the outbox, "have you used it in your practice?"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from jobs import tasks
from learning.evaluation.pulse_answers import record_pulse_answer
from learning.messaging import PulseQuestion
from learning.nudges.nuggets import NotYours, schedule_due_nuggets
from learning.nudges.outbox import Outbox, schedule
from storage.models import Person
from storage.models.evaluation import Pulse, PulseAnswer
from storage.models.nudges import (Bulletin, Delivery, DeliveryKind, DeliveryState,
                                   Preference)
from storage.models.training import Booking, Course, TrainingEvent
from storage.vocabulary import Platform
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget, a_person

SIX_WEEKS_ON = TUESDAY_10AM + timedelta(weeks=6)


class Chat:
    """A chat platform as the outbox meets it: it keeps what it was sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[dict, object]] = []

    def send(self, address, notice) -> str:
        self.sent.append((address, notice))
        return f"ts-{len(self.sent)}"

    def update(self, address, message_id, notice) -> None:
        raise AssertionError("not updated in these tests")


def the_clock(database, settings, now: datetime) -> None:
    """The clock's own job, as the scheduler runs it."""
    tasks.JOBS["ask_pulses"](tasks.job_context(settings, database, {}), now)


def send(database, settings, chat: Chat, now: datetime):
    return Outbox(database, {Platform.SLACK: chat}, settings).send_due(now=now)


def a_nugget_sent(database, settings, chat: Chat) -> int:
    a_nugget(database, send_at=TUESDAY_10AM)
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    assert send(database, settings, chat, TUESDAY_10AM).sent == 1
    return 1


def pulses(database) -> list[Pulse]:
    with database.unit_of_work() as uow:
        return list(uow.session.scalars(select(Pulse).order_by(Pulse.id)))


def pulse_deliveries(database) -> list[Delivery]:
    with database.unit_of_work() as uow:
        return list(uow.session.scalars(select(Delivery).where(
            Delivery.kind == DeliveryKind.PULSE).order_by(Delivery.id)))


def test_a_pulse_is_asked_six_weeks_after_a_nugget_reached_someone_and_only_once(
        database, settings):
    person = a_person(database, "Priya Shah")
    chat = Chat()
    nugget = a_nugget_sent(database, settings, chat)

    the_clock(database, settings, SIX_WEEKS_ON - timedelta(days=1))
    assert pulses(database) == []
    for _ in range(2):  # a second run, or a second clock, asks nothing more
        the_clock(database, settings, SIX_WEEKS_ON)
    [pulse] = pulses(database)
    assert (pulse.item, pulse.nugget_id, pulse.person_id) == (f"nugget:{nugget}", nugget, person)
    assert pulse.due_on == date(2027, 1, 5) and pulse.asked_at is not None
    [asked] = pulse_deliveries(database)
    assert asked.person_id == person and asked.state is DeliveryState.PENDING

    assert send(database, settings, chat, SIX_WEEKS_ON).sent == 1
    _, notice = chat.sent[-1]
    assert isinstance(notice, PulseQuestion) and notice.pulse_id == pulse.id
    assert notice.title == "Bruising in babies who are not yet mobile"
    assert notice.what == "learning nugget" and notice.answered is None


def test_a_paused_person_is_not_pulsed_until_after_their_pause(database, settings):
    person = a_person(database, "Priya Shah")
    chat = Chat()
    a_nugget_sent(database, settings, chat)
    with database.unit_of_work() as uow:
        uow.session.add(Preference(person_id=person, paused_until=date(2027, 1, 15)))
        uow.commit()

    the_clock(database, settings, SIX_WEEKS_ON)
    assert send(database, settings, chat, SIX_WEEKS_ON).deferred == 1
    [waiting] = pulse_deliveries(database)
    assert waiting.state is DeliveryState.PENDING
    # The Monday after the pause, at the start of the working day.
    assert waiting.not_before.astimezone(settings.timezone) == datetime(
        2027, 1, 18, 9, 0, tzinfo=settings.timezone)
    assert send(database, settings, chat, waiting.not_before - timedelta(minutes=1)).sent == 0
    assert send(database, settings, chat, waiting.not_before).sent == 1
    assert isinstance(chat.sent[-1][1], PulseQuestion)


def test_a_bulletin_mailed_to_someone_and_a_course_they_attended_are_pulsed(database, settings):
    person = a_person(database, "Priya Shah", slack_user_id=None)
    with database.unit_of_work() as uow:
        bulletin = Bulletin(period_start=date(2026, 10, 1), period_end=date(2026, 10, 31),
                            title="October's learning")
        course = Course(name="Level 3 safeguarding", refresh_months=36)
        uow.session.add_all([bulletin, course])
        uow.session.flush()
        event = TrainingEvent(title="Level 3, Riverside", starts_at=TUESDAY_10AM,
                              location="Civic Centre", course_id=course.id)
        uow.session.add(event)
        uow.session.flush()
        uow.session.add_all([Booking(event_id=event.id, person_id=person, attended=True),
                             Booking(event_id=event.id, person_id=a_second_person(uow.session),
                                     attended=False)])
        schedule(uow.session, [{
            "kind": DeliveryKind.BULLETIN, "item": f"bulletin:{bulletin.id}",
            "recipient": f"person:{person}", "occasion": "sent", "person_id": person,
            "platform": Platform.EMAIL, "address": {"email": "priya@example.org"},
            "not_before": TUESDAY_10AM, "state": DeliveryState.SENT, "sent_at": TUESDAY_10AM}])
        uow.commit()

    the_clock(database, settings, SIX_WEEKS_ON)
    found = {(p.item, p.person_id) for p in pulses(database)}
    assert found == {(f"bulletin:{bulletin.id}", person), (f"course:{course.id}", person)}
    assert len(pulse_deliveries(database)) == 2


def a_second_person(session) -> int:
    someone = Person(name="Did Not Come", email="absent@example.org")
    session.add(someone)
    session.flush()
    return someone.id


def test_learning_from_long_ago_is_not_asked_about_when_pulses_start(database, settings):
    a_person(database, "Priya Shah")
    a_nugget_sent(database, settings, Chat())
    the_clock(database, settings, SIX_WEEKS_ON + timedelta(weeks=5))
    assert pulses(database) == []


def test_pulse_after_weeks_sets_how_long_after(database, settings):
    a_person(database, "Priya Shah")
    a_nugget_sent(database, settings, Chat())
    sooner = replace(settings, pulse_after_weeks=2)
    the_clock(database, sooner, TUESDAY_10AM + timedelta(weeks=2) - timedelta(days=1))
    assert pulses(database) == []
    the_clock(database, sooner, TUESDAY_10AM + timedelta(weeks=2))
    assert len(pulses(database)) == 1


def test_an_answer_is_recorded_for_the_person_asked_only_and_can_be_changed(database, settings):
    a_person(database, "Priya Shah")
    a_nugget_sent(database, settings, Chat())
    the_clock(database, settings, SIX_WEEKS_ON)
    [pulse] = pulses(database)
    with database.unit_of_work() as uow:
        with pytest.raises(NotYours):
            record_pulse_answer(uow.session, pulse.id, "yes", now=SIX_WEEKS_ON,
                                chat_user_id="U0STRANGER")
        with pytest.raises(LookupError):
            record_pulse_answer(uow.session, pulse.id, "maybe", now=SIX_WEEKS_ON)
        record_pulse_answer(uow.session, pulse.id, "not_yet", now=SIX_WEEKS_ON,
                            chat_user_id="UPRIYASHA")
        notice = record_pulse_answer(uow.session, pulse.id, "yes", now=SIX_WEEKS_ON,
                                     chat_user_id="UPRIYASHA")
        uow.commit()
    assert notice.answered == "Thank you: recorded that you have used it in your practice."
    [answered] = pulses(database)
    assert answered.answer is PulseAnswer.YES and answered.answered_at is not None
