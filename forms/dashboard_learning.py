"""Dashboard pages for learning leads: write a nugget (with a preview), see how each landed."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, requires
from learning.messaging import NuggetNotice
from learning.nudges import nugget_changes
from learning.nudges.delivery_notices import nugget_notice
from learning.nudges.nugget_status import state_words
from learning.nudges.nuggets import NuggetDraft, check_nugget
from learning.people.directory import all_agencies
from learning.reports.access import Permission
from storage.models.nudges import Delivery, Nugget

blueprint = Blueprint("dashboard_learning", __name__)
FIELDS = ("title", "body", "source", "themes", "roles", "send_at", "repeat_every_days",
          "check_question", "check_options", "check_answer", "check_explanation")


@blueprint.get("/dashboard/learning")
@requires(Permission.TRIAGE)
def nuggets() -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        rows = nugget_changes.nuggets_with_status(uow)
    return render_template("dashboard_learning/index.html", nuggets=[n for n, _ in rows],
                           statuses={n.id: status for n, status in rows},
                           nugget_state=state_words, account=current_account())


@blueprint.get("/dashboard/learning/<int:nugget_id>")
@requires(Permission.TRIAGE)
def status(nugget_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        found = nugget_changes.nugget_with_status(uow, nugget_id) or abort(404)
    return render_template("dashboard_learning/status.html", nugget=found[0], status=found[1],
                           account=current_account())


@blueprint.post("/dashboard/learning/<int:nugget_id>/withdraw")
@requires(Permission.TRIAGE)
def withdraw(nugget_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        if not nugget_changes.withdraw(uow, nugget_id, by=current_account()):
            abort(404)
    return redirect(url_for("dashboard_learning.status", nugget_id=nugget_id), 303)


@blueprint.route("/dashboard/learning/new", methods=["GET", "POST"])
@requires(Permission.TRIAGE)
def write() -> ResponseReturnValue:
    typed = {name: request.form.get(name, "") for name in FIELDS}
    with services().database.unit_of_work() as uow:
        agencies = [(str(a.id), a.name) for a in all_agencies(uow.session)]
    chosen = request.form.getlist("agency_ids")
    page = {"typed": typed, "agencies": agencies, "chosen": chosen, "problems": {},
            "preview": None, "account": current_account()}
    if request.method == "GET":
        return render_template("dashboard_learning/write.html", **page)
    draft, problems = _draft(typed, chosen)
    page["problems"] = problems
    if problems:
        return render_template("dashboard_learning/write.html", **page), 400
    if request.form.get("action") != "save":
        page["preview"] = _preview(draft)
        return render_template("dashboard_learning/write.html", **page)
    with services().database.unit_of_work() as uow:
        nugget_changes.write_nugget(uow, draft, by=current_account())
    return redirect(url_for("dashboard_learning.nuggets"), 303)


def _draft(typed: dict[str, str], chosen: list[str]) -> tuple[NuggetDraft, dict[str, str]]:
    problems: dict[str, str] = {}
    send_at = repeat = answer = None
    zone = services().settings.timezone
    if typed["send_at"].strip():
        try:
            send_at = datetime.strptime(typed["send_at"].strip(), "%Y-%m-%d %H:%M")\
                .replace(tzinfo=zone)
        except ValueError:
            problems["send_at"] = ("Enter the send time like 2026-12-01 09:30, or leave it empty "
                                   "to keep a draft")
    if typed["repeat_every_days"].strip():
        if typed["repeat_every_days"].strip().isdigit():
            repeat = int(typed["repeat_every_days"])
        else:
            problems["repeat_every_days"] = "Enter a number of days, like 90"
    if typed["check_answer"].strip().isdigit():
        answer = int(typed["check_answer"]) - 1  # leads count answers from 1
    draft = NuggetDraft(
        title=typed["title"], body=typed["body"], source=typed["source"],
        themes=[t.strip() for t in typed["themes"].split(",") if t.strip()],
        agency_ids=[int(a) for a in chosen if a.isdigit()],
        roles=[r.strip() for r in typed["roles"].split(",") if r.strip()],
        send_at=send_at, repeat_every_days=repeat, check_question=typed["check_question"],
        check_options=typed["check_options"].splitlines(), check_answer=answer,
        check_explanation=typed["check_explanation"])
    return draft, {**check_nugget(draft), **problems}


def _preview(draft: NuggetDraft) -> NuggetNotice:
    """The notice exactly as Slack and Teams receive it, before anything is saved."""
    nugget = Nugget(id=0, title=draft.title, body=draft.body, source=draft.source or None,
                    themes=draft.themes, check_question=draft.check_question or None,
                    check_options=[o.strip() for o in draft.check_options if o.strip()],
                    check_answer=draft.check_answer)
    return nugget_notice(nugget, Delivery(id=0), services().settings)
