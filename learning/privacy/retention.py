"""Retention: what the partnership keeps, and for how long, applied every night.

- a confidential reporter's identity goes once the report is closed and its outcome has
  reached them or finally failed (learning.reports.telling_reporters does it then; this
  catches any left behind), never while that outcome is still on its way;
- personal details in the free text are masked N months after close;
- an anonymous reporter's case key is deleted N months after close.
Every removal is written down (retention_records; identity deletions on the timeline too).
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import JSON, delete, insert, literal, select, text, union, update
from sqlalchemy.orm import Session

from learning.nudges.calendar import add_months
from learning.privacy.pii import Finding, PiiKind, find_personal_details, mask
from learning.reports import timeline
from learning.reports.telling_reporters import outcome_on_its_way
from learning.reports.triage import CLOSED
from learning.settings import Settings
from storage.models import CaseKey, Report, ReportEvent, ReporterIdentity
from storage.models.base import UTCDateTime
from storage.models.nudges import RetentionRecord
from storage.vocabulary import EventKind, IdentityMode

ANSWERS = ("what_happened", "what_stopped_harm")
TEXT_MASKED, CASE_KEY_DELETED, IDENTITY_DELETED = \
    "text_masked", "case_key_deleted", "identity_deleted"


log = logging.getLogger(__name__)
# Reports are handled this many at a time, so a night's work holds one batch in memory.
BATCH = 500


def apply_retention(session: Session, settings: Settings, *, now: datetime,
                    batch: int = BATCH) -> int:
    """Applies RETENTION_MASK_MONTHS and RETENTION_CASE_KEY_MONTHS; returns how many removals.

    Only the ids of reports with something due are read, then `batch` reports at a time.
    Each batch is a few statements whatever its size: deleting identities and case keys, and
    masking, where only the guard goes text by text (in Python) and the masked texts are
    written back together. Each batch is committed with its records, so a night with much
    due (the first after a shorter period is set) holds no transaction of all of it.
    """
    today = now.astimezone(settings.timezone).date()
    _without_jit(session)
    candidates = reports_with_retention_due(session, settings, today)
    removed = 0
    for start in range(0, len(candidates), batch):
        due = _due_in(session, settings, candidates[start:start + batch], today)
        removed += _delete_in_bulk(session, due, IDENTITY_DELETED, ReporterIdentity, now)
        removed += _delete_in_bulk(session, due, CASE_KEY_DELETED, CaseKey, now)
        removed += _mask_in_bulk(session, [report_id for report_id, actions in due.items()
                                           if TEXT_MASKED in actions], today, now)
        session.commit()
        session.expunge_all()
    return removed


def _without_jit(session: Session) -> None:
    """PostgreSQL prices the scan of every closed report high enough to JIT-compile it, and
    compiling took two thirds of its time (2 s of 3 at 200,000 reports); the scan itself is
    plain. For this transaction only."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def reports_with_retention_due(session: Session, settings: Settings, today: date) -> list[int]:
    """Closed reports that may have something due, by a bound a few days wide (month ends,
    time zones); `_due_in` then decides exactly, by the partnership's calendar."""

    def closed_before(months: int) -> datetime:
        # Up to three days for a clamped month end, the whole last day, a day for time zones.
        day = add_months(today, -months) + timedelta(days=5)
        return datetime.combine(day, time(), tzinfo=UTC)

    closed = (Report.status.in_(CLOSED), Report.closed_at.is_not(None))
    identities = select(Report.id).join(ReporterIdentity).where(
        *closed, Report.identity_mode == IdentityMode.CONFIDENTIAL, ~outcome_on_its_way())
    case_keys = select(Report.id).join(CaseKey).where(
        *closed, Report.closed_at < closed_before(settings.retention_case_key_months))
    # Apart from the others, so the database can set all closed reports against all masking
    # records at once (an anti-join) rather than look each report up.
    texts = select(Report.id).where(
        *closed, Report.closed_at < closed_before(settings.retention_mask_months),
        ~select(RetentionRecord.id).where(RetentionRecord.report_id == Report.id,
                                          RetentionRecord.action == TEXT_MASKED).exists())
    return sorted(session.scalars(union(identities, case_keys, texts)))


def _due_in(session: Session, settings: Settings, ids: list[int],
            today: date) -> dict[int, list[str]]:
    """What retention must do to each of these reports today, in the partnership's calendar."""
    identity = select(ReporterIdentity.id).where(ReporterIdentity.report_id == Report.id)
    case_key = select(CaseKey.id).where(CaseKey.report_id == Report.id)
    masked = select(RetentionRecord.id).where(RetentionRecord.report_id == Report.id,
                                              RetentionRecord.action == TEXT_MASKED)
    rows = session.execute(select(Report.id, Report.identity_mode, Report.closed_at,
                                  identity.exists() & ~outcome_on_its_way(), case_key.exists(),
                                  masked.exists())
                           .where(Report.id.in_(ids)).order_by(Report.id))
    due: dict[int, list[str]] = {}
    for report_id, mode, closed_at, has_identity, has_case_key, is_masked in rows:
        closed_on = closed_at.astimezone(settings.timezone).date()
        due[report_id] = [action for action, applies in (
            (IDENTITY_DELETED, mode is IdentityMode.CONFIDENTIAL and has_identity),
            (CASE_KEY_DELETED, has_case_key and add_months(
                closed_on, settings.retention_case_key_months) <= today),
            (TEXT_MASKED, not is_masked and add_months(
                closed_on, settings.retention_mask_months) <= today)) if applies]
    return due


def _delete_in_bulk(session: Session, due: dict[int, list[str]], action: str,
                    record: type[ReporterIdentity] | type[CaseKey], now: datetime) -> int:
    ids = [report_id for report_id, actions in due.items() if action in actions]
    if not ids:
        return 0
    session.execute(delete(record).where(record.report_id.in_(ids))
                    .execution_options(synchronize_session=False))
    return _written_down(session, ids, action, now)


def _written_down(session: Session, ids: list[int], action: str, now: datetime) -> int:
    """The retention record and timeline event of each report's removal: two statements."""
    # The identity's deletion has its own event kind; the others say what retention did.
    kind, detail = ((EventKind.IDENTITY_DELETED, {"by": "retention"}) if action == IDENTITY_DELETED
                    else (EventKind.RETENTION_APPLIED, {"action": action}))
    reports = Report.id.in_(ids)
    at = literal(now, UTCDateTime())
    session.execute(insert(RetentionRecord).from_select(
        ["report_id", "action", "at"], select(Report.id, literal(action), at).where(reports)))
    session.execute(insert(ReportEvent).from_select(
        ["report_id", "kind", "actor", "at", "detail"],
        select(Report.id, literal(kind, ReportEvent.kind.type), literal(timeline.SYSTEM), at,
               literal(detail, JSON)).where(reports)))
    return len(ids)


def _mask_in_bulk(session: Session, ids: list[int], today: date, now: datetime) -> int:
    """Mask these reports' free text: the guard reads each text, one UPDATE writes back the
    texts it changed. A text the guard fails on is logged by id and left for tomorrow."""
    if not ids:
        return 0
    masked, changed = [], []
    for row in session.execute(select(Report.id, *[getattr(Report, a) for a in ANSWERS],
                                      Report.personal_details)
                               .where(Report.id.in_(ids)).order_by(Report.id)):
        try:
            texts = masked_free_text(row, today)
        except Exception:
            log.exception("report %s was skipped this time", row.id)
            continue
        masked.append(row.id)
        if row.personal_details or any(texts[a] != getattr(row, a) for a in ANSWERS):
            changed.append({"id": row.id, **texts, "personal_details": {}})
    if changed:
        session.execute(update(Report), changed)
    return _written_down(session, masked, TEXT_MASKED, now) if masked else 0


def masked_free_text(report: Any, today: date) -> dict[str, str | None]:
    """Each answer with what intake found and anything the guard finds now masked (it may have
    learned more); `report` is a report or a row with its answers and `personal_details`."""
    spans = report.personal_details or {}
    texts: dict[str, str | None] = {}
    for answer in ANSWERS:
        text = getattr(report, answer)
        stored = [Finding(kind=PiiKind(kind), start=start, end=end)
                  for start, end, kind in spans.get(answer, [])]
        texts[answer] = mask(text, stored + find_personal_details(text, today=today)) \
            if text else text
    return texts
