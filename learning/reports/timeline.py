"""The one way anything is written to a report's append-only timeline: `record` for a report
in the session, `record_new` for one intake has just inserted as rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from storage.database import insert_row
from storage.models import Report, ReportEvent
from storage.vocabulary import EventKind

REPORTER = "reporter"
SYSTEM = "system"


def account_actor(account_id: int) -> str:
    return f"account:{account_id}"


def record(
    session: Session,
    report: Report,
    kind: EventKind,
    *,
    actor: str,
    at: datetime,
    **detail: Any,
) -> ReportEvent:
    """Add an event; `detail` holds before/after values, never report text or identity."""
    event = ReportEvent(report=report, kind=kind, actor=actor, at=at, detail=detail)
    session.add(event)
    return event


def record_new(session: Session, report_id: int, kind: EventKind, *, actor: str, at: datetime,
               **detail: Any) -> None:
    """`record` for a report inserted as rows (learning.reports.intake), with no object in the
    session to hang the event on."""
    insert_row(session, ReportEvent, report_id=report_id, kind=kind, actor=actor, at=at,
               detail=detail)
