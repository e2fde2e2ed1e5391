"""The buttons on a learning nugget: Read, Useful, Discussed, and the check question's answers.

`learning.nudges.nuggets.acknowledge_delivery` records the press (and refuses anyone but the person
it was sent to); the message is then rendered again from the delivery's state.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.slack.nugget_message import nugget_message, pressed
from bot.slack.private_reply import tell_privately
from learning.nudges.nugget_changes import press_nugget
from learning.nudges.nuggets import NotYours, NuggetAction

log = logging.getLogger(__name__)


def register(app: App, services: Any) -> None:
    def press(ack: Ack, body: dict, client: WebClient, action: NuggetAction) -> None:
        ack()
        found = pressed(body["actions"][0].get("value", ""))
        if found is None:
            return
        delivery_id, choice = found
        try:
            result = press_nugget(services.database, delivery_id, action, choice,
                                  now=datetime.now(UTC), settings=services.settings,
                                  chat_user_id=body["user"]["id"])
        except (NotYours, LookupError) as refused:
            tell_privately(client, body, str(refused))
            return
        try:
            client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"],
                               **nugget_message(result.notice))
        except SlackClientError as failure:
            log.warning("a nugget could not be updated: %s", type(failure).__name__)

    def listener_for(kind: NuggetAction) -> Callable[[Ack, dict, WebClient], None]:
        # Bolt fills a listener's arguments by their names, so it takes exactly these three.
        def listener(ack: Ack, body: dict, client: WebClient) -> None:
            press(ack, body, client, kind)
        return listener

    for kind in NuggetAction:
        app.action(kind.value)(listener_for(kind))
    # Each check option's button has its own action id: nugget_answer:0, nugget_answer:1...
    app.action(re.compile(rf"^{NuggetAction.ANSWER.value}:\d+$"))(
        listener_for(NuggetAction.ANSWER))
    # "Not useful" is its own button, so it needs its own action id.
    app.action(NuggetAction.USEFUL.value + "_no")(listener_for(NuggetAction.USEFUL))
