"""Records that matter only for a while, forgotten nightly: browser sessions past their
expiry, and the ids of chat submissions already taken once they are past any replay.

A signed Slack submission can be replayed only within the signature's five minutes (and a
platform's own retries come within the hour), so a day is kept: long enough, and the table
does not grow with every report ever sent by chat.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from learning.people.sessions import end_expired_sessions
from learning.settings import Settings
from storage.models.security import TakenSubmission

SUBMISSIONS_KEPT = timedelta(days=1)


def forget_expired_records(session: Session, settings: Settings, *, now: datetime) -> int:
    """End expired sessions and forget old submission ids; returns the ids forgotten."""
    end_expired_sessions(session, now=now)
    return session.execute(
        delete(TakenSubmission).where(TakenSubmission.taken_at < now - SUBMISSIONS_KEPT)
        .execution_options(synchronize_session=False)).rowcount
