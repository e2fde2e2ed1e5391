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
from learning.reports.access import NotAllowed, account_by_email
from learning.messaging import DeliveryError, report_card
from learning.reports.posting import refresh_report_posts
from learning.reports.triage import TransitionRefused, acknowledge, assign, find_report

log = logging.getLogger(__name__)

TRIAGE_VERBS = {Verb.ACKNOWLEDGE, Verb.ASSIGN_TO_ME}


def act_on_report(bot: TeamsBot, activity: dict[str, Any], verb: str,
                  data: dict[str, Any]) -> Card | str:
    """The report's refreshed card, or a sentence saying why nothing changed."""
    reference = str(data.get("reference") or "")
    email = bot.work_email(activity)
    now = datetime.now(UTC)
    with bot.database.unit_of_work() as uow:
        session = uow.session
        report = find_report(session, reference)
        if report is None:
            return "That report was not found: it may have been deleted."
        account = account_by_email(session, email)
        try:
            if verb == Verb.ACKNOWLEDGE:
                acknowledge(session, report, by=account, now=now)  # type: ignore[arg-type]
            else:
                assign(session, report, by=account, assignee=account, now=now)  # type: ignore[arg-type]
        except (NotAllowed, TransitionRefused) as refused:
            return str(refused)
        uow.commit()
    refresh_report_posts(bot.database, reference, settings=bot.settings,
                         messengers=bot.services.messengers)
    with bot.database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        return cards.report_card(report_card(report, bot.settings))  # type: ignore[arg-type]


def act_from_message(bot: TeamsBot, activity: dict[str, Any], value: dict[str, Any]) -> None:
    """Action.Submit (clients without Action.Execute): the post is refreshed for everyone
    already; only a refusal needs saying."""
    outcome = act_on_report(bot, activity, str(value.get("verb")), value)
    if isinstance(outcome, str):
        try:
            bot.messenger.send_card(reference_of(activity), cards.card([cards.text(outcome)]))
        except DeliveryError as failure:
            log.warning("replying to a card action failed: %s", failure.reason)

