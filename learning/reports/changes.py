"""Every change a learning lead makes to one report from the dashboard, as one unit of work.

The change is committed whole or not at all, with what the reporter will hear about it
(closing, a message) in the outbox: it goes out, and is retried, from there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from learning.messaging import Messenger
from learning.improvement import notifications
from learning.improvement.learning_log import LearningDraft, LearningRefused, learn_from_report
from learning.people.directory import agencies_with_ids
from learning.reports import triage
from learning.reports.access import Permission, acting_account, allowed
from learning.nudges.bulletins import share_in_bulletin
from learning.reports.reporter_thread import message_reporter
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


# A closed report is read-only: it can be reopened, the reporter can still be answered, and
# its "you said, we did" offered to the bulletin (only a closed report's story can be).
_WHILE_CLOSED = frozenset({"reopen", "message", "share-in-bulletin"})


@dataclass(frozen=True)
class Change:
    """What the lead asked for: the action's name and what they typed."""

    action: str
    fields: Mapping[str, str] = field(default_factory=dict)
    agency_ids: tuple[int, ...] = ()
    contributing_factors: tuple[str, ...] = ()
    # Themes chosen from the vocabulary's list; `fields["themes"]` (comma separated) when none.
    themes: tuple[str, ...] = ()
    # The partnership's today, for dates that may not be in the future.
    today: date | None = None


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
    return triage.NO_FURTHER_ACTION


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
                    themes=_themes_asked_for(change),
                    contributing_factors=list(change.contributing_factors),
                    agencies=agencies_with_ids(session, list(change.agency_ids)))


def _themes_asked_for(change: Change) -> list[str]:
    """The themes ticked (or written, comma separated) and any new ones typed to propose."""
    chosen = list(change.themes) or [change.fields.get("themes", "")]
    typed = [*chosen, change.fields.get("new_themes", "")]
    return [theme for written in typed for theme in written.split(",")]


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
    """"Record learning": a new learning item from this report, or one already in the log."""
    fields = change.fields
    draft = LearningDraft(title=fields.get("title", ""),
                          what_was_learned=fields.get("learning", ""),
                          themes=fields.get("learning_themes", "").split(","))
    try:
        learn_from_report(session, report, by=by, now=now,
                          item_id=fields.get("learning_item_id", ""), draft=draft)
    except LearningRefused as refused:
        raise triage.TransitionRefused(str(refused)) from None


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _notification(session: Session, report: Report, by: Account, change: Change,
                  now: datetime) -> None:
    notifications.record_notification(
        session, report, by=by, recipient=change.fields.get("recipient", ""),
        notified_on=_day(change.fields.get("notified_on", "")),
        made_by=change.fields.get("made_by", ""), now=now, today=change.today or now.date())


def _rapid_review(session: Session, report: Report, by: Account, change: Change,
                  now: datetime) -> None:
    notifications.record_rapid_review(
        session, report, by=by, completed_on=_day(change.fields.get("completed_on", "")),
        decision=change.fields.get("rapid_review_decision", ""), now=now,
        today=change.today or now.date())


def _message(session: Session, report: Report, by: Account, change: Change, now: datetime) -> str:
    return message_reporter(session, report, by=by, body=change.fields.get("message", ""),
                            now=now).body


def _share_in_bulletin(session: Session, report: Report, by: Account, change: Change,
                       now: datetime) -> None:
    share_in_bulletin(session, report, by=by, share=change.fields.get("share") == "yes")


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
    "notification": _notification,
    "rapid-review": _rapid_review,
    "message": _message,
    "share-in-bulletin": _share_in_bulletin,
}
