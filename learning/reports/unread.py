"""Reporters' replies the learning group has not read yet.

A reply is unread until someone who may answer the reporter opens its report: the learning
group shares one conversation with each reporter, so one lead reading it is the group reading
it. Closed reports count too: a reporter may answer after hearing the outcome.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, and_, func, select, update
from sqlalchemy.orm import Session

from learning.reports.access import (Permission, ReportScope, allowed, report_scope,
                                     reports_in_scope)
from storage.database import read_rows
from storage.models import Account, Report, ReportMessage


def _unread() -> list[ColumnElement[bool]]:
    return [ReportMessage.from_reporter, ReportMessage.read_at.is_(None)]


def unread_reply_count(session: Session, account: Account | None) -> int:
    """Unread replies on the reports this account may see and answer; 0 if it answers none."""
    if not allowed(account, Permission.MESSAGE_REPORTER):
        return 0
    return read_rows(session, _unread_count(report_scope(account))).scalar() or 0


@lru_cache(maxsize=64)
def _unread_count(scope: ReportScope) -> Select:
    # Built once for each scope: every dashboard page's navigation runs it.
    return (select(func.count(ReportMessage.id)).join(Report)
            .where(*_unread(), reports_in_scope(scope)))


def reports_with_unread_replies(session: Session, report_ids: Iterable[int]) -> set[int]:
    """Which of these reports have a reply nobody in the learning group has read."""
    ids = list(report_ids)
    if not ids:
        return set()
    return set(session.scalars(
        select(ReportMessage.report_id).where(*_unread(), ReportMessage.report_id.in_(ids))
        .distinct()))


def with_unread_replies() -> ColumnElement[bool]:
    """The SQL condition for "this report has an unread reply", for the queue's filter."""
    return Report.messages.any(and_(*_unread()))


def read_replies(session: Session, report: Report, *, by: Account, now: datetime) -> set[int]:
    """Mark the report's replies read, when `by` may answer them; returns the ids newly read.

    Someone who may only look (an agency lead) leaves them unread for the learning group.
    """
    if not allowed(by, Permission.MESSAGE_REPORTER, report):
        return set()
    unread = set(session.scalars(select(ReportMessage.id).where(
        *_unread(), ReportMessage.report_id == report.id)))
    if unread:
        session.execute(update(ReportMessage).where(ReportMessage.id.in_(unread))
                        .values(read_at=now).execution_options(synchronize_session="fetch"))
    return unread
