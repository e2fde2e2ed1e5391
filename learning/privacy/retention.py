"""Retention: what the partnership keeps, and for how long, applied every night.

- a confidential reporter's identity goes when the report closes (triage does it at close;
  this catches any left behind, e.g. by a closing that failed half-way);
- personal details in the free text are masked N months after close;
- an anonymous reporter's case key is deleted N months after close.
Every removal is written down (retention_records; identity deletions on the timeline too).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from learning.calendar import add_months
from learning.one_by_one import each
from learning.privacy.pii import Finding, PiiKind, find_personal_details, mask
from learning.reports import timeline
from learning.reports.triage import CLOSED
from learning.settings import Settings
from storage.models import Report
from storage.models.nudges import RetentionRecord
from storage.vocabulary import EventKind, IdentityMode

ANSWERS = ("what_happened", "what_stopped_harm")
TEXT_MASKED, CASE_KEY_DELETED, IDENTITY_DELETED = \
    "text_masked", "case_key_deleted", "identity_deleted"


# Reports are loaded this many at a time, so a night's work holds one batch in memory.
BATCH = 500


def apply_retention(session: Session, settings: Settings, *, now: datetime) -> int:
    """Applies RETENTION_MASK_MONTHS and RETENTION_CASE_KEY_MONTHS; returns how many removals.

    Only reports with something due are read: a report whose identity, case key and text
    have already been dealt with costs nothing however many years of them there are.
    """
    today = now.astimezone(settings.timezone).date()
    candidates = reports_with_retention_due(session, settings, today)
    removed = 0
    for start in range(0, len(candidates), BATCH):
        ids = candidates[start:start + BATCH]
        reports = session.scalars(select(Report).where(Report.id.in_(ids)).order_by(Report.id)
                                  .options(selectinload(Report.identity),
                                           selectinload(Report.case_key))).all()
        masked = set(session.scalars(select(RetentionRecord.report_id).where(
            RetentionRecord.report_id.in_(ids), RetentionRecord.action == TEXT_MASKED)))
        # The bound is a few days wide: only reports with something due today get a savepoint.
        due = {report.id: _due(settings, report, today, already_masked=report.id in masked)
               for report in reports}
        removed += each(session, [report for report in reports if due[report.id]],
                        lambda report, due=due: _retain(session, report, due[report.id], today,
                                                        now),
                        what="report")
        session.flush()
        session.expunge_all()
    return removed


def reports_with_retention_due(session: Session, settings: Settings, today: date) -> list[int]:
    """Closed reports that may have something due, by a bound a few days wide (month ends,
    time zones); `_retain` then decides exactly, by the partnership's calendar."""

    def closed_before(months: int) -> datetime:
        # Up to three days for a clamped month end, the whole last day, a day for time zones.
        day = add_months(today, -months) + timedelta(days=5)
        return datetime.combine(day, time(), tzinfo=UTC)

    masked = select(RetentionRecord.id).where(RetentionRecord.report_id == Report.id,
                                              RetentionRecord.action == TEXT_MASKED)
    return list(session.scalars(select(Report.id).where(
        Report.status.in_(CLOSED), Report.closed_at.is_not(None),
        or_(and_(Report.identity_mode == IdentityMode.CONFIDENTIAL, Report.identity.has()),
            and_(Report.case_key.has(),
                 Report.closed_at < closed_before(settings.retention_case_key_months)),
            and_(Report.closed_at < closed_before(settings.retention_mask_months),
                 ~masked.exists()))).order_by(Report.id)))


def _due(settings: Settings, report: Report, today: date, *, already_masked: bool) -> list[str]:
    """What retention must do to this report today, in the partnership's calendar."""
    closed_on = report.closed_at.astimezone(settings.timezone).date()
    due = []
    if report.identity_mode is IdentityMode.CONFIDENTIAL and report.identity is not None:
        due.append(IDENTITY_DELETED)
    if (report.case_key is not None
            and add_months(closed_on, settings.retention_case_key_months) <= today):
        due.append(CASE_KEY_DELETED)
    if add_months(closed_on, settings.retention_mask_months) <= today and not already_masked:
        due.append(TEXT_MASKED)
    return due


def _retain(session: Session, report: Report, due: list[str], today: date,
            now: datetime) -> int:
    if IDENTITY_DELETED in due:
        session.delete(report.identity)
        report.identity = None
        timeline.record(session, report, EventKind.IDENTITY_DELETED, actor=timeline.SYSTEM,
                        at=now, by="retention")
    if CASE_KEY_DELETED in due:
        session.delete(report.case_key)
        report.case_key = None
    if TEXT_MASKED in due:
        _mask_free_text(report, today)
    for action in due:
        session.add(RetentionRecord(report_id=report.id, action=action, at=now))
        if action != IDENTITY_DELETED:  # that one has its own event, above
            timeline.record(session, report, EventKind.RETENTION_APPLIED,
                            actor=timeline.SYSTEM, at=now, action=action)
    return len(due)


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

