"""The learning-lead dashboard: the queue, a report, and the export for the Board."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, requires
from forms.unavailable import kept_when_unavailable
from learning.people.directory import all_agencies
from learning.privacy.masking import masked_answer
from learning.reports.access import Permission
from learning.reports.export import export_reports
from learning.reports.labels import choices, label
from learning.reports.queue import QueueFilters, queue as reports_queue
from learning.reports.spreadsheet import csv_text
from learning.reports.triage import assignable_accounts
from storage.vocabulary import ReportKind, ReportStatus

blueprint = Blueprint("dashboard", __name__)


@blueprint.get("/dashboard")
@kept_when_unavailable("Sorry, the reports cannot be shown just now", q="Your search")
@requires(Permission.VIEW_REPORT)
def queue() -> ResponseReturnValue:
    account = current_account()
    filters = _filters()
    with services().database.unit_of_work() as uow:
        page = reports_queue(uow.session, account, filters, timezone=services().settings.timezone)
        agency_choices = [(str(a.id), a.name) for a in all_agencies(uow.session)]
        lead_choices = [(str(a.id), a.display_name or a.email)
                        for a in assignable_accounts(uow.session)]
    return render_template(
        "dashboard/queue.html", page=page, filters=filters, agency_choices=agency_choices,
        lead_choices=lead_choices,
        statuses=choices(ReportStatus), kinds=choices(ReportKind), label=label,
        today=datetime.now(UTC).astimezone(services().settings.timezone).date(),
        query=request.query_string.decode(), account=account)


@blueprint.get("/dashboard/export.csv")
@requires(Permission.EXPORT)
def export() -> ResponseReturnValue:
    """The filtered queue for the Board: masked text only, never who reported."""
    account = current_account()
    now = datetime.now(UTC)
    with services().database.unit_of_work() as uow:
        reports = export_reports(uow, account, _filters(), timezone=services().settings.timezone,
                                 now=now)
        text = csv_text(["reference", "kind", "status", "submitted", "occurred", "setting",
                         "severity", "urgent", "notifiable", "agencies", "themes",
                         "contributing factors", "learning response", "what happened (masked)"], [[
                report.reference, label(report.kind), label(report.status),
                report.submitted_at.date().isoformat(),
                report.occurred_on.isoformat() if report.occurred_on else "",
                label(report.setting), label(report.potential_severity),
                "yes" if report.urgent else "no", "yes" if report.notifiable else "no",
                "; ".join(a.name for a in report.agencies), "; ".join(report.themes),
                "; ".join(report.contributing_factors),
                label(report.learning_response) if report.learning_response else "",
                masked_answer(report, "what_happened"),
            ] for report in reports])
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=learnloop-reports-{now:%Y-%m-%d}.csv"})


def _filters() -> QueueFilters:
    args = request.args

    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(args.get(name, ""))
        except ValueError:
            return None

    agency = args.get("agency", "")
    page = args.get("page", "1")
    return QueueFilters(
        status=args.get("status", "open"), kind=args.get("kind") or None,
        agency_id=int(agency) if agency.isdigit() else None, theme=args.get("theme") or None,
        factor=args.get("factor") or None,
        assignee=args.get("assignee") or None, submitted_from=day("from"),
        submitted_to=day("to"), search=args.get("q", "")[:200],
        sort=args.get("sort", "priority"), page=int(page) if page.isdigit() else 1)


