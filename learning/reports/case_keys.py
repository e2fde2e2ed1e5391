"""Anonymous reporters' case keys: issued once, kept only as a keyed hash, locked after wrong
tries.

Keys issued before keyed hashing carry an Argon2 hash; they still open their report, and are
rehashed the new way the first time they do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.people.hashing import is_keyed, keyed_hash, keyed_hash_matches, secret_matches
from learning.people.lockout import Lockout, answer_refusal_evenly
from learning.reports.references import new_case_key, split_case_key
from storage.database import UnitOfWork, insert_row
from storage.models import CaseKey, Report

MAX_WRONG_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=30)
_LOCKOUT = Lockout(limit=MAX_WRONG_ATTEMPTS, period=LOCKOUT)


@dataclass(frozen=True)
class CaseKeyCheck:
    report: Report | None
    locked_until: datetime | None = None


def issue_case_key(session: Session, report_id: int, *, hash_key: str) -> str:
    """Add a new case key for the report and return it: the only time it exists in clear.

    Its locator is random and unique in the database, so a clash is refused when the report is
    stored, and the caller's unit of work redone with a new key (learning.reports.sending)."""
    key, locator, secret = new_case_key()
    insert_row(session, CaseKey, report_id=report_id, locator=locator,
               secret_hash=keyed_hash(hash_key, secret))
    return key


def open_with_case_key(uow: UnitOfWork, typed: str, *, now: datetime,
                       hash_key: str) -> CaseKeyCheck:
    """`check_case_key`, its counters saved, and a refusal answered in a fixed time."""
    started = time.monotonic()
    result = check_case_key(uow.session, typed, now=now, hash_key=hash_key)
    uow.commit()
    if result.report is None:
        answer_refusal_evenly(started)
    return result


def check_case_key(session: Session, typed: str, *, now: datetime, hash_key: str) -> CaseKeyCheck:
    """The report this key opens, or none; wrong tries count against the key's locator.

    After MAX_WRONG_ATTEMPTS wrong tries the key is locked for LOCKOUT, even for the right
    secret, so it cannot be guessed by trying. The secret is checked on every try, locked or
    unknown too, so the time an answer takes says nothing. The caller commits the counters.
    """
    parts = split_case_key(typed)
    locator, secret = parts if parts else ("", typed)
    case_key = session.scalar(select(CaseKey).where(CaseKey.locator == locator)) if parts else None
    matches = _matches(case_key.secret_hash if case_key else None, hash_key, secret)
    if case_key is not None and _LOCKOUT.is_locked(case_key.locked_until, now):
        return CaseKeyCheck(report=None, locked_until=case_key.locked_until)
    if case_key is not None and matches:
        case_key.failed_attempts = 0
        case_key.locked_until = None
        if not is_keyed(case_key.secret_hash):
            case_key.secret_hash = keyed_hash(hash_key, secret)
        return CaseKeyCheck(report=case_key.report)
    if case_key is not None:
        case_key.failed_attempts, case_key.locked_until = _LOCKOUT.after_wrong_try(
            case_key.failed_attempts, now)
        return CaseKeyCheck(report=None, locked_until=case_key.locked_until)
    return CaseKeyCheck(report=None)


def _matches(stored_hash: str | None, hash_key: str, secret: str) -> bool:
    if stored_hash is not None and not is_keyed(stored_hash):
        return secret_matches(stored_hash, secret)
    return keyed_hash_matches(stored_hash, hash_key, secret)
