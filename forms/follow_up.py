"""Follow-up for anonymous reporters: the case key opens their report, and only theirs."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (Blueprint, redirect, render_template, request, session,
                   url_for)
from flask.typing import ResponseReturnValue

from forms import services
from forms.unavailable import kept_when_unavailable
from learning.people.sessions import end_session, open_session, start_session
from learning.reports.case_keys import MAX_WRONG_ATTEMPTS, open_with_case_key
from learning.reports.follow_up import (REPLY_MAX, ReplyRefused, opened_report,
                                       reply_to_opened_report)

blueprint = Blueprint("follow_up", __name__)
# The cookie holds only the token of a server-side session (learning.people.sessions).
FOLLOW_UP = "follow_up_session"
WRONG_KEY = (f"That case key did not open a report. Check it and try again. After "
             f"{MAX_WRONG_ATTEMPTS} wrong tries a case key is locked for 30 minutes.")
# Rate limits: forms/throttle.py.
BUSY = ("There have been a lot of tries from your organisation's network or this browser in "
        "the last hour. Wait 10 minutes, then try your case key again.")


@blueprint.route("/follow-up", methods=["GET", "POST"])
@kept_when_unavailable("Sorry, your case key could not be checked just now",
                       case_key="Your case key")
def start() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("follow_up/start.html", problem=None, typed="")
    typed = request.form.get("case_key", "")[:100]
    if not typed.strip():
        return render_template("follow_up/start.html", problem="Enter your case key",
                               typed=typed), 400
    now = datetime.now(UTC)
    with services().database.unit_of_work() as uow:
        result = open_with_case_key(uow, typed, now=now,
                                    hash_key=services().settings.case_key_secret)
    if result.report is None:
        # The same words whether the key is wrong, unknown or locked: nothing is revealed.
        return render_template("follow_up/start.html", problem=WRONG_KEY, typed=typed), 400
    with services().database.unit_of_work() as uow:
        token = start_session(uow.session, now=now, report_id=result.report.id)
        uow.commit()
    session.clear()
    session[FOLLOW_UP] = token
    return redirect(url_for("follow_up.report"), 303)


@blueprint.errorhandler(429)
def too_many_tries(_: Exception) -> ResponseReturnValue:
    return render_template("follow_up/start.html", problem=BUSY,
                           typed=request.form.get("case_key", "")[:100]), 429


@blueprint.get("/follow-up/report")
def report() -> ResponseReturnValue:
    return _report_page()


@blueprint.post("/follow-up/report")
@kept_when_unavailable("Sorry, your reply could not be sent just now",
                       reply="Your reply to the learning group")
def reply() -> ResponseReturnValue:
    text = request.form.get("reply", "")[:REPLY_MAX * 2]
    report_id = _opened_report_id()
    if report_id is None:
        return redirect(url_for("follow_up.start"))
    try:
        with services().database.unit_of_work() as uow:
            reply_to_opened_report(uow, report_id, text, now=datetime.now(UTC))
    except ReplyRefused as refused:
        return _report_page(problem=str(refused), typed=text), 400
    return redirect(url_for("follow_up.report", sent=1), 303)


@blueprint.post("/follow-up/close")
def close() -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        end_session(uow.session, session.pop(FOLLOW_UP, None))
        uow.commit()
    return redirect(url_for("follow_up.start"), 303)


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


def _report_page(problem: str | None = None, typed: str = "") -> ResponseReturnValue:
    report_id = _opened_report_id()
    if report_id is None:
        return redirect(url_for("follow_up.start"))
    with services().database.unit_of_work() as uow:
        view = opened_report(uow, report_id)
    if view is None:
        return redirect(url_for("follow_up.start"))
    return render_template("follow_up/report.html", view=view, problem=problem, typed=typed,
                           sent=request.args.get("sent") == "1", reply_max=REPLY_MAX)
