"""Dashboard pages for the learning bulletin: the drafts, reviewing one, and sending it."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from forms import charts, services
from forms.auth import current_account, requires
from learning.evaluation.kirkpatrick import bulletin_levels
from learning.nudges import bulletin_changes
from learning.nudges.briefing import markdown_html
from learning.nudges.bulletins import event_line
from learning.reports.access import Permission
from storage.models.nudges import Bulletin

blueprint = Blueprint("dashboard_bulletins", __name__)


@blueprint.get("/dashboard/bulletins")
@requires(Permission.TRIAGE)
def bulletins() -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        found = bulletin_changes.all_bulletins(uow)
    return render_template("dashboard_learning/bulletins.html", bulletins=found,
                           nothing_new=request.args.get("drafted") == "no",
                           account=current_account())


@blueprint.post("/dashboard/bulletins/draft")
@requires(Permission.TRIAGE)
def draft() -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        drafted = bulletin_changes.draft_now(uow, services().settings, by=current_account(),
                                             now=datetime.now(UTC))
    if drafted is None:
        return redirect(url_for("dashboard_bulletins.bulletins", drafted="no"), 303)
    return redirect(url_for("dashboard_bulletins.review", bulletin_id=drafted), 303)


@blueprint.route("/dashboard/bulletins/<int:bulletin_id>", methods=["GET", "POST"])
@requires(Permission.TRIAGE)
def review(bulletin_id: int) -> ResponseReturnValue:
    typed = request.form.get("introduction")
    problem = None
    with services().database.unit_of_work() as uow:
        if typed is not None:
            try:
                problem = bulletin_changes.save_introduction(uow, bulletin_id, typed,
                                                             by=current_account())
            except LookupError:
                abort(404)
            if problem is None:
                return redirect(url_for("dashboard_bulletins.review", bulletin_id=bulletin_id,
                                        saved="yes"), 303)
        found = bulletin_changes.a_bulletin(uow, bulletin_id) or abort(404)
        page = bulletin_page(found)
        levels = (bulletin_levels(uow, bulletin_id, by=current_account(),
                                  settings=services().settings) if found.sent_at else None)
    return render_template("dashboard_learning/bulletin.html", **page, problem=problem,
                           levels=levels, charts=charts,
                           typed=found.introduction if typed is None else typed,
                           saved=request.args.get("saved") == "yes",
                           account=current_account()), 400 if problem else 200


@blueprint.post("/dashboard/bulletins/<int:bulletin_id>/send")
@requires(Permission.TRIAGE)
def send(bulletin_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        try:
            bulletin_changes.send(uow, bulletin_id, services().settings, by=current_account(),
                                  now=datetime.now(UTC))
        except LookupError:
            abort(404)
        except bulletin_changes.NotADraft:
            pass  # sent by someone else a moment ago: the page shows it as sent
    return redirect(url_for("dashboard_bulletins.review", bulletin_id=bulletin_id), 303)


def bulletin_page(bulletin: Bulletin) -> dict[str, object]:
    """What both the lead's review page and the public archive show of one bulletin."""
    return {"bulletin": bulletin, "introduction": Markup(markdown_html(bulletin.introduction)),
            "events": [event_line(e, services().settings) for e in bulletin.contents["events"]]}
