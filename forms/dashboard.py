"""The learning-lead dashboard: the queue, a report, and the export for the Board."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, requires
from forms.reads import request_reads
from forms.unavailable import kept_when_unavailable
from forms.templating import agency_choices
from learning.people.directory import agency_names
from learning.privacy.masking import masked_answer
from learning.reports.access import Permission
from learning.reports.export import export_reports
from learning.reports.labels import choices, label
from learning.reports.queue import QueueFilters, date_filters, status_counts
from learning.reports.queue import queue as reports_queue
from learning.reports.spreadsheet import csv_text
from learning.reports.triage import assignable_accounts
from storage.vocabulary import ReportKind, ReportStatus

blueprint = Blueprint("dashboard", __name__)


@blueprint.get("/dashboard")
@kept_when_unavailable("Sorry, the reports cannot be shown just now", q="Your search")
@requires(Permission.VIEW_REPORT, or_home=True)
def queue() -> ResponseReturnValue:
    account = current_account()
    filters, problems = _filters()
    uow = request_reads()
    # Impossible dates list nothing: the page says what to correct, with what was typed.
    page = None if problems else reports_queue(uow.session, account, filters,
                                               timezone=services().settings.timezone)
    counts = page.counts if page else status_counts(uow.session, account)
    lead_choices = [(str(a.id), a.display_name or a.email)
                    for a in assignable_accounts(uow.session)]
    return render_template(
        "dashboard/queue.html", page=page, counts=counts, filters=filters, problems=problems,
        typed=typed_dates(), agency_choices=agency_choices(agency_names(uow.session)),
        lead_choices=lead_choices,
        statuses=choices(ReportStatus), kinds=choices(ReportKind), label=label,
        today=datetime.now(UTC).astimezone(services().settings.timezone).date(),
        query=request.query_string.decode(), account=account), 400 if problems else 200


@blueprint.get("/dashboard/export.csv")
@requires(Permission.EXPORT)
def export() -> ResponseReturnValue:
    """The filtered queue for the Board: masked text only, never who reported."""
    account = current_account()
    now = datetime.now(UTC)
    filters, problems = _filters()
    if problems:
        abort(400)
    with services().database.unit_of_work() as uow:
        reports = export_reports(uow, account, filters, timezone=services().settings.timezone,
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


def _filters() -> tuple[QueueFilters, dict[str, str]]:
    """The queue's filters from the address, and what is wrong with its dates."""
    args = request.args
    dates, problems = date_filters(typed_dates())
    agency = args.get("agency", "")
    page = args.get("page", "1")
    return QueueFilters(
        status=args.get("status", "open"), kind=args.get("kind") or None,
        agency_id=int(agency) if agency.isdigit() else None, theme=args.get("theme") or None,
        factor=args.get("factor") or None,
        assignee=args.get("assignee") or None, submitted_from=dates["from"],
        submitted_to=dates["to"], search=args.get("q", "")[:200],
        sort=args.get("sort", "priority"), page=int(page) if page.isdigit() else 1,
        unread_replies=args.get("replies") == "unread"), problems


def typed_dates() -> dict[str, str]:
    """The date boxes as typed; an older link's `from=2026-03-27` fills them too."""
    typed = {f"{name}-{part}": request.args.get(f"{name}-{part}", "")[:10]
             for name in ("from", "to") for part in ("day", "month", "year")}
    for name in ("from", "to"):
        try:
            given = date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            continue
        typed.update({f"{name}-day": str(given.day), f"{name}-month": str(given.month),
                      f"{name}-year": str(given.year)})
    return typed


