"""The training calendar's rules at the service: booking (full, twice, too late), the
register feeding the training record, the day-before reminder and agency compliance."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from learning.nudges.outbox import Outbox
from learning.nudges.training import schedule_training_reminders
from learning.nudges.training_compliance import compliance
from learning.nudges.training_events import (
    BookingRefused,
    EventRefused,
    EventTyped,
    book,
    book_place,
    mark_attendance,
    save_event,
)
from storage.models import Person
from storage.models.nudges import Delivery, DeliveryKind
from storage.models.training import Booking, TrainingRecord
from storage.vocabulary import Platform
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.platform import HttpMessenger
from tests.jobs.people import a_person
from tests.people import an_account, an_agency, load_account
from tests.training.events import a_course, an_event

def test_booking_takes_a_place_and_says_when(database, settings):
    event = an_event(database, settings, now=TUESDAY_10AM)
    priya = a_person(database)
    with database.unit_of_work() as uow:
        said = book(uow, event, priya, settings=settings, now=TUESDAY_10AM)
    assert said == ("You are booked on Neglect: using the graded care profile, Tuesday "
                    "1 December at 09:30, Riverside Civic Centre, room 2. We'll remind you the "
                    "day before.")


def test_a_second_booking_by_the_same_person_is_refused(database, settings):
    event, priya = an_event(database, settings, now=TUESDAY_10AM), a_person(database)
    with database.unit_of_work() as uow:
        book(uow, event, priya, settings=settings, now=TUESDAY_10AM)
    with database.unit_of_work() as uow, pytest.raises(BookingRefused, match="already booked"):
        book_place(uow.session, event, priya, TUESDAY_10AM)


def test_a_full_event_refuses_the_next_booking(database, settings):
    event = an_event(database, settings, now=TUESDAY_10AM, places="2")
    people = [a_person(database, name) for name in ("Priya Shah", "Tom Okafor", "Ann Lee")]
    for person in people[:2]:
        with database.unit_of_work() as uow:
            book(uow, event, person, settings=settings, now=TUESDAY_10AM)
    with database.unit_of_work() as uow, pytest.raises(BookingRefused, match="is full"):
        book_place(uow.session, event, people[2], TUESDAY_10AM)
    with database.unit_of_work() as uow:
        assert len(uow.session.scalars(select(Booking)).all()) == 2


def test_an_event_that_has_started_cannot_be_booked(database, settings):
    event = an_event(database, settings, now=TUESDAY_10AM)
    later = TUESDAY_10AM + timedelta(days=7)
    with database.unit_of_work() as uow, pytest.raises(BookingRefused, match="already started"):
        book_place(uow.session, event, a_person(database), later)


def test_an_event_in_the_past_or_without_a_place_is_refused_with_every_problem(database, settings):
    lead = an_account(database, "lead@example.org", "learning_lead")
    typed = EventTyped(title="", starts_on="2026-11-01", starts_at="09:30",
                       online_url="http://teams.example/join", places="0")
    with database.unit_of_work() as uow, pytest.raises(EventRefused) as caught:
        save_event(uow, typed, by=load_account(uow.session, lead), settings=settings,
                   now=TUESDAY_10AM)
    assert set(caught.value.problems) == {"title", "starts_on", "online_url", "places"}


def test_attendance_puts_the_course_in_the_training_record(database, settings):
    course = a_course(database, refresh_months=36)
    event = an_event(database, settings, now=TUESDAY_10AM, course_id=course)
    came, missed = a_person(database, "Priya Shah"), a_person(database, "Tom Okafor")
    for person in (came, missed):
        with database.unit_of_work() as uow:
            book(uow, event, person, settings=settings, now=TUESDAY_10AM)
    lead = an_account(database, "lead@example.org", "learning_lead")
    with database.unit_of_work() as uow:
        marked = mark_attendance(uow, event, {came}, by=load_account(uow.session, lead),
                                 settings=settings, now=TUESDAY_10AM + timedelta(days=7))
    assert marked == 1
    with database.unit_of_work() as uow:
        [record] = uow.session.scalars(select(TrainingRecord)).all()
        assert (record.person_id, record.completed_on, record.expires_on) == (
            came, date(2026, 12, 1), date(2029, 12, 1))
        attended = {b.person_id: b.attended for b in uow.session.scalars(select(Booking))}
    assert attended == {came: True, missed: False}


def test_the_register_does_not_open_before_the_event(database, settings):
    event = an_event(database, settings, now=TUESDAY_10AM)
    lead = an_account(database, "lead@example.org", "learning_lead")
    with database.unit_of_work() as uow, pytest.raises(BookingRefused, match="register opens"):
        mark_attendance(uow, event, set(), by=load_account(uow.session, lead),
                        settings=settings, now=TUESDAY_10AM)


def reminders_on(database, settings, now: datetime) -> list[str]:
    with database.unit_of_work() as uow:
        schedule_training_reminders(uow.session, settings, now=now)
        uow.commit()
    with database.unit_of_work() as uow:
        return [d.occasion for d in uow.session.scalars(select(Delivery).where(
            Delivery.kind == DeliveryKind.TRAINING_EVENT).order_by(Delivery.id))]


def test_a_booked_person_is_reminded_the_working_day_before(database, settings):
    # Monday 7 December: the day-before reminder comes on Friday 4th, not on the Sunday.
    event = an_event(database, settings, now=TUESDAY_10AM, starts_on="2026-12-07")
    with database.unit_of_work() as uow:
        book(uow, event, a_person(database), settings=settings, now=TUESDAY_10AM)
    assert reminders_on(database, settings, TUESDAY_10AM) == []
    assert reminders_on(database, settings, datetime(2026, 12, 1, 6, 30).astimezone()) == [
        "week-before"]
    assert reminders_on(database, settings, datetime(2026, 12, 3, 6, 30).astimezone()) == [
        "week-before"]
    assert reminders_on(database, settings, datetime(2026, 12, 4, 6, 30).astimezone()) == [
        "week-before", "day-before"]
    assert reminders_on(database, settings, datetime(2026, 12, 5, 6, 30).astimezone()) == [
        "week-before", "day-before"], "each reminder goes once"


def test_a_course_reminder_offers_the_next_sessions_with_places(database, settings, platform):
    course = a_course(database)
    full = an_event(database, settings, now=TUESDAY_10AM, course_id=course, places="1",
                    starts_on="2026-12-08")
    open_one = an_event(database, settings, now=TUESDAY_10AM, course_id=course,
                        starts_on="2026-12-15")
    priya = a_person(database)
    with database.unit_of_work() as uow:
        book(uow, full, a_person(database, "Tom Okafor"), settings=settings, now=TUESDAY_10AM)
        uow.session.add(TrainingRecord(person_id=priya, course_id=course,
                                       completed_on=date(2023, 12, 20),
                                       expires_on=date(2026, 12, 20)))
        uow.commit()
    reminders_on(database, settings, TUESDAY_10AM)
    Outbox(database, {Platform.SLACK: HttpMessenger(platform.url)}, settings,
           clock=lambda: TUESDAY_10AM).send_due()
    [sent] = [body["notice"] for body in platform.bodies if body["conversation"] == "UPRIYASHA"]
    assert [event for event, _ in sent["places"]] == [open_one]
    assert sent["places"][0][1] == "Tue 15 Dec, 09:30: Riverside Civic Centre, room 2"


def test_an_agency_lead_sees_their_own_agencys_compliance_only(database, settings):
    police, school = an_agency(database, "Riverside Police"), an_agency(database, "Meadowbank")
    course = a_course(database)
    today = date(2026, 11, 24)
    expiries = {"In Date": date(2028, 1, 1), "Due Soon": date(2026, 12, 20),
                "Over Due": date(2026, 11, 1), "No Record": None}
    for name, expires in expiries.items():
        person = a_person(database, name, agency_id=police)
        if expires:
            with database.unit_of_work() as uow:
                uow.session.add(TrainingRecord(person_id=person, course_id=course,
                                               completed_on=date(2023, 1, 1), expires_on=expires))
                uow.commit()
    a_person(database, "Sam School", agency_id=school)
    lead = an_account(database, "police.lead@example.org", "agency_lead", "Riverside Police")
    whole = an_account(database, "lead@example.org", "learning_lead")
    with database.unit_of_work() as uow:
        [mine] = compliance(uow, by=load_account(uow.session, lead), today=today)
        every = compliance(uow, by=load_account(uow.session, whole), today=today)
    assert (mine.agency, mine.people, mine.in_date, mine.due, mine.overdue, mine.no_record,
            mine.percentage) == ("Riverside Police", 4, 1, 1, 1, 1, 50)
    assert [(row.agency, row.people) for row in every] == [("Meadowbank", 1),
                                                           ("Riverside Police", 4)]
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Person).where(Person.name == "Sam School"))
