"""The fake Slack refuses what the real Slack refuses, answering as Slack does, so every Slack
test is also a check that LearnLoop stays within Slack's published limits.
"""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.slack.fake_slack import FakeSlack


def a_modal(max_length: int) -> dict:
    return {"type": "modal", "callback_id": "report",
            "title": {"type": "plain_text", "text": "Report"},
            "blocks": [{"type": "input", "block_id": "what_happened",
                        "label": {"type": "plain_text", "text": "What happened?"},
                        "element": {"type": "plain_text_input", "action_id": "what_happened",
                                    "multiline": True, "max_length": max_length}}]}


def two_buttons(first: str, second: str) -> list[dict]:
    return [{"type": "actions", "block_id": "answer:kind", "elements": [
        {"type": "button", "action_id": first, "value": "yes",
         "text": {"type": "plain_text", "text": "Yes"}},
        {"type": "button", "action_id": second, "value": "no",
         "text": {"type": "plain_text", "text": "No"}}]}]


@pytest.fixture
def web(fake_slack: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test-token", base_url=fake_slack.url)


def test_a_text_input_longer_than_3000_characters_is_refused_as_slack_refuses_it(fake_slack, web):
    with pytest.raises(SlackApiError) as refused:
        web.views_open(trigger_id="1.2.3", view=a_modal(5000))

    assert refused.value.response["error"] == "invalid_arguments"
    assert "max_length" in refused.value.response["response_metadata"]["messages"][0]
    web.views_open(trigger_id="1.2.3", view=a_modal(3000))  # Slack's own upper limit is fine
    assert len(fake_slack.refused) == 1
    fake_slack.refused.clear()  # expected here; any other refusal fails its test


def test_buttons_sharing_an_action_id_in_one_block_are_refused(fake_slack, web):
    with pytest.raises(SlackApiError) as refused:
        web.chat_postMessage(channel="C0LEARN01", text="Kind?",
                             blocks=two_buttons("answer", "answer"))

    assert refused.value.response["error"] == "invalid_blocks"
    assert "repeated" in refused.value.response["response_metadata"]["messages"][0]
    web.chat_postMessage(channel="C0LEARN01", text="Kind?",
                         blocks=two_buttons("answer:0", "answer:1"))
    fake_slack.refused.clear()


@pytest.mark.parametrize("block, problem", [
    ({"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}, "3001 characters"),
    ({"type": "section", "fields": [{"type": "mrkdwn", "text": "x" * 2001}]}, "fields/0"),
    ({"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}, "not 1 to 150"),
    ({"type": "actions", "elements": [{"type": "button", "action_id": "a",
                                       "text": {"type": "plain_text", "text": "x" * 76}}]}, "75"),
    ({"type": "section", "text": {"type": "mrkdwn", "text": ""}}, "0 characters"),
])
def test_text_over_slacks_limits_is_refused(fake_slack, web, block, problem):
    with pytest.raises(SlackApiError) as refused:
        web.chat_postMessage(channel="C0LEARN01", text="t", blocks=[block])

    assert problem in " ".join(refused.value.response["response_metadata"]["messages"])
    fake_slack.refused.clear()


def test_more_than_50_blocks_in_a_message_and_a_long_modal_title_are_refused(fake_slack, web):
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "line"}}
    with pytest.raises(SlackApiError):
        web.chat_postMessage(channel="C0LEARN01", text="t", blocks=[section] * 51)
    with pytest.raises(SlackApiError):
        web.views_open(trigger_id="1.2.3", view={**a_modal(100), "title": {
            "type": "plain_text", "text": "Report a near miss, please, now"}})
    assert len(fake_slack.refused) == 2
    fake_slack.refused.clear()
