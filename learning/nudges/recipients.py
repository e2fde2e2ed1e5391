"""Where a person is reached: the chat platform (or email) and address a delivery uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from learning.nudges.time_for_people import LEARNING_KINDS
from learning.settings import Settings
from storage.models import Person
from storage.vocabulary import CHAT_PLATFORMS, Platform


@dataclass(frozen=True)
class Destination:
    platform: Platform | None
    address: dict[str, Any] | None
    # Set when nothing can be sent: the outbox records it as the reason for skipping.
    reason: str | None = None


def destination_for(person: Person, settings: Settings) -> Destination:
    """The person's preferred channel when they can be reached on it; else a configured chat
    platform (Slack first), then email. A person known only on an unconfigured platform is
    recorded as skipped there, so a lead can see why they heard nothing."""
    preferred = person.preference.preferred_channel if person.preference else None
    reachable = reachable_on(person, settings)
    for where in reachable:
        if where.platform is not None and where.platform.value == preferred:
            return where
    if reachable:
        return reachable[0]
    chat = [where for where in _addresses(person) if where.platform in CHAT_PLATFORMS]
    if chat:
        return chat[0]
    if person.email:
        return Destination(None, None, "email is not set up here: they can read it at /learning")
    return Destination(None, None, "no chat address: they can read it at /learning")


def reachable_on(person: Person, settings: Settings) -> list[Destination]:
    """Every configured channel this person has an address on: the preferred-channel choices."""
    enabled = {Platform.SLACK: settings.slack_enabled, Platform.TEAMS: settings.teams_enabled,
               Platform.EMAIL: settings.mail_enabled}
    return [where for where in _addresses(person) if enabled.get(where.platform)]


def _addresses(person: Person) -> list[Destination]:
    found = []
    if person.slack_user_id:
        found.append(Destination(Platform.SLACK, {"channel": person.slack_user_id}))
    if person.teams_conversation:
        found.append(Destination(Platform.TEAMS, dict(person.teams_conversation)))
    if person.email:
        # The person's id lets the mail carry their own preferences and unsubscribe links.
        found.append(Destination(Platform.EMAIL, {"email": person.email, "person_id": person.id}))
    return found


def delivery_row(*, kind: Any, item: str, person: Person, occasion: str, not_before: datetime,
                 settings: Settings, **extra: Any) -> dict[str, Any]:
    """The outbox row for one person, ready for `learning.nudges.outbox.schedule`."""
    where = destination_for(person, settings)
    address = where.address
    if where.platform is Platform.EMAIL and kind in LEARNING_KINDS:
        # Learning by email carries an unsubscribe link; work does not, as it would not stop it.
        address = {**address, "unsubscribe": True}
    return {"kind": kind, "item": item, "recipient": f"person:{person.id}", "occasion": occasion,
            "person_id": person.id, "platform": where.platform, "address": address,
            "reason": where.reason, "not_before": not_before, **extra}
