"""A channel name is never taken for a channel id: urgent reports must reach a real channel."""

from __future__ import annotations

import pytest

from learning.reports.channel_ids import ChannelIdError, channel_id
from learning.settings import SettingsError, load_settings


@pytest.mark.parametrize("platform, typed, kept", [
    ("slack", " C0123ABCDE ", "C0123ABCDE"),
    ("slack", "G0PRIVATE1", "G0PRIVATE1"),
    ("teams", "19:a1b2c3d4e5f6@thread.tacv2", "19:a1b2c3d4e5f6@thread.tacv2"),
    ("teams", "19:general-room@thread.skype", "19:general-room@thread.skype"),
    ("teams", "19%3aa1b2c3d4e5f6%40thread.tacv2", "19:a1b2c3d4e5f6@thread.tacv2"),
])
def test_channel_ids_are_accepted(platform, typed, kept):
    assert channel_id(platform, typed) == kept


@pytest.mark.parametrize("platform, typed, looks", [
    ("slack", "general", "starts with C or G"),
    ("slack", "#safeguarding", "starts with C or G"),
    ("slack", "#general", "Channel ID"),
    ("slack", "U0PRIYA01", "starts with C or G"),  # a person, not a channel
    ("slack", "GENERAL", "starts with C or G"),
    ("teams", "Safeguarding leads", "19:"),
    ("teams", "C0123ABCDE", "19:"),
    ("teams", "19:no-thread", "@thread"),
])
def test_channel_names_are_refused_saying_what_an_id_looks_like(platform, typed, looks):
    with pytest.raises(ChannelIdError, match=looks):
        channel_id(platform, typed)


def test_a_learning_channel_name_stops_start_up_with_one_line_naming_the_variable(environ):
    with pytest.raises(SettingsError) as refused:
        load_settings({**environ, "SLACK_LEARNING_CHANNEL": "#general"})

    message = str(refused.value)
    assert message.startswith("SLACK_LEARNING_CHANNEL: ") and "\n" not in message
    assert "C0123ABCDE" in message


def test_a_learning_channel_id_starts(environ):
    assert load_settings({**environ, "SLACK_LEARNING_CHANNEL": "C0LEARN01"}) \
        .slack_learning_channel == "C0LEARN01"
