"""Fixtures for driving LearnLoop's Slack endpoint as Slack does: signed HTTP requests to
POST /slack/events on the Flask app, with the real WebClient talking to a fake Slack.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from itertools import count
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.slack.fake_slack import TEAM, FakeSlack

SIGNING_SECRET = "test-signing-secret-8f3a"
PRIYA = "U0PRIYA01"
LEAD = "U0LEAD001"
LEARNING_CHANNEL = "C0LEARN01"


@pytest.fixture
def fake_slack(httpserver) -> Iterator[FakeSlack]:
    fake = FakeSlack(httpserver)
    fake.add_user(PRIYA, "Priya Shah", "priya.shah@health.example", "Health visitor")
    fake.add_user(LEAD, "Lee Learning", "lead@partnership.example", "Learning lead")
    yield fake
    fake.check_payloads()


def finish_work_after_acks(app) -> None:
    """Wait for listeners still working after their ack, before the database is emptied."""
    app.extensions["slack_listener_executor"].shutdown(wait=True)


def send_the_outbox(app) -> None:
    """What the clock does every 20 seconds: receipts and messages to reporters go from here."""
    from learning.nudges.outbox import Outbox
    from learning.nudges.send_rate import SendRate

    finish_work_after_acks(app)
    services = app.extensions["learnloop"]
    Outbox(services.database, services.messengers, services.settings,
           send_rate=SendRate()).send_due()


@pytest.fixture
def app(app):
    yield app
    finish_work_after_acks(app)


@pytest.fixture
def environ(environ: dict[str, str], fake_slack: FakeSlack) -> dict[str, str]:
    environ.update({
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "SLACK_LEARNING_CHANNEL": LEARNING_CHANNEL,
        "BASE_URL": "https://learnloop.example",
        "EMERGENCY_CONTACTS": "Call 999, or the Riverside front door on 01632 960000",
    })
    return environ


class SlackRequests:
    """Requests as Slack would send them, signed with the signing secret."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._events = count(1)

    def post(self, body: str, content_type: str, *, secret: str = SIGNING_SECRET,
             timestamp: int | None = None, headers: dict[str, str] | None = None,
             signed: bool = True) -> Any:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        sent = dict(headers or {})
        if signed:
            signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
            sent.update({"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature})
        return self.client.post("/slack/events", data=body, content_type=content_type,
                                headers=sent)

    def command(self, command: str = "/nearmiss", *, user: str = PRIYA, text: str = "",
                **options: Any) -> Any:
        body = urlencode({"token": "legacy", "team_id": TEAM, "team_domain": "riverside",
                          "channel_id": "C0GENERAL1", "channel_name": "general", "user_id": user,
                          "user_name": "someone", "command": command, "text": text,
                          "api_app_id": "A0LEARN01", "trigger_id": "13345224609.738474920.8088",
                          "response_url": "https://hooks.slack.example/commands/1"})
        return self.post(body, "application/x-www-form-urlencoded", **options)

    def interaction(self, payload: dict[str, Any], **options: Any) -> Any:
        payload = {"team": {"id": TEAM, "domain": "riverside"}, "api_app_id": "A0LEARN01",
                   "token": "legacy", "trigger_id": "13345224609.738474920.8089", **payload}
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded", **options)

    def event(self, event: dict[str, Any], *, event_id: str | None = None, **options: Any) -> Any:
        body = json.dumps({"token": "legacy", "team_id": TEAM, "api_app_id": "A0LEARN01",
                           "type": "event_callback", "event": event,
                           "event_id": event_id or f"Ev0{next(self._events):08d}",
                           "event_time": int(time.time()),
                           "authorizations": [{"team_id": TEAM, "user_id": "U0LEARNBOT",
                                               "is_bot": True}]})
        return self.post(body, "application/json", **options)

    def direct_message(self, text: str, *, user: str = PRIYA, **options: Any) -> Any:
        return self.event({"type": "message", "channel_type": "im", "channel": "D0PRIYA01",
                           "user": user, "text": text, "ts": f"{time.time():.6f}"}, **options)

    def press(self, action_id: str, value: str | None, *, user: str = PRIYA,
              channel: str = "D0PRIYA01", message: dict | None = None, block_id: str = "b",
              state: dict | None = None, text: str = "Button") -> Any:
        action = {"type": "button", "action_id": action_id, "block_id": block_id,
                  "text": {"type": "plain_text", "text": text}, "action_ts": "1700000000.1"}
        if value is not None:
            action["value"] = value
        message = message or {"ts": "1700000001.000100", "blocks": []}
        return self.interaction({
            "type": "block_actions", "user": {"id": user, "team_id": TEAM},
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel},
            "channel": {"id": channel}, "message": message, "actions": [action],
            "state": {"values": state or {}},
            "response_url": "https://hooks.slack.example/actions/1"})


def eventually(check: Callable[[], Any], timeout: float = 10) -> Any:
    """What `check` returns once it is truthy: for results of work done after the ack."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError("it did not happen in time")
        time.sleep(0.02)
    return result


@pytest.fixture
def slack(client) -> SlackRequests:
    return SlackRequests(client)
