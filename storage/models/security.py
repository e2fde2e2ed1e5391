"""Server-side records that keep the web and chat surfaces safe: browser sessions that can be
ended, and the chat submissions already taken (so a replayed one is not stored twice)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class WebSession(Base):
    """One browser's signed-in dashboard session, opened follow-up, or receipt waiting to be
    shown. The cookie carries only a random token; this row is found by its hash, so ending
    the row ends the session, whatever copies of the cookie exist."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    # A one-time place for a web report's receipt (the receipt itself is sealed in the cookie).
    holds_receipt: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class TakenSubmission(Base):
    """A chat form submission already stored, by the platform's own id for it."""

    __tablename__ = "taken_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
