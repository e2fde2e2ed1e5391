"""Triage from the channel post: Acknowledge, Assign to me, Open in dashboard.

Who presses is matched to a LearnLoop account by their Slack email; `learning.reports.triage`
decides whether they may. A refusal is an ephemeral message only they see. After a change,
every post of the report is re-rendered from the database and updated in place.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.ids import Action
from bot.slack.people import email_of
from bot.slack.private_reply import tell_privately
from learning.reports.chat_triage import ChatStep, triage_from_chat


def register(app: App, services: Any) -> None:
    def act(body: dict, client: WebClient, step: ChatStep) -> None:
        user_id, reference = body["user"]["id"], body["actions"][0]["value"]
        outcome = triage_from_chat(services.database, reference, step,
                                   email=email_of(client, user_id), now=datetime.now(UTC),
                                   settings=services.settings, messengers=services.messengers)
        if not outcome.done:
            tell_privately(client, body, outcome.refusal)

    @app.action(Action.ACKNOWLEDGE.value)
    def acknowledge_from_channel(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        act(body, client, ChatStep.ACKNOWLEDGE)

    @app.action(Action.ASSIGN_TO_ME.value)
    def assign_from_channel(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        act(body, client, ChatStep.ASSIGN_TO_ME)

    @app.action(Action.OPEN_DASHBOARD.value)
    def open_dashboard(ack: Ack) -> None:
        ack()  # a link button: Slack opens the page itself
