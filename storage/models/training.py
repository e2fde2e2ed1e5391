"""Training: courses with their refresh intervals, people's completions, the partnership's
training calendar (events and bookings) and agencies' training representatives."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base
from storage.models.people import Agency, Person


class Course(Base):
    """A course people must hold, refreshed every so often (Level 3 safeguarding: 3 years)."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    refresh_months: Mapped[int]
    booking_url: Mapped[str | None] = mapped_column(String(500))


class TrainingRecord(Base):
    """A person's latest completion of a course (a later import replaces an earlier one)."""

    __tablename__ = "training_records"
    __table_args__ = (UniqueConstraint("person_id", "course_id",
                                       name="uq_training_records_person_course"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    completed_on: Mapped[date]
    expires_on: Mapped[date] = mapped_column(index=True)

    person: Mapped[Person] = relationship()
    course: Mapped[Course] = relationship()


class TrainingEvent(Base):
    """A multi-agency training session; people booked on it hear about it beforehand."""

    __tablename__ = "training_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    location: Mapped[str] = mapped_column(String(300))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"))
    online_url: Mapped[str | None] = mapped_column(String(500))
    # None: as many as come (an online briefing); otherwise bookings stop at this number.
    places: Mapped[int | None]

    course: Mapped[Course | None] = relationship()


class Booking(Base):
    __tablename__ = "training_bookings"
    __table_args__ = (UniqueConstraint("event_id", "person_id",
                                       name="uq_training_bookings_event_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("training_events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    booked_at: Mapped[datetime | None]
    # None until a lead or training representative marks the register.
    attended: Mapped[bool | None]
    # Kirkpatrick level 1 for a course: did the person who attended find it useful?
    useful: Mapped[bool | None]
    useful_at: Mapped[datetime | None]

    event: Mapped[TrainingEvent] = relationship()
    person: Mapped[Person] = relationship()


class TrainingRepresentative(Base):
    """Who hears an agency's weekly training summary."""

    __tablename__ = "training_representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)

    agency: Mapped[Agency] = relationship()
    person: Mapped[Person] = relationship()
