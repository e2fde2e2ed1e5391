"""A press on a learning nugget's card, recorded for the person it was sent to only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.teams.teams_bot import TeamsBot
from learning.nudges.nugget_changes import press_nugget
from learning.nudges.nuggets import Acknowledged, NotYours, NuggetAction


def press(bot: TeamsBot, activity: dict[str, Any], data: dict[str, Any]) -> Acknowledged | str:
    """Record a press by the person the nugget was sent to; anyone else is told no."""
    delivery, action = data.get("delivery"), data.get("press")
    if not isinstance(delivery, int) or action not in {a.value for a in NuggetAction}:
        return "Sorry, that button is out of date."
    sender = (activity.get("from") or {}).get("aadObjectId") or ""
    try:
        return press_nugget(bot.database, delivery, action, data.get("value") or None,
                            now=datetime.now(UTC), settings=bot.settings, chat_user_id=sender)
    except (NotYours, LookupError) as refused:
        return str(refused)
