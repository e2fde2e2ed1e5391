"""Where a person is reached: the chat platform (or email) and address a delivery uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from learning.settings import Settings
from storage.models import Person
from storage.vocabulary import Platform


@dataclass(frozen=True)
class Destination:
    platform: Platform | None
    address: dict[str, Any] | None
    # Set when nothing can be sent: the outbox records it as the reason for skipping.
    reason: str | None = None


def destination_for(person: Person, settings: Settings) -> Destination:
    """A configured chat platform first, then email; a person known only on an unconfigured
    platform is recorded as skipped there, so a lead can see why they heard nothing."""
    slack = Destination(Platform.SLACK, {"channel": person.slack_user_id}) \
        if person.slack_user_id else None
    teams = Destination(Platform.TEAMS, dict(person.teams_conversation)) \
        if person.teams_conversation else None
    if slack and settings.slack_enabled:
        return slack
    if teams and settings.teams_enabled:
        return teams
    if person.email and settings.mail_enabled:
        # The person's id lets the mail carry their own unsubscribe link.
        return Destination(Platform.EMAIL, {"email": person.email, "person_id": person.id})
    if slack or teams:
        return slack or teams  # type: ignore[return-value]
    if person.email:
        return Destination(None, None, "email is not set up here: they can read it at /learning")
    return Destination(None, None, "no chat address: they can read it at /learning")


def delivery_row(*, kind: Any, item: str, person: Person, occasion: str, not_before: datetime,
                 settings: Settings, **extra: Any) -> dict[str, Any]:
    """The outbox row for one person, ready for `learning.nudges.outbox.schedule`."""
    where = destination_for(person, settings)
    return {"kind": kind, "item": item, "recipient": f"person:{person.id}", "occasion": occasion,
            "person_id": person.id, "platform": where.platform, "address": where.address,
            "reason": where.reason, "not_before": not_before, **extra}
