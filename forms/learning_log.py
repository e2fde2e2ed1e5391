"""The learning log's pages: the log with its filters, one item with its history, new learning."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, requires
from learning.improvement import actions as action_plans
from learning.improvement import learning_log as log
from learning.improvement.reviews import KIND_LABELS
from forms.templating import agency_choices
from learning.people.directory import agency_names
from learning.reports.access import Permission
from storage.models.improvement import LearningStatus

blueprint = Blueprint("learning_log", __name__)
STATUSES = [(s.value, s.value.replace("_", " ").capitalize()) for s in LearningStatus]
LEARNING_FIELDS = ("title", "what_was_learned", "themes", "status", "training")
ACTION_FIELDS = ("what", "owner_name", "agency_id", "owner_id", "due_on")


@blueprint.get("/dashboard/learning-log")
@requires(Permission.VIEW_LEARNING_LOG)
def index() -> ResponseReturnValue:
    args = request.args
    agency = args.get("agency", "")
    filters = log.LogFilters(search=args.get("q", "")[:200], theme=args.get("theme") or None,
                             agency_id=int(agency) if agency.isdigit() else None,
                             status=args.get("status") or None)
    with services().database.unit_of_work() as uow:
        items = log.learning_log(uow.session, current_account(), filters)
        agencies = agency_choices(agency_names(uow.session))
    return render_template("improvement/learning_log.html", items=items, filters=filters,
                           agencies=agencies, statuses=STATUSES, account=current_account())


@blueprint.route("/dashboard/learning-log/new", methods=["GET", "POST"])
@requires(Permission.TRIAGE)
def new() -> ResponseReturnValue:
    typed = {name: request.form.get(name, "") for name in LEARNING_FIELDS}
    if request.method == "GET":
        return _new_page(typed, {})
    try:
        with services().database.unit_of_work() as uow:
            item = log.record_learning(uow, _draft(typed), by=current_account(),
                                       now=datetime.now(UTC))
    except log.LearningRefused as refused:
        return _new_page(typed, refused.problems), 400
    return redirect(url_for("learning_log.item", item_id=item.id, done="saved"), 303)


def _new_page(typed: dict[str, str], problems: dict[str, str]) -> str:
    return render_template("improvement/learning_new.html", typed=typed, problems=problems,
                           statuses=STATUSES, account=current_account())


@blueprint.get("/dashboard/learning-log/<int:item_id>")
@requires(Permission.VIEW_LEARNING_LOG)
def item(item_id: int) -> ResponseReturnValue:
    return _item_page(item_id)


@blueprint.post("/dashboard/learning-log/<int:item_id>/edit")
@requires(Permission.TRIAGE)
def edit(item_id: int) -> ResponseReturnValue:
    typed = {name: request.form.get(name, "") for name in LEARNING_FIELDS}
    try:
        with services().database.unit_of_work() as uow:
            log.edit_learning(uow, item_id, _draft(typed), by=current_account(),
                              now=datetime.now(UTC))
    except LookupError:
        abort(404)
    except log.LearningRefused as refused:
        return _item_page(item_id, typed=typed, problems=refused.problems), 400
    return redirect(url_for("learning_log.item", item_id=item_id, done="saved"), 303)


@blueprint.post("/dashboard/learning-log/<int:item_id>/actions")
@requires(Permission.TRIAGE)
def add_action(item_id: int) -> ResponseReturnValue:
    typed = {name: request.form.get(name, "") for name in ACTION_FIELDS}
    try:
        with services().database.unit_of_work() as uow:
            action_plans.add_action(uow, item_id, _action_draft(typed), by=current_account(),
                                    today=_today())
    except LookupError:
        abort(404)
    except action_plans.ActionRefused as refused:
        return _item_page(item_id, action_typed=typed, problems=refused.problems), 400
    return redirect(url_for("learning_log.item", item_id=item_id, done="action"), 303)


@blueprint.post("/dashboard/learning-log/<int:item_id>/link")
@requires(Permission.TRIAGE)
def link(item_id: int) -> ResponseReturnValue:
    form = request.form
    try:
        with services().database.unit_of_work() as uow:
            if form.get("nugget_id", "").isdigit():
                log.link_nugget(uow, item_id, int(form["nugget_id"]), by=current_account())
            else:
                log.link_report(uow, item_id, form.get("reference", "")[:20],
                                by=current_account(), now=datetime.now(UTC))
    except LookupError:
        abort(404)
    except log.LearningRefused as refused:
        return _item_page(item_id, link_typed=form.to_dict(), problems=refused.problems), 400
    return redirect(url_for("learning_log.item", item_id=item_id, done="linked"), 303)


def _item_page(item_id: int, *, typed: dict[str, str] | None = None,
               action_typed: dict[str, str] | None = None,
               link_typed: dict[str, str] | None = None,
               problems: dict[str, str] | None = None) -> str:
    account = current_account()
    with services().database.unit_of_work() as uow:
        page = log.learning_item_page(uow.session, item_id, by=account)
        if page is None:
            abort(404)
        shown = page.item
        typed = typed or {"title": shown.title, "what_was_learned": shown.what_was_learned,
                          "themes": ", ".join(shown.themes), "status": shown.status.value,
                          "training": shown.training or ""}
        return render_template(
            "improvement/learning_item.html", page=page, item=shown, typed=typed,
            action_typed=action_typed or {}, link_typed=link_typed or {},
            problems=problems or {}, statuses=STATUSES, review_label=KIND_LABELS,
            agencies=agency_choices(agency_names(uow.session)),
            owners=action_plans.owner_choices(uow.session), today=_today(),
            nugget_choices=[(str(n.id), n.title) for n in page.all_nuggets],
            done=request.args.get("done"), account=account)


def _draft(typed: dict[str, str]) -> log.LearningDraft:
    return log.LearningDraft(title=typed["title"], what_was_learned=typed["what_was_learned"],
                             themes=typed["themes"].split(","),
                             status=typed["status"] or LearningStatus.IDENTIFIED.value,
                             training=typed["training"])


def _action_draft(typed: dict[str, str]) -> action_plans.ActionDraft:
    try:
        due = date.fromisoformat(typed["due_on"].strip())
    except ValueError:
        due = None
    return action_plans.ActionDraft(
        what=typed["what"], owner_name=typed["owner_name"],
        agency_id=int(typed["agency_id"]) if typed["agency_id"].isdigit() else None,
        owner_id=int(typed["owner_id"]) if typed["owner_id"].isdigit() else None, due_on=due)


def _today() -> date:
    return datetime.now(UTC).astimezone(services().settings.timezone).date()
