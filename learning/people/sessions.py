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
from sqlalchemy import Row, Select, bindparam, delete, select, update
from sqlalchemy.orm import Session

from storage.database import detached, insert_row, read_rows
from storage.models import Account, Agency
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
    found = _row(session, token, _SESSION_BY_TOKEN)
    return None if found is None else _opened(session, found, now=now)[0]


# The session's own columns, then the account's and its agency's, read as plain rows: every
# dashboard page asks this first, and loading three objects through the ORM cost more than
# the statement. Built once: a statement built afresh cost more to prepare than to run.
_SESSIONS, _ACCOUNTS, _AGENCIES = (WebSession.__table__, Account.__table__, Agency.__table__)
_SESSION_COLUMNS = [_SESSIONS.c[name] for name in (
    "id", "account_id", "report_id", "holds_receipt", "seen_at", "expires_at")]
_SESSION_BY_TOKEN = select(*_SESSION_COLUMNS).where(
    _SESSIONS.c.token_hash == bindparam("token_hash"))
_SESSION_WITH_ACCOUNT = (
    select(*_SESSION_COLUMNS,
           *[column.label(f"account__{column.name}") for column in _ACCOUNTS.c],
           *[column.label(f"agency__{column.name}") for column in _AGENCIES.c])
    .select_from(_SESSIONS.outerjoin(_ACCOUNTS, _ACCOUNTS.c.id == _SESSIONS.c.account_id)
                 .outerjoin(_AGENCIES, _AGENCIES.c.id == _ACCOUNTS.c.agency_id))
    .where(_SESSIONS.c.token_hash == bindparam("token_hash")))


def open_with_account(session: Session, token: object, *,
                      now: datetime) -> tuple[Account | None, bool]:
    """The account a dashboard session opens, as `open_session` decides, read with the session
    and the account's agency in one statement. The account and its agency come back detached,
    as if loaded and their session closed. The flag says whether the session's row changed
    (its last use marked, or the row deleted) and so wants committing."""
    found = _row(session, token, _SESSION_WITH_ACCOUNT)
    if found is None:
        return None, False
    opened, changed = _opened(session, found, now=now)
    if opened is None or found.account_id is None:
        return None, changed
    agency = None if found.agency__id is None else detached(Agency, _prefixed(found, "agency__"))
    return detached(Account, _prefixed(found, "account__"), agency=agency), changed


def _prefixed(row: Row, prefix: str) -> dict[str, Any]:
    return {name[len(prefix):]: value for name, value in row._mapping.items()
            if name.startswith(prefix)}


def _opened(session: Session, row: Row, *, now: datetime) -> tuple[Opened | None, bool]:
    """What the session opens, and whether its row changed (ended, or its last use marked)."""
    if row.holds_receipt:
        return None, False
    idle = row.account_id is not None and now - row.seen_at > DASHBOARD_IDLE
    if row.expires_at <= now or idle:
        _end(session, row.id)
        return None, True
    seen = now - row.seen_at >= SEEN_EVERY
    if seen and not session.execute(update(_SESSIONS).where(_SESSIONS.c.id == row.id)
                                    .values(seen_at=now)).rowcount:
        return None, False  # ended by another request since it was read
    return Opened(account_id=row.account_id, report_id=row.report_id), seen


def _end(session: Session, row_id: int) -> None:
    session.execute(delete(_SESSIONS).where(_SESSIONS.c.id == row_id))


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
    row = _row(session, token, _SESSION_BY_TOKEN)
    if row is None or not row.holds_receipt or not isinstance(sealed, str):
        return None
    _end(session, row.id)
    if row.expires_at <= now:
        return None
    try:
        return json.loads(_sealer(str(token), server_key).decrypt(sealed.encode()))
    except InvalidToken:
        return None


def end_expired_sessions(session: Session, *, now: datetime) -> None:
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))


def _row(session: Session, token: object, statement: Select) -> Row | None:
    token_hash = _token_hash(token)
    return None if token_hash is None else read_rows(
        session, statement, {"token_hash": token_hash}).first()


def _token_hash(token: object) -> str | None:
    """What the server keeps of a cookie's token; None for anything that is not one."""
    return _hash(token) if isinstance(token, str) and token else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _sealer(token: str, server_key: str) -> Fernet:
    key = hmac.new(server_key.encode(), b"receipt seal\x00" + token.encode(), "sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))
