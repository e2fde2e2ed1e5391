"""The public report form: immediate risk first, the report, check your answers, confirmation.

Every step posts, keeps the answers as a sealed draft (learning.reports.web_drafts) and
redirects to a page that reads them back, so Back and refresh never ask to send a form again.
The answers also travel in the pages' own fields, so a refused or failed post (forms/
report_recovery.py) can always show them again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import (Blueprint, abort, jsonify, redirect, render_template, request, session,
                   url_for)
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import MultiDict

from forms import services
from forms.templating import anchor_for
from forms.answers import Answers, answers_from, blank_answers, draft_from, hidden_fields
from forms.unavailable import kept_when_unavailable
from learning.people.directory import active_agencies
from learning.people.sessions import sealed_receipt, take_receipt
from learning.privacy.pii import find_personal_details
from learning.reports.intake import InvalidReport, Problem, check_answers
from learning.reports.labels import label
from learning.reports.personal_details import checked_token, details_to_check
from learning.reports.posting import post_new_report
from learning.reports.questions import Asked, question, report_questions, reporter_questions
from learning.reports.sending import send_web_report
from learning.reports.web_drafts import keep_draft, kept_draft, new_draft_id, new_secret
from storage.vocabulary import IdentityMode, ReportKind, Setting, Severity

blueprint = Blueprint("report", __name__)
IDENTITY_CAVEAT = ("The web form keeps no record of your computer or browser. Anonymous is the "
                   "most private way to report.")
_AUTOCOMPLETE = {"reporter_name": "name", "reporter_email": "email", "reporter_job_title":
                 "organization-title"}
RECEIPT = "receipt_session"
# The browser's secret for its drafts; each tab's report has its own id beside it.
DRAFTS = "report_drafts"
START_PROBLEM = "report_start_problem"
NO_RISK_ANSWER = "Select yes if a child is at immediate risk of harm"
# Its database outage page: forms/unavailable.py.
REPORT_UNSENT = "Sorry, your report could not be sent just now"


@blueprint.get("/")
def home() -> ResponseReturnValue:
    return redirect(url_for("report.start"))


@blueprint.route("/report", methods=["GET", "POST"])
def start() -> ResponseReturnValue:
    if request.method == "GET":
        problems = {"immediate_risk": NO_RISK_ANSWER} if session.pop(START_PROBLEM, None) else {}
        return start_page(problems=problems)
    answer = request.form.get("immediate_risk")
    if answer == "yes":
        return redirect(url_for("report.act_now"), 303)
    if answer == "no":
        return redirect(url_for("report.details", immediate_risk="no"), 303)
    session[START_PROBLEM] = True
    return redirect(url_for("report.start"), 303)


@blueprint.get("/report/act-now")
def act_now() -> ResponseReturnValue:
    return render_template("report/immediate_risk.html",
                           contacts=services().settings.emergency_contacts)


@blueprint.get("/report/details")
def details() -> ResponseReturnValue:
    page = _kept(request.args.get("draft"))
    if page is not None:
        return details_page(page["answers"], draft_id=request.args["draft"],
                             problems=page.get("problems") or {},
                             findings=page.get("findings", False))
    risk = request.args.get("immediate_risk")
    if risk not in ("yes", "no"):
        return redirect(url_for("report.start"))
    return details_page(blank_answers(immediate_risk=risk), draft_id=new_draft_id())


@blueprint.post("/report/details")
@kept_when_unavailable(REPORT_UNSENT, what_happened="What happened",
                       what_stopped_harm="What stopped harm")
def check_details() -> ResponseReturnValue:
    answers, draft_id = answers_from(request.form), draft_id_of(request.form)
    problems = answer_problems(answers)
    if problems:
        return _keep_and_show(draft_id, {"answers": answers, "problems": problems}, "details")
    if answers.get("identity_mode") == IdentityMode.ANONYMOUS:
        # Anonymous means anonymous: details typed before choosing it go no further.
        answers.update(reporter_name="", reporter_email="", reporter_job_title="")
    draft, _ = draft_from(answers)
    if details_to_check(draft, today=_today(), checked=str(answers.get("pii_checked"))):
        answers["pii_checked"] = checked_token(draft)
        return _keep_and_show(draft_id, {"answers": answers, "findings": True}, "details",
                              anchor="personal-details")
    return _keep_and_show(draft_id, {"answers": answers}, "check")


@blueprint.get("/report/check")
def check() -> ResponseReturnValue:
    page = _kept(request.args.get("draft"))
    if page is None:
        return redirect(url_for("report.start"), 303)
    if answer_problems(page["answers"]):
        return redirect(url_for("report.details", draft=request.args["draft"]), 303)
    return check_page(page["answers"], draft_id=request.args["draft"])


@blueprint.post("/report/change")
def change() -> ResponseReturnValue:
    """A "Change" link on check your answers: back to the question, focused on it."""
    answers, draft_id = answers_from(request.form), draft_id_of(request.form)
    field = request.form.get("field", "")
    asked = {q.field for q in report_questions() + reporter_questions()}
    return _keep_and_show(draft_id, {"answers": answers}, "details",
                          anchor=anchor_for(field) if field in asked else None)


@blueprint.post("/report/check")
@kept_when_unavailable(REPORT_UNSENT, what_happened="What happened",
                       what_stopped_harm="What stopped harm")
def send() -> ResponseReturnValue:
    answers, draft_id = answers_from(request.form), draft_id_of(request.form)
    draft, date_problems = draft_from(answers)
    if date_problems:
        return details_page(answers, draft_id=draft_id, problems=answer_problems(answers)), 400
    # The answers are checked once, by submit_report, in the unit of work that stores them.
    try:
        sent = send_web_report(services().database, draft, drafts_secret=session.get(DRAFTS),
                               draft_id=draft_id, settings=services().settings,
                               now=datetime.now(UTC))
    except InvalidReport as invalid:
        return details_page(answers, draft_id=draft_id, problems=_by_field(invalid.problems)), 400
    result, receipt_token = sent.result, sent.receipt_token
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
                           case_key_groups=(receipt["case_key"] or "").split("-"),
                           acknowledgement_due=date.fromisoformat(receipt["acknowledgement_due"]))


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


def start_page(*, problems: dict[str, str], chosen: str | None = None) -> str:
    return render_template("report/start.html", problems=problems, chosen=chosen,
                           question=question("immediate_risk"))


def _keep_and_show(draft_id: str, page: dict[str, Any], step: str, *,
                   anchor: str | None = None) -> ResponseReturnValue:
    secret = session.get(DRAFTS)
    if not isinstance(secret, str):
        secret = session[DRAFTS] = new_secret()
    with services().database.unit_of_work() as uow:
        keep_draft(uow, page, secret=secret, draft_id=draft_id,
                   server_key=services().settings.secret_key, now=datetime.now(UTC))
    target = url_for(f"report.{step}", draft=draft_id)
    return redirect(f"{target}#{anchor}" if anchor else target, 303)


def _kept(draft_id: str | None) -> dict[str, Any] | None:
    if not draft_id:
        return None
    with services().database.unit_of_work() as uow:
        return kept_draft(uow, secret=session.get(DRAFTS), draft_id=draft_id,
                          server_key=services().settings.secret_key, now=datetime.now(UTC))


def draft_id_of(form: MultiDict[str, str]) -> str:
    given = form.get("draft", "")
    return given if 8 <= len(given) <= 40 and given.replace("-", "").replace("_", "").isalnum() \
        else new_draft_id()


def answer_problems(answers: Answers) -> dict[str, str]:
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


def details_page(answers: Answers, *, draft_id: str, problems: dict[str, str] | None = None,
                  findings: bool = False, notice: str | None = None) -> str:
    with services().database.unit_of_work() as uow:
        agencies = [(str(a.id), a.name) for a in active_agencies(uow.session)]
    found = details_to_check(draft_from(answers)[0], today=_today(), checked=None) \
        if findings else {}
    # Immediate risk was asked on the first page, on its own.
    asked_here = [q for q in report_questions() if q.asked is not Asked.FIRST]
    return render_template(
        "report/details.html", answers=answers, problems=problems or {}, findings=found,
        notice=notice, agencies=agencies, questions=asked_here,
        reporter_questions=reporter_questions(), reporter_autocomplete=_AUTOCOMPLETE,
        identity_caveat=IDENTITY_CAVEAT, draft_id=draft_id,
        hidden=[("immediate_risk", answers.get("immediate_risk", ""))],
    )


def check_page(answers: Answers, *, draft_id: str, failure: str | None = None) -> str:
    draft, _ = draft_from(answers)
    try:
        with services().database.unit_of_work() as uow:
            agencies = [a.name for a in active_agencies(uow.session) if a.id in draft.agency_ids]
    except SQLAlchemyError:
        agencies = [f"{len(draft.agency_ids)} chosen (names cannot be shown just now)"]
    return render_template("report/check.html", draft=draft, answers=answers, agencies=agencies,
                           hidden=hidden_fields(answers), failure=failure, label=label,
                           draft_id=draft_id,
                           ack_days=services().settings.acknowledgement_working_days,
                           ReportKind=ReportKind, Setting=Setting, Severity=Severity,
                           IdentityMode=IdentityMode)


def _today() -> date:
    return datetime.now(UTC).astimezone(services().settings.timezone).date()


# Registers the report form's answers to a refused or failed post; needs the names above.
from forms import report_recovery  # noqa: E402, F401
