"""One report in the dashboard: what the lead may see, and every action they can take on it."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, requires
from forms.unavailable import kept_when_unavailable
from learning.improvement.prior_learning import prior_learning
from learning.improvement.notifications import RECIPIENT_LABELS
from learning.improvement.reviews import KIND_LABELS
from learning.reports.access import NotAllowed, Permission, permissions
from learning.reports.changes import Change, ReportNotFound, change_report, is_change
from learning.reports.confirmations import confirmation
from learning.reports.labels import choices, label
from learning.reports.posting import refresh_report_posts
from learning.reports.review import report_page
from learning.reports.themes import themes_to_choose
from learning.reports.triage import TransitionRefused
from storage.models.themes import ThemeState
from storage.vocabulary import (ContributingFactor, IdentityMode, LearningResponse, ReportKind,
                                ReportStatus)

blueprint = Blueprint("dashboard_report", __name__)


@blueprint.get("/dashboard/reports/<reference>")
@requires(Permission.VIEW_REPORT)
def show(reference: str) -> ResponseReturnValue:
    return _page(reference)


@blueprint.post("/dashboard/reports/<reference>/reveal")
@requires(Permission.SEE_REPORTER_IDENTITY)
def reveal(reference: str) -> ResponseReturnValue:
    return _page(reference, reveal_reason=request.form.get("reason", "")[:500])


@blueprint.post("/dashboard/reports/<reference>/<action>")
@kept_when_unavailable("Sorry, your change could not be saved just now",
                       message="Your message to the reporter",
                       you_said_we_did="You said, we did", reason="Reason", learning="Learning",
                       rationale="Why this response is proportionate",
                       description="Action", owner="Owner")
@requires(Permission.TRIAGE)
def act(reference: str, action: str) -> ResponseReturnValue:
    """Every change a lead makes: one learning/ function each, refused with a reason."""
    if not is_change(action):
        abort(404)
    form = request.form
    change = Change(action=action, fields=form.to_dict(),
                    agency_ids=tuple(int(i) for i in form.getlist("agency_ids") if i.isdigit()),
                    contributing_factors=tuple(form.getlist("contributing_factors")),
                    themes=tuple(form.getlist("themes")),
                    today=datetime.now(UTC).astimezone(services().settings.timezone).date())
    try:
        with services().database.unit_of_work() as uow:
            change_report(uow, reference, change, by=current_account(), now=datetime.now(UTC),
                          messengers=services().messengers)
    except ReportNotFound:
        abort(404)
    except (TransitionRefused, NotAllowed) as refused:
        # A refusal about one field sits on that field; any other on the action's form.
        return _page(reference, problem=(getattr(refused, "field", action), str(refused)),
                     typed=form.to_dict(), typed_themes=form.getlist("themes"))
    _refresh_chat_posts(reference)
    return redirect(url_for("dashboard_report.show", reference=reference, done=action), 303)


def _page(reference: str, *, reveal_reason: str | None = None,
          problem: tuple[str, str] | None = None, typed: dict[str, str] | None = None,
          typed_themes: list[str] | None = None) -> ResponseReturnValue:
    account = current_account()
    with services().database.unit_of_work() as uow:
        page = report_page(uow, reference, by=account, now=datetime.now(UTC),
                           reveal_reason=reveal_reason,
                           show_views=request.args.get("views") == "shown")
        if page is None:
            abort(404)
        if page.refused_reveal:
            problem = ("reveal", page.refused_reveal)
        report = page.view.report
        theme_choices = [(t.name, t.name + (" (proposed)" if t.state is ThemeState.PROPOSED
                                             else "")) for t in themes_to_choose(uow.session)]
        # A theme on the report that is no longer offered (retired) stays ticked and listed.
        theme_choices += [(t, t) for t in report.themes if t not in dict(theme_choices)]
        html = render_template(
            "dashboard/report.html", view=page.view, page=page, report=report, actors=page.actors,
            agency_choices=[(str(a.id), a.name) for a in page.agencies],
            lead_choices=[(str(a.id), a.display_name or a.email) for a in page.leads],
            label=label, account=account, problem=problem, typed=typed or {},
            can=permissions(account, report),
            next_statuses=page.next_statuses, ReportStatus=ReportStatus,
            kinds=choices(ReportKind), factors=choices(ContributingFactor),
            responses=choices(LearningResponse), IdentityMode=IdentityMode,
            done=None if problem else confirmation(request.args.get("done")),
            theme_choices=theme_choices,
            chosen_themes=report.themes if typed_themes is None else typed_themes,
            prior=prior_learning(uow.session, report, account),
            learning=page.learning, learning_choices=page.learning_choices,
            reviews=page.reviews, clocks=page.clocks, review_label=KIND_LABELS,
            recipients=list(RECIPIENT_LABELS.items()),
            today=datetime.now(UTC).astimezone(services().settings.timezone).date())
    return html, 400 if problem else 200


def _refresh_chat_posts(reference: str) -> None:
    """Chat posts are re-rendered from the new state, after the page has its answer."""
    if services().messengers:
        services().background.submit(refresh_report_posts, services().database, reference,
                                     settings=services().settings,
                                     messengers=services().messengers)
