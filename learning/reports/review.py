"""A learning lead opening a report: what they may see, with every view on the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from learning.reports import timeline
from learning.reports.access import Permission, may_see_identity, require
from learning.privacy.masking import masked_answer
from learning.reports.triage import TransitionRefused, find_report
from storage.models import Account, Report, ReporterIdentity
from storage.vocabulary import EventKind


@dataclass(frozen=True)
class ReportView:
    report: Report
    what_happened: str
    what_stopped_harm: str
    identity: ReporterIdentity | None
    text_revealed: bool


def open_report(session: Session, reference: str, *, by: Account, now: datetime,
                reveal_reason: str | None = None) -> ReportView | None:
    """The report as this account may see it, or None when it doesn't exist *or* is not theirs.

    Revealing the unmasked text needs the business-unit right and a reason; both the view and
    any reveal are written to the audit log.
    """
    report = find_report(session, reference)
    if report is None:
        return None
    require(by, Permission.VIEW_REPORT, report)
    revealed = False
    if reveal_reason is not None:
        require(by, Permission.SEE_REPORTER_IDENTITY, report)
        if not reveal_reason.strip():
            raise TransitionRefused("Give the reason you need to see the unmasked text")
        timeline.record(session, report, EventKind.TEXT_REVEALED,
                        actor=timeline.account_actor(by.id), at=now, reason=reveal_reason.strip())
        revealed = True
    timeline.record(session, report, EventKind.VIEWED, actor=timeline.account_actor(by.id), at=now)
    return ReportView(
        report=report,
        what_happened=report.what_happened if revealed else masked_answer(report, "what_happened"),
        what_stopped_harm=(report.what_stopped_harm or "") if revealed
        else masked_answer(report, "what_stopped_harm"),
        identity=report.identity if may_see_identity(by, report) else None,
        text_revealed=revealed,
    )
