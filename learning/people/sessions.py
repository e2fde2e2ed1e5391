"""Browser sessions kept on the server, so ending one ends it everywhere at once.

The browser's cookie holds only a random token; the server keeps its SHA-256 (the token is
random, so a plain hash is enough) and what the session may open: a dashboard account, one
report for follow-up, or a web report's receipt. Sign-out, a new password, a role change and
"sign out everywhere" delete the rows, and a copied cookie then opens nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session, contains_eager

from storage.database import insert_row
from storage.models import Account
from storage.models.security import WebSession

DASHBOARD_LIFETIME = timedelta(hours=8)
DASHBOARD_IDLE = timedelta(minutes=60)
# A session's last use is written at most this often: every page would otherwise write a row
# (and wait for the disk) to move "idle" on by a few seconds. Idle ends within this of its hour.
SEEN_EVERY = timedelta(minutes=1)
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
    return _opened(session, _row(session, token), now=now)


# Built once: a statement built afresh for each page cost more to prepare than to run.
_WITH_ACCOUNT = (select(WebSession, Account)
                 .outerjoin(Account, Account.id == WebSession.account_id)
                 .outerjoin(Account.agency).options(contains_eager(Account.agency))
                 .where(WebSession.token_hash == bindparam("token_hash")))


def open_with_account(session: Session, token: object, *,
                      now: datetime) -> tuple[Account | None, bool]:
    """The account a dashboard session opens, as `open_session` decides, read with the session
    and the account's agency in one statement: every dashboard page asks this first. The flag
    says whether the session's row changed (its last use marked, or the row deleted) and so
    wants committing."""
    token_hash = _token_hash(token)
    if token_hash is None:
        return None, False
    found = session.execute(_WITH_ACCOUNT, {"token_hash": token_hash}).first()
    if found is None:
        return None, False
    row, account = found
    opened = _opened(session, row, now=now)
    changed = row in session.dirty or row in session.deleted
    return (account if opened is not None else None), changed


def _opened(session: Session, row: WebSession | None, *, now: datetime) -> Opened | None:
    if row is None or row.holds_receipt:
        return None
    idle = row.account_id is not None and now - row.seen_at > DASHBOARD_IDLE
    if row.expires_at <= now or idle:
        session.delete(row)
        return None
    if now - row.seen_at >= SEEN_EVERY:
        row.seen_at = now
    return Opened(account_id=row.account_id, report_id=row.report_id)


def end_session(session: Session, token: object) -> None:
    token_hash = _token_hash(token)
    if token_hash is not None:
        session.execute(delete(WebSession).where(WebSession.token_hash == token_hash))


def end_sessions_of(session: Session, account_id: int) -> None:
    """Sign the account out everywhere."""
    session.execute(delete(WebSession).where(WebSession.account_id == account_id))


def reserve_receipt(session: Session, *, now: datetime) -> str:
    """A one-time place for a web report's receipt, saved with the report's own unit of work
    (so sending costs no extra write); returns its token."""
    token = secrets.token_urlsafe(32)
    insert_row(session, WebSession, token_hash=_hash(token), holds_receipt=True,
               started_at=now, seen_at=now, expires_at=now + RECEIPT_LIFETIME)
    return token


def sealed_receipt(receipt: dict[str, Any], token: str, *, server_key: str) -> str:
    """The receipt, case key and all, sealed for the cookie: opening it needs the server's
    key, so the cookie alone shows nothing, and the database never holds it."""
    return _sealer(token, server_key).encrypt(json.dumps(receipt).encode()).decode()


def take_receipt(session: Session, token: object, sealed: object, *, server_key: str,
                 now: datetime) -> dict[str, Any] | None:
    """The receipt, once: its place is deleted as it is taken, so a copied cookie shows
    nothing."""
    row = _row(session, token)
    if row is None or not row.holds_receipt or not isinstance(sealed, str):
        return None
    session.delete(row)
    if row.expires_at <= now:
        return None
    try:
        return json.loads(_sealer(str(token), server_key).decrypt(sealed.encode()))
    except InvalidToken:
        return None


def end_expired_sessions(session: Session, *, now: datetime) -> None:
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))


def _row(session: Session, token: object) -> WebSession | None:
    token_hash = _token_hash(token)
    if token_hash is None:
        return None
    return session.scalar(select(WebSession).where(WebSession.token_hash == token_hash))


def _token_hash(token: object) -> str | None:
    """What the server keeps of a cookie's token; None for anything that is not one."""
    return _hash(token) if isinstance(token, str) and token else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _sealer(token: str, server_key: str) -> Fernet:
    key = hmac.new(server_key.encode(), b"receipt seal\x00" + token.encode(), "sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))
