"""Admin pages: routing rules (with a preview), agencies, and people (with CSV import)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from forms import services
from forms.auth import current_account, requires
from learning.reports.access import Permission
from learning.people.directory import (DirectoryError, PersonDetails, import_people, save_agency,
                                save_person, set_agency_channel)
from learning.reports.channel_ids import ChannelIdError
from learning.reports.labels import choices, label
from learning.reports.routing import RoutingError, preview, save_rule
from storage.models import Account, Agency, Person, Report, RoutingRule
from storage.models.nudges import AgencyChannel
from storage.vocabulary import AgencyType, Platform, ReportKind

blueprint = Blueprint("admin", __name__)
IMPORT_MAX_BYTES = 2 * 1024 * 1024


@blueprint.route("/dashboard/rules", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def rules() -> ResponseReturnValue:
    form, problem, matched = request.form, None, None
    with services().database.unit_of_work() as uow:
        if request.method == "POST" and form.get("preview"):
            matched = [r.id for r in preview(uow.session, _sample(uow.session))]
        elif request.method == "POST":
            try:
                save_rule(uow.session, by=_me(uow.session), name=form.get("name", ""),
                          platform=form.get("platform", ""), destination=form.get("destination", ""),
                          kinds=form.getlist("kinds"), agency_ids=_ids(form.getlist("agency_ids")),
                          themes=form.get("themes", "").split(","),
                          urgent_only=bool(form.get("urgent_only")),
                          notifiable_only=bool(form.get("notifiable_only")),
                          mention=form.get("mention", ""))
                uow.commit()
                return redirect(url_for("admin.rules"), 303)
            except RoutingError as refused:
                problem = str(refused)
        saved = uow.session.scalars(select(RoutingRule).order_by(RoutingRule.position,
                                                                 RoutingRule.id)).all()
        html = render_template(
            "dashboard/rules.html", rules=saved, problem=problem, typed=form, matched=matched,
            agencies=_agency_choices(uow.session), kinds=choices(ReportKind),
            platforms=[(p.value, p.value.capitalize()) for p in Platform], account=current_account(),
            conditions={r.id: _conditions(r, uow.session) for r in saved}, label=label)
    return html, 400 if problem else 200


@blueprint.post("/dashboard/rules/<int:rule_id>/active")
@requires(Permission.ADMINISTER)
def switch_rule(rule_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        rule = uow.session.get(RoutingRule, rule_id)
        if rule is not None:
            rule.active = not rule.active
            uow.commit()
    return redirect(url_for("admin.rules"), 303)


@blueprint.route("/dashboard/agencies", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def agencies() -> ResponseReturnValue:
    form, problem = request.form, None
    with services().database.unit_of_work() as uow:
        if request.method == "POST":
            try:
                save_agency(uow.session, by=_me(uow.session), name=form.get("name", ""),
                            agency_type=form.get("agency_type", ""),
                            active=form.get("active", "yes") == "yes",
                            agency_id=int(form["agency_id"]) if form.get("agency_id", "").isdigit() else None)
                uow.commit()
                return redirect(url_for("admin.agencies"), 303)
            except DirectoryError as refused:
                problem = str(refused)
        channels = {c.agency_id: c for c in uow.session.scalars(select(AgencyChannel))}
        html = render_template(
            "dashboard/agencies.html", channels=channels,
            agencies=uow.session.scalars(select(Agency).order_by(Agency.name)).all(),
            problem=problem, typed=form, types=[(t.value, t.value.replace("_", " ").capitalize())
                                                for t in AgencyType], account=current_account())
    return html, 400 if problem else 200


@blueprint.post("/dashboard/agencies/<int:agency_id>/channel")
@requires(Permission.ADMINISTER)
def agency_channel(agency_id: int) -> ResponseReturnValue:
    with services().database.unit_of_work() as uow:
        try:
            set_agency_channel(uow.session, by=_me(uow.session), agency_id=agency_id,
                               platform=request.form.get("platform", "slack"),
                               channel=request.form.get("channel", "")[:200])
        except ChannelIdError as refused:  # shown by the agency's channel, as typed
            return render_template(
                "dashboard/agencies.html", problem=str(refused),
                problem_field=f"channel-{agency_id}", channel_typed=(agency_id, request.form),
                channels={c.agency_id: c for c in uow.session.scalars(select(AgencyChannel))},
                agencies=uow.session.scalars(select(Agency).order_by(Agency.name)).all(),
                typed={}, types=[(t.value, t.value.replace("_", " ").capitalize())
                                 for t in AgencyType], account=current_account()), 400
        except DirectoryError:
            abort(404)
        uow.commit()
    return redirect(url_for("admin.agencies"), 303)


@blueprint.route("/dashboard/people", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def people() -> ResponseReturnValue:
    form, problem, imported = request.form, None, request.args.get("imported")
    with services().database.unit_of_work() as uow:
        if request.method == "POST":
            try:
                upload = request.files.get("people_csv")
                if upload is not None and upload.filename:
                    count = import_people(uow.session, by=_me(uow.session),
                                          csv_text=upload.read(IMPORT_MAX_BYTES).decode("utf-8-sig"))
                else:
                    save_person(uow.session, by=_me(uow.session), details=PersonDetails(
                        **{k: form.get(k, "") for k in ("name", "email", "job_title", "agency",
                                                        "time_zone", "slack_user_id")}),
                        active=form.get("active", "yes") == "yes")
                    count = 1
                uow.commit()
                return redirect(url_for("admin.people", imported=count), 303)
            except (DirectoryError, UnicodeDecodeError) as refused:
                problem = str(refused) if isinstance(refused, DirectoryError) else \
                    "The file must be a CSV saved as UTF-8"
        html = render_template(
            "dashboard/people.html", people=uow.session.scalars(select(Person).order_by(Person.name)).all(),
            problem=problem, typed=form, imported=imported, account=current_account(),
            agency_names=[(a.name, a.name) for a in uow.session.scalars(
                select(Agency).where(Agency.active).order_by(Agency.name))])
    return html, 400 if problem else 200


def _conditions(rule: RoutingRule, session) -> str:
    names = [a.name for a in session.scalars(select(Agency).where(Agency.id.in_(rule.agency_ids)))]
    parts = [", ".join(label(ReportKind(k)) for k in rule.kinds) or "Any kind",
             ", ".join(names) or "any agency", ", ".join(rule.themes) or "any theme"]
    if rule.urgent_only:
        parts.append("urgent only")
    if rule.notifiable_only:
        parts.append("notifiable only")
    return "; ".join(parts)


def _me(session) -> Account:
    return session.get(Account, current_account().id)


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _agency_choices(session) -> list[tuple[str, str]]:
    return [(str(a.id), a.name) for a in session.scalars(select(Agency).order_by(Agency.name))]


def _sample(session) -> Report:
    """A report that is never saved, built from the preview form, to test the rules on."""
    form = request.form
    kind = form.get("sample_kind") or ReportKind.NEAR_MISS.value
    ids = _ids(form.getlist("sample_agency_ids"))
    return Report(kind=ReportKind(kind), urgent=bool(form.get("sample_urgent")),
                  notifiable=bool(form.get("sample_notifiable")),
                  themes=[t.strip().lower() for t in form.get("sample_themes", "").split(",") if t.strip()],
                  agencies=list(session.scalars(select(Agency).where(Agency.id.in_(ids)))))
