"""What every Teams handler needs, built once per app by `attach` (no module-level state)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.teams.auth import SigningKeys
from bot.teams.connector import Connector
from bot.teams.messenger import TeamsMessenger
from bot.teams.references import reference_of
from learning.messaging import DeliveryError
from learning.settings import Settings
from storage.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TeamsBot:
    # app.Services (bot/ may not import app.py): settings, database, and every messenger.
    services: Any
    keys: SigningKeys
    connector: Connector
    messenger: TeamsMessenger

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def database(self) -> Database:
        return self.services.database

    def work_email(self, activity: dict[str, Any]) -> str | None:
        """The sender's work email as Teams knows it (email, else user principal name).

        Activities carry no email: it comes from the connector's member lookup.
        """
        user_id = (activity.get("from") or {}).get("id")
        if not user_id:
            return None
        try:
            member = self.connector.member(reference_of(activity), str(user_id))
        except DeliveryError as failure:
            log.warning("looking up a Teams member failed: %s", failure.reason)
            return None
        return member.get("email") or member.get("userPrincipalName")
