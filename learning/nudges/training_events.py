"""The partnership's training calendar: sessions, places, bookings and the register.

Booking is one rule (`book_place`) whichever way a person books: a chat button, a card, an
email link. Marking someone as attended puts the course into their training record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from urllib.parse import urlparse

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from learning.evaluation.course_reaction import ask_course_reaction
from learning.nudges.calendar import add_months
from learning.reports.access import Permission, acting_account, require, visible_people
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.models import Account, Person
from storage.models.training import Booking, Course, TrainingEvent, TrainingRecord

MOST_PLACES = 1000


class BookingRefused(ValueError):
    """A place that cannot be booked; the message says why, to the person booking."""


class EventRefused(ValueError):
    """An event that cannot be saved as typed: `problems` by field."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class EventTyped:
    """A training event as a lead typed it, kept as text so the form can show it again."""

    title: str = ""
    course_id: str = ""
    starts_on: str = ""  # YYYY-MM-DD
    starts_at: str = ""  # HH:MM, in the partnership's time zone
    location: str = ""
    online_url: str = ""
    places: str = ""


@dataclass(frozen=True)
class EventSummary:
    event: TrainingEvent
    booked: int

    @property
    def places_left(self) -> int | None:
        return None if self.event.places is None else max(self.event.places - self.booked, 0)


def check_event(session: Session, typed: EventTyped, *, settings: Settings,
                now: datetime) -> tuple[dict[str, object], dict[str, str]]:
    """The event's fields, and every problem with what was typed (empty when it can be saved)."""
    problems: dict[str, str] = {}
    if not typed.title.strip():
        problems["title"] = "Enter the event's title, for example Neglect: the graded care profile"
    elif len(typed.title.strip()) > 200:
        problems["title"] = "Shorten the title to 200 characters or fewer"
    course = session.get(Course, int(typed.course_id)) if typed.course_id.isdigit() else None
    if typed.course_id and course is None:
        problems["course_id"] = "Choose a course from the list, or none"
    starts = _moment(typed, settings)
    if starts is None:
        problems["starts_on"] = "Enter the date like 2027-02-09 and the time like 09:30"
    elif starts <= now:
        problems["starts_on"] = "The event's start has passed: enter a date and time to come"
    if not typed.location.strip() and not typed.online_url.strip():
        problems["location"] = "Enter where it is, or an online joining link, or both"
    url = typed.online_url.strip()
    if url and urlparse(url).scheme != "https":
        problems["online_url"] = "Enter the joining link as it starts, with https://"
    places = typed.places.strip()
    if places and (not places.isdigit() or not 1 <= int(places) <= MOST_PLACES):
        problems["places"] = f"Enter the number of places, 1 to {MOST_PLACES}, or leave it empty"
    return ({"title": typed.title.strip(), "course_id": course.id if course else None,
             "starts_at": starts, "location": typed.location.strip()[:300] or "Online",
             "online_url": url[:500] or None, "places": int(places) if places.isdigit() else None},
            problems)


def save_event(uow: UnitOfWork, typed: EventTyped, *, by: Account, settings: Settings,
               now: datetime, event_id: int | None = None) -> int:
    """Add or change an event; raises EventRefused with every problem, LookupError if gone."""
    require(acting_account(uow.session, by), Permission.MANAGE_TRAINING)
    event = uow.session.get(TrainingEvent, event_id) if event_id else TrainingEvent()
    if event is None:
        raise LookupError("That event no longer exists")
    fields, problems = check_event(uow.session, typed, settings=settings, now=now)
    if problems:
        raise EventRefused(problems)
    for name, value in fields.items():
        setattr(event, name, value)
    uow.session.add(event)
    uow.commit()
    return event.id


def typed_from(event: TrainingEvent, settings: Settings) -> EventTyped:
    local = event.starts_at.astimezone(settings.timezone)
    return EventTyped(title=event.title, course_id=str(event.course_id or ""),
                      starts_on=local.date().isoformat(), starts_at=f"{local:%H:%M}",
                      location=event.location, online_url=event.online_url or "",
                      places=str(event.places or ""))


def _moment(typed: EventTyped, settings: Settings) -> datetime | None:
    try:
        day = date.fromisoformat(typed.starts_on.strip())
        clock = datetime.strptime(typed.starts_at.strip(), "%H:%M").time()
    except ValueError:
        return None
    return datetime.combine(day, clock, settings.timezone)


def courses(session: Session) -> list[Course]:
    return list(session.scalars(select(Course).order_by(Course.name)))


def upcoming_events(session: Session, now: datetime, course_id: int | None = None,
                    ) -> list[EventSummary]:
    """Events still to start, soonest first, with how many are booked."""
    booked = (select(Booking.event_id, func.count().label("booked"))
              .group_by(Booking.event_id).subquery())
    query = (select(TrainingEvent, func.coalesce(booked.c.booked, 0))
             .outerjoin(booked, booked.c.event_id == TrainingEvent.id)
             .where(TrainingEvent.starts_at > now).options(selectinload(TrainingEvent.course))
             .order_by(TrainingEvent.starts_at))
    if course_id is not None:
        query = query.where(TrainingEvent.course_id == course_id)
    return [EventSummary(event, count) for event, count in session.execute(query)]


# A reminder offers the next few sessions with places; more would crowd a chat message.
PLACES_OFFERED = 3


def bookable_places(session: Session, course_id: int, now: datetime,
                    settings: Settings) -> tuple[tuple[int, str], ...]:
    """(event id, "Tuesday 9 February, 09:30: Riverside Civic Centre") for the next sessions
    of a course that still have places: what a reminder's Book buttons offer."""
    found = []
    for summary in upcoming_events(session, now, course_id):
        if summary.places_left == 0:
            continue
        starts = summary.event.starts_at.astimezone(settings.timezone)
        found.append((summary.event.id, f"{starts:%a %-d %b, %H:%M}: {summary.event.location}"))
        if len(found) == PLACES_OFFERED:
            break
    return tuple(found)


def book_place(session: Session, event_id: int, person_id: int, now: datetime) -> Booking:
    """Book one place for the person: refused when it has started, is full, or they are on it."""
    # The event's row is locked (PostgreSQL) so two people can't both take the last place.
    event = session.get(TrainingEvent, event_id, with_for_update=True)
    person = session.get(Person, person_id)
    if event is None or person is None or not person.active:
        raise BookingRefused("Sorry, that event is no longer in the training calendar.")
    if event.starts_at <= now:
        raise BookingRefused(f"{event.title} has already started, so it can't be booked. "
                             "Look out for the next date in the training calendar.")
    if session.scalar(select(Booking).where(Booking.event_id == event_id,
                                            Booking.person_id == person_id)):
        raise BookingRefused(f"You are already booked on {event.title}.")
    taken = session.scalar(select(func.count()).where(Booking.event_id == event_id)) or 0
    if event.places is not None and taken >= event.places:
        raise BookingRefused(f"Sorry, {event.title} is full. Look out for the next date in the "
                             "training calendar.")
    booking = Booking(event_id=event_id, person_id=person_id, booked_at=now)
    session.add(booking)
    return booking


def book(uow: UnitOfWork, event_id: int, person_id: int, *, settings: Settings,
         now: datetime) -> str:
    """Book from a chat button or card, in its own unit of work; the confirmation to show."""
    booked = book_and_confirm(uow.session, event_id, person_id, settings=settings, now=now)
    uow.commit()
    return booked


def book_and_confirm(session: Session, event_id: int, person_id: int, *, settings: Settings,
                     now: datetime) -> str:
    """The booking, written but not committed (an email link commits it with its own use);
    the confirmation to show. BookingRefused says why not."""
    try:
        booking = book_place(session, event_id, person_id, now)
        session.flush()
    except IntegrityError:
        # Two presses of one button at once: the unique booking lets only one through.
        session.rollback()
        event = session.get(TrainingEvent, event_id)
        raise BookingRefused(f"You are already booked on {event.title}.") from None
    event = session.get(TrainingEvent, booking.event_id)
    starts = event.starts_at.astimezone(settings.timezone)
    return (f"You are booked on {event.title}, {starts:%A %-d %B at %H:%M}, {event.location}. "
            "We'll remind you the day before.")


def event_with_bookings(uow: UnitOfWork, event_id: int, *, by: Account
                        ) -> tuple[TrainingEvent, list[Booking]] | None:
    """The event and the bookings this account may see (an agency lead: their agency's)."""
    account = acting_account(uow.session, by)
    event = uow.session.get(TrainingEvent, event_id)
    if event is None:
        return None
    bookings = uow.session.scalars(
        select(Booking).join(Person).where(Booking.event_id == event_id, visible_people(account))
        .options(selectinload(Booking.person).selectinload(Person.agency))
        .order_by(Person.name)).all()
    return event, list(bookings)


def mark_attendance(uow: UnitOfWork, event_id: int, attended: set[int], *, by: Account,
                    settings: Settings, now: datetime) -> int:
    """The register for the bookings this account may see: ticked people attended (and the
    course goes into their record, and they are asked whether it was useful), the rest did
    not. Returns how many attended."""
    account = acting_account(uow.session, by)
    require(account, Permission.MARK_ATTENDANCE)
    found = event_with_bookings(uow, event_id, by=account)
    if found is None:
        raise LookupError("That event no longer exists")
    event, bookings = found
    if event.starts_at > now:
        raise BookingRefused("The register opens when the event starts.")
    day = event.starts_at.astimezone(settings.timezone).date()
    course = uow.session.get(Course, event.course_id) if event.course_id else None
    for booking in bookings:
        booking.attended = booking.person_id in attended
        if booking.attended and course is not None:
            record_completion(uow.session, booking.person_id, course, day)
    ask_course_reaction(uow.session, event, bookings, settings=settings, now=now)
    uow.commit()
    return sum(1 for b in bookings if b.attended)


def record_completion(session: Session, person_id: int, course: Course,
                      completed: date) -> str | None:
    """A completion into the training record, expiring after the course's refresh months:
    "added", "updated", or None when the record already holds a later one."""
    record = session.scalar(select(TrainingRecord).where(
        TrainingRecord.person_id == person_id, TrainingRecord.course_id == course.id))
    expires = add_months(completed, course.refresh_months)
    if record is None:
        session.add(TrainingRecord(person_id=person_id, course_id=course.id,
                                   completed_on=completed, expires_on=expires))
        return "added"
    if completed > record.completed_on:
        record.completed_on, record.expires_on = completed, expires
        return "updated"
    return None


def day_before(event: TrainingEvent, settings: Settings) -> datetime:
    """Midnight at the start of the day before the event, where the partnership is."""
    local = event.starts_at.astimezone(settings.timezone).date()
    return datetime.combine(date.fromordinal(local.toordinal() - 1), time(0), settings.timezone)

