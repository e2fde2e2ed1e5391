"""Telling a reporter something where they reported, through the outbox: a receipt, a
message from the learning group, "you said, we did".

A row in the outbox first, so a platform failure is retried like any other delivery, never
lost. A confidential reporter's identity is what addresses the outcome, so it is deleted
only when that outcome has been delivered or has finally failed (`reporter_delivery_done`),
or at once when there is no chat to tell them in. The outbox row keeps no address after.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from learning.evaluation.reporter_feedback import asks_again, outcome_question
from learning.messaging import ReportAgainQuestion, TextNotice
from learning.nudges.delivery_notices import payload_of
from learning.reports import timeline
from learning.reports.intake import SubmissionResult
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.models import Report
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState
from storage.vocabulary import EventKind, IdentityMode, Platform, ReportStatus

TO_REPORTERS = (DeliveryKind.REPORT_RECEIPT, DeliveryKind.REPORTER_MESSAGE, DeliveryKind.OUTCOME)
STILL_GOING = (DeliveryState.PENDING, DeliveryState.SENDING)
_CLOSED = (ReportStatus.CLOSED, ReportStatus.CLOSED_NO_FURTHER_ACTION)


def chat_address(report: Report) -> tuple[Platform, dict[str, Any]] | None:
    """Where the reporter can be messaged directly, if they reported on a chat platform."""
    identity = report.identity
    address = identity.chat_address if identity is not None else None
    if not address:
        return None
    if address.get("slack_user_id"):
        return Platform.SLACK, {"channel": address["slack_user_id"]}
    if address.get("conversation"):
        return Platform.TEAMS, address
    return None


def tell_reporter(session: Session, report: Report, text: str, *, kind: DeliveryKind,
                  now: datetime) -> bool:
    """Put `text` in the outbox for the reporter's chat, if they have one; True if it was.
    Sent with the caller's commit, or not at all. "You said, we did" carries the optional
    question "would you report something like this again?" beneath it."""
    once = uuid.uuid4().hex
    words = (f"About your report {report.reference}, from the learning group:\n{text}\n\n"
             f"To answer, send: reply {report.reference} followed by your answer.")
    notice: TextNotice | ReportAgainQuestion = TextNotice(words)
    if kind is DeliveryKind.OUTCOME and asks_again(report):
        notice = outcome_question(report, words, once)
    return _queue(session, report, kind, now, notice, once=once)


def queue_receipt(uow: UnitOfWork, result: SubmissionResult, *, settings: Settings,
                  now: datetime) -> bool:
    """A named or confidential chat reporter's receipt, into the outbox and committed. (An
    anonymous one is never sent: its reference and case key stay where they were shown.)"""
    report = uow.session.scalar(select(Report).where(Report.reference == result.reference))
    if report is None or result.identity_mode is IdentityMode.ANONYMOUS:
        return False
    act_now = f"Please act now: {result.signposting}\n\n" if result.signposting else ""
    queued = _queue(uow.session, report, DeliveryKind.REPORT_RECEIPT, now, TextNotice(
        f"{act_now}Thank you. Your report {result.reference} has reached the learning group "
        f"of {settings.partnership_name}. They will acknowledge it by "
        f"{result.acknowledgement_due:%-d %B %Y}, look for what can be learned, and tell you "
        f"what changed because of it.\n\nThey will reply to you here. Send: status "
        f"{result.reference} at any time to see where it is."))
    uow.commit()
    return queued


def _queue(session: Session, report: Report, kind: DeliveryKind, now: datetime,
           notice: TextNotice | ReportAgainQuestion, *, once: str | None = None) -> bool:
    found = chat_address(report)
    if found is None:
        return False
    platform, address = found
    session.add(Delivery(
        kind=kind, item=f"report:{report.id}", recipient="reporter",
        occasion=f"{kind.value}:{once or uuid.uuid4().hex}", report_id=report.id, platform=platform,
        address=address, payload=payload_of(notice), state=DeliveryState.PENDING,
        not_before=now))
    return True


def tell_outcome_or_forget(session: Session, report: Report, text: str, *,
                           now: datetime) -> None:
    """At close: the outcome goes to the reporter's chat; a confidential identity stays until
    it has gone (there is no other way to address it), or goes now if there is no chat."""
    if not tell_reporter(session, report, text, kind=DeliveryKind.OUTCOME, now=now):
        forget_confidential_identity(session, report, now=now)


def reporter_delivery_done(session: Session, delivery: Delivery, *, now: datetime) -> None:
    """The outbox calls this when a delivery to a reporter is sent, has failed for good or
    was skipped: the row forgets the address, and an outcome's identity is deleted."""
    session.execute(update(Delivery).where(Delivery.id == delivery.id).values(address=None)
                    .execution_options(synchronize_session=False))
    if delivery.kind is not DeliveryKind.OUTCOME or delivery.report_id is None:
        return
    report = session.get(Report, delivery.report_id)
    if report is not None and report.status in _CLOSED:
        forget_confidential_identity(session, report, now=now)


def forget_confidential_identity(session: Session, report: Report, *, now: datetime) -> None:
    if report.identity_mode is IdentityMode.CONFIDENTIAL and report.identity is not None:
        session.delete(report.identity)
        report.identity = None
        timeline.record(session, report, EventKind.IDENTITY_DELETED, actor=timeline.SYSTEM, at=now)


def outcome_on_its_way() -> ColumnElement[bool]:
    """For a query over reports: an outcome to the reporter is still waiting to be sent (so
    retention must leave the identity that addresses it)."""
    return select(Delivery.id).where(Delivery.report_id == Report.id,
                                     Delivery.kind == DeliveryKind.OUTCOME,
                                     Delivery.state.in_(STILL_GOING)).exists()
