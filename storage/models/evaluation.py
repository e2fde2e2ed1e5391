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


class DeliveredCount(Base):
    """Learning sent, by the day it was sent (in the partnership's time zone), its kind and the
    agency of the person it went to then (0: an agency's channel, or a person in no agency).

    `learning.evaluation.kept_counts` keeps it as the outbox marks a delivery sent. Pruning the
    outbox leaves it be: what was sent was still sent.
    """

    __tablename__ = "delivered_counts"

    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    # Not a foreign key, so 0 needs no row and an agency's past survives it.
    agency_id: Mapped[int] = mapped_column(primary_key=True)
    sent: Mapped[int]


class PersonReached(Base):
    """The days a person was sent learning, for "people reached" (different people, so not a
    sum of counts); kept with DeliveredCount, and gone with the person."""

    __tablename__ = "people_reached"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    # Their agency when sent (0: none), as DeliveredCount counts it.
    agency_id: Mapped[int]


class AnswerCount(Base):
    """Answers to a piece of learning's messages (Kirkpatrick levels 1 and 2), by the item as
    the outbox names it ("nugget:12"), the delivery's kind and the person's agency when they
    answered (0: none). Kept by `learning.evaluation.kept_counts` as an answer is recorded;
    pruning the outbox leaves it be."""

    __tablename__ = "answer_counts"

    item: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    agency_id: Mapped[int] = mapped_column(primary_key=True)
    useful: Mapped[int] = mapped_column(default=0)
    not_useful: Mapped[int] = mapped_column(default=0)
    check_right: Mapped[int] = mapped_column(default=0)
    check_wrong: Mapped[int] = mapped_column(default=0)


class ReportCount(Base):
    """Reports made, by the day made (`reports.submitted_on`), kind and channel, under scope 0
    (everyone's view) and under each agency a report involves (that agency's view, and its
    row of "reports by agency"). `learning.evaluation.report_counts` keeps it: intake counts a
    report in, classifying moves it when its kind or agencies change."""

    __tablename__ = "report_counts"
    __table_args__ = (Index("ix_report_counts_scope_day", "scope_agency_id", "day"),)

    day: Mapped[date] = mapped_column(primary_key=True)
    # 0: everyone (not a foreign key, so the sentinel needs no row).
    scope_agency_id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    channel: Mapped[str] = mapped_column(String(40), primary_key=True)
    reports: Mapped[int]
