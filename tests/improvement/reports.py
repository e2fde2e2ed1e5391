"""Reports on given days with given themes, sent and classified through the real services."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from learning.people.directory import agencies_with_ids
from learning.reports import triage
from learning.reports.intake import submit_report
from storage.models.improvement import LearningItem
from storage.vocabulary import Channel, ReportKind
from tests.drafts import a_draft
from tests.people import load_account


def classified(database, settings, lead_id: int, *, on, themes=(), factors=(), agencies=(),
               kind: str = "near_miss", closed_with: str | None = None, learning=None) -> str:
    """A report sent at noon on `on` (a date), classified by the lead; closed when asked."""
    when = datetime.combine(on, time(12), tzinfo=UTC)
    with database.unit_of_work() as uow:
        draft = a_draft(kind=kind, agency_ids=list(agencies), occurred_on=on)
        reference = submit_report(uow, draft,
                                  channel=Channel.WEB, settings=settings, now=when).reference
    with database.unit_of_work() as uow:
        lead = load_account(uow.session, lead_id)
        report = triage.find_report(uow.session, reference)
        triage.classify(uow.session, report, by=lead, now=when, kind=ReportKind(kind),
                        themes=list(themes), contributing_factors=list(factors),
                        agencies=agencies_with_ids(uow.session, list(agencies)))
        if closed_with:
            later = when + timedelta(hours=1)
            for move in (triage.acknowledge, triage.start_review, triage.identify_learning):
                move(uow.session, report, by=lead, now=later)
            if learning:
                uow.session.add(LearningItem(title=f"Learning from {reference}",
                                             what_was_learned=learning, themes=list(themes),
                                             reports=[report]))
            triage.close(uow.session, report, by=lead, now=later, you_said_we_did=closed_with)
        uow.commit()
    return reference
