"""LearnLoop's `Messenger` for Teams: notices as Adaptive Cards, through the connector.

An address is a conversation reference (a person's personal chat, or a team channel), or
just {"channel_id": ...} as an admin's routing rule names a channel: that is completed from
the channel's install. The message id is the activity id. A conversation Teams reports as
blocked is written down and skipped until the person writes to the bot again.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.teams import cards
from bot.teams.connector import ConversationBlocked, Connector
from bot.teams.references import is_blocked, record_blocked
from bot.teams.action_reminder_card import action_reminder_card
from bot.teams.evaluation_cards import course_reaction_card, pulse_card, report_again_card
from bot.teams.nugget_card import nugget_card
from learning.messaging import (ActionReminder, CourseReaction, Digest, DeliveryError, Notice,
                                NuggetNotice,
                                PulseQuestion, ReportAgainQuestion, ReportCard, TextNotice,
                                TrainingReminder)
from learning.settings import Settings
from storage.database import Database
from storage.models.teams import ConversationKind, TeamsConversation

log = logging.getLogger(__name__)


def notice_card(notice: Notice) -> cards.Card:
    if isinstance(notice, ReportCard):
        return cards.report_card(notice)
    if isinstance(notice, TextNotice):
        return cards.text_card(notice)
    if isinstance(notice, NuggetNotice):
        return nugget_card(notice)
    if isinstance(notice, TrainingReminder):
        return cards.reminder_card(notice)
    if isinstance(notice, Digest):
        return cards.digest_card(notice)
    if isinstance(notice, ActionReminder):
        return action_reminder_card(notice)
    if isinstance(notice, PulseQuestion):
        return pulse_card(notice)
    if isinstance(notice, ReportAgainQuestion):
        return report_again_card(notice)
    if isinstance(notice, CourseReaction):
        return course_reaction_card(notice)
    # Permanent, not a crash: the outbox records it and moves on to the next delivery.
    raise DeliveryError(f"Teams cannot show a {type(notice).__name__}", permanent=True)


class TeamsMessenger:
    def __init__(self, connector: Connector, database: Database, settings: Settings) -> None:
        self.connector = connector
        self._database = database
        self._settings = settings

    def send(self, address: dict[str, Any], notice: Notice) -> str:
        return self.send_card(address, notice_card(notice))

    def update(self, address: dict[str, Any], message_id: str, notice: Notice) -> None:
        card = notice_card(notice)
        with self._database.unit_of_work() as uow:
            reference = self._reference(uow.session, address)
        self.connector.update(reference, message_id, cards.message(card))

    def send_card(self, address: dict[str, Any], card: cards.Card) -> str:
        with self._database.unit_of_work() as uow:
            reference = self._reference(uow.session, address)
            if is_blocked(uow.session, self._settings, reference):
                raise DeliveryError("the person has blocked or removed the bot", permanent=True)
        try:
            return self.connector.send(reference, cards.message(card))
        except ConversationBlocked:
            with self._database.unit_of_work() as uow:
                record_blocked(uow.session, self._settings, reference)
                uow.commit()
            log.warning("a Teams conversation blocked the bot: not writing there again until "
                        "they write to it")
            raise

    def _reference(self, session: Session, address: dict[str, Any]) -> dict[str, Any]:
        if "serviceUrl" in address or "channel_id" not in address:
            return address
        channel_id = str(address["channel_id"])
        installs = session.scalars(select(TeamsConversation).where(
            TeamsConversation.kind == ConversationKind.CHANNEL)
            .order_by(TeamsConversation.installed_at.desc()))
        known = list(installs)
        exact = next((c for c in known if c.conversation_id == channel_id), None)
        if exact is not None:
            return exact.reference
        if known:
            # Another channel of an installed team: same service, the channel's own id.
            latest = known[0].reference
            return {**latest, "conversation": {**latest["conversation"], "id": channel_id}}
        raise DeliveryError("LearnLoop is not installed in any Teams channel yet: add the app "
                            "to the learning group's team", permanent=True)
