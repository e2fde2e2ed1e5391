"""Follow-up for anonymous reporters: the case key opens their report, and only theirs.

A reply is never lost: when the follow-up has timed out, or the page's security token is
refused, the reporter is asked for their case key again with the reply kept, and it is sent
as the report opens.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

from forms import services
from forms.oversized import oversized_form
from forms.unavailable import kept_when_unavailable
from learning.evaluation.reporter_feedback import (CHOICES, OPTIONAL, QUESTION,
                                                   answer_report_again, asked_again)
from learning.people.sessions import end_session, open_session, start_session
from learning.reports.case_keys import MAX_WRONG_ATTEMPTS, open_with_case_key
from learning.reports.clean_text import clean_text
from learning.reports.follow_up import (REPLY_MAX, ReplyRefused, opened_report,
                                        reply_to_opened_report)

blueprint = Blueprint("follow_up", __name__)
# The cookie holds only the token of a server-side session (learning.people.sessions).
FOLLOW_UP = "follow_up_session"
SIGNED_OUT = "follow_up_signed_out"
WRONG_KEY = (f"That case key did not open a report. Check it and try again. After "
             f"{MAX_WRONG_ATTEMPTS} wrong tries a case key is locked for 30 minutes.")
# Rate limits: forms/throttle.py.
BUSY = ("There have been a lot of tries from your organisation's network or this browser in "
        "the last hour. Wait 10 minutes, then try your case key again.")
TIMED_OUT = ("Your reply has not been sent yet: for your security, the report closes on this "
             "device after 30 minutes. Enter your case key again and your reply will be sent.")
REFUSED = ("For your security, LearnLoop could not accept that page: your browser's session "
           "with LearnLoop had ended. Nothing has been sent. Check what you wrote, then send "
           "it again.")
AGAIN_TIMED_OUT = ("Your answer was not saved: for your security, the report closes on this "
                   "device after 30 minutes. Enter your case key again, then answer.")
TOO_LONG = (f"Your reply was too long to send, so it has been cut to its first {REPLY_MAX:,} "
            "characters. Check where it now ends, then send it.")


@blueprint.route("/follow-up", methods=["GET", "POST"])
@kept_when_unavailable("Sorry, your case key could not be checked just now",
                       case_key="Your case key")
def start() -> ResponseReturnValue:
    if request.method == "GET":
        return _start_page(signed_out=bool(session.pop(SIGNED_OUT, None)))
    typed, kept_reply = request.form.get("case_key", "")[:100], _reply_sent()
    if not typed.strip():
        return _start_page(problem="Enter your case key", typed=typed, reply=kept_reply), 400
    now = datetime.now(UTC)
    with services().database.unit_of_work() as uow:
        result = open_with_case_key(uow, typed, now=now,
                                    hash_key=services().settings.case_key_secret)
    if result.report is None:
        # The same words whether the key is wrong, unknown or locked: nothing is revealed.
        return _start_page(problem=WRONG_KEY, typed=typed, reply=kept_reply), 400
    with services().database.unit_of_work() as uow:
        end_session(uow.session, session.get(FOLLOW_UP))
        token = start_session(uow.session, now=now, report_id=result.report.id)
        uow.commit()
    # Only the follow-up's own key changes: a report being written in another tab keeps its
    # security token and draft.
    session[FOLLOW_UP] = token
    if kept_reply.strip():
        return _send_reply(result.report.id, kept_reply)
    return redirect(url_for("follow_up.report"), 303)


@blueprint.errorhandler(429)
def too_many_tries(_: Exception) -> ResponseReturnValue:
    return _start_page(problem=BUSY, typed=request.form.get("case_key", "")[:100],
                       reply=_reply_sent()), 429


@blueprint.errorhandler(CSRFError)
def token_refused(_: CSRFError) -> ResponseReturnValue:
    if request.endpoint == "follow_up.start":
        return _start_page(problem=REFUSED, typed=request.form.get("case_key", "")[:100],
                           reply=_reply_sent()), 400
    if request.endpoint == "follow_up.close":
        return redirect(url_for("follow_up.report"), 303)
    return _reply_again(_reply_sent(), REFUSED)


@blueprint.errorhandler(413)
def too_much_sent(_: Exception) -> ResponseReturnValue:
    form = oversized_form(request.environ, keep=REPLY_MAX, read_at_most=8 * 1024 * 1024)
    reply = clean_text(form.get("reply", "")) if form is not None else ""
    return _reply_again(reply, TOO_LONG, status=413)


@blueprint.get("/follow-up/report")
def report() -> ResponseReturnValue:
    return _report_page()


@blueprint.post("/follow-up/report")
@kept_when_unavailable("Sorry, your reply could not be sent just now",
                       reply="Your reply to the learning group")
def reply() -> ResponseReturnValue:
    text = _reply_sent()
    report_id = _opened_report_id()
    if report_id is None:
        # Timed out: the reply waits on the case key page, and is sent once the key opens.
        return _start_page(problem=TIMED_OUT, reply=text)
    return _send_reply(report_id, text)


@blueprint.post("/follow-up/report-again")
@kept_when_unavailable("Sorry, your answer could not be saved just now")
def report_again() -> ResponseReturnValue:
    """The optional "would you report something like this again?", kept with the report."""
    report_id = _opened_report_id()
    if report_id is None:
        return _start_page(problem=AGAIN_TIMED_OUT)
    try:
        with services().database.unit_of_work() as uow:
            answer_report_again(uow, report_id, request.form.get("report_again", "")[:20],
                                now=datetime.now(UTC))
    except LookupError as refused:
        return _report_page(again_problem=str(refused)), 400
    return redirect(url_for("follow_up.report", answered=1), 303)


@blueprint.post("/follow-up/close")
def close() -> ResponseReturnValue:
    """Sign out of the report on this device; the report itself stays open."""
    with services().database.unit_of_work() as uow:
        end_session(uow.session, session.pop(FOLLOW_UP, None))
        uow.commit()
    session[SIGNED_OUT] = True
    return redirect(url_for("follow_up.start"), 303)


def _send_reply(report_id: int, text: str) -> ResponseReturnValue:
    try:
        with services().database.unit_of_work() as uow:
            reply_to_opened_report(uow, report_id, text, now=datetime.now(UTC))
    except ReplyRefused as refused:
        return _report_page(problem=str(refused), typed=text), 400
    return redirect(url_for("follow_up.report", sent=1), 303)


def _reply_again(text: str, problem: str, *, status: int = 400) -> ResponseReturnValue:
    """The reply back in its box on the report page, or kept on the case key page."""
    if _opened_report_id() is None:
        return _start_page(problem=problem, reply=text), status
    page = _report_page(problem=problem, typed=text)
    return (page, status) if isinstance(page, str) else page


def _reply_sent() -> str:
    # Twice the limit is kept, so "too long" can say by how much without losing the end.
    return clean_text(request.form.get("reply", ""))[:REPLY_MAX * 2]


def _start_page(*, problem: str | None = None, typed: str = "", reply: str = "",
                signed_out: bool = False) -> str:
    return render_template("follow_up/start.html", problem=problem, typed=typed, reply=reply,
                           signed_out=signed_out)


def _opened_report_id() -> int | None:
    """The report this browser opened with its case key, checked on the server each time."""
    token = session.get(FOLLOW_UP)
    if token is None:
        return None
    with services().database.unit_of_work() as uow:
        opened = open_session(uow.session, token, now=datetime.now(UTC))
        uow.commit()
    if opened is None or opened.report_id is None:
        session.pop(FOLLOW_UP, None)
        return None
    return opened.report_id


def _report_page(problem: str | None = None, typed: str = "",
                 again_problem: str | None = None) -> ResponseReturnValue:
    report_id = _opened_report_id()
    if report_id is None:
        return redirect(url_for("follow_up.start"))
    with services().database.unit_of_work() as uow:
        view = opened_report(uow, report_id)
        again = asked_again(uow.session, report_id)
    if view is None:
        return redirect(url_for("follow_up.start"))
    return render_template("follow_up/report.html", view=view, problem=problem, typed=typed,
                           sent=request.args.get("sent") == "1", reply_max=REPLY_MAX,
                           again=again, again_problem=again_problem, again_question=QUESTION,
                           again_optional=OPTIONAL,
                           again_items=[{"value": answer.value, "text": words,
                                         "checked": answer is again.answer}
                                        for answer, words in CHOICES],
                           answered=request.args.get("answered") == "1")
