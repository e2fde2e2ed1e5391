"""Browser sessions kept on the server, so ending one ends it everywhere at once.

The browser's cookie holds only a random token; the server keeps its SHA-256 (the token is
random, so a plain hash is enough) and what the session may open: a dashboard account, one
report for follow-up, or a web report's receipt. Sign-out, a new password, a role change and
"sign out everywhere" delete the rows, and a copied cookie then opens nothing.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models.security import WebSession

DASHBOARD_LIFETIME = timedelta(hours=8)
DASHBOARD_IDLE = timedelta(minutes=60)
FOLLOW_UP_LIFETIME = timedelta(minutes=30)
RECEIPT_LIFETIME = timedelta(minutes=15)


@dataclass(frozen=True)
class Opened:
    account_id: int | None
    report_id: int | None


def start_session(session: Session, *, now: datetime, account_id: int | None = None,
                  report_id: int | None = None) -> str:
    """A new session for an account or a follow-up; returns the token for the cookie."""
    lasts = DASHBOARD_LIFETIME if account_id is not None else FOLLOW_UP_LIFETIME
    token = secrets.token_urlsafe(32)
    session.add(WebSession(token_hash=_hash(token), account_id=account_id, report_id=report_id,
                           started_at=now, seen_at=now, expires_at=now + lasts))
    return token


def open_session(session: Session, token: object, *, now: datetime) -> Opened | None:
    """What the session with this token may open, or None once it has ended or expired."""
    row = _row(session, token)
    if row is None or row.receipt is not None:
        return None
    idle = row.account_id is not None and now - row.seen_at > DASHBOARD_IDLE
    if row.expires_at <= now or idle:
        session.delete(row)
        return None
    row.seen_at = now
    return Opened(account_id=row.account_id, report_id=row.report_id)


def end_session(session: Session, token: object) -> None:
    if isinstance(token, str):
        session.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))


def end_sessions_of(session: Session, account_id: int) -> None:
    """Sign the account out everywhere."""
    session.execute(delete(WebSession).where(WebSession.account_id == account_id))


def keep_receipt(session: Session, receipt: dict[str, Any], case_key: str | None, *,
                 now: datetime) -> str:
    """Hold a receipt until its confirmation page is shown; returns the token for the cookie.

    The case key is sealed with a key made from the token, which only the cookie holds: the
    cookie alone has no key, and the database alone cannot open it.
    """
    token = secrets.token_urlsafe(32)
    sealed = _sealer(token).encrypt(case_key.encode()).decode() if case_key else None
    session.add(WebSession(token_hash=_hash(token), receipt={**receipt, "case_key": sealed},
                           started_at=now, seen_at=now, expires_at=now + RECEIPT_LIFETIME))
    return token


def take_receipt(session: Session, token: object, *, now: datetime) -> dict[str, Any] | None:
    """The receipt, once: it is deleted as it is taken."""
    row = _row(session, token)
    if row is None or row.receipt is None:
        return None
    session.delete(row)
    if row.expires_at <= now:
        return None
    receipt = dict(row.receipt)
    try:
        sealed = receipt["case_key"]
        receipt["case_key"] = _sealer(str(token)).decrypt(sealed).decode() if sealed else None
    except InvalidToken:
        return None
    return receipt


def end_expired_sessions(session: Session, *, now: datetime) -> None:
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))


def _row(session: Session, token: object) -> WebSession | None:
    if not isinstance(token, str) or not token:
        return None
    return session.scalar(select(WebSession).where(WebSession.token_hash == _hash(token)))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _sealer(token: str) -> Fernet:
    # Another hash of the token than the stored one, so the stored hash cannot open it.
    key = hashlib.sha256(b"receipt seal\x00" + token.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))
