"""Courses, events and bookings for the training tests, made through the leads' own functions."""

from __future__ import annotations

from datetime import datetime

from learning.nudges.training_events import EventTyped, save_event
from storage.models.training import Course, TrainingEvent
from tests.people import an_account, load_account


def a_course(database, name: str = "Level 3 safeguarding", refresh_months: int = 36) -> int:
    with database.unit_of_work() as uow:
        course = Course(name=name, refresh_months=refresh_months)
        uow.session.add(course)
        uow.commit()
        return course.id


def an_event(database, settings, *, now: datetime, course_id: int | None = None,
             starts_on: str = "2026-12-01", starts_at: str = "09:30", places: str = "2",
             title: str = "Neglect: using the graded care profile") -> int:
    lead = an_account(database, f"trainer{title[:3].lower()}{starts_on}@example.org",
                      "learning_lead")
    with database.unit_of_work() as uow:
        return save_event(uow, EventTyped(title=title, course_id=str(course_id or ""),
                                          starts_on=starts_on, starts_at=starts_at,
                                          location="Riverside Civic Centre, room 2",
                                          places=places),
                          by=load_account(uow.session, lead), settings=settings, now=now)


def an_event_at(database, starts_at: datetime, course_id: int | None = None) -> int:
    """An event put straight in the calendar, even in the past (for the register)."""
    with database.unit_of_work() as uow:
        event = TrainingEvent(title="Level 3 refresher", location="Civic Centre",
                              starts_at=starts_at, course_id=course_id)
        uow.session.add(event)
        uow.commit()
        return event.id
