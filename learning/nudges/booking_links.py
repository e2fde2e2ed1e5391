"""A training reminder's Book buttons by email: one-click links (`learning.nudges.one_click`,
purpose "book") naming the session and, as the choice, the person the mail was for. Booking is
`book_and_confirm`, the rule the chat buttons use.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from learning.nudges.training_events import BookingRefused, book_and_confirm
from learning.settings import Settings
from storage.models import Person
from storage.models.training import TrainingEvent

if TYPE_CHECKING:  # one_click imports this module to list the link's purpose
    from learning.nudges.one_click import Link

PURPOSE = "book"


def describe_booking(session: Session, link: Link) -> str | None:
    event, person = session.get(TrainingEvent, link.subject), _person(session, link)
    if event is None or person is None:
        return None
    return f"Book a place on “{event.title}” for {person.name}"


def book_by_link(session: Session, link: Link, now: datetime, settings: Settings) -> str:
    person = _person(session, link)
    if person is None:  # looked up just before, in the same unit of work
        raise LookupError(link.choice)
    try:
        return book_and_confirm(session, link.subject, person.id, settings=settings, now=now)
    except BookingRefused as refused:
        return str(refused)


def _person(session: Session, link: Link) -> Person | None:
    if not (link.choice or "").isdigit():
        return None
    person = session.get(Person, int(link.choice))
    return person if person is not None and person.active else None
