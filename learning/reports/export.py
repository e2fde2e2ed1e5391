"""The queue as the Board receives it: the reports matching the filters, each export on the
audit log."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import selectinload

from learning.reports import timeline
from learning.reports.access import Permission, acting_account, require
from learning.reports.queue import QueueFilters, filtered
from storage.database import UnitOfWork
from storage.models import Account, Report, ReportEvent
from storage.vocabulary import EventKind

EXPORT_LIMIT = 50_000


def export_reports(uow: UnitOfWork, account: Account, filters: QueueFilters, *,
                   timezone: ZoneInfo, now: datetime) -> list[Report]:
    """The reports this account may export, oldest first, with their agencies loaded.

    Each one gets an EXPORTED event, in one statement: an export can be tens of thousands.
    """
    by = acting_account(uow.session, account)
    require(by, Permission.EXPORT)
    reports = list(uow.session.scalars(
        filtered(uow.session, by, filters, timezone=timezone).order_by(Report.submitted_at)
        .limit(EXPORT_LIMIT).options(selectinload(Report.agencies))))
    if reports:
        uow.session.execute(insert(ReportEvent), [
            {"report_id": r.id, "kind": EventKind.EXPORTED, "at": now,
             "actor": timeline.account_actor(by.id), "detail": {}} for r in reports])
        uow.commit()
    return reports
