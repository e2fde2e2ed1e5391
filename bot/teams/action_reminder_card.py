"""An action-plan reminder as an Adaptive Card, with "Mark done" / "Update" (or "It has stuck"
/ "Not yet"); re-rendered from the action after every press. At most three actions, well
within the five Teams shows."""

from __future__ import annotations

from bot.teams import cards
from bot.teams.cards import Card, Verb
from learning.messaging import ActionReminder


def action_reminder_card(notice: ActionReminder) -> Card:
    body = [cards.heading(notice.heading), cards.text(notice.text)]
    presses: list[Card] = []
    if notice.answered:
        body.append(cards.text(notice.answered, subtle=True))
    elif notice.stage == "stuck":
        presses = [_press("It has stuck", notice, "stuck"), _press("Not yet", notice, "not_stuck")]
    else:
        presses = [_press("Mark done", notice, "done")]
    return cards.card(body, [*presses, {"type": "Action.OpenUrl", "title": "Update",
                                        "url": notice.link}])


def _press(title: str, notice: ActionReminder, press: str) -> Card:
    return cards.execute(title, Verb.ACTION_PLAN, {"action_id": notice.action_id,
                                                   "stage": notice.stage, "press": press})
