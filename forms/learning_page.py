"""/learning: the nuggets and bulletins already shared, for staff who don't use Slack or Teams.

No sign-in: both are written for every partner agency's staff. Nuggets carry no report text;
a bulletin's stories only de-identified text (learning.nudges.bulletins). The check
question answers at once and records nothing about who answered.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from forms import services
from forms.dashboard_bulletins import bulletin_page
from learning.nudges import bulletin_changes
from learning.nudges.briefing import briefing_html, briefing_of
from learning.nudges.nugget_changes import published_nugget
from learning.nudges.nuggets import answer_feedback, published

blueprint = Blueprint("learning_page", __name__)


@blueprint.get("/learning")
def index() -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        nuggets = published(uow.session)
    return render_template("learning/index.html", nuggets=nuggets)


@blueprint.route("/learning/<int:nugget_id>", methods=["GET", "POST"])
def nugget(nugget_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        found = published_nugget(uow, nugget_id)
    if found is None:
        abort(404)
    feedback = problem = None
    if request.method == "POST" and found.check_options:
        choice = request.form.get("choice", "")
        if choice.isdigit() and int(choice) < len(found.check_options):
            feedback = answer_feedback(found, int(choice))
        else:
            problem = "Choose an answer"
    return render_template("learning/nugget.html", nugget=found, feedback=feedback,
                           problem=problem,
                           choices=[(str(i), text) for i, text in enumerate(found.check_options)],
                           briefing=Markup(briefing_html(briefing_of(found))))


@blueprint.get("/learning/bulletins")
def bulletins() -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        found = bulletin_changes.sent_bulletins(uow)
    return render_template("learning/bulletins.html", bulletins=found)


@blueprint.get("/learning/bulletins/<int:bulletin_id>")
def bulletin(bulletin_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        found = bulletin_changes.sent_bulletin(uow, bulletin_id) or abort(404)
        page = bulletin_page(found)
    return render_template("learning/bulletin.html", **page)
