"""Retention: what the partnership keeps, and for how long, applied every night.

- a confidential reporter's identity goes when the report closes (triage does it at close;
  this catches any left behind, e.g. by a closing that failed half-way);
- personal details in the free text are masked N months after close;
- an anonymous reporter's case key is deleted N months after close.
Every removal is written down (retention_records; identity deletions on the timeline too).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from learning.reports import timeline
from learning.one_by_one import each
from learning.privacy.pii import Finding, PiiKind, find_personal_details, mask
from learning.settings import Settings
from learning.nudges.training import add_months
from learning.reports.triage import CLOSED
from storage.models import Report
from storage.models.nudges import RetentionRecord
from storage.vocabulary import EventKind, IdentityMode

ANSWERS = ("what_happened", "what_stopped_harm")


def apply_retention(session: Session, settings: Settings, *, now: datetime) -> int:
    """Applies RETENTION_MASK_MONTHS and RETENTION_CASE_KEY_MONTHS; returns how many removals."""
    mask_after_months = settings.retention_mask_months
    case_keys_after_months = settings.retention_case_key_months
    closed = session.scalars(select(Report).where(Report.status.in_(CLOSED),
                                                  Report.closed_at.is_not(None))
                             .options(selectinload(Report.identity),
                                      selectinload(Report.case_key))).all()

    def retain(report: Report) -> int:
        done = []
        if report.identity_mode is IdentityMode.CONFIDENTIAL and report.identity is not None:
            session.delete(report.identity)
            report.identity = None
            timeline.record(session, report, EventKind.IDENTITY_DELETED, actor=timeline.SYSTEM,
                            at=now, by="retention")
            done.append("identity_deleted")
        closed_on = report.closed_at.astimezone(settings.timezone).date()
        today = now.astimezone(settings.timezone).date()
        if report.case_key is not None and add_months(closed_on, case_keys_after_months) <= today:
            session.delete(report.case_key)
            report.case_key = None
            done.append("case_key_deleted")
        if add_months(closed_on, mask_after_months) <= today and not _already_masked(session, report):
            _mask_free_text(report, today)
            done.append("text_masked")
        for action in done:
            session.add(RetentionRecord(report_id=report.id, action=action, at=now))
            if action != "identity_deleted":  # that one has its own event, above
                timeline.record(session, report, EventKind.RETENTION_APPLIED,
                                actor=timeline.SYSTEM, at=now, action=action)
        return len(done)

    return each(session, closed, retain, what="report")


def _already_masked(session: Session, report: Report) -> bool:
    return session.scalar(select(RetentionRecord.id).where(
        RetentionRecord.report_id == report.id, RetentionRecord.action == "text_masked")) is not None


def _mask_free_text(report: Report, today: date) -> None:
    """Mask what intake found and anything the guard finds now (it may have learned more)."""
    spans = report.personal_details or {}
    for answer in ANSWERS:
        text = getattr(report, answer) or ""
        stored = [Finding(kind=PiiKind(kind), start=start, end=end)
                  for start, end, kind in spans.get(answer, [])]
        found = find_personal_details(text, today=today)
        setattr(report, answer, mask(text, stored + found) if text else text)
    report.personal_details = {}

