"""Follow-up for anonymous reporters: the case key opens their report, and only theirs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import (Blueprint, current_app, redirect, render_template, request, session,
                   url_for)
from flask.typing import ResponseReturnValue

from forms import services
from forms.throttle import throttle_for
from learning.reports.case_keys import MAX_WRONG_ATTEMPTS, check_case_key
from learning.reports.follow_up import (REPLY_MAX, ReplyRefused, opened_report,
                                       reply_to_opened_report)

blueprint = Blueprint("follow_up", __name__)
OPEN_FOR = timedelta(minutes=30)
TRIES_PER_HOUR = 30
WRONG_KEY = (f"That case key did not open a report. Check it and try again. After "
             f"{MAX_WRONG_ATTEMPTS} wrong tries a case key is locked for 30 minutes.")

throttle_for(blueprint, "follow_up_throttle", limit=TRIES_PER_HOUR, window_seconds=3600)


@blueprint.route("/follow-up", methods=["GET", "POST"])
def start() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("follow_up/start.html", problem=None, typed="")
    typed = request.form.get("case_key", "")[:100]
    if not typed.strip():
        return render_template("follow_up/start.html", problem="Enter your case key",
                               typed=typed), 400
    if not current_app.extensions["follow_up_throttle"].allow(request.remote_addr):
        return render_template("follow_up/start.html", typed=typed, problem=(
            "Too many tries from here. Wait an hour, then try again.")), 429
    now = datetime.now(UTC)
    with services().database.unit_of_work() as uow:
        result = check_case_key(uow.session, typed, now=now)
        uow.commit()
    if result.report is None:
        # The same words whether the key is wrong, unknown or locked: nothing is revealed.
        return render_template("follow_up/start.html", problem=WRONG_KEY, typed=typed), 400
    session.clear()
    session["follow_up"] = {"report_id": result.report.id, "until": (now + OPEN_FOR).isoformat()}
    return redirect(url_for("follow_up.report"), 303)


@blueprint.get("/follow-up/report")
def report() -> ResponseReturnValue:
    return _report_page()


@blueprint.post("/follow-up/report")
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
    session.pop("follow_up", None)
    return redirect(url_for("follow_up.start"), 303)


def _opened_report_id() -> int | None:
    opened = session.get("follow_up")
    if not opened or datetime.fromisoformat(opened["until"]) < datetime.now(UTC):
        session.pop("follow_up", None)
        return None
    return opened["report_id"]


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
