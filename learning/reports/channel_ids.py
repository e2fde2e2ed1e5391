"""What a Slack or Teams channel id looks like, so a report is never routed to a channel name.

Slack's Web API posts by channel id (C… for a channel, G… for an older private one); a name
such as `general` or `#safeguarding` is answered `channel_not_found`, so urgent reports would
reach nobody. A Teams channel id is the conversation id Teams gives the channel, `19:…@thread.…`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_SLACK = re.compile(r"^[CG](?=[A-Z0-9]*[0-9])[A-Z0-9]{6,20}$")
_TEAMS = re.compile(r"^19:[^\s@]+@thread\.[a-z0-9]+$")

SLACK_CHANNEL_ID_LOOKS = ("A Slack channel id starts with C or G and has letters and digits, "
                          "such as C0123ABCDE: in Slack, open the channel's details and copy "
                          "the Channel ID at the bottom (a name such as #general will not work)")
TEAMS_CHANNEL_ID_LOOKS = ("A Teams channel id looks like 19:abc123…@thread.tacv2: in Teams, "
                          "choose Get link to channel and copy the part after /channel/ "
                          "(a channel's name will not work)")


class ChannelIdError(ValueError):
    """Not a channel id; the message says what one looks like and where to find it."""


def channel_id(platform: str, typed: str) -> str:
    """The channel id as typed, without surrounding spaces, if it is one for `platform`
    ("slack" or "teams"); otherwise ChannelIdError.
    """
    typed = typed.strip()
    if typed.lower().startswith("19%3a"):  # copied from a Teams channel link, still encoded
        typed = unquote(typed)
    if platform == "slack" and not _SLACK.match(typed):
        raise ChannelIdError(f"{typed!r} is not a Slack channel id. {SLACK_CHANNEL_ID_LOOKS}")
    if platform == "teams" and not _TEAMS.match(typed):
        raise ChannelIdError(f"{typed!r} is not a Teams channel id. {TEAMS_CHANNEL_ID_LOOKS}")
    return typed
