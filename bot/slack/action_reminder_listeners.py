"""Presses on an action-plan reminder: recorded by `press_action_button` (the owner only),
then the message is rendered again from the action."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.slack.action_reminder_message import action_reminder_message, pressed
from bot.slack.ids import Action
from bot.slack.private_reply import tell_privately
from learning.improvement.action_reminders import NotTheirs, press_action_button
from learning.improvement.actions import ActionRefused

log = logging.getLogger(__name__)


def register(app: App, services: Any) -> None:
    def press(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        found = pressed(body["actions"][0].get("value", ""))
        if found is None:
            return
        action_id, stage, what = found
        try:
            result = press_action_button(services.database, action_id, stage, what,
                                         chat_user_id=body["user"]["id"], now=datetime.now(UTC),
                                         settings=services.settings)
        except (NotTheirs, ActionRefused, LookupError) as refused:
            tell_privately(client, body, str(refused) if not isinstance(refused, LookupError)
                           else "Sorry, that button is out of date.")
            return
        try:
            client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"],
                               **action_reminder_message(result.notice))
        except SlackClientError as failure:
            log.warning("an action reminder could not be updated: %s", type(failure).__name__)

    for action in (Action.ACTION_PLAN_DONE, Action.ACTION_PLAN_STUCK,
                   Action.ACTION_PLAN_NOT_STUCK):
        app.action(action.value)(press)

    @app.action(Action.ACTION_PLAN_UPDATE.value)
    def open_action(ack: Ack) -> None:
        ack()  # a link button: Slack opens the page itself
