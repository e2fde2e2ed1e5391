"""A learning lead opening a report: what they may see, with every view on the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.improvement.learning_log import learning_choices, learning_for_report
from learning.improvement.notifications import StatutoryClocks, statutory_clocks
from learning.improvement.reviews import reviews_for_report
from learning.people.directory import active_agencies
from learning.privacy.masking import masked_answer
from learning.reports import timeline
from learning.reports.unread import read_replies
from learning.reports.access import (NotAllowed, Permission, acting_account, may_see_identity,
                                     require)
from learning.reports.triage import (TransitionRefused, assignable_accounts, find_report,
                                     next_statuses)
from storage.database import UnitOfWork
from storage.models import Account, Agency, Report, ReporterIdentity, ReportEvent
from storage.models.improvement import LearningItem, Review
from storage.vocabulary import EventKind, ReportStatus

S = ReportStatus
# The one step the learning group usually takes next from each state: the page's primary
# button. A closed report has none: it is finished, and reopening it is the exception.
NEXT_STEP: dict[ReportStatus, str] = {
    S.NEW: "acknowledge", S.ACKNOWLEDGED: "start-review", S.IN_REVIEW: "identify-learning",
    S.REFERRED: "identify-learning", S.LEARNING_IDENTIFIED: "close",
}


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


@dataclass(frozen=True)
class ReportPage:
    """Everything the dashboard's report page shows, opened (and logged) in one unit of work."""

    view: ReportView
    actors: dict[int, str]
    agencies: list[Agency]
    leads: list[Account]
    next_statuses: set[ReportStatus]
    learning: list[LearningItem]
    learning_choices: list[tuple[str, str]]
    reviews: list[Review]
    clocks: StatutoryClocks | None
    refused_reveal: str | None = None
    # "Viewed" entries stay in the audit log; the timeline shows them only when asked.
    timeline: list[ReportEvent] = field(default_factory=list)
    views: int = 0
    views_shown: bool = False
    primary_action: str | None = None
    rationale: str | None = None  # why the chosen learning response is proportionate
    new_replies: set[int] = field(default_factory=set)  # replies unread until this opening


def report_page(uow: UnitOfWork, reference: str, *, by: Account, now: datetime,
                reveal_reason: str | None = None, show_views: bool = False) -> ReportPage | None:
    """The report as this account may see it, or None when it is not there or not theirs.

    A refused reveal still opens the report, masked, with the reason it was refused. Opening
    it reads the reporter's replies, for whoever may answer them.
    """
    session, refused = uow.session, None
    try:
        me = acting_account(session, by)
        try:
            view = open_report(session, reference, by=me, now=now, reveal_reason=reveal_reason)
        except TransitionRefused as refusal:
            refused = str(refusal)
            view = open_report(session, reference, by=me, now=now)
    except NotAllowed:
        return None  # not theirs looks exactly like not there
    if view is None:
        return None
    new_replies = read_replies(session, view.report, by=me, now=now)
    uow.commit()
    report = view.report
    actors = {a.id: a.display_name or a.email for a in session.scalars(select(Account))}
    views = [e for e in report.events if e.kind is EventKind.VIEWED]
    return ReportPage(view=view, actors=actors, agencies=active_agencies(session),
                      leads=assignable_accounts(session), next_statuses=next_statuses(report),
                      learning=learning_for_report(session, report),
                      learning_choices=learning_choices(session),
                      reviews=reviews_for_report(session, report),
                      clocks=statutory_clocks(session, report) if report.notifiable else None,
                      refused_reveal=refused, views=len(views), views_shown=show_views,
                      timeline=[e for e in report.events
                                if show_views or e.kind is not EventKind.VIEWED],
                      primary_action=NEXT_STEP.get(report.status),
                      rationale=_latest_rationale(report), new_replies=new_replies)


def _latest_rationale(report: Report) -> str | None:
    chosen = [e for e in report.events if e.kind is EventKind.LEARNING_RESPONSE_CHOSEN]
    return chosen[-1].detail.get("rationale") if chosen else None
