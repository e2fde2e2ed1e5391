"""The one way anything is written to a report's append-only timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

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
