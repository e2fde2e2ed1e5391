"""Telling only the person who pressed a button why nothing happened (an ephemeral message)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.slack.escaping import inert

log = logging.getLogger(__name__)


def tell_privately(client: WebClient, body: dict, text: str) -> None:
    try:
        client.chat_postEphemeral(channel=body["channel"]["id"], user=body["user"]["id"],
                                  text=inert(text))
    except SlackClientError as failure:
        log.warning("an ephemeral refusal could not be sent: %s", type(failure).__name__)
