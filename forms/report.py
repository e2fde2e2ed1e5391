"""The public report form: immediate risk first, the report, check your answers, confirmation."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import (Blueprint, abort, jsonify, redirect, render_template, request,
                   session, url_for)
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from forms import services
from forms.answers import Answers, answers_from, blank_answers, draft_from, hidden_fields
from forms.unavailable import kept_when_unavailable
from learning.people.directory import active_agencies
from learning.people.sessions import reserve_receipt, sealed_receipt, take_receipt
from learning.privacy.pii import find_personal_details
from learning.reports.intake import InvalidReport, Problem, check_answers, submit_report
from learning.reports.labels import label
from learning.reports.personal_details import checked_token, details_to_check
from learning.reports.posting import post_new_report
from learning.reports.questions import Asked, question, report_questions, reporter_questions
from storage.vocabulary import Channel, IdentityMode, ReportKind, Setting, Severity

log = logging.getLogger(__name__)
blueprint = Blueprint("report", __name__)
IDENTITY_CAVEAT = ("The web form keeps no record of your computer or browser. Anonymous is the "
                   "most private way to report.")
_AUTOCOMPLETE = {"reporter_name": "name", "reporter_email": "email"}
RECEIPT = "receipt_session"
# Rate limits: forms/throttle.py.
BUSY = ("LearnLoop has had a lot of reports from your organisation's network or this browser "
        "in the last hour, so it is pausing new ones for a short while. Nothing is lost: your "
        "answers are kept below. Wait 10 minutes, then send this report again.")
# Its database outage page: forms/unavailable.py.
REPORT_UNSENT = "Sorry, your report could not be sent just now"


@blueprint.get("/")
def home() -> ResponseReturnValue:
    return redirect(url_for("report.start"))


@blueprint.route("/report", methods=["GET", "POST"])
def start() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("report/start.html", problems={},
                               question=question("immediate_risk"))
    answer = request.form.get("immediate_risk")
    if answer == "yes":
        return render_template("report/immediate_risk.html",
                               contacts=services().settings.emergency_contacts)
    if answer == "no":
        return redirect(url_for("report.details", immediate_risk="no"))
    problems = {"immediate_risk": "Select yes if a child is at immediate risk of harm"}
    return render_template("report/start.html", problems=problems,
                           question=question("immediate_risk")), 400


@blueprint.get("/report/details")
def details() -> ResponseReturnValue:
    risk = request.args.get("immediate_risk")
    if risk not in ("yes", "no"):
        return redirect(url_for("report.start"))
    return _details_page(blank_answers(immediate_risk=risk))


@blueprint.post("/report/details")
@kept_when_unavailable(REPORT_UNSENT, what_happened="What happened",
                       what_stopped_harm="What stopped harm")
def check_details() -> ResponseReturnValue:
    answers = answers_from(request.form)
    problems = _problems(answers)
    if problems:
        return _details_page(answers, problems=problems), 400
    if answers.get("identity_mode") == IdentityMode.ANONYMOUS:
        # Anonymous means anonymous: details typed before choosing it go no further.
        answers.update(reporter_name="", reporter_email="", reporter_job_title="")
    draft, _ = draft_from(answers)
    findings = details_to_check(draft, today=_today(), checked=str(answers.get("pii_checked")))
    if findings:
        answers["pii_checked"] = checked_token(draft)
        return _details_page(answers, findings=findings)
    return _check_page(answers)


@blueprint.post("/report/check")
@kept_when_unavailable(REPORT_UNSENT, what_happened="What happened",
                       what_stopped_harm="What stopped harm")
def send() -> ResponseReturnValue:
    answers = answers_from(request.form)
    action = request.form.get("action", "")
    if action.startswith("change:"):
        return _details_page(answers, focus=action.removeprefix("change:"))
    problems = _problems(answers)
    if problems:
        return _details_page(answers, problems=problems), 400
    draft, _ = draft_from(answers)
    try:
        with services().database.unit_of_work() as uow:
            receipt_token = reserve_receipt(uow.session, now=datetime.now(UTC))
            result = submit_report(uow, draft, channel=Channel.WEB, settings=services().settings,
                                   now=datetime.now(UTC))
    except InvalidReport as invalid:
        return _details_page(answers, problems=_by_field(invalid.problems)), 400
    if services().messengers:
        services().background.submit(post_new_report, services().database, result.reference,
                                     settings=services().settings,
                                     messengers=services().messengers)
    receipt = {"reference": result.reference, "case_key": result.case_key,
               "acknowledgement_due": result.acknowledgement_due.isoformat(),
               "signposting": result.signposting, "identity_mode": result.identity_mode.value}
    # Sealed, and shown once: the cookie alone cannot read it, nor a copy show it twice.
    session[RECEIPT] = {"token": receipt_token, "sealed": sealed_receipt(
        receipt, receipt_token, server_key=services().settings.secret_key)}
    return redirect(url_for("report.done"), 303)


@blueprint.errorhandler(429)
def too_many_reports(_: Exception) -> ResponseReturnValue:
    return _check_page(answers_from(request.form), failure=BUSY), 429


@blueprint.get("/report/done")
def done() -> ResponseReturnValue:
    # Shown once: the case key leaves the session as it is shown, and not before (a database
    # outage here must leave it for Try again).
    held = session.get(RECEIPT) or {}
    with services().database.unit_of_work() as uow:
        receipt = take_receipt(uow.session, held.get("token"), held.get("sealed"),
                               server_key=services().settings.secret_key, now=datetime.now(UTC))
        uow.commit()
    session.pop(RECEIPT, None)
    if receipt is None:
        return redirect(url_for("report.start"))
    return render_template("report/done.html", receipt=receipt,
                           acknowledgement_due=datetime.fromisoformat(receipt["acknowledgement_due"]))


@blueprint.post("/report/personal-details")
def check_personal_details() -> ResponseReturnValue:
    """For the as-you-type warning: what the guard finds in a piece of text."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        abort(400)
    text = payload["text"][:6000]
    return jsonify(findings=[
        {"found": text[f.start:f.end], "label": f.label, "suggestion": f.suggestion}
        for f in find_personal_details(text, today=_today())
    ])


def _problems(answers: Answers) -> dict[str, str]:
    draft, problems = draft_from(answers)
    with services().database.unit_of_work() as uow:
        found = check_answers(uow.session, draft, today=_today())
    date_fields = {p.field for p in problems}
    return _by_field(problems + [p for p in found if p.field not in date_fields])


def _by_field(problems: list[Problem]) -> dict[str, str]:
    by_field: dict[str, str] = {}
    for problem in problems:
        by_field.setdefault(problem.field, problem.message)
    return by_field


def _details_page(answers: Answers, *, problems: dict[str, str] | None = None,
                  findings: dict | None = None, focus: str | None = None) -> str:
    with services().database.unit_of_work() as uow:
        agencies = [(str(a.id), a.name) for a in active_agencies(uow.session)]
    # Immediate risk was asked on the first page, on its own.
    asked_here = [q for q in report_questions() if q.asked is not Asked.FIRST]
    return render_template(
        "report/details.html", answers=answers, problems=problems or {}, findings=findings or {},
        focus=focus, agencies=agencies, questions=asked_here,
        reporter_questions=reporter_questions(), reporter_autocomplete=_AUTOCOMPLETE,
        identity_caveat=IDENTITY_CAVEAT,
        hidden=[("immediate_risk", answers.get("immediate_risk", ""))],
    )


def _check_page(answers: Answers, *, failure: str | None = None) -> str:
    draft, _ = draft_from(answers)
    try:
        with services().database.unit_of_work() as uow:
            agencies = [a.name for a in active_agencies(uow.session) if a.id in draft.agency_ids]
    except SQLAlchemyError:
        agencies = [f"{len(draft.agency_ids)} chosen (names cannot be shown just now)"]
    return render_template("report/check.html", draft=draft, answers=answers, agencies=agencies,
                           hidden=hidden_fields(answers), failure=failure, label=label,
                           ack_days=services().settings.acknowledgement_working_days,
                           ReportKind=ReportKind, Setting=Setting, Severity=Severity,
                           IdentityMode=IdentityMode)


def _today():
    return datetime.now(UTC).astimezone(services().settings.timezone).date()

