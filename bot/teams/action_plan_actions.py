"""A press on an action-plan reminder's card, recorded for the action's owner only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.teams.teams_bot import TeamsBot
from learning.improvement.action_reminders import NotTheirs, Pressed, press_action_button
from learning.improvement.actions import ActionRefused


def press(bot: TeamsBot, activity: dict[str, Any], data: dict[str, Any]) -> Pressed | str:
    action_id, stage, what = data.get("action_id"), data.get("stage"), data.get("press")
    if not isinstance(action_id, int) or not isinstance(stage, str) or not isinstance(what, str):
        return "Sorry, that button is out of date."
    sender = (activity.get("from") or {}).get("aadObjectId") or ""
    try:
        return press_action_button(bot.database, action_id, stage, what, chat_user_id=sender,
                                   now=datetime.now(UTC), settings=bot.settings)
    except (NotTheirs, ActionRefused) as refused:
        return str(refused)
    except LookupError:
        return "Sorry, that button is out of date."
