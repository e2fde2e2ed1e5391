"""One report in the dashboard: what the lead may see, and every action they can take on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import Session

from forms import services
from forms.auth import current_account, requires
from learning.reports import outcomes, triage
from learning.reports.access import NotAllowed, Permission, allowed
from learning.reports.labels import choices, label
from learning.reports.posting import refresh_report_posts
from learning.reports.reporter_thread import message_reporter, tell_reporter
from learning.reports.review import open_report
from storage.models import Account, Agency, Report
from storage.vocabulary import (ContributingFactor, IdentityMode, LearningResponse, ReportKind,
                                ReportStatus)

blueprint = Blueprint("dashboard_report", __name__)


@blueprint.get("/dashboard/reports/<reference>")
@requires(Permission.VIEW_REPORT)
def show(reference: str) -> ResponseReturnValue:
    return _page(reference)


@blueprint.post("/dashboard/reports/<reference>/reveal")
@requires(Permission.SEE_REPORTER_IDENTITY)
def reveal(reference: str) -> ResponseReturnValue:
    return _page(reference, reveal_reason=request.form.get("reason", "")[:500])


@blueprint.post("/dashboard/reports/<reference>/<action>")
@requires(Permission.TRIAGE)
def act(reference: str, action: str) -> ResponseReturnValue:
    """Every change a lead makes: one learning/ function each, refused with a reason."""
    change = _ACTIONS.get(action)
    if change is None:
        abort(404)
    account = current_account()
    now = datetime.now(UTC)
    form = request.form
    with services().database.unit_of_work() as uow:
        report = triage.find_report(uow.session, reference)
        if report is None or not allowed(account, Permission.VIEW_REPORT, report):
            abort(404)
        try:
            told = change(uow.session, report, _attached(uow.session, account), form, now)
        except (triage.TransitionRefused, NotAllowed) as refused:
            uow.session.rollback()
            return _page(reference, problem=(action, str(refused)), typed=form.to_dict())
        uow.commit()
        if told:
            tell_reporter(report, told, messengers=services().messengers)
    _refresh_chat_posts(reference)
    return redirect(url_for("dashboard_report.show", reference=reference, done=action), 303)


def _page(reference: str, *, reveal_reason: str | None = None,
          problem: tuple[str, str] | None = None, typed: dict[str, str] | None = None
          ) -> ResponseReturnValue:
    account = current_account()
    with services().database.unit_of_work() as uow:
        try:
            view = open_report(uow.session, reference, by=_attached(uow.session, account),
                               now=datetime.now(UTC), reveal_reason=reveal_reason)
        except NotAllowed:
            view = None  # not theirs looks exactly like not there
        except triage.TransitionRefused as refused:
            view = open_report(uow.session, reference, by=_attached(uow.session, account),
                               now=datetime.now(UTC))
            problem = ("reveal", str(refused))
        if view is None:
            abort(404)
        uow.commit()
        report = view.report
        actors = {a.id: a.display_name or a.email for a in uow.session.scalars(select(Account))}
        agency_choices = [(str(a.id), a.name) for a in uow.session.scalars(
            select(Agency).where(Agency.active).order_by(Agency.name))]
        lead_choices = [(str(a.id), a.display_name or a.email)
                        for a in triage.assignable_accounts(uow.session)]
        html = render_template(
            "dashboard/report.html", view=view, report=report, actors=actors,
            agency_choices=agency_choices, lead_choices=lead_choices, label=label, account=account, problem=problem, typed=typed or {},
            can_triage=allowed(account, Permission.TRIAGE, report),
            can_reveal=allowed(account, Permission.SEE_REPORTER_IDENTITY, report),
            can_message=allowed(account, Permission.MESSAGE_REPORTER, report),
            next_statuses=triage.next_statuses(report), ReportStatus=ReportStatus,
            kinds=choices(ReportKind), factors=choices(ContributingFactor),
            responses=choices(LearningResponse), IdentityMode=IdentityMode,
            done=request.args.get("done"),
            today=datetime.now(UTC).astimezone(services().settings.timezone).date())
    return html, 400 if problem else 200


def _attached(session: Session, account: Account | None) -> Account:
    found = session.get(Account, account.id) if account is not None else None
    if found is None:
        abort(403)
    return found


def _refresh_chat_posts(reference: str) -> None:
    """Chat posts are re-rendered from the new state, after the page has its answer."""
    if services().messengers:
        services().background.submit(refresh_report_posts, services().database, reference,
                                     settings=services().settings,
                                     messengers=services().messengers)


# Each action: (session, report, account, form, now) -> text to tell the reporter, or None.
Action = Callable[[Session, Report, Account, Any, datetime], str | None]


def _status(move: Callable[..., None]) -> Action:
    def run(session: Session, report: Report, by: Account, form: Any, now: datetime) -> None:
        move(session, report, by=by, now=now)
    return run


def _close(session: Session, report: Report, by: Account, form: Any, now: datetime) -> str:
    triage.close(session, report, by=by, now=now, you_said_we_did=form.get("you_said_we_did", ""))
    return f"You said, we did: {report.outcome}"


def _close_no_further_action(session: Session, report: Report, by: Account, form: Any,
                             now: datetime) -> str:
    triage.close_no_further_action(session, report, by=by, now=now,
                                   reason=form.get("reason", ""))
    return "Your report was closed with no further action. Thank you for speaking up."


def _assign(session: Session, report: Report, by: Account, form: Any, now: datetime) -> None:
    wanted = form.get("assignee", "")
    assignee = by if wanted == "me" else (session.get(Account, int(wanted))
                                          if wanted.isdigit() else None)
    if assignee is None:
        raise triage.TransitionRefused("Choose who to assign the report to")
    triage.assign(session, report, by=by, assignee=assignee, now=now)


def _classify(session: Session, report: Report, by: Account, form: Any, now: datetime) -> None:
    kind = form.get("kind", "")
    if kind not in {k.value for k in ReportKind}:
        raise triage.TransitionRefused("Choose what kind of report this is")
    ids = [int(i) for i in form.getlist("agency_ids") if i.isdigit()]
    triage.classify(session, report, by=by, now=now, kind=ReportKind(kind),
                    themes=form.get("themes", "").split(","),
                    contributing_factors=form.getlist("contributing_factors"),
                    agencies=list(session.scalars(select(Agency).where(Agency.id.in_(ids)))))


def _learning_response(session: Session, report: Report, by: Account, form: Any,
                       now: datetime) -> None:
    chosen = form.get("learning_response", "")
    if chosen not in {r.value for r in LearningResponse}:
        raise triage.TransitionRefused("Choose a learning response")
    triage.choose_learning_response(session, report, by=by, response=LearningResponse(chosen),
                                    rationale=form.get("rationale", ""), now=now)


def _learning(session: Session, report: Report, by: Account, form: Any, now: datetime) -> None:
    outcomes.record_learning(session, report, by=by, learning=form.get("learning", ""), now=now)


def _action(session: Session, report: Report, by: Account, form: Any, now: datetime) -> None:
    try:
        due = date.fromisoformat(form.get("due_on", ""))
    except ValueError:
        due = None
    outcomes.add_action(session, report, by=by, description=form.get("description", ""),
                        owner=form.get("owner", ""), due_on=due, now=now)


def _message(session: Session, report: Report, by: Account, form: Any, now: datetime) -> str:
    return message_reporter(session, report, by=by, body=form.get("message", ""), now=now).body


_ACTIONS: dict[str, Action] = {
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
