"""An action-plan reminder in Slack: the action, and "Mark done" / "Update" (or, months after
it was done, "It has stuck" / "Not yet"). Re-rendered from the action after every press."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import SECTION_MAX, Block, actions, button, context, header, section
from bot.slack.escaping import inert, inert_within
from bot.slack.ids import Action
from learning.messaging import ActionReminder


def action_reminder_message(notice: ActionReminder) -> dict[str, Any]:
    blocks: list[Block] = [header(notice.heading),
                           section(inert_within(notice.text, SECTION_MAX))]
    # Slack refuses two buttons with one action_id in a message: each button has its own.
    update = button("Update", Action.ACTION_PLAN_UPDATE.value, url=notice.link)
    if notice.answered:
        blocks.append(context(inert_within(notice.answered, 2000)))
        blocks.append(actions([update]))
    elif notice.stage == "stuck":
        blocks.append(actions([
            button("It has stuck", Action.ACTION_PLAN_STUCK.value, value=_value(notice, "stuck"),
                   style="primary"),
            button("Not yet", Action.ACTION_PLAN_NOT_STUCK.value,
                   value=_value(notice, "not_stuck")),
            update]))
    else:
        blocks.append(actions([
            button("Mark done", Action.ACTION_PLAN_DONE.value, value=_value(notice, "done"),
                   style="primary"),
            update]))
    return {"text": inert(notice.heading), "blocks": blocks}


def _value(notice: ActionReminder, press: str) -> str:
    return f"{notice.action_id}:{notice.stage}:{press}"


def pressed(value: str) -> tuple[int, str, str] | None:
    """(action id, stage, press) from a button's value, or None if it is not one of ours."""
    parts = value.split(":")
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1], parts[2]
