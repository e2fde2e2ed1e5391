"""A report's part of the learning loop for route tests: a learning item, an action and a
review, all of Riverside Police (so that agency's lead may see them and another may not)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from learning.improvement.actions import ActionDraft, add_action
from learning.improvement.learning_log import LearningDraft, record_learning
from learning.reports.triage import choose_learning_response, find_report
from storage.models import Account, Agency
from storage.models.improvement import Review
from storage.vocabulary import LearningResponse, Role


def learning_loop_for(database, reference: str) -> dict[str, int]:
    now = datetime.now(UTC)
    with database.unit_of_work() as uow:
        lead = next(a for a in uow.session.scalars(select(Account))
                    if Role.LEARNING_LEAD in a.roles)
        agency = uow.session.scalar(select(Agency.id).where(Agency.name == "Riverside Police"))
    with database.unit_of_work() as uow:
        item = record_learning(uow, LearningDraft(title="Invitations to named inboxes",
                                                  what_was_learned="Named duty inboxes only."),
                               by=lead, now=now, report_reference=reference).id
    with database.unit_of_work() as uow:
        action = add_action(uow, item, ActionDraft(what="Update the template",
                                                   owner_name="MASH manager",
                                                   due_on=date(2099, 1, 31), agency_id=agency),
                            by=lead, today=now.date()).id
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        choose_learning_response(uow.session, report, by=uow.session.get(Account, lead.id),
                                 response=LearningResponse.LEARNING_REVIEW,
                                 rationale="Multi-agency learning.", now=now)
        uow.commit()
        review = uow.session.scalar(select(Review.id).where(Review.report_id == report.id))
    return {"item": item, "action": action, "review": review, "agency": agency}
