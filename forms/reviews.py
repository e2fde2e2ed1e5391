"""A review's page: terms of reference, meetings, decision, and a referral's proforma."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forms import services
from forms.auth import current_account, requires
from learning.improvement import reviews
from learning.reports.access import NotAllowed, Permission, permissions
from storage.models.improvement import ReviewKind

blueprint = Blueprint("reviews", __name__)


@blueprint.get("/dashboard/reviews/<int:review_id>")
@requires(Permission.VIEW_REPORT)
def show(review_id: int) -> ResponseReturnValue:
    return _page(review_id)


@blueprint.post("/dashboard/reviews/<int:review_id>/<part>")
@requires(Permission.TRIAGE)
def change(review_id: int, part: str) -> ResponseReturnValue:
    if part not in reviews.PARTS:
        abort(404)
    typed = {k: v[:6000] for k, v in request.form.to_dict().items() if k != "csrf_token"}
    now = datetime.now(UTC)
    try:
        with services().database.unit_of_work() as uow:
            reviews.change_review(uow, review_id, reviews.ReviewChange(part, typed),
                                  by=current_account(), now=now,
                                  today=now.astimezone(services().settings.timezone).date())
    except LookupError:
        abort(404)
    except NotAllowed:
        abort(403)
    except reviews.ReviewRefused as refused:
        return _page(review_id, typed=typed, problems=refused.problems), 400
    return redirect(url_for("reviews.show", review_id=review_id, done=part), 303)


def _page(review_id: int, *, typed: dict[str, str] | None = None,
          problems: dict[str, str] | None = None) -> str:
    account = current_account()
    with services().database.unit_of_work() as uow:
        review = reviews.review_for(uow.session, account, review_id)
        if review is None:
            abort(404)
        shown = {"scope": review.scope or "", "method": review.method or "",
                 "panel_roles": ", ".join(review.panel_roles),
                 "complete_by": review.complete_by.isoformat() if review.complete_by else "",
                 "decision": review.decision or "", "rationale": review.rationale or "",
                 "group_decision": review.group_decision.value if review.group_decision else "",
                 "group_rationale": review.group_rationale or "", **review.referral}
        return render_template(
            "improvement/review.html", review=review, typed={**shown, **(typed or {})},
            problems=problems or {}, kind_label=reviews.KIND_LABELS[review.kind],
            is_referral=review.kind is ReviewKind.PRACTICE_REVIEW_GROUP_REFERRAL,
            referral_fields=reviews.REFERRAL_FIELDS,
            decisions=list((d.value, text) for d, text in reviews.DECISION_LABELS.items()),
            can=permissions(account, review.report), done=request.args.get("done"),
            account=account)
