"""Dashboard pages for learning leads: write or edit a nugget (with a preview of every channel),
see how each landed."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from forms import charts, services
from forms.auth import current_account, requires
from forms.nugget_preview import preview
from learning.evaluation.kirkpatrick import nugget_levels
from learning.nudges import nugget_changes
from learning.nudges.briefing import briefing_html, briefing_of
from learning.nudges.nugget_writing import (AlreadySent, NuggetDraft, UnknownLearningItem,
                                            check_nugget, preview_notice)
from learning.nudges.nugget_status import state_words
from forms.templating import agency_choices
from learning.people.directory import agency_names
from learning.reports.access import Permission

blueprint = Blueprint("dashboard_learning", __name__)
FIELDS = ("title", "what_happened", "why_it_matters", "do_differently", "reflect_questions",
          "further_reading", "source", "learning_item_id", "themes", "roles", "send_at",
          "repeat_every_days", "check_question", "check_options", "check_answer",
          "check_explanation")
WHEN = "%Y-%m-%d %H:%M"


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
    account = current_account()
    with services().database.unit_of_work() as uow:
        found = nugget_changes.nugget_with_status(uow, nugget_id) or abort(404)
        editable = nugget_changes.nugget_to_edit(uow, nugget_id)[1]
        briefing = Markup(briefing_html(briefing_of(found[0])))
        levels = nugget_levels(uow, nugget_id, by=account, settings=services().settings)
    return render_template("dashboard_learning/status.html", nugget=found[0], status=found[1],
                           editable=editable, briefing=briefing, levels=levels, charts=charts,
                           account=account)


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
    return _write_page(None, {name: "" for name in FIELDS}, [])


@blueprint.route("/dashboard/learning/<int:nugget_id>/edit", methods=["GET", "POST"])
@requires(Permission.TRIAGE)
def edit(nugget_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        found = nugget_changes.nugget_to_edit(uow, nugget_id) or abort(404)
    draft, editable = found
    if not editable and request.method == "GET":
        return render_template("dashboard_learning/sent.html", nugget_id=nugget_id,
                               message=str(AlreadySent()), account=current_account()), 409
    return _write_page(nugget_id, _typed_from(draft), [str(a) for a in draft.agency_ids])


def _write_page(nugget_id: int | None, saved: dict[str, str],
                saved_agencies: list[str]) -> ResponseReturnValue:
    posted = request.method == "POST"
    typed = {name: request.form.get(name, "") for name in FIELDS} if posted else saved
    chosen = request.form.getlist("agency_ids") if posted else saved_agencies
    with services().database.unit_of_work() as uow:
        agencies = agency_choices(agency_names(uow.session))
    page = {"typed": typed, "agencies": agencies, "chosen": chosen, "problems": {},
            "preview": None, "nugget_id": nugget_id, "account": current_account()}
    if not posted:
        return render_template("dashboard_learning/write.html", **page)
    draft, page["problems"] = _draft(typed, chosen)
    if page["problems"]:
        return render_template("dashboard_learning/write.html", **page), 400
    if request.form.get("action") != "save":
        page["preview"] = preview(preview_notice(draft, services().settings))
        return render_template("dashboard_learning/write.html", **page)
    with services().database.unit_of_work() as uow:
        try:
            if nugget_id is None:
                nugget_id = nugget_changes.write_nugget(uow, draft, by=current_account())
            elif not nugget_changes.edit_nugget(uow, nugget_id, draft, by=current_account()):
                abort(404)
        except UnknownLearningItem as unknown:
            page["problems"] = {"learning_item_id": str(unknown)}
            return render_template("dashboard_learning/write.html", **page), 400
        except AlreadySent as sent:
            # Sent while the lead was editing: keep what they typed, say why it can't be saved.
            page["problems"] = {"title": str(sent)}
            return render_template("dashboard_learning/write.html", **page), 409
    return redirect(url_for("dashboard_learning.status", nugget_id=nugget_id), 303)


def _typed_from(draft: NuggetDraft) -> dict[str, str]:
    zone = services().settings.timezone
    typed = {name: str(getattr(draft, name, "") or "") for name in FIELDS}
    typed.update(
        themes=", ".join(draft.themes), roles=", ".join(draft.roles),
        send_at=draft.send_at.astimezone(zone).strftime(WHEN) if draft.send_at else "",
        check_options="\n".join(draft.check_options),
        check_answer=str(draft.check_answer + 1) if draft.check_answer is not None else "")
    return typed


def _whole_number(typed: dict[str, str], name: str, problem: str,
                  problems: dict[str, str]) -> int | None:
    value = typed[name].strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    problems[name] = problem
    return None


def _draft(typed: dict[str, str], chosen: list[str]) -> tuple[NuggetDraft, dict[str, str]]:
    problems: dict[str, str] = {}
    send_at = None
    if typed["send_at"].strip():
        try:
            send_at = datetime.strptime(typed["send_at"].strip(), WHEN)\
                .replace(tzinfo=services().settings.timezone)
        except ValueError:
            problems["send_at"] = ("Enter the send time like 2026-12-01 09:30, or leave it empty "
                                   "to keep a draft")
    repeat = _whole_number(typed, "repeat_every_days", "Enter a number of days, like 90",
                           problems)
    item = _whole_number(typed, "learning_item_id",
                         "Enter the learning log item's number, like 12, or leave it empty",
                         problems)
    answer = int(typed["check_answer"]) - 1 if typed["check_answer"].strip().isdigit() else None
    draft = NuggetDraft(
        title=typed["title"], what_happened=typed["what_happened"],
        why_it_matters=typed["why_it_matters"], do_differently=typed["do_differently"],
        reflect_questions=typed["reflect_questions"], further_reading=typed["further_reading"],
        source=typed["source"], learning_item_id=item,
        themes=[t.strip() for t in typed["themes"].split(",") if t.strip()],
        agency_ids=[int(a) for a in chosen if a.isdigit()],
        roles=[r.strip() for r in typed["roles"].split(",") if r.strip()],
        send_at=send_at, repeat_every_days=repeat, check_question=typed["check_question"],
        check_options=typed["check_options"].splitlines(), check_answer=answer,
        check_explanation=typed["check_explanation"])
    return draft, {**check_nugget(draft), **problems}
