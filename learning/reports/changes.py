"""Every change a learning lead makes to one report from the dashboard, as one unit of work.

The change is committed whole or not at all; the reporter is then told, when the change is
one they hear about (closing, a message).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from learning.messaging import Messenger
from learning.people.directory import agencies_with_ids
from learning.reports import outcomes, triage
from learning.reports.access import Permission, acting_account, allowed
from learning.reports.reporter_thread import message_reporter, tell_reporter
from storage.database import UnitOfWork
from storage.models import Account, Report
from storage.vocabulary import LearningResponse, Platform, ReportKind


class ReportNotFound(LookupError):
    """No such report, or not one this account may see: the two look the same."""


class FieldRefused(triage.TransitionRefused):
    """A refusal about one field of the change's form, so the page can put it on that field."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


# A closed report is read-only: it can be reopened, and the reporter can still be answered.
_WHILE_CLOSED = frozenset({"reopen", "message"})


@dataclass(frozen=True)
class Change:
    """What the lead asked for: the action's name and what they typed."""

    action: str
    fields: Mapping[str, str] = field(default_factory=dict)
    agency_ids: tuple[int, ...] = ()
    contributing_factors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Changed:
    report: Report
    told_reporter: str | None


def change_report(uow: UnitOfWork, reference: str, change: Change, *, by: Account,
                  now: datetime, messengers: Mapping[Platform, Messenger]) -> Changed:
    """Make the change and commit it. Refusals: ReportNotFound, NotAllowed, TransitionRefused
    (nothing is written then); an unknown action is ReportNotFound too."""
    session = uow.session
    report = triage.find_report(session, reference)
    step = _ACTIONS.get(change.action)
    if step is None or report is None or not allowed(by, Permission.VIEW_REPORT, report):
        raise ReportNotFound(reference)
    if triage.is_closed(report) and change.action not in _WHILE_CLOSED:
        raise FieldRefused("This report is closed. Reopen it to change it", field="read-only")
    told = step(session, report, acting_account(session, by), change, now)
    uow.commit()
    if told:
        tell_reporter(report, told, messengers=messengers)
    return Changed(report=report, told_reporter=told)


def is_change(action: str) -> bool:
    return action in _ACTIONS


Step = Callable[[Session, Report, Account, Change, datetime], str | None]


def _status(move: Callable[..., None]) -> Step:
    def run(session: Session, report: Report, by: Account, change: Change, now: datetime) -> None:
        move(session, report, by=by, now=now)
    return run


def _close(session: Session, report: Report, by: Account, change: Change, now: datetime) -> str:
    triage.close(session, report, by=by, now=now,
                 you_said_we_did=change.fields.get("you_said_we_did", ""))
    return f"You said, we did: {report.outcome}"


def _close_no_further_action(session: Session, report: Report, by: Account, change: Change,
                             now: datetime) -> str:
    triage.close_no_further_action(session, report, by=by, now=now,
                                   reason=change.fields.get("reason", ""))
    return "Your report was closed with no further action. Thank you for speaking up."


def _assign(session: Session, report: Report, by: Account, change: Change, now: datetime) -> None:
    wanted = change.fields.get("assignee", "")
    assignee = by if wanted == "me" else (session.get(Account, int(wanted))
                                          if wanted.isdigit() else None)
    if assignee is None:
        raise triage.TransitionRefused("Choose who to assign the report to")
    triage.assign(session, report, by=by, assignee=assignee, now=now)


def _classify(session: Session, report: Report, by: Account, change: Change,
              now: datetime) -> None:
    kind = change.fields.get("kind", "")
    if kind not in {k.value for k in ReportKind}:
        raise triage.TransitionRefused("Choose what kind of report this is")
    triage.classify(session, report, by=by, now=now, kind=ReportKind(kind),
                    themes=change.fields.get("themes", "").split(","),
                    contributing_factors=list(change.contributing_factors),
                    agencies=agencies_with_ids(session, list(change.agency_ids)))


def _learning_response(session: Session, report: Report, by: Account, change: Change,
                       now: datetime) -> None:
    chosen = change.fields.get("learning_response", "")
    if chosen not in {r.value for r in LearningResponse}:
        raise triage.TransitionRefused("Choose a learning response")
    try:
        triage.choose_learning_response(session, report, by=by,
                                        response=LearningResponse(chosen),
                                        rationale=change.fields.get("rationale", ""), now=now)
    except triage.TransitionRefused as refused:  # its one refusal is the missing rationale
        raise FieldRefused(str(refused), field="rationale") from None


def _learning(session: Session, report: Report, by: Account, change: Change,
              now: datetime) -> None:
    outcomes.record_learning(session, report, by=by, learning=change.fields.get("learning", ""),
                             now=now)


def _action(session: Session, report: Report, by: Account, change: Change, now: datetime) -> None:
    try:
        due = date.fromisoformat(change.fields.get("due_on", ""))
    except ValueError:
        due = None
    outcomes.add_action(session, report, by=by, description=change.fields.get("description", ""),
                        owner=change.fields.get("owner", ""), due_on=due, now=now)


def _message(session: Session, report: Report, by: Account, change: Change, now: datetime) -> str:
    return message_reporter(session, report, by=by, body=change.fields.get("message", ""),
                            now=now).body


_ACTIONS: dict[str, Step] = {
    "acknowledge": _status(triage.acknowledge),
    "start-review": _status(triage.start_review),
    "identify-learning": _status(triage.identify_learning),
    "refer": _status(triage.refer_to_practice_review_group),
    "reopen": _status(triage.reopen),
    "close": _close,
    "close-no-further-action": _close_no_further_action,
    "assign": _assign,
    "classify": _classify,
    "learning-response": _learning_response,
    "learning": _learning,
    "action": _action,
    "message": _message,
}
