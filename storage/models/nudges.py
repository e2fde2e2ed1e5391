"""Tables for pushing learning back: nuggets, training, and the delivery outbox."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, _enum, utcnow
from storage.models.people import Agency, Person
from storage.vocabulary import Platform


class DeliveryKind(StrEnum):
    NUGGET = "nugget"
    NUGGET_RECHECK = "nugget_recheck"
    TRAINING_REMINDER = "training_reminder"
    TRAINING_EVENT = "training_event"
    TRAINING_SUMMARY = "training_summary"
    DIGEST = "digest"
    BULLETIN = "bulletin"
    SERVICE_REMINDER = "service_reminder"
    SIGNAL = "signal"
    # To a reporter on the chat platform they used: a receipt, a message, the outcome.
    REPORT_RECEIPT = "report_receipt"
    REPORTER_MESSAGE = "reporter_message"
    OUTCOME = "outcome"
    ACTION_REMINDER = "action_reminder"
    ACTION_ESCALATION = "action_escalation"
    ACTION_STUCK_CHECK = "action_stuck_check"
    STATUTORY_REMINDER = "statutory_reminder"
    # Kirkpatrick level 3, weeks after learning arrived: "have you used this in your practice?"
    PULSE = "pulse"
    # Kirkpatrick level 1 for a course, once the register is marked: "was it useful?"
    COURSE_REACTION = "course_reaction"


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # Not sent on purpose: no chat address, or the platform is not configured here.
    SKIPPED = "skipped"


class NuggetState(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENT = "sent"
    WITHDRAWN = "withdrawn"


class Nugget(Base):
    """A learning nugget in the 7-minute-briefing shape: who it is for, when, and an optional
    check. Each part is Markdown, rendered for every channel by learning.nudges.briefing."""

    __tablename__ = "nuggets"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    what_happened: Mapped[str] = mapped_column(Text)
    why_it_matters: Mapped[str] = mapped_column(Text, default="")
    do_differently: Mapped[str] = mapped_column(Text, default="")
    reflect_questions: Mapped[str] = mapped_column(Text, default="")
    # Links, one a line: the only links a briefing carries into chat.
    further_reading: Mapped[str] = mapped_column(Text, default="")
    # The learning-log entry this nugget disseminates.
    learning_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_items.id", ondelete="SET NULL"), index=True)
    # When it first went out: from then on it is read-only (learning.nudges.nugget_writing).
    first_sent_at: Mapped[datetime | None]
    source: Mapped[str | None] = mapped_column(String(200))
    themes: Mapped[list[str]] = mapped_column(default=list)
    # Empty lists mean everyone; roles match a person's job title, ignoring case.
    audience_agency_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    audience_roles: Mapped[list[str]] = mapped_column(default=list)
    state: Mapped[NuggetState] = mapped_column(_enum(NuggetState), default=NuggetState.DRAFT)
    send_at: Mapped[datetime | None] = mapped_column(index=True)
    # Sent again every N days (e.g. 90 for a quarterly refresher); None sends once.
    repeat_every_days: Mapped[int | None]
    check_question: Mapped[str | None] = mapped_column(String(300))
    check_options: Mapped[list[str]] = mapped_column(default=list)
    check_answer: Mapped[int | None]
    check_explanation: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BulletinState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"


class Bulletin(Base):
    """A periodic learning bulletin: what was assembled for one period, reviewed, then sent.

    `contents` is a snapshot taken at assembly (learning.nudges.bulletins), so the archive
    shows what was sent even after a nugget or a report changes.
    """

    __tablename__ = "bulletins"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date] = mapped_column(unique=True)
    period_end: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    introduction: Mapped[str] = mapped_column(Text, default="")
    contents: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[BulletinState] = mapped_column(_enum(BulletinState),
                                                 default=BulletinState.DRAFT)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))


class Preference(Base):
    """What a person asked for beyond their working hours: a pause, quiet hours, their own
    daily cap and the channel they would rather hear on (learning.nudges.preferences)."""

    __tablename__ = "nudge_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    quiet_from: Mapped[time | None]
    quiet_until: Mapped[time | None]
    daily_cap: Mapped[int | None]
    # No nudges on or before this date: the person's own pause, beside any leave an admin set.
    paused_until: Mapped[date | None]
    # A Platform value ("slack", "teams") or "email"; a string so a new channel needs no migration.
    preferred_channel: Mapped[str | None] = mapped_column(String(20))
    # Set by an email's unsubscribe link: nothing more is sent to them until it is cleared.
    unsubscribed_at: Mapped[datetime | None]


ANSWERED = text("useful IS NOT NULL OR check_correct IS NOT NULL")


class Delivery(Base):
    """The outbox: one row per (item, recipient, occasion), written before anything is sent."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("item", "recipient", "occasion",
                         name="uq_deliveries_item_recipient_occasion"),
        Index("ix_deliveries_due", "state", "not_before"),
        Index("ix_deliveries_person_sent", "person_id", "sent_at"),
        # The report card's learning delivered and people reached, read off the index alone.
        Index("ix_deliveries_sent_kind", "state", "kind", "sent_at", "person_id"),
        # Kirkpatrick levels 1 and 2 by item, read off the index alone. Only answered
        # deliveries are in it, so the outbox's own writes (made, sent) never touch it.
        Index("ix_deliveries_answered", "item", "kind", "useful", "check_correct", "person_id",
              postgresql_where=ANSWERED, sqlite_where=ANSWERED),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DeliveryKind] = mapped_column(_enum(DeliveryKind))
    # "nugget:12", "course:3:person:7", "digest": what is being sent.
    item: Mapped[str] = mapped_column(String(80))
    # "person:7" or "channel:slack:C0123": who it is for.
    recipient: Mapped[str] = mapped_column(String(200))
    # "first", "recheck:1", "expires-in:30", "week:2026-W48": why this one is sent.
    occasion: Mapped[str] = mapped_column(String(80))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    nugget_id: Mapped[int | None] = mapped_column(ForeignKey("nuggets.id", ondelete="CASCADE"),
                                                  index=True)
    # The report a delivery to its reporter is about: a confidential identity waits for it.
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"),
                                                  index=True)
    platform: Mapped[Platform | None] = mapped_column(_enum(Platform))
    address: Mapped[dict[str, Any] | None]
    # The notice's fields for kinds that are not re-rendered from a nugget at send time.
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[DeliveryState] = mapped_column(_enum(DeliveryState),
                                                 default=DeliveryState.PENDING)
    not_before: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    lease_until: Mapped[datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None]
    # Why it failed or was skipped, in words a lead can act on; never message content.
    reason: Mapped[str | None] = mapped_column(String(300))
    read_at: Mapped[datetime | None]
    useful: Mapped[bool | None]
    discussed_at: Mapped[datetime | None]
    check_choice: Mapped[int | None]
    check_correct: Mapped[bool | None]
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person | None] = relationship()
    nugget: Mapped[Nugget | None] = relationship()


class LearningGroupChannel(Base):
    """Where the weekly digest goes: the learning group's Slack or Teams channel."""

    __tablename__ = "learning_group_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(_enum(Platform))
    address: Mapped[dict[str, Any]]


class AgencyChannel(Base):
    """An agency's own Slack or Teams channel, where learning nuggets for the agency are posted."""

    __tablename__ = "agency_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"),
                                           unique=True)
    platform: Mapped[Platform] = mapped_column(_enum(Platform))
    # Slack: {"channel": "C0123"}; Teams: {"channel_id": "19:..."} (as routing rules hold it).
    address: Mapped[dict[str, Any]]

    agency: Mapped[Agency] = relationship()


class RetentionRecord(Base):
    """What the retention job did to a report, and when: the audit of data removed by rule.

    Kept beside the report timeline because the timeline's event kinds do not yet name
    masking or case-key removal; identity deletion is also written to the timeline.
    """

    __tablename__ = "retention_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    # "identity_deleted", "text_masked" or "case_key_deleted".
    action: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]


class SendPace(Base):
    """When the next message may go to one chat conversation or workspace: the send pace that
    every sending process shares (learning.nudges.send_rate)."""

    __tablename__ = "send_pace"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    next_at: Mapped[datetime | None]


class UsedLink(Base):
    """A one-click link from an email that has been used: each works once
    (learning.nudges.one_click). The key is a digest of the link, never the link itself."""

    __tablename__ = "used_links"

    once_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(40))
    used_at: Mapped[datetime] = mapped_column(index=True)
