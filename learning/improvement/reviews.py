"""Reviews: every learning response beyond the theme log, and referrals to the practice
review group.

Choosing a learning response opens its review (`open_review_for_response`, called by triage);
the lead then records its terms of reference (scope, method, panel by role, timescale), its
meetings, and its decision with the rationale. A referral also records the referral proforma's
answers and the group's decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from learning.reports.access import (Permission, acting_account, allowed,
                                     require)
from storage.database import UnitOfWork
from storage.models import Account, Report
from storage.models.improvement import GroupDecision, Review, ReviewKind, ReviewMeeting
from storage.vocabulary import LearningResponse

TEXT_MAX = 5000
R = LearningResponse
# Which review a learning response opens; "theme log only" opens none.
REVIEW_FOR_RESPONSE = MappingProxyType({
    R.PRACTITIONER_HUDDLE: ReviewKind.PRACTITIONER_HUDDLE,
    R.SINGLE_AGENCY_REVIEW: ReviewKind.SINGLE_AGENCY_REVIEW,
    R.MULTI_AGENCY_AUDIT: ReviewKind.MULTI_AGENCY_AUDIT,
    R.LEARNING_REVIEW: ReviewKind.LEARNING_REVIEW,
    R.REFER_TO_PRACTICE_REVIEW_GROUP: ReviewKind.PRACTICE_REVIEW_GROUP_REFERRAL,
    R.GOOD_PRACTICE_RECOGNISED: ReviewKind.GOOD_PRACTICE_REVIEW,
})
KIND_LABELS = MappingProxyType({
    ReviewKind.PRACTITIONER_HUDDLE: "Practitioner huddle or after-action review",
    ReviewKind.SINGLE_AGENCY_REVIEW: "Single-agency review",
    ReviewKind.MULTI_AGENCY_AUDIT: "Multi-agency audit",
    ReviewKind.LEARNING_REVIEW: "Learning review",
    ReviewKind.RAPID_REVIEW: "Rapid review",
    ReviewKind.PRACTICE_REVIEW_GROUP_REFERRAL: "Referral to the practice review group",
    ReviewKind.GOOD_PRACTICE_REVIEW: "Good practice review",
})
DECISION_LABELS = MappingProxyType({
    GroupDecision.LOCAL_CHILD_SAFEGUARDING_PRACTICE_REVIEW:
        "Commission a local child safeguarding practice review",
    GroupDecision.LEARNING_REVIEW: "Commission a multi-agency learning review",
    GroupDecision.SINGLE_AGENCY_REVIEW: "Ask the agency for a single-agency review",
    GroupDecision.MULTI_AGENCY_AUDIT: "Add to the multi-agency audit programme",
    GroupDecision.NO_REVIEW: "No review: learning through the theme log",
})
# The practice review group's referral proforma: what the referring agency tells the group.
REFERRAL_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("referring_agency", "Referring agency and role", "For example: Riverside CSC, team manager"),
    ("criteria", "Why the case may meet the criteria for a review",
     "Serious harm or death, abuse or neglect known or suspected, concerns about how agencies "
     "worked together"),
    ("agencies_involved", "Agencies involved and their roles", ""),
    ("summary", "Brief summary of what happened", "Roles and age bands only: no names"),
    ("learning_potential", "What the partnership might learn", ""),
    ("reviews_under_way", "Single-agency or management reviews already under way", ""),
)


class ReviewRefused(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(". ".join(problems.values()))
        self.problems = problems


def open_review_for_response(session: Session, report: Report, response: LearningResponse, *,
                             by: Account) -> Review | None:
    """The review a chosen response opens, once per report and kind; the caller commits."""
    kind = REVIEW_FOR_RESPONSE.get(response)
    if kind is None:
        return None
    found = session.scalar(select(Review).where(Review.report_id == report.id,
                                                Review.kind == kind))
    if found is not None:
        return found
    review = Review(report=report, kind=kind, created_by=by.id, panel_roles=[], referral={})
    session.add(review)
    return review


def reviews_for_report(session: Session, report: Report) -> list[Review]:
    return list(session.scalars(select(Review).where(Review.report_id == report.id)
                                .order_by(Review.id)))


def review_for(session: Session, account: Account | None, review_id: int) -> Review | None:
    """A review, for anyone who may see the report it came from."""
    review = session.scalar(select(Review).where(Review.id == review_id).options(
        selectinload(Review.meetings), selectinload(Review.learning_items)))
    if review is None or not allowed(account, Permission.VIEW_REPORT, review.report):
        return None
    return review


@dataclass(frozen=True)
class ReviewChange:
    """What the lead typed into one of the review page's forms."""

    part: str
    fields: dict[str, str]


PARTS = ("terms", "meeting", "decision", "referral", "group-decision")


def change_review(uow: UnitOfWork, review_id: int, change: ReviewChange, *, by: Account,
                  today: date, now: datetime) -> Review:
    session = uow.session
    me = acting_account(session, by)
    review = review_for(session, me, review_id)
    if review is None or change.part not in PARTS:
        raise LookupError(review_id)
    require(me, Permission.TRIAGE, review.report)
    if any(len(v) > TEXT_MAX for v in change.fields.values()):
        raise ReviewRefused({change.part: f"Write {TEXT_MAX} characters or fewer in each box"})
    _STEPS[change.part](review, change.fields, today)
    uow.commit()
    return review


def _day(fields: dict[str, str], name: str, problems: dict[str, str], what: str,
         required: bool = False) -> date | None:
    raw = fields.get(name, "").strip()
    if not raw:
        if required:
            problems[name] = f"Give the {what}, like 2027-01-31"
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems[name] = f"Give the {what} as a date, like 2027-01-31"
        return None


def _terms(review: Review, fields: dict[str, str], today: date) -> None:
    problems: dict[str, str] = {}
    scope, method = fields.get("scope", "").strip(), fields.get("method", "").strip()
    if not scope:
        problems["scope"] = "Say what the review will look at (its scope)"
    complete_by = _day(fields, "complete_by", problems, "date it should be complete by")
    if problems:
        raise ReviewRefused(problems)
    review.scope, review.method = scope, method or None
    review.panel_roles = [r.strip() for r in fields.get("panel_roles", "").split(",")
                          if r.strip()][:20]
    review.complete_by = complete_by


def _meeting(review: Review, fields: dict[str, str], today: date) -> None:
    problems: dict[str, str] = {}
    held_on = _day(fields, "held_on", problems, "date of the meeting", required=True)
    if held_on and held_on > today:
        problems["held_on"] = "Record a meeting once it has happened"
    if not fields.get("notes", "").strip():
        problems["notes"] = "Say who came (by role) and what was agreed"
    if problems:
        raise ReviewRefused(problems)
    review.meetings.append(ReviewMeeting(held_on=held_on, notes=fields["notes"].strip()))


def _decision(review: Review, fields: dict[str, str], today: date) -> None:
    problems: dict[str, str] = {}
    decision, rationale = fields.get("decision", "").strip(), fields.get("rationale", "").strip()
    if not decision:
        problems["decision"] = "Write what the review decided"
    if not rationale:
        problems["rationale"] = "Write why: the rationale for the decision"
    completed = _day(fields, "completed_on", problems, "date the review was completed")
    if completed and completed > today:
        problems["completed_on"] = "The completion date cannot be in the future"
    if problems:
        raise ReviewRefused(problems)
    review.decision, review.rationale = decision, rationale
    review.completed_on = completed or today


def _referral(review: Review, fields: dict[str, str], today: date) -> None:
    if review.kind is not ReviewKind.PRACTICE_REVIEW_GROUP_REFERRAL:
        raise ReviewRefused({"referral": "Only a referral has a referral proforma"})
    answers = {name: fields.get(name, "").strip() for name, _, _ in REFERRAL_FIELDS}
    missing = {name: f"Answer: {text}" for name, text, _ in REFERRAL_FIELDS[:4]
               if not answers[name]}
    if missing:
        raise ReviewRefused(missing)
    review.referral = answers


def _group_decision(review: Review, fields: dict[str, str], today: date) -> None:
    problems: dict[str, str] = {}
    if review.kind is not ReviewKind.PRACTICE_REVIEW_GROUP_REFERRAL:
        raise ReviewRefused({"group_decision": "Only a referral has a group decision"})
    chosen = fields.get("group_decision", "")
    if chosen not in {d.value for d in GroupDecision}:
        problems["group_decision"] = "Choose what the practice review group decided"
    if not fields.get("group_rationale", "").strip():
        problems["group_rationale"] = "Write the group's reasons"
    decided = _day(fields, "group_decided_on", problems, "date the group decided", required=True)
    if problems:
        raise ReviewRefused(problems)
    review.group_decision = GroupDecision(chosen)
    review.group_rationale = fields["group_rationale"].strip()
    review.group_decided_on = decided


_STEPS = MappingProxyType({"terms": _terms, "meeting": _meeting, "decision": _decision,
                           "referral": _referral, "group-decision": _group_decision})


