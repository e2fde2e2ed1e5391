"""A partnership's year, seeded through the real services where there is one (reports,
triage) and as rows where the answer is what a person gave (deliveries, pulses)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from learning.evaluation.figures import Period, ReportCard, Row
from learning.evaluation.kept_counts import count_answer, count_sent
from learning.evaluation.report_card import report_card
from learning.reports import triage
from learning.reports.intake import submit_report
from storage.models import Person, Report
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState
from storage.vocabulary import Channel
from tests.drafts import a_draft
from tests.people import load_account

# October to December 2026; the period before is July to September.
QUARTER = Period(start=date(2026, 10, 1), end=date(2026, 12, 31))
# The tests' settings' time zone (the default).
ZONE = "Europe/London"


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def made(database, settings, lead_id: int, *, on: date, kind: str = "near_miss",
         agencies=(), acknowledged: date | None = None, closed: date | None = None,
         outcome: str | None = None, **draft: Any) -> int:
    """A report made at noon on `on`; first moved on (acknowledged) and closed, with "you
    said, we did" or with no further action, on the days given."""
    with database.unit_of_work() as uow:
        reference = submit_report(uow, a_draft(kind=kind, agency_ids=list(agencies),
                                               occurred_on=on, **draft),
                                  channel=Channel.WEB, settings=settings,
                                  now=noon(on)).reference
    with database.unit_of_work() as uow:
        lead = load_account(uow.session, lead_id)
        report = triage.find_report(uow.session, reference)
        if acknowledged:
            triage.acknowledge(uow.session, report, by=lead, now=noon(acknowledged))
        if closed and outcome:
            for move in (triage.start_review, triage.identify_learning):
                move(uow.session, report, by=lead, now=noon(closed))
            triage.close(uow.session, report, by=lead, now=noon(closed),
                         you_said_we_did=outcome)
        elif closed:
            triage.close_no_further_action(uow.session, report, by=lead, now=noon(closed),
                                           reason="Handled in supervision")
        uow.commit()
        return report.id


def a_person(session, name: str, agency_id: int | None) -> Person:
    person = Person(name=name, agency_id=agency_id, email=f"{name.lower()}@staff.example")
    session.add(person)
    session.flush()
    return person


def a_delivery(session, kind: DeliveryKind, item: str, person: Person | None, *,
               sent: date | None, occasion: str = "first", **answers: Any) -> Delivery:
    delivery = Delivery(
        kind=kind, item=item, recipient=f"person:{person.id}" if person else "channel:x",
        occasion=occasion, person_id=person.id if person else None,
        nugget_id=int(item.split(":")[1]) if item.startswith("nugget:") else None,
        state=DeliveryState.SENT if sent else DeliveryState.FAILED,
        not_before=noon(sent or date(2026, 10, 1)), sent_at=noon(sent) if sent else None,
        **answers)
    session.add(delivery)
    session.flush()
    # As the outbox and the answer buttons keep the evaluation's counts of what they record.
    if sent:
        count_sent(session, delivery, sent_at=delivery.sent_at, timezone=ZoneInfo(ZONE))
    count_answer(session, delivery, useful_before=None, correct_before=None)
    return delivery


def card(database, settings, account_id: int, period: Period = QUARTER, **options: Any
         ) -> ReportCard:
    options.setdefault("agency_id", None)
    options.setdefault("today", date(2027, 2, 10))
    with database.unit_of_work() as uow:
        return report_card(uow, period=period, by=load_account(uow.session, account_id),
                           settings=settings, **options)


def rows(found: ReportCard, key: str) -> dict[str, tuple[Any, Any]]:
    """A figure's rows as label -> (this period, the period before)."""
    figure = next(f for f in found.figures if f.key == key)
    return {row.label: (row.value, row.previous) for row in figure.rows}


def row(found: ReportCard, key: str, label: str) -> Row:
    figure = next(f for f in found.figures if f.key == key)
    return next(r for r in figure.rows if r.label == label)


def report(session, report_id: int) -> Report:
    return session.get(Report, report_id)
