"""Slack's rules of the road: signatures, retries, rate limits, and quiet logs."""

from __future__ import annotations

import time

from app import create_app
from learning.settings import load_settings
from tests.slack.conftest import (LEARNING_CHANNEL, PRIYA, SlackRequests, finish_work_after_acks,
                                  send_the_outbox)
from tests.slack.fake_slack import Canned
from tests.slack.modal_answers import submission

SECRET_TEXT = "the mailbox at Lilac Close went unread"


def test_unsigned_missigned_and_stale_requests_are_refused(slack, fake_slack):
    assert slack.command(signed=False).status_code == 401
    assert slack.command(secret="not-the-signing-secret").status_code == 401
    six_minutes_ago = int(time.time()) - 6 * 60
    assert slack.command(timestamp=six_minutes_ago).status_code == 401
    assert fake_slack.calls == []  # nothing was done for any of them
    assert slack.command().status_code == 200


def test_a_refused_request_is_not_written_to_the_logs(slack, caplog):
    caplog.set_level("DEBUG")
    response = slack.interaction(submission(what_happened=SECRET_TEXT), secret="wrong")
    assert response.status_code == 401
    assert "Lilac Close" not in caplog.text and PRIYA not in caplog.text


def test_a_retried_event_is_answered_but_handled_once(slack, fake_slack):
    event = {"type": "message", "channel_type": "im", "channel": "D0PRIYA01", "user": PRIYA,
             "text": "help", "ts": "1700000000.000300"}
    assert slack.event(event, event_id="Ev0RETRY01").status_code == 200
    fake_slack.wait_for("chat.postMessage")
    retried = slack.event(event, event_id="Ev0RETRY01",
                          headers={"X-Slack-Retry-Num": "1",
                                   "X-Slack-Retry-Reason": "http_timeout"})
    assert retried.status_code == 200
    time.sleep(0.3)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_rate_limited_post_waits_for_retry_after_and_is_sent(slack, fake_slack, app):
    fake_slack.answer_next("chat.postMessage", Canned(status=429, headers={"Retry-After": "0"},
                                                      body={"ok": False, "error": "ratelimited"}))
    slack.interaction(submission())
    fake_slack.posts_to(LEARNING_CHANNEL)
    send_the_outbox(app)  # the receipt
    fake_slack.posts_to(PRIYA)
    assert len(fake_slack.calls_to("chat.postMessage")) == 3  # one refused, then both sent


def test_nothing_logged_carries_report_text_or_identity(slack, fake_slack, caplog, app):
    caplog.set_level("DEBUG")
    slack.interaction(submission(what_happened=f"We found {SECRET_TEXT}.",
                                 identity_mode="confidential"))
    fake_slack.posts_to(LEARNING_CHANNEL)
    slack.direct_message("report")
    slack.direct_message(f"status LL-2222-2222 {SECRET_TEXT}")
    fake_slack.wait_for("chat.postMessage", count=3)
    send_the_outbox(app)  # the receipt
    fake_slack.wait_for("chat.postMessage", count=4)
    for private in ("Lilac Close", PRIYA, "Priya", "priya.shah@health.example"):
        assert private not in caplog.text
    assert "report submitted" in caplog.text  # the logs were captured


def test_slack_is_off_without_its_settings(environ, database):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        environ.pop(name)
    app = create_app(load_settings(environ))
    try:
        assert app.test_client().post("/slack/events", data="{}").status_code == 404
    finally:
        app.extensions["learnloop"].database.dispose()


def test_a_fresh_bolt_app_per_flask_app(environ, fake_slack, database):
    apps = [create_app(load_settings(environ)) for _ in range(2)]
    try:
        for app in apps:
            assert SlackRequests(app.test_client()).command().status_code == 200
        fake_slack.wait_for("views.open", count=2)
    finally:
        for app in apps:
            finish_work_after_acks(app)
            app.extensions["learnloop"].database.dispose()
