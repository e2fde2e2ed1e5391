"""A training reminder in Slack with a Book button for each session that has places."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import BUTTON_TEXT_MAX, actions, button, context, header, section
from bot.slack.escaping import inert, inert_within
from bot.slack.ids import Action
from learning.messaging import TrainingReminder


def reminder_message(notice: TrainingReminder) -> dict[str, Any]:
    blocks = [header(notice.heading), section(inert_within(notice.text, 2900))]
    buttons = [button(f"Book {when}"[:BUTTON_TEXT_MAX], book_action_id(event_id),
                      value=str(event_id)) for event_id, when in notice.places]
    if notice.link:
        buttons.append(button("Open in LearnLoop", Action.OPEN_DASHBOARD, url=notice.link))
    blocks.append(actions(buttons))
    blocks.append(context("Book a place here: you will be reminded the day before."))
    return {"text": inert(notice.heading), "blocks": blocks}


def book_action_id(event_id: int) -> str:
    return f"{Action.BOOK_PLACE.value}:{event_id}"
