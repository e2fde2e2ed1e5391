"""Where the bot can write later: conversation references, kept when the app is installed.

A person LearnLoop knows (matched by Entra object id, then email) keeps theirs on `Person`;
anyone else, and every team channel, in `TeamsConversation`. A message only refreshes a
reference already kept (Teams may move a conversation to another serviceUrl); it never
creates one, so writing a report anonymously leaves no trace of who was chatting.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.conversation import chat_key
from learning.settings import Settings
from storage.models import Person
from storage.models.teams import ConversationKind, TeamsBlockedConversation, TeamsConversation


# Where a reporter's Entra object id sits in the conversation reference kept as their address.
TEAMS_USER = ("user", "aadObjectId")


def reference_of(activity: dict[str, Any]) -> dict[str, Any]:
    """The parts of an activity needed to write to its conversation again."""
    conversation = activity.get("conversation") or {}
    reference: dict[str, Any] = {
        "serviceUrl": activity.get("serviceUrl"),
        "channelId": activity.get("channelId"),
        "conversation": {key: conversation[key] for key in ("id", "conversationType", "tenantId",
                                                            "isGroup") if key in conversation},
        "bot": {key: value for key, value in (activity.get("recipient") or {}).items()
                if key in ("id", "name")},
    }
    if conversation.get("conversationType") == ConversationKind.PERSONAL:
        sender = activity.get("from") or {}
        reference["user"] = {key: sender[key] for key in ("id", "aadObjectId") if key in sender}
    return reference


def conversation_kind(activity: dict[str, Any]) -> ConversationKind:
    kind = (activity.get("conversation") or {}).get("conversationType")
    try:
        return ConversationKind(kind)
    except ValueError:
        return ConversationKind.PERSONAL


def person_for(session: Session, aad_object_id: str | None,
               email: str | None = None) -> Person | None:
    if aad_object_id:
        person = session.scalar(select(Person).where(Person.teams_user_id == aad_object_id,
                                                     Person.active))
        if person is not None:
            return person
    if email:
        return session.scalar(select(Person).where(
            func.lower(Person.email) == email.strip().lower(), Person.active))
    return None


def keep_installation(session: Session, activity: dict[str, Any], *,
                      email: str | None = None) -> None:
    """The app was added to a personal chat, a group chat or a team: keep where it was added."""
    reference = reference_of(activity)
    kind = conversation_kind(activity)
    conversation_id = reference["conversation"].get("id")
    if not conversation_id:
        return
    aad_object_id = (activity.get("from") or {}).get("aadObjectId")
    if kind is ConversationKind.PERSONAL:
        person = person_for(session, aad_object_id, email)
        if person is not None:
            person.teams_user_id = aad_object_id
            person.teams_conversation = reference
            return
    kept = session.scalar(select(TeamsConversation).where(
        TeamsConversation.conversation_id == conversation_id))
    if kept is None:
        kept = TeamsConversation(conversation_id=conversation_id, kind=kind)
        session.add(kept)
    kept.reference = reference
    kept.aad_object_id = aad_object_id if kind is ConversationKind.PERSONAL else None
    kept.name = _channel_name(activity) if kind is ConversationKind.CHANNEL else None


def refresh_service_url(session: Session, activity: dict[str, Any]) -> None:
    """Point a kept reference at the serviceUrl this activity came from, if it moved.

    Only a changed serviceUrl is written, and no timestamp: an update must not tell anyone
    when this person last wrote to the bot.
    """
    service_url = activity.get("serviceUrl")
    conversation_id = (activity.get("conversation") or {}).get("id")
    aad_object_id = (activity.get("from") or {}).get("aadObjectId")
    if conversation_kind(activity) is ConversationKind.PERSONAL and aad_object_id:
        person = person_for(session, aad_object_id)
        if person is not None and person.teams_conversation and \
                person.teams_conversation.get("serviceUrl") != service_url:
            person.teams_conversation = {**person.teams_conversation, "serviceUrl": service_url}
    kept = session.scalar(select(TeamsConversation).where(
        TeamsConversation.conversation_id == conversation_id)) if conversation_id else None
    if kept is not None and kept.reference.get("serviceUrl") != service_url:
        kept.reference = {**kept.reference, "serviceUrl": service_url}


def blocked_key(settings: Settings, reference: dict[str, Any]) -> str:
    conversation_id = str((reference.get("conversation") or {}).get("id") or "")
    return chat_key(settings, "teams-conversation", conversation_id)


def is_blocked(session: Session, settings: Settings, reference: dict[str, Any]) -> bool:
    key = blocked_key(settings, reference)
    return session.scalar(select(TeamsBlockedConversation.id).where(
        TeamsBlockedConversation.conversation_key == key)) is not None


def record_blocked(session: Session, settings: Settings, reference: dict[str, Any]) -> None:
    if not is_blocked(session, settings, reference):
        session.add(TeamsBlockedConversation(conversation_key=blocked_key(settings, reference)))


def forget_blocked(session: Session, settings: Settings, reference: dict[str, Any]) -> None:
    """They wrote to the bot (or installed it again): messages may go to them once more."""
    key = blocked_key(settings, reference)
    blocked = session.scalar(select(TeamsBlockedConversation).where(
        TeamsBlockedConversation.conversation_key == key))
    if blocked is not None:
        session.delete(blocked)


def _channel_name(activity: dict[str, Any]) -> str | None:
    data = activity.get("channelData") or {}
    team = (data.get("team") or {}).get("name")
    channel = (data.get("channel") or {}).get("name")
    return " / ".join(part for part in (team, channel) if part) or None
