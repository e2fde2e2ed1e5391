"""A chat form submission is stored once, however often it arrives.

A signed submission can be replayed (by the platform retrying, or by whoever copied it)
within its signature's lifetime; the platform's own id for the submission is kept, and a
second arrival of it stores nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models.security import TakenSubmission


def first_arrival(session: Session, key: str, *, now: datetime) -> bool:
    """Whether this submission is new; if so it is recorded with the caller's unit of work,
    so it is kept only if the report it brings is."""
    key = key[:200]
    if session.scalar(select(TakenSubmission.id).where(TakenSubmission.key == key)) is not None:
        return False
    session.add(TakenSubmission(key=key, taken_at=now))
    return True
