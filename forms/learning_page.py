"""/learning: the nuggets and bulletins already shared, for staff who don't use Slack or Teams.

No sign-in: both are written for every partner agency's staff. Nuggets carry no report text;
a bulletin's stories only de-identified text (learning.nudges.bulletins). The check question
answers at once and records nothing about who answered: the answer is posted, then shown at an
address of its own, so Back and refresh behave.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

from forms import services
from forms.dashboard_bulletins import bulletin_page
from learning.nudges import bulletin_changes
from learning.nudges.briefing import briefing_html, briefing_of
from learning.nudges.nugget_changes import published_nugget
from learning.nudges.nuggets import answer_feedback, published
from storage.models.nudges import Nugget

blueprint = Blueprint("learning_page", __name__)
CHOOSE = "Choose an answer"
REFUSED = ("For your security, LearnLoop could not accept that answer: your browser's session "
           "with LearnLoop had ended. Check your answer, then send it again.")


@blueprint.get("/learning")
def index() -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        nuggets = published(uow.session)
    return render_template("learning/index.html", nuggets=nuggets)


@blueprint.route("/learning/<int:nugget_id>", methods=["GET", "POST"])
def nugget(nugget_id: int) -> ResponseReturnValue:
    found = _nugget(nugget_id)
    if request.method == "GET":
        answer = _choice(found, request.args.get("answer", ""))
        return _page(found, feedback=answer_feedback(found, answer) if answer is not None
                     else None)
    answer = _choice(found, request.form.get("choice", ""))
    if answer is None:
        return _page(found, problem=CHOOSE), 400
    return redirect(url_for("learning_page.nugget", nugget_id=nugget_id, answer=answer,
                            _anchor="check"), 303)


@blueprint.errorhandler(CSRFError)
def token_refused(_: CSRFError) -> ResponseReturnValue:
    found = _nugget(request.view_args.get("nugget_id", 0) if request.view_args else 0)
    return _page(found, problem=REFUSED, chosen=request.form.get("choice")), 400


def _nugget(nugget_id: int) -> Nugget:
    with services().database.unit_of_work() as uow:
        found = published_nugget(uow, nugget_id)
    if found is None:
        abort(404)
    return found


def _choice(found: Nugget, given: str) -> int | None:
    return int(given) if given.isdigit() and int(given) < len(found.check_options) else None


def _page(found: Nugget, *, feedback: str | None = None, problem: str | None = None,
          chosen: str | None = None) -> str:
    return render_template("learning/nugget.html", nugget=found, feedback=feedback,
                           problem=problem, chosen=chosen,
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
