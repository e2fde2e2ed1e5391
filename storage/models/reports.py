"""Reports and what hangs off them.

Identity is kept apart from the report on purpose: an anonymous report has no
`ReporterIdentity` row at all, and a confidential one loses it at close.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, _enum, utcnow
from storage.models.people import Account, Agency, Person
from storage.vocabulary import (
    Channel,
    EventKind,
    IdentityMode,
    LearningResponse,
    Platform,
    ReportKind,
    ReportStatus,
    Setting,
    Severity,
)

report_agencies = Table(
    "report_agencies",
    Base.metadata,
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True),
)


class Report(Base):
    __tablename__ = "reports"
    # The queue's "urgent first" order, so a page of 50 is read straight off the index.
    __table_args__ = (
        Index("ix_reports_queue_order", text("urgent DESC"), text("notifiable DESC"),
              "acknowledgement_due", text("id DESC")),
        # The report card's "acknowledged within the target", read off the index alone.
        Index("ix_reports_acknowledgement", "submitted_at", "acknowledged_at",
              "acknowledgement_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[ReportKind] = mapped_column(_enum(ReportKind))
    what_happened: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[date | None]
    setting: Mapped[Setting] = mapped_column(_enum(Setting))
    what_stopped_harm: Mapped[str | None] = mapped_column(Text)
    potential_severity: Mapped[Severity] = mapped_column(_enum(Severity))
    immediate_risk: Mapped[bool]
    child_died_or_seriously_harmed: Mapped[bool] = mapped_column(default=False)
    abuse_or_neglect_suspected: Mapped[bool] = mapped_column(default=False)
    # Notifiable to Ofsted whether or not abuse or neglect is suspected (Working Together 2023).
    looked_after_child_died: Mapped[bool] = mapped_column(default=False)
    identity_mode: Mapped[IdentityMode] = mapped_column(_enum(IdentityMode))
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus), index=True)
    urgent: Mapped[bool] = mapped_column(default=False, index=True)
    notifiable: Mapped[bool] = mapped_column(default=False)
    # PII guard spans per answer, {"what_happened": [[start, end, kind], ...]}: reviewers
    # see those answers masked.
    personal_details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    themes: Mapped[list[str]] = mapped_column(default=list)
    contributing_factors: Mapped[list[str]] = mapped_column(default=list)
    learning_response: Mapped[LearningResponse | None] = mapped_column(_enum(LearningResponse))
    # "You said, we did": what changed because of the report, written by the lead at close.
    outcome: Mapped[str | None] = mapped_column(Text)
    # The lead agreed this closed report's "you said, we did" may appear, de-identified, in a
    # learning bulletin (learning.nudges.bulletins decides what of it is shown).
    share_in_bulletin: Mapped[bool] = mapped_column(default=False)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(index=True)
    # The first day of the month it was sent in, in the partnership's time zone at the time:
    # the month the themes page counts it in (learning.reports.tags), fixed at intake.
    submitted_month: Mapped[date | None]
    # The day it was sent in, likewise: the day the report card counts it in
    # (learning.evaluation.report_counts), fixed at intake.
    submitted_on: Mapped[date | None]
    acknowledgement_due: Mapped[date]
    notification_due: Mapped[date | None]
    rapid_review_due: Mapped[date | None]
    # When the learning group first moved it on from new (acknowledged, referred or closed):
    # kept by learning.reports.triage, so "acknowledged in time" reads no timeline.
    acknowledged_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agencies: Mapped[list[Agency]] = relationship(secondary=report_agencies)
    assignee: Mapped[Account | None] = relationship()
    identity: Mapped[ReporterIdentity | None] = relationship(
        back_populates="report", cascade="all, delete-orphan", passive_deletes=True
    )
    case_key: Mapped[CaseKey | None] = relationship(
        back_populates="report", cascade="all, delete-orphan", passive_deletes=True
    )
    events: Mapped[list[ReportEvent]] = relationship(
        back_populates="report", order_by="ReportEvent.id", passive_deletes=True
    )
    messages: Mapped[list[ReportMessage]] = relationship(
        back_populates="report", order_by="ReportMessage.id", passive_deletes=True
    )


class ReporterIdentity(Base):
    """Who reported: named reports keep it; confidential ones lose it at close; anonymous never
    have it."""

    __tablename__ = "reporter_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), unique=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    job_title: Mapped[str | None] = mapped_column(String(200))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    # Where to answer them on the channel they used: Slack user id, Teams conversation reference.
    chat_address: Mapped[dict[str, Any] | None]

    report: Mapped[Report] = relationship(back_populates="identity")
    person: Mapped[Person | None] = relationship()


class CaseKey(Base):
    """An anonymous reporter's way back in: a public locator plus a slow hash of the secret."""

    __tablename__ = "case_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), unique=True
    )
    locator: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]

    report: Mapped[Report] = relationship(back_populates="case_key")


class ReportEvent(Base):
    """The append-only timeline and audit log of a report (storage/database.py refuses edits)."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    # "reporter", "system" or "account:<id>": never a reporter's name or chat id.
    actor: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    report: Mapped[Report] = relationship(back_populates="events")


class ReportMessage(Base):
    """The two-way thread between the learning group and the reporter, however anonymous."""

    __tablename__ = "report_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    from_reporter: Mapped[bool]
    # The lead who wrote it; None when the reporter wrote it.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    report: Mapped[Report] = relationship(back_populates="messages")


class RoutingRule(Base):
    """Where new reports go: every condition set must match; an empty list matches anything."""

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    kinds: Mapped[list[str]] = mapped_column(default=list)
    agency_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(default=list)
    urgent_only: Mapped[bool] = mapped_column(default=False)
    notifiable_only: Mapped[bool] = mapped_column(default=False)
    platform: Mapped[Platform] = mapped_column(_enum(Platform))
    # Slack: {"channel": "C0123"}; Teams: the channel's conversation reference.
    address: Mapped[dict[str, Any]]
    # Who to alert on urgent reports, e.g. a Slack user group id.
    mention: Mapped[str | None] = mapped_column(String(64))


class ChannelPost(Base):
    """A report's post in a chat channel, kept so it can be re-rendered and updated in place."""

    __tablename__ = "channel_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    platform: Mapped[Platform] = mapped_column(_enum(Platform))
    address: Mapped[dict[str, Any]]
    message_id: Mapped[str] = mapped_column(String(200))
    posted_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChatConversation(Base):
    """A report being written one question at a time in a chat; deleted when it is sent.

    Keyed by a keyed hash of the chat user, so not even an unfinished draft holds a chat id.
    """

    __tablename__ = "chat_conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)



class WebReportDraft(Base):
    """A web report between its pages, so Back and refresh work; deleted when it is sent.

    Sealed with a key made from a secret in the reporter's session cookie, so the database
    alone holds nothing readable; found by a hash, and gone after a few hours.
    """

    __tablename__ = "web_report_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sealed: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(index=True)
