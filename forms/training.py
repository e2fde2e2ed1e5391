"""Dashboard pages for the training calendar: events, the register, training representatives
and each agency's compliance. Who may do what is `learning.reports.access`; the rules are in
`learning.nudges.training_events` and `training_compliance`.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, requires
from learning.nudges import training_compliance, training_events
from learning.nudges.training_events import BookingRefused, EventRefused, EventTyped
from learning.reports.access import Permission

blueprint = Blueprint("training", __name__)


def _now() -> datetime:
    return datetime.now(UTC)


@blueprint.get("/dashboard/training")
@requires(Permission.VIEW_REPORT)
def events() -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        upcoming = training_events.upcoming_events(uow.session, _now())
        return render_template("training/events.html", events=upcoming,
                               zone=services().settings.timezone, account=current_account())


@blueprint.route("/dashboard/training/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_TRAINING)
def add_event() -> ResponseReturnValue:
    return _event_form(None)


@blueprint.route("/dashboard/training/<int:event_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_TRAINING)
def edit_event(event_id: int) -> ResponseReturnValue:
    return _event_form(event_id)


def _event_form(event_id: int | None) -> ResponseReturnValue:
    settings = services().settings
    with services().database.unit_of_work() as uow:
        courses = [(str(c.id), c.name) for c in training_events.courses(uow.session)]
        typed = EventTyped()
        if event_id is not None:
            found = training_events.event_with_bookings(uow, event_id, by=current_account())
            if found is None:
                abort(404)
            typed = training_events.typed_from(found[0], settings)
    page = {"courses": courses, "problems": {}, "event_id": event_id, "account": current_account()}
    if request.method == "GET":
        return render_template("training/event_form.html", typed=typed, **page)
    typed = EventTyped(**{f.name: request.form.get(f.name, "") for f in fields(EventTyped)})
    try:
        with services().database.unit_of_work() as uow:
            saved = training_events.save_event(uow, typed, by=current_account(),
                                               settings=settings, now=_now(), event_id=event_id)
    except EventRefused as refused:
        page["problems"] = refused.problems
        return render_template("training/event_form.html", typed=typed, **page), 400
    except LookupError:
        abort(404)
    return redirect(url_for("training.event", event_id=saved), 303)


@blueprint.get("/dashboard/training/<int:event_id>")
@requires(Permission.VIEW_REPORT)
def event(event_id: int) -> ResponseReturnValue:
    return _event_page(event_id, problem=None)


def _event_page(event_id: int, *, problem: str | None, status: int = 200,
                saved: int | None = None) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        found = training_events.event_with_bookings(uow, event_id, by=current_account())
        if found is None:
            abort(404)
        shown, bookings = found
        booked = [(str(b.person_id), b.person.name + (f", {b.person.agency.name}"
                                                      if b.person.agency else ""))
                  for b in bookings]
        came = [str(b.person_id) for b in bookings if b.attended]
        return render_template("training/event.html", event=shown, bookings=bookings,
                               booked=booked, came=came,
                               zone=services().settings.timezone, problem=problem, saved=saved,
                               started=shown.starts_at <= _now(),
                               account=current_account()), status


@blueprint.post("/dashboard/training/<int:event_id>/register")
@requires(Permission.MARK_ATTENDANCE)
def register(event_id: int) -> ResponseReturnValue:
    came = {int(p) for p in request.form.getlist("attended") if p.isdigit()}
    try:
        with services().database.unit_of_work() as uow:
            marked = training_events.mark_attendance(uow, event_id, came, by=current_account(),
                                                     settings=services().settings, now=_now())
    except LookupError:
        abort(404)
    except BookingRefused as refused:
        return _event_page(event_id, problem=str(refused), status=400)
    return _event_page(event_id, problem=None, saved=marked)


@blueprint.route("/dashboard/training/representatives", methods=["GET", "POST"])
@requires(Permission.MANAGE_TRAINING)
def representatives() -> ResponseReturnValue:
    email = request.form.get("email", "")
    problems, added = {}, None
    if request.method == "POST":
        try:
            with services().database.unit_of_work() as uow:
                added = training_compliance.add_representative(uow, email, by=current_account())
            email = ""
        except ValueError as refused:
            problems["email"] = str(refused)
    with services().database.unit_of_work() as uow:
        reps = training_compliance.representatives(uow, by=current_account())
        return render_template("training/representatives.html", representatives=reps,
                               email=email, problems=problems, added=added,
                               account=current_account()), 400 if problems else 200


@blueprint.post("/dashboard/training/representatives/<int:representative_id>/remove")
@requires(Permission.MANAGE_TRAINING)
def remove_representative(representative_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        training_compliance.remove_representative(uow, representative_id, by=current_account())
    return redirect(url_for("training.representatives"), 303)


@blueprint.get("/dashboard/training/compliance")
@requires(Permission.VIEW_REPORT)
def compliance() -> ResponseReturnValue:
    today = _now().astimezone(services().settings.timezone).date()
    with services().database.unit_of_work() as uow:
        rows = training_compliance.compliance(uow, by=current_account(), today=today)
    return render_template("training/compliance.html", rows=rows, today=today,
                           account=current_account())

