"""Tables only the Teams adapter needs (in the shared metadata, migrated by Alembic).

A conversation reference is what the Bot Framework needs to write to a conversation later
(serviceUrl, conversation id, tenant). People LearnLoop knows keep theirs on `Person`; these
tables hold the rest: team channels (for routing rules) and people not (yet) in `people`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow


class ConversationKind(StrEnum):
    PERSONAL = "personal"
    CHANNEL = "channel"
    GROUP_CHAT = "groupChat"


class TeamsConversation(Base):
    """Where the bot was installed: a channel, or a person not in `people`.

    Written when the app is installed, never because someone sent a message: a report made
    anonymously in a chat must not leave a trace of who was chatting.
    """

    __tablename__ = "teams_conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(400), unique=True)
    kind: Mapped[ConversationKind] = mapped_column(_enum(ConversationKind))
    # The Entra object id of the person, for a personal chat; empty for channels.
    aad_object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # "Team / Channel", so an admin can pick the channel for a routing rule.
    name: Mapped[str | None] = mapped_column(String(400))
    reference: Mapped[dict[str, Any]]
    installed_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamsBlockedConversation(Base):
    """A conversation Teams refused to deliver to (403 MessageWritesBlocked): the person blocked
    or removed the bot. Nothing is sent there again until they write to the bot.

    Keyed by a keyed hash of the conversation id, like `ChatConversation`: no chat id is kept.
    """

    __tablename__ = "teams_blocked_conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_key: Mapped[str] = mapped_column(String(64), unique=True)
    blocked_at: Mapped[datetime] = mapped_column(default=utcnow)
