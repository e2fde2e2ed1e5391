"""A report's journey through the learning group: every change of state is one function here.

Each transition checks access, refuses an impossible move with a reason, and writes a
timeline event. The caller commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.improvement.reviews import open_review_for_response
from learning.reports import timeline
from learning.reports.access import Permission, require
from learning.reports.telling_reporters import tell_outcome_or_forget
from learning.reports.tags import tag_report
from learning.reports.themes import ThemeRefused, themes_for_classifying
from storage.models import Account, Agency, Report
from storage.vocabulary import (
    ContributingFactor,
    EventKind,
    LearningResponse,
    ReportKind,
    ReportStatus,
    Role,
)

S = ReportStatus
OPEN = {S.NEW, S.ACKNOWLEDGED, S.IN_REVIEW, S.LEARNING_IDENTIFIED, S.REFERRED}
CLOSED = {S.CLOSED, S.CLOSED_NO_FURTHER_ACTION}
_MOVES: dict[ReportStatus, set[ReportStatus]] = {
    S.NEW: {S.ACKNOWLEDGED, S.REFERRED, S.CLOSED_NO_FURTHER_ACTION},
    S.ACKNOWLEDGED: {S.IN_REVIEW, S.REFERRED, S.CLOSED_NO_FURTHER_ACTION},
    S.IN_REVIEW: {S.LEARNING_IDENTIFIED, S.REFERRED, S.CLOSED_NO_FURTHER_ACTION},
    S.LEARNING_IDENTIFIED: {S.CLOSED, S.REFERRED},
    S.REFERRED: {S.IN_REVIEW, S.LEARNING_IDENTIFIED, S.CLOSED},
    S.CLOSED: {S.IN_REVIEW},
    S.CLOSED_NO_FURTHER_ACTION: {S.IN_REVIEW},
}


NO_FURTHER_ACTION = "Your report was closed with no further action. Thank you for speaking up."


class TransitionRefused(ValueError):
    """A change that cannot be made now; the message says why and what to do instead."""


def is_closed(report: Report) -> bool:
    """Closed, with or without further action: the one test every page and rule uses."""
    return report.status in CLOSED


def find_report(session: Session, reference: str) -> Report | None:
    return session.scalar(select(Report).where(Report.reference == reference.strip().upper()))


def acknowledge(session: Session, report: Report, *, by: Account, now: datetime) -> None:
    _move(session, report, S.ACKNOWLEDGED, by=by, now=now)


def start_review(session: Session, report: Report, *, by: Account, now: datetime) -> None:
    _move(session, report, S.IN_REVIEW, by=by, now=now)


def identify_learning(session: Session, report: Report, *, by: Account, now: datetime) -> None:
    _move(session, report, S.LEARNING_IDENTIFIED, by=by, now=now)


def refer_to_practice_review_group(session: Session, report: Report, *, by: Account,
                                   now: datetime) -> None:
    _move(session, report, S.REFERRED, by=by, now=now)


def close(session: Session, report: Report, *, by: Account, now: datetime,
          you_said_we_did: str) -> None:
    """Close with the outcome the reporter will hear (it goes out first: a confidential
    reporter's identity goes once it has been delivered)."""
    if not you_said_we_did.strip():
        raise TransitionRefused("Write what changed because of this report before closing it")
    _move(session, report, S.CLOSED, by=by, now=now)
    report.outcome = you_said_we_did.strip()
    tell_outcome_or_forget(session, report, f"You said, we did: {report.outcome}", now=now)


def close_no_further_action(session: Session, report: Report, *, by: Account, now: datetime,
                            reason: str) -> None:
    if not reason.strip():
        raise TransitionRefused("Give the reason there is no further action")
    _move(session, report, S.CLOSED_NO_FURTHER_ACTION, by=by, now=now, reason=reason.strip())
    tell_outcome_or_forget(session, report, NO_FURTHER_ACTION, now=now)


def reopen(session: Session, report: Report, *, by: Account, now: datetime) -> None:
    if not is_closed(report):
        raise TransitionRefused("Only a closed report can be reopened: this one is still open")
    _move(session, report, S.IN_REVIEW, by=by, now=now)


def assign(session: Session, report: Report, *, by: Account, assignee: Account,
           now: datetime) -> None:
    require(by, Permission.TRIAGE, report)
    if is_closed(report):
        raise TransitionRefused("This report is closed: reopen it before assigning it")
    if not _assignable(assignee):
        raise TransitionRefused("Reports can only be assigned to an active learning lead")
    before = report.assignee_id
    report.assignee_id = assignee.id
    timeline.record(session, report, EventKind.ASSIGNED, actor=timeline.account_actor(by.id),
                    at=now, before=before, after=assignee.id)


def choose_learning_response(session: Session, report: Report, *, by: Account,
                             response: LearningResponse, rationale: str, now: datetime) -> None:
    require(by, Permission.TRIAGE, report)
    if not rationale.strip():
        raise TransitionRefused("Record why this learning response is proportionate")
    before = report.learning_response
    report.learning_response = response
    # Anything beyond the theme log is a review, with terms of reference to record.
    open_review_for_response(session, report, response, by=by)
    timeline.record(session, report, EventKind.LEARNING_RESPONSE_CHOSEN,
                    actor=timeline.account_actor(by.id), at=now,
                    before=before.value if before else None, after=response.value,
                    rationale=rationale.strip())


def _move(session: Session, report: Report, to: ReportStatus, *, by: Account, now: datetime,
          **detail: str) -> None:
    require(by, Permission.TRIAGE, report)
    if to not in _MOVES[report.status]:
        raise TransitionRefused(
            f"A report that is {report.status.value.replace('_', ' ')} cannot be moved to "
            f"{to.value.replace('_', ' ')}"
        )
    before = report.status
    report.status = to
    if report.acknowledged_at is None:
        report.acknowledged_at = now
    report.closed_at = now if to in CLOSED else None
    timeline.record(session, report, EventKind.STATUS_CHANGED, actor=timeline.account_actor(by.id),
                    at=now, before=before.value, after=to.value, **detail)


def classify(session: Session, report: Report, *, by: Account, now: datetime,
             kind: ReportKind, themes: list[str], contributing_factors: list[str],
             agencies: list[Agency]) -> None:
    """The learning group's view of what the report is about: systems, never individuals."""
    require(by, Permission.TRIAGE, report)
    unknown = [f for f in contributing_factors if f not in {c.value for c in ContributingFactor}]
    if unknown:
        raise TransitionRefused("Choose contributing factors from the list")
    try:
        cleaned = themes_for_classifying(session, themes, by=by, already=report.themes)
    except ThemeRefused as refused:
        raise TransitionRefused(str(refused)) from None
    if len(cleaned) > 10:
        raise TransitionRefused("Give at most 10 themes")
    before = {"kind": report.kind.value, "themes": report.themes,
              "contributing_factors": report.contributing_factors,
              "agencies": sorted(a.id for a in report.agencies)}
    tag_report(session, report, themes=cleaned, factors=sorted(set(contributing_factors)),
               agencies=agencies, kind=kind)
    after = {"kind": kind.value, "themes": cleaned,
             "contributing_factors": report.contributing_factors,
             "agencies": sorted(a.id for a in agencies)}
    timeline.record(session, report, EventKind.CLASSIFIED, actor=timeline.account_actor(by.id),
                    at=now, before=before, after=after)


def next_statuses(report: Report) -> set[ReportStatus]:
    """Where this report may go from here: the dashboard offers only these."""
    return set(_MOVES[report.status])


def assignable_accounts(session: Session) -> list[Account]:
    """Who a report may be assigned to: active learning leads and the business unit."""
    accounts = session.scalars(select(Account).where(Account.active).order_by(Account.email))
    return [a for a in accounts if _assignable(a)]


def _assignable(account: Account) -> bool:
    return account.active and bool({Role.LEARNING_LEAD, Role.BUSINESS_UNIT} & set(account.roles))
