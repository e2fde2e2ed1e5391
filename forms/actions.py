"""The partnership's action plans: every action (an agency lead, their agency's), and one action."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from forms import services
from forms.auth import current_account, requires
from forms.reads import request_reads
from learning.improvement import actions as plans
from forms.templating import agency_choices
from learning.people.directory import agency_names
from learning.reports.access import NotAllowed, Permission, permissions
from storage.models.improvement import ActionStatus

blueprint = Blueprint("actions", __name__)
STATUSES = [(s.value, s.value.replace("_", " ").capitalize()) for s in ActionStatus]
UPDATE_FIELDS = ("status", "evidence", "dropped_reason", "due_on", "stuck", "stuck_note")


@blueprint.get("/dashboard/actions")
@requires(Permission.VIEW_ACTIONS)
def index() -> ResponseReturnValue:
    args = request.args
    agency, page = args.get("agency", ""), args.get("page", "1")
    filters = plans.ActionFilters(status=args.get("status") or None,
                                  agency_id=int(agency) if agency.isdigit() else None,
                                  overdue=args.get("overdue") == "yes",
                                  page=int(page) if page.isdigit() else 1)
    today = _today()
    uow = request_reads()
    found = plans.actions_page(uow.session, current_account(), filters, today=today)
    agencies = agency_choices(agency_names(uow.session))
    # An action's page is the list's address and its id (the `show` route below).
    return render_template("improvement/actions.html", page=found, filters=filters,
                           agencies=agencies, statuses=STATUSES,
                           listed=_listed(found.actions, today=today),
                           account=current_account())


@blueprint.get("/dashboard/actions/<int:action_id>")
@requires(Permission.VIEW_ACTIONS)
def show(action_id: int) -> ResponseReturnValue:
    return _page(action_id)


@blueprint.post("/dashboard/actions/<int:action_id>")
@requires(Permission.UPDATE_ACTION)
def update(action_id: int) -> ResponseReturnValue:
    typed = {name: request.form.get(name, "")[:6000] for name in UPDATE_FIELDS}
    try:
        with services().database.unit_of_work() as uow:
            if request.form.get("part") == "stuck":
                plans.record_stuck(uow, action_id, typed["stuck"], typed["stuck_note"],
                                   by=current_account(), today=_today())
            else:
                plans.update_action(uow, action_id, plans.ActionUpdate(
                    status=typed["status"], evidence=typed["evidence"],
                    dropped_reason=typed["dropped_reason"], due_on=_day(typed["due_on"])),
                    by=current_account(), today=_today())
    except LookupError:
        abort(404)
    except NotAllowed:
        abort(403)
    except plans.ActionRefused as refused:
        return _page(action_id, typed=typed, problems=refused.problems), 400
    return redirect(url_for("actions.show", action_id=action_id, done="saved"), 303)


def _page(action_id: int, *, typed: dict[str, str] | None = None,
          problems: dict[str, str] | None = None) -> str:
    account = current_account()
    with services().database.unit_of_work() as uow:
        action = plans.action_for(uow.session, account, action_id)
        if action is None:
            abort(404)
        typed = typed or {"status": action.status.value, "evidence": action.evidence or "",
                          "dropped_reason": action.dropped_reason or "",
                          "due_on": action.due_on.isoformat(), "stuck": "", "stuck_note": ""}
        return render_template("improvement/action.html", action=action, typed=typed,
                               problems=problems or {}, statuses=STATUSES, today=_today(),
                               is_overdue=plans.is_overdue, done=request.args.get("done"),
                               can=permissions(account, action=action), account=account)


def _listed(actions: list[plans.ActionLine], *, today: date) -> Markup:
    """The page's fifty actions as list items, each escaped here: a template loop's many small
    pieces cost more than the rows' words."""
    path, words = escape(url_for("actions.index")), dict(STATUSES)
    env = current_app.jinja_env
    items = []
    for a in actions:
        overdue = (' <strong class="govuk-tag govuk-tag--red">Overdue</strong>'
                   if plans.is_overdue(a, today) else "")
        agency = f", {escape(a.agency_name)}" if a.agency_name else ""
        items.append(
            f'<li><a class="govuk-link govuk-!-font-weight-bold" href="{path}/{a.id:d}">'
            f"{escape(do_truncate(env, a.what, 120))}</a>{overdue}\n"
            f'  <br><span class="govuk-body-s">{words[a.status.value]}, due '
            f"{_short_day(a.due_on)}. {escape(a.owner_name)}{agency}. For: "
            f"{escape(a.learning_item_title)}</span></li>")
    return Markup("\n".join(items))


@lru_cache(maxsize=1024)
def _short_day(day: date) -> str:
    # Fifty actions sorted by due date repeat a few dates.
    return day.strftime("%-d %b %Y")


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _today() -> date:
    return datetime.now(UTC).astimezone(services().settings.timezone).date()
