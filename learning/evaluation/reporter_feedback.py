"""The reporters' view of the loop: after "you said, we did", one optional question, "would
you report something like this again?" (yes / not sure / no).

The answer hangs off the report, never off a person: no person, no chat id. A chat
reporter's buttons carry `ask`, the report's id and the random once-key of the outcome's
delivery, so a press proves it came from that message without naming who pressed. A
confidential reporter's identity is still deleted once the outcome is delivered, and the
question can be answered after. On the follow-up page the case key has already opened the
report. One answer per report: a second replaces the first (a change of mind is still
their view).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from learning.messaging import ReportAgainQuestion
from storage.database import Database, UnitOfWork
from storage.models import Report
from storage.models.evaluation import ReportAgain, ReporterFeedback
from storage.models.nudges import Delivery, DeliveryKind
from storage.vocabulary import ReportStatus

QUESTION = "Would you report something like this again?"
# Said beside the question on every channel.
OPTIONAL = ("Answering is optional. Your answer is kept with the report, not with you, and "
            "helps the partnership see whether reporting feels worth it. Anonymous reports "
            "stay anonymous.")
CHOICES = ((ReportAgain.YES, "Yes"), (ReportAgain.NOT_SURE, "Not sure"), (ReportAgain.NO, "No"))
THANKS = {
    ReportAgain.YES: "Thank you: you said you would report something like this again.",
    ReportAgain.NOT_SURE: "Thank you: you said you are not sure you would report again.",
    ReportAgain.NO: "Thank you: you said you would not report something like this again.",
}
OUT_OF_DATE = "Sorry, that question is out of date."


def asks_again(report: Report) -> bool:
    """The question follows a "you said, we did" only (not a close with no further action)."""
    return report.status is ReportStatus.CLOSED and bool(report.outcome)


def outcome_question(report: Report, text: str, once: str) -> ReportAgainQuestion:
    """The outcome's notice; `once` is its delivery's random once-key."""
    return ReportAgainQuestion(text=text, ask=f"{report.id}:{once}")


def answer_report_again(uow: UnitOfWork, report_id: int, answer: str, *,
                        now: datetime) -> str:
    """Record the answer (the follow-up page, or a chat button through `answer_from_chat`)
    and commit; returns the thanks. LookupError: no such answer, or nothing to answer yet."""
    thanks = _record(uow.session, report_id, answer, now)
    uow.commit()
    return thanks


def answer_from_chat(database: Database, ask: str, answer: str, *,
                     now: datetime) -> ReportAgainQuestion:
    """A press on the outcome's buttons; the message is rendered again with the thanks.
    Whoever pressed is not looked at: a DM's buttons are the reporter's, and the `ask` proves
    the message. LookupError when the buttons are not ours or are out of date."""
    report_id, _, once = ask.partition(":")
    if not report_id.isdigit() or not once:
        raise LookupError(OUT_OF_DATE)
    with database.unit_of_work() as uow:
        outcome = uow.session.scalar(select(Delivery).where(
            Delivery.item == f"report:{report_id}", Delivery.recipient == "reporter",
            Delivery.occasion == f"{DeliveryKind.OUTCOME.value}:{once}"))
        if outcome is None or outcome.kind is not DeliveryKind.OUTCOME:
            raise LookupError(OUT_OF_DATE)
        thanks = answer_report_again(uow, int(report_id), answer, now=now)
        return ReportAgainQuestion(text=str(outcome.payload.get("text", "")), ask=ask,
                                   answered=thanks)


@dataclass(frozen=True)
class AskedAgain:
    """For the follow-up page: whether the question is asked yet, and any answer so far."""

    asked: bool
    answer: ReportAgain | None


def asked_again(session: Session, report_id: int) -> AskedAgain:
    report = session.get(Report, report_id)
    answer = session.scalar(select(ReporterFeedback.would_report_again)
                            .where(ReporterFeedback.report_id == report_id))
    return AskedAgain(asked=report is not None and asks_again(report), answer=answer)


def _record(session: Session, report_id: int, answer: str, now: datetime) -> str:
    try:
        chosen = ReportAgain(answer)
    except ValueError:
        raise LookupError("Choose yes, not sure or no") from None
    report = session.get(Report, report_id)
    if report is None or not asks_again(report):
        raise LookupError(OUT_OF_DATE)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" \
        else sqlite.insert
    # One row a report, even when two presses arrive together: the later answer stands.
    session.execute(insert(ReporterFeedback).values(
        report_id=report_id, would_report_again=chosen, answered_at=now).on_conflict_do_update(
        index_elements=["report_id"], set_={"would_report_again": chosen, "answered_at": now}))
    return THANKS[chosen]
