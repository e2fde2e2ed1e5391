"""Evaluation: what people say some time after learning reached them.

A pulse is Kirkpatrick's level 3 (behaviour): weeks after a nugget, a bulletin or a course,
"have you used this in your practice?". A reporter's answer to "would you report something like
this again?" is asked once the loop is closed; it hangs off the report, never off a person, so
an anonymous reporter stays anonymous.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, _enum
from storage.models.people import Person


class PulseAnswer(StrEnum):
    YES = "yes"
    NOT_YET = "not_yet"
    NOT_RELEVANT = "not_relevant"


class ReportAgain(StrEnum):
    YES = "yes"
    NOT_SURE = "not_sure"
    NO = "no"


class Pulse(Base):
    """One person's "have you used this in your practice?" about one piece of learning.

    Exactly one of nugget_id, bulletin_id and course_id is set; `item` names it the way the
    outbox does ("nugget:12", "bulletin:3", "course:4") so the pulse's delivery is unique.
    """

    __tablename__ = "pulses"
    __table_args__ = (
        UniqueConstraint("item", "person_id", name="uq_pulses_item_person"),
        Index("ix_pulses_due", "asked_at", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(80))
    nugget_id: Mapped[int | None] = mapped_column(
        ForeignKey("nuggets.id", ondelete="CASCADE"), index=True)
    bulletin_id: Mapped[int | None] = mapped_column(
        ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int | None] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # The day it may be asked: some weeks after the learning reached the person.
    due_on: Mapped[date]
    # When its delivery was written to the outbox; None until then.
    asked_at: Mapped[datetime | None]
    answer: Mapped[PulseAnswer | None] = mapped_column(_enum(PulseAnswer))
    answered_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship()


class ReporterFeedback(Base):
    """A reporter's view of the loop, asked after "you said, we did": would they report again?"""

    __tablename__ = "reporter_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), unique=True)
    would_report_again: Mapped[ReportAgain] = mapped_column(_enum(ReportAgain))
    answered_at: Mapped[datetime] = mapped_column(index=True)
