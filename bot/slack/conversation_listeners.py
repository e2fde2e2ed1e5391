"""Reporting by direct message: "report", "help", "status <reference>", and button presses.

Events are acknowledged by Bolt before these listeners run; every reply is sent after.
Slack is asked who the person is only when they send a named or confidential report.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from sqlalchemy.exc import SQLAlchemyError

from bot.chat_commands import answer_command
from bot.conversation import chat_key, converse, help_text, not_saved_text
from bot.slack.conversation_messages import (answered_message, plain_message, private_message,
                                             turn_message)
from bot.slack.escaping import as_typed
from bot.slack.ids import Action
from bot.slack.people import SLACK_USER, named_reporter
from bot.slack.wording import anonymity_caveat
from learning.reports.posting import post_new_report
from learning.reports.sending import redone_if_refused
from storage.vocabulary import Channel

log = logging.getLogger(__name__)


def is_direct_message(event: dict) -> bool:
    return (event.get("channel_type") == "im" and not event.get("subtype")
            and not event.get("bot_id") and bool(event.get("user")))


def register(app: App, services: Any) -> None:
    @app.event("message", matchers=[is_direct_message])
    def answer_direct_message(event: dict, context: dict, client: WebClient) -> None:
        _answer(services, client, channel=event["channel"], user_id=event["user"],
                team_id=context.get("team_id") or event.get("team"), text=event.get("text") or "")

    @app.event("message")
    def ignore_other_messages() -> None:
        """Edits, bot messages and the like: nothing to do."""

    # answer:0, answer:1... (Slack wants unique ids in a block); plain "answer" on older messages.
    @app.action(re.compile(rf"^{Action.ANSWER.value}(:\d+)?$"))
    def answer_by_button(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        pressed = body["actions"][0]
        _close_question(client, body, pressed["text"]["text"])
        _answer(services, client, channel=body["channel"]["id"], user_id=body["user"]["id"],
                team_id=body["user"].get("team_id"), text=pressed["value"])

    @app.action(Action.PICK_MANY.value)
    def note_picks(ack: Ack) -> None:
        ack()  # the choices are read from the message's state when Done is pressed

    @app.action(Action.ANSWER_PICKED.value)
    def answer_by_picking(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        pressed = body["actions"][0]
        state = body.get("state", {}).get("values", {}).get(pressed["block_id"], {})
        picked = state.get(Action.PICK_MANY.value, {}).get("selected_options") or []
        values = ",".join(o["value"] for o in picked) or "none"
        _close_question(client, body, ", ".join(o["text"]["text"] for o in picked) or "None")
        _answer(services, client, channel=body["channel"]["id"], user_id=body["user"]["id"],
                team_id=body["user"].get("team_id"), text=values)


def _say(client: WebClient, channel: str, message: dict[str, Any]) -> None:
    try:
        client.chat_postMessage(channel=channel, **message)
    except SlackClientError as failure:
        log.error("replying in a direct message failed: %s", type(failure).__name__)


def _answer(services: Any, client: WebClient, *, channel: str, user_id: str,
            team_id: str | None, text: str) -> None:
    settings = services.settings
    typed = as_typed(text).strip()
    if typed.lower() == "help":
        _say(client, channel, plain_message(help_text(settings)))
        return
    try:
        reply, private, result = _take(services, client, typed, user_id, team_id)
    except SQLAlchemyError as failure:
        # The class only: a database error's text can quote what was typed.
        log.error("answering a direct message failed: %s", type(failure).__name__)
        _say(client, channel, plain_message(not_saved_text(settings)))
        return
    _say(client, channel, reply)
    _tell_only_them(client, channel, user_id, private)
    if result is not None:
        post_new_report(services.database, result.reference, settings=settings,
                        messengers=services.messengers)


def _take(services: Any, client: WebClient, typed: str, user_id: str,
          team_id: str | None) -> tuple[dict[str, Any], tuple[str, ...], Any]:
    """A command's answer, or the conversation's next turn: the reply, what only the person
    may see, and the report if this message sent one."""
    settings, database = services.settings, services.database
    with database.unit_of_work() as uow:
        command = answer_command(uow, typed=typed, address_key=SLACK_USER, user_id=user_id,
                                 settings=settings, now=datetime.now(UTC))
    if command is not None:
        return plain_message(command), (), None
    # A turn that sends the report is redone whole if the database refuses it.
    turn = redone_if_refused(database, lambda uow: converse(
        uow, key=chat_key(settings, "slack", user_id), text=typed,
        reporter=lambda: named_reporter(client, uow.session, user_id, team_id),
        channel=Channel.SLACK, settings=settings, now=datetime.now(UTC),
        anonymity_caveat=anonymity_caveat(settings)))
    return turn_message(turn), turn.private, turn.result


def _tell_only_them(client: WebClient, channel: str, user_id: str,
                    lines: tuple[str, ...]) -> None:
    """An ephemeral message: Slack keeps it out of the DM's history. If Slack refuses it, it
    is said in the DM, saying so: a case key Slack keeps beats one the reporter never sees."""
    if not lines:
        return
    try:
        client.chat_postEphemeral(channel=channel, user=user_id, **private_message(lines))
        return
    except SlackClientError as failure:
        log.error("an ephemeral case key could not be shown: %s", type(failure).__name__)
    try:
        client.chat_postMessage(channel=channel, **private_message(lines, privately=False))
    except SlackClientError as failure:
        log.error("a case key could not be shown: %s", type(failure).__name__)


def _close_question(client: WebClient, body: dict, answered: str) -> None:
    message = body.get("message") or {}
    question = next((b["text"]["text"] for b in message.get("blocks", [])
                     if b.get("block_id", "").startswith("question:")), None)
    if question is None:
        return
    try:
        client.chat_update(channel=body["channel"]["id"], ts=message["ts"],
                           **answered_message(as_typed(question), answered))
    except SlackClientError as failure:
        log.warning("closing an answered question failed: %s", type(failure).__name__)
