"""Admin pages: routing rules (with a preview), agencies, and people (with CSV import)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, requires
from learning.people import admin
from learning.people.directory import (
    DirectoryError,
    PersonDetails,
    active_agencies,
    all_agencies,
    all_people,
    channels_by_agency,
)
from learning.reports.access import Permission
from learning.reports.channel_ids import ChannelIdError
from learning.reports.confirmations import confirmation
from learning.reports.labels import choices, label
from learning.reports.routing import (
    RoutingError,
    Sample,
    add_rule,
    preview_sample,
    rule_conditions,
    rules_in_order,
)
from learning.reports.routing import switch_rule as switch
from storage.database import UnitOfWork
from storage.vocabulary import CHAT_PLATFORMS, AgencyType, ReportKind

blueprint = Blueprint("admin", __name__)
IMPORT_MAX_BYTES = 2 * 1024 * 1024


@blueprint.route("/dashboard/rules", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def rules() -> ResponseReturnValue:
    form, problem, matched = request.form, None, None
    with services().database.unit_of_work() as uow:
        if request.method == "POST" and form.get("preview"):
            matched = preview_sample(uow.session, _sample())
        elif request.method == "POST":
            try:
                add_rule(uow, by=current_account(), name=form.get("name", ""),
                         platform=form.get("platform", ""), destination=form.get("destination", ""),
                         kinds=form.getlist("kinds"), agency_ids=_ids(form.getlist("agency_ids")),
                         themes=form.get("themes", "").split(","),
                         urgent_only=bool(form.get("urgent_only")),
                         notifiable_only=bool(form.get("notifiable_only")),
                         mention=form.get("mention", ""))
                return redirect(url_for("admin.rules", done="rule-added"), 303)
            except RoutingError as refused:
                problem = str(refused)
        saved = rules_in_order(uow.session)
        html = render_template(
            "dashboard/rules.html", rules=saved, problem=problem, typed=form, matched=matched,
            agencies=_choices(all_agencies(uow.session)), kinds=choices(ReportKind),
            platforms=[(p.value, p.value.capitalize()) for p in CHAT_PLATFORMS],
            account=current_account(),
            conditions={r.id: rule_conditions(uow.session, r) for r in saved}, label=label,
            done=None if problem else confirmation(request.args.get("done")))
    return html, 400 if problem else 200


@blueprint.post("/dashboard/rules/<int:rule_id>/active")
@requires(Permission.ADMINISTER)
def switch_rule(rule_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        now_on = switch(uow, by=current_account(), rule_id=rule_id)
    done = None if now_on is None else ("rule-on" if now_on else "rule-off")
    return redirect(url_for("admin.rules", done=done), 303)


@blueprint.route("/dashboard/agencies", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def agencies() -> ResponseReturnValue:
    form, problem = request.form, None
    with services().database.unit_of_work() as uow:
        if request.method == "POST":
            try:
                admin.change_agency(
                    uow, by=current_account(), name=form.get("name", ""),
                    agency_type=form.get("agency_type", ""),
                    active=form.get("active", "yes") == "yes",
                    agency_id=next(iter(_ids([form.get("agency_id", "")])), None))
                return redirect(url_for("admin.agencies", done=_agency_change(form)), 303)
            except DirectoryError as refused:
                problem = str(refused)
        html = _agencies_page(uow, problem=problem, typed=form)
    return html, 400 if problem else 200


def _agencies_page(uow: UnitOfWork, *, problem: str | None, typed: Any = None,
                   **refused_channel: Any) -> str:
    return render_template(
        "dashboard/agencies.html", channels=channels_by_agency(uow.session),
        agencies=all_agencies(uow.session), problem=problem, typed=typed or {},
        types=choices(AgencyType), label=label, account=current_account(),
        done=None if problem else confirmation(request.args.get("done")), **refused_channel)


@blueprint.post("/dashboard/agencies/<int:agency_id>/channel")
@requires(Permission.ADMINISTER)
def agency_channel(agency_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        try:
            admin.change_agency_channel(uow, by=current_account(), agency_id=agency_id,
                                        platform=request.form.get("platform", "slack"),
                                        channel=request.form.get("channel", "")[:200])
        except ChannelIdError as refused:  # shown by the agency's channel, as typed
            return _agencies_page(uow, problem=str(refused), problem_field=f"channel-{agency_id}",
                                  channel_typed=(agency_id, request.form)), 400
        except DirectoryError:
            abort(404)
    return redirect(url_for("admin.agencies", done="channel-saved"), 303)


@blueprint.route("/dashboard/people", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def people() -> ResponseReturnValue:
    form, problem, args = request.form, None, request.args
    with services().database.unit_of_work() as uow:
        if request.method == "POST":
            try:
                upload = request.files.get("people_csv")
                if upload is not None and upload.filename:
                    count = admin.import_people(
                        uow, by=current_account(),
                        csv_text=upload.read(IMPORT_MAX_BYTES).decode("utf-8-sig"))
                    return redirect(url_for("admin.people", done="people-imported",
                                            count=count), 303)
                admin.change_person(uow, by=current_account(), details=PersonDetails(
                    **{k: form.get(k, "") for k in ("name", "email", "job_title", "agency",
                                                    "time_zone", "slack_user_id")}),
                    active=form.get("active", "yes") == "yes")
                return redirect(url_for("admin.people", done="person-saved"), 303)
            except (DirectoryError, UnicodeDecodeError) as refused:
                problem = str(refused) if isinstance(refused, DirectoryError) else \
                    "The file must be a CSV saved as UTF-8"
        html = render_template(
            "dashboard/people.html", people=all_people(uow.session),
            problem=problem, typed=form, account=current_account(),
            done=None if problem else confirmation(
                args.get("done"), count=int(args["count"]) if args.get("count", "").isdigit()
                else None),
            agency_names=[(a.name, a.name) for a in active_agencies(uow.session)])
    return html, 400 if problem else 200


def _agency_change(form: Any) -> str:
    if not form.get("agency_id"):
        return "agency-added"
    return "agency-reactivated" if form.get("active", "yes") == "yes" else "agency-deactivated"


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _choices(agencies: list) -> list[tuple[str, str]]:
    return [(str(a.id), a.name) for a in agencies]


def _sample() -> Sample:
    """The preview form's made-up report, to test the rules on."""
    form = request.form
    return Sample(kind=form.get("sample_kind") or ReportKind.NEAR_MISS.value,
                  agency_ids=tuple(_ids(form.getlist("sample_agency_ids"))),
                  themes=tuple(form.get("sample_themes", "").split(",")),
                  urgent=bool(form.get("sample_urgent")),
                  notifiable=bool(form.get("sample_notifiable")))
