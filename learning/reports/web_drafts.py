"""A web report in progress, kept between its pages so Back and refresh behave.

Every step of the web form posts, then redirects to a page that reads the draft back
(post/redirect/get). The draft is sealed with a key made from the server's key, a secret
held only in the reporter's session cookie and the draft's own id (one per browser tab), so
the database alone shows nothing; it is deleted when the report is sent, and expires after
DRAFT_LIFETIME, so an abandoned report leaves no trace for long.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.database import UnitOfWork
from storage.models import WebReportDraft

DRAFT_LIFETIME = timedelta(hours=8)


def new_secret() -> str:
    """A browser's draft secret, for its session cookie."""
    return secrets.token_urlsafe(32)


def new_draft_id() -> str:
    """One report's id, carried in the page's address and form (one per tab)."""
    return secrets.token_urlsafe(12)


def keep_draft(uow: UnitOfWork, page: dict[str, Any], *, secret: str, draft_id: str,
               server_key: str, now: datetime) -> None:
    """Keep (or replace) the draft, sealed; expired drafts are cleared out as it is kept."""
    session = uow.session
    session.execute(delete(WebReportDraft).where(WebReportDraft.expires_at <= now))
    sealed = _sealer(secret, draft_id, server_key).encrypt(json.dumps(page).encode()).decode()
    row = _row(session, secret, draft_id)
    if row is None:
        session.add(WebReportDraft(key_hash=_hash(secret, draft_id), sealed=sealed,
                                   expires_at=now + DRAFT_LIFETIME))
    else:
        row.sealed, row.expires_at = sealed, now + DRAFT_LIFETIME
    uow.commit()


def kept_draft(uow: UnitOfWork, *, secret: object, draft_id: object, server_key: str,
               now: datetime) -> dict[str, Any] | None:
    """The draft as last kept, or None when there is none, it expired or the key is wrong."""
    if not isinstance(secret, str) or not isinstance(draft_id, str):
        return None
    row = _row(uow.session, secret, draft_id)
    if row is None or row.expires_at <= now:
        return None
    try:
        return json.loads(_sealer(secret, draft_id, server_key).decrypt(row.sealed.encode()))
    except InvalidToken:
        return None


def forget_draft(session: Session, *, secret: object, draft_id: object) -> None:
    """Delete the draft in the caller's unit of work (the one that sends the report)."""
    if isinstance(secret, str) and isinstance(draft_id, str):
        # The table's, not the ORM's, delete: no draft object is loaded to be told of it.
        drafts = WebReportDraft.__table__
        session.execute(delete(drafts).where(drafts.c.key_hash == _hash(secret, draft_id)))


def _row(session: Session, secret: str, draft_id: str) -> WebReportDraft | None:
    return session.scalar(select(WebReportDraft).where(
        WebReportDraft.key_hash == _hash(secret, draft_id)))


def _hash(secret: str, draft_id: str) -> str:
    return hashlib.sha256(f"{secret}\x00{draft_id}".encode()).hexdigest()


def _sealer(secret: str, draft_id: str, server_key: str) -> Fernet:
    message = f"web report draft\x00{secret}\x00{draft_id}".encode()
    key = hmac.new(server_key.encode(), message, "sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))
