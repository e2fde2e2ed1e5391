"""What a reporter sees when they come back: status, a plain timeline, messages, the outcome.

Nothing here names the learning lead or says anything about other reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from learning.reports import timeline
from learning.reports.clean_text import clean_text
from learning.reports.labels import label
from storage.database import UnitOfWork
from storage.models import Report, ReportEvent, ReportMessage
from storage.vocabulary import EventKind, IdentityMode, ReportStatus

REPLY_MAX = 2000

_STATUS_WORDS = {
    ReportStatus.ACKNOWLEDGED: "The learning group acknowledged your report.",
    ReportStatus.IN_REVIEW: "The learning group started looking into what happened.",
    ReportStatus.LEARNING_IDENTIFIED: "The learning group identified learning from your report.",
    ReportStatus.REFERRED: "Your report was referred to the practice review group.",
    ReportStatus.CLOSED: "Your report was closed. What changed is under “You said, we did”.",
    ReportStatus.CLOSED_NO_FURTHER_ACTION: "Your report was closed with no further action.",
}


@dataclass(frozen=True)
class Moment:
    at: datetime
    text: str


@dataclass(frozen=True)
class FollowUp:
    reference: str
    kind: str
    status: str
    submitted_at: datetime
    timeline: list[Moment]
    messages: list[ReportMessage]
    outcome: str | None
    anonymous: bool


def follow_up(report: Report) -> FollowUp:
    return FollowUp(
        reference=report.reference,
        kind=label(report.kind),
        status=label(report.status),
        submitted_at=report.submitted_at,
        timeline=[m for m in (_moment(e) for e in report.events) if m is not None],
        messages=list(report.messages),
        outcome=report.outcome,
        anonymous=report.identity_mode is IdentityMode.ANONYMOUS,
    )


def _moment(event: ReportEvent) -> Moment | None:
    if event.kind is EventKind.SUBMITTED:
        return Moment(event.at, "You sent this report.")
    if event.kind is EventKind.STATUS_CHANGED:
        after = ReportStatus(event.detail["after"])
        if event.detail.get("before") in ("closed", "closed_no_further_action"):
            return Moment(event.at, "The learning group reopened your report.")
        return Moment(event.at, _STATUS_WORDS.get(after, label(after)))
    return None


class ReplyRefused(ValueError):
    """A reply that cannot be sent; the message says what to do."""


def reply_from_reporter(session: Session, report: Report, body: str, *, now: datetime) -> None:
    """The reporter answers the learning group; the caller commits."""
    text = clean_text(body).strip()
    if not text:
        raise ReplyRefused("Write your reply")
    if len(text) > REPLY_MAX:
        raise ReplyRefused(f"Your reply must be {REPLY_MAX} characters or fewer; "
                           f"you have {len(text)}")
    session.add(ReportMessage(report=report, from_reporter=True, body=text, sent_at=now))
    timeline.record(session, report, EventKind.MESSAGE, actor=timeline.REPORTER, at=now,
                    from_reporter=True)


def opened_report(uow: UnitOfWork, report_id: int) -> FollowUp | None:
    """What the reporter who opened this report with its case key sees; None if it is gone."""
    report = uow.session.get(Report, report_id)
    return None if report is None else follow_up(report)


def reply_to_opened_report(uow: UnitOfWork, report_id: int, body: str, *, now: datetime) -> None:
    """The reporter's answer to the learning group, stored and committed.

    Raises ReplyRefused, with what to fix, when there is nothing to send or it is too long.
    """
    report = uow.session.get(Report, report_id)
    if report is None:
        raise ReplyRefused("This report can no longer be followed up")
    reply_from_reporter(uow.session, report, body, now=now)
    uow.commit()
