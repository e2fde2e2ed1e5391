"""The Slack messenger keeps the Messenger contract: message ids, updates, and what a failure
means."""

from __future__ import annotations

import pytest

from learning.messaging import DeliveryError, TextNotice
from storage.vocabulary import Platform
from tests.slack.fake_slack import Canned


@pytest.fixture
def messenger(app):
    return app.extensions["learnloop"].messengers[Platform.SLACK]


def test_send_returns_the_ts_and_update_replaces_that_message(messenger, fake_slack):
    ts = messenger.send({"channel": "C0LEARN01"}, TextNotice("Thanks <@U1> & all"))
    messenger.update({"channel": "C0LEARN01"}, ts, TextNotice("Updated"))
    [sent] = fake_slack.calls_to("chat.postMessage")
    [update] = fake_slack.calls_to("chat.update")
    assert sent.args["text"] == "Thanks &lt;@U1&gt; &amp; all"
    assert sent.headers["Authorization"] == "Bearer xoxb-test-token"
    assert (update.args["channel"], update.args["ts"]) == ("C0LEARN01", ts)


def test_a_rate_limit_that_outlasts_the_retries_is_a_temporary_failure_with_its_wait(
        messenger, fake_slack):
    for _ in range(3):
        fake_slack.answer_next("chat.postMessage", Canned(
            status=429, headers={"Retry-After": "0"}, body={"ok": False, "error": "ratelimited"}))
    with pytest.raises(DeliveryError) as failed:
        messenger.send({"channel": "C0LEARN01"}, TextNotice("Hello"))
    assert not failed.value.permanent and failed.value.retry_after == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == 3  # the first try and two retries


def test_a_missing_channel_is_a_permanent_failure(messenger, fake_slack):
    fake_slack.answer_next("chat.postMessage", Canned(body={"ok": False,
                                                            "error": "channel_not_found"}))
    with pytest.raises(DeliveryError) as failed:
        messenger.send({"channel": "C0GONE001"}, TextNotice("Hello"))
    assert failed.value.permanent and "channel_not_found" in failed.value.reason


def test_notices_without_slack_buttons_yet_are_sent_read_only_and_inert(messenger, fake_slack):
    from learning import messaging
    if not hasattr(messaging, "Digest"):
        pytest.skip("digests are not in learning.messaging yet")
    digest = messaging.Digest(title="Weekly learning", link="https://learnloop.example/dashboard",
                              sections=(messaging.DigestSection("New reports", ("3 <!here>",)),))
    messenger.send({"channel": "C0LEARN01"}, digest)
    [sent] = fake_slack.calls_to("chat.postMessage")
    assert "<!here>" not in str(sent.args) and "3 &lt;!here&gt;" in str(sent.args["blocks"])
