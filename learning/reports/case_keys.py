"""Anonymous reporters' case keys: issued once, kept only as a hash, locked after wrong tries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.people.hashing import hash_secret, secret_matches
from learning.people.lockout import Lockout
from learning.reports.references import new_case_key, split_case_key
from storage.models import CaseKey, Report

MAX_WRONG_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=30)
_LOCKOUT = Lockout(limit=MAX_WRONG_ATTEMPTS, period=LOCKOUT)


@dataclass(frozen=True)
class CaseKeyCheck:
    report: Report | None
    locked_until: datetime | None = None


def issue_case_key(session: Session, report: Report) -> str:
    """Attach a new case key to `report` and return it: the only time it exists in clear."""
    while True:
        key, locator, secret = new_case_key()
        if session.scalar(select(CaseKey.id).where(CaseKey.locator == locator)) is None:
            break
    report.case_key = CaseKey(locator=locator, secret_hash=hash_secret(secret))
    return key


def check_case_key(session: Session, typed: str, *, now: datetime) -> CaseKeyCheck:
    """The report this key opens, or none; wrong tries count against the key's locator.

    After MAX_WRONG_ATTEMPTS wrong tries the key is locked for LOCKOUT, even for the right
    secret, so it cannot be guessed by trying. The caller commits the counters.
    """
    parts = split_case_key(typed)
    locator, secret = parts if parts else ("", typed)
    case_key = session.scalar(select(CaseKey).where(CaseKey.locator == locator)) if parts else None
    if case_key is not None and _LOCKOUT.is_locked(case_key.locked_until, now):
        return CaseKeyCheck(report=None, locked_until=case_key.locked_until)
    if secret_matches(case_key.secret_hash if case_key else None, secret):
        assert case_key is not None
        case_key.failed_attempts = 0
        case_key.locked_until = None
        return CaseKeyCheck(report=case_key.report)
    if case_key is not None:
        case_key.failed_attempts, case_key.locked_until = _LOCKOUT.after_wrong_try(
            case_key.failed_attempts, now)
        return CaseKeyCheck(report=None, locked_until=case_key.locked_until)
    return CaseKeyCheck(report=None)
