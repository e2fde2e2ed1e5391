"""Reports being written one question at a time in a chat: kept between messages, gone once sent.

A draft is found by a keyed hash of the chat user (`chat_key`), never by their chat id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.reports.intake import ReportDraft, SubmissionResult, submit_report
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.models import ChatConversation
from storage.vocabulary import Channel


def unfinished_report(uow: UnitOfWork, key: str) -> dict[str, Any] | None:
    """Where the chat's report has got to, or None when none is being written."""
    stored = _stored(uow.session, key)
    return None if stored is None else dict(stored.state)


def keep_unfinished_report(uow: UnitOfWork, key: str, state: dict[str, Any]) -> None:
    stored = _stored(uow.session, key)
    if stored is None:
        uow.session.add(ChatConversation(chat_key=key, state=state))
    else:
        stored.state = state
    uow.commit()


def forget_unfinished_report(uow: UnitOfWork, key: str) -> None:
    stored = _stored(uow.session, key)
    if stored is not None:
        uow.session.delete(stored)
        uow.commit()


def send_chat_report(uow: UnitOfWork, key: str, draft: ReportDraft, *, channel: Channel,
                     settings: Settings, now: datetime) -> SubmissionResult:
    """Send the report and forget its draft in one commit, so a retried "send" can't send twice.

    Raises InvalidReport, keeping the draft, when the answers are not ready.
    """
    stored = _stored(uow.session, key)
    if stored is not None:
        uow.session.delete(stored)
    return submit_report(uow, draft, channel=channel, settings=settings, now=now)


def _stored(session: Session, key: str) -> ChatConversation | None:
    return session.scalar(select(ChatConversation).where(ChatConversation.chat_key == key))
