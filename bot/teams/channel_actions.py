"""Triage from the learning group's channel: the report card's Acknowledge and Assign to me.

The Teams user becomes a LearnLoop account by their work email (from the connector's
member lookup); the triage function decides whether that account may act. Then every post
of the report, here and on other platforms, is re-rendered in place.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from bot.teams import cards
from bot.teams.cards import Card, Verb
from bot.teams.references import reference_of
from bot.teams.teams_bot import TeamsBot
from learning.messaging import DeliveryError
from learning.reports.chat_triage import NOT_FOUND_OR_NOT_YOURS, ChatStep, triage_from_chat

log = logging.getLogger(__name__)

TRIAGE_VERBS = {Verb.ACKNOWLEDGE, Verb.ASSIGN_TO_ME}
_STEPS = {Verb.ACKNOWLEDGE: ChatStep.ACKNOWLEDGE, Verb.ASSIGN_TO_ME: ChatStep.ASSIGN_TO_ME}


def act_on_report(bot: TeamsBot, activity: dict[str, Any], verb: str,
                  data: dict[str, Any]) -> Card | str:
    """The report's refreshed card, or a sentence saying why nothing changed."""
    reference = str(data.get("reference") or "")
    outcome = triage_from_chat(bot.database, reference, _STEPS[Verb(verb)],
                               email=bot.work_email(activity), now=datetime.now(UTC),
                               settings=bot.settings, messengers=bot.services.messengers)
    if outcome.card is None:
        return outcome.refusal or NOT_FOUND_OR_NOT_YOURS
    return cards.report_card(outcome.card)


def act_from_message(bot: TeamsBot, activity: dict[str, Any], value: dict[str, Any]) -> None:
    """Action.Submit (clients without Action.Execute): the post is refreshed for everyone
    already; only a refusal needs saying."""
    outcome = act_on_report(bot, activity, str(value.get("verb")), value)
    if isinstance(outcome, str):
        try:
            bot.messenger.send_card(reference_of(activity), cards.card([cards.text(outcome)]))
        except DeliveryError as failure:
            log.warning("replying to a card action failed: %s", failure.reason)
