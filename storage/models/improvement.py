"""The partnership's learning loop: the learning log, action plans, reviews, notifications.

A learning item keeps every edit as a numbered version; an action serves one learning item;
a review is a learning response that is more than a label; a statutory notification is what
meets (or misses) the 5-working-day clock of a notifiable incident.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, _enum, utcnow
from storage.models.people import Agency, Person
from storage.models.reports import Report


class LearningStatus(StrEnum):
    """How far a piece of learning has travelled: from noticed to shown in practice."""

    IDENTIFIED = "identified"
    BEING_DISSEMINATED = "being_disseminated"
    EMBEDDED = "embedded"
    EVIDENCED = "evidenced"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class StuckAnswer(StrEnum):
    """The answer to "has the change stuck?", asked some months after an action is done."""

    STUCK = "stuck"
    NOT_STUCK = "not_stuck"


class ReviewKind(StrEnum):
    PRACTITIONER_HUDDLE = "practitioner_huddle"
    SINGLE_AGENCY_REVIEW = "single_agency_review"
    MULTI_AGENCY_AUDIT = "multi_agency_audit"
    LEARNING_REVIEW = "learning_review"
    RAPID_REVIEW = "rapid_review"
    PRACTICE_REVIEW_GROUP_REFERRAL = "practice_review_group_referral"
    GOOD_PRACTICE_REVIEW = "good_practice_review"


class GroupDecision(StrEnum):
    """What the practice review group decided about a referral."""

    LOCAL_CHILD_SAFEGUARDING_PRACTICE_REVIEW = "local_child_safeguarding_practice_review"
    LEARNING_REVIEW = "learning_review"
    SINGLE_AGENCY_REVIEW = "single_agency_review"
    MULTI_AGENCY_AUDIT = "multi_agency_audit"
    NO_REVIEW = "no_review"


class NotificationRecipient(StrEnum):
    NATIONAL_PANEL = "national_panel"
    OFSTED = "ofsted"


learning_item_reports = Table(
    "learning_item_reports",
    Base.metadata,
    Column("learning_item_id", ForeignKey("learning_items.id", ondelete="CASCADE"),
           primary_key=True),
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

learning_item_reviews = Table(
    "learning_item_reviews",
    Base.metadata,
    Column("learning_item_id", ForeignKey("learning_items.id", ondelete="CASCADE"),
           primary_key=True),
    Column("review_id", ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class LearningItem(Base):
    """One entry of the learning log; `version` counts its edits (each kept in versions)."""

    __tablename__ = "learning_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    what_was_learned: Mapped[str] = mapped_column(Text)
    # Canonical theme names (learning.reports.themes.normalise_theme), as reports keep them.
    themes: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[LearningStatus] = mapped_column(_enum(LearningStatus),
                                                   default=LearningStatus.IDENTIFIED, index=True)
    # The training that carries it (courses, sessions), in the lead's words.
    training: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    reports: Mapped[list[Report]] = relationship(secondary=learning_item_reports,
                                                 order_by="Report.id")
    reviews: Mapped[list[Review]] = relationship(secondary=learning_item_reviews,
                                                 back_populates="learning_items",
                                                 order_by="Review.id")
    versions: Mapped[list[LearningItemVersion]] = relationship(
        back_populates="item", order_by="LearningItemVersion.number.desc()",
        passive_deletes=True)
    actions: Mapped[list[Action]] = relationship(back_populates="learning_item",
                                                 order_by="Action.due_on", passive_deletes=True)


class LearningItemVersion(Base):
    """A learning item as it stood after one edit: the log's history is never overwritten."""

    __tablename__ = "learning_item_versions"
    __table_args__ = (UniqueConstraint("learning_item_id", "number",
                                       name="uq_learning_item_versions_item_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learning_item_id: Mapped[int] = mapped_column(
        ForeignKey("learning_items.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    what_was_learned: Mapped[str] = mapped_column(Text)
    themes: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[LearningStatus] = mapped_column(_enum(LearningStatus))
    training: Mapped[str | None] = mapped_column(Text)
    edited_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[LearningItem] = relationship(back_populates="versions")


class Action(Base):
    """An action-plan item: what will change, who owns it, by when, and whether it stuck."""

    __tablename__ = "actions"
    __table_args__ = (
        # The actions page's order (due first) within its usual filters, read off an index.
        Index("ix_actions_due", "due_on", "id"),
        Index("ix_actions_status_due", "status", "due_on"),
        Index("ix_actions_agency_status_due", "agency_id", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learning_item_id: Mapped[int] = mapped_column(
        ForeignKey("learning_items.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    # The owner by name or role as the plan says it; `owner_id` is who hears the reminders.
    owner_name: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                 index=True)
    due_on: Mapped[date]
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus), default=ActionStatus.OPEN)
    dropped_reason: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[date | None]
    stuck: Mapped[StuckAnswer | None] = mapped_column(_enum(StuckAnswer))
    stuck_note: Mapped[str | None] = mapped_column(Text)
    stuck_answered_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    learning_item: Mapped[LearningItem] = relationship(back_populates="actions")
    agency: Mapped[Agency | None] = relationship()
    owner: Mapped[Person | None] = relationship()


class Review(Base):
    """A learning response beyond the theme log: its terms of reference, meetings, decision.

    A referral to the practice review group also keeps the referral proforma's answers and
    the group's decision.
    """

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[ReviewKind] = mapped_column(_enum(ReviewKind))
    # Terms of reference.
    scope: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(Text)
    panel_roles: Mapped[list[str]] = mapped_column(default=list)
    complete_by: Mapped[date | None]
    decision: Mapped[str | None] = mapped_column(Text)
    rationale: Mapped[str | None] = mapped_column(Text)
    completed_on: Mapped[date | None]
    # The referral proforma, by field name (learning.improvement.reviews.REFERRAL_FIELDS).
    referral: Mapped[dict[str, Any]] = mapped_column(default=dict)
    group_decision: Mapped[GroupDecision | None] = mapped_column(_enum(GroupDecision))
    group_rationale: Mapped[str | None] = mapped_column(Text)
    group_decided_on: Mapped[date | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship()
    meetings: Mapped[list[ReviewMeeting]] = relationship(
        back_populates="review", order_by="ReviewMeeting.held_on", passive_deletes=True)
    learning_items: Mapped[list[LearningItem]] = relationship(
        secondary=learning_item_reviews, back_populates="reviews")


class ReviewMeeting(Base):
    __tablename__ = "review_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"),
                                           index=True)
    held_on: Mapped[date]
    # Who came, by role, and what was agreed: never names of the child or family.
    notes: Mapped[str] = mapped_column(Text)

    review: Mapped[Review] = relationship(back_populates="meetings")


class StatutoryNotification(Base):
    """A notification of a notifiable incident: to whom, when it was made, by whom."""

    __tablename__ = "statutory_notifications"
    __table_args__ = (UniqueConstraint("report_id", "recipient",
                                       name="uq_statutory_notifications_report_recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    recipient: Mapped[NotificationRecipient] = mapped_column(_enum(NotificationRecipient))
    notified_on: Mapped[date]
    # Who made it, by role and organisation ("LA designated officer, Riverside CSC").
    made_by: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

