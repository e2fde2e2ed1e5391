"""A training reminder by email carries a Book link for each session with places, as the chat
reminder has Book buttons: it books once, for the person it was mailed to, and says so after.
Real SMTP server on loopback, the links followed over HTTP."""

from __future__ import annotations

import html
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from learning.nudges.calendar import is_working_day
from learning.nudges.training import schedule_training_reminders
from learning.nudges.training_events import record_completion
from storage.models.training import Booking, Course, TrainingEvent
from tests.mail.conftest import links
from tests.mail.test_email_channel import Clock, outbox, people, press
from tests.training.events import a_course, an_event_at


def next_working_morning(after: datetime) -> datetime:
    day = after.date() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(10), UTC)


def reminded_with_places(database, settings, mail_server, *, places: int | None = 1):
    """An email-only person whose Level 3 expires in ten days, and a session of it with
    places; returns the mail's Book link, the person and the session."""
    now = datetime.now(UTC)
    (person_id,) = people(database, 1, slack=False)
    course_id = a_course(database)
    session_id = an_event_at(database, now + timedelta(days=14), course_id=course_id)
    with database.unit_of_work() as uow:
        # Done 1,086 days ago, on a 36-month course: it expires in about ten days.
        record_completion(uow.session, person_id, uow.session.get(Course, course_id),
                          now.date() - timedelta(days=1086))
        uow.session.get(TrainingEvent, session_id).places = places
        assert schedule_training_reminders(uow.session, settings, now=now) == 1
        uow.commit()
    assert outbox(database, settings, Clock(now)).send_due(
        now=next_working_morning(now)).sent == 1
    (arrived,) = mail_server.arrived
    found = {html.unescape(words): path for words, path in links(arrived.message).items()}
    return found, person_id, session_id


def bookings(database) -> list[tuple[int, int]]:
    with database.unit_of_work() as uow:
        return [(b.event_id, b.person_id) for b in uow.session.scalars(select(Booking))]


def test_a_book_link_books_a_place_once_and_then_says_it_was_used(
        database, settings, mail_server, client):
    found, person_id, session_id = reminded_with_places(database, settings, mail_server)
    [(words, path)] = [(w, p) for w, p in found.items() if w.startswith("Book ")]
    page = html.unescape(client.get(path).get_data(as_text=True))
    assert "Book a place on “Level 3 refresher” for Staff E0" in page
    assert bookings(database) == [], "opening the link booked"

    booked = html.unescape(press(client, path).get_data(as_text=True))
    assert "You are booked on Level 3 refresher" in booked
    assert bookings(database) == [(session_id, person_id)]
    again = press(client, path).get_data(as_text=True)
    assert "This link has already been used" in again
    assert bookings(database) == [(session_id, person_id)]


def test_a_full_session_is_refused_with_what_to_do(database, settings, mail_server, client):
    found, _, session_id = reminded_with_places(database, settings, mail_server, places=1)
    with database.unit_of_work() as uow:
        someone = people(database, 1, slack=True)[0]
        uow.session.add(Booking(event_id=session_id, person_id=someone,
                                booked_at=datetime.now(UTC)))
        uow.commit()
    [path] = [p for w, p in found.items() if w.startswith("Book ")]
    said = press(client, path).get_data(as_text=True)
    assert "is full. Look out for the next date in the training calendar" in said
    assert len(bookings(database)) == 1
