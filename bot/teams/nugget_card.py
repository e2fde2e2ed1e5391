"""A learning nugget as an Adaptive Card, with its Read, Useful, Discussed and check buttons.

The card is rendered again from the delivery's state after every press (nugget_actions.py),
so it always shows where the person is. Every string goes in a TextRun (see cards.py).
"""

from __future__ import annotations

from bot.teams import cards
from bot.teams.briefing_card import briefing_elements
from bot.teams.cards import Card, Verb
from learning.messaging import NuggetNotice
from learning.nudges.nuggets import NuggetAction, progress_words

# Teams caps a card's actions (cards.MOST_ACTIONS), and "Open in LearnLoop" is always one:
# more check options than fit as buttons become a list to choose from and one Answer button.
OPTIONS_AS_BUTTONS = cards.MOST_ACTIONS - 1


def nugget_card(notice: NuggetNotice) -> Card:
    body = [cards.heading(notice.title)]
    if not notice.recheck:
        body += briefing_elements(notice.briefing)
        about = [f"From {notice.source}"] if notice.source else []
        if notice.themes:
            about.append("Themes: " + ", ".join(notice.themes))
        if about:
            body.append(cards.text(" · ".join(about), subtle=True))
    actions: list[Card] = []
    if notice.check_question:
        body.append(cards.text(f"Check: {notice.check_question}", weight="Bolder"))
        if notice.check_feedback:
            body.append(cards.text(notice.check_feedback))
        elif len(notice.check_options) <= OPTIONS_AS_BUTTONS:
            actions += [_press(option, notice, NuggetAction.ANSWER, str(number))
                        for number, option in enumerate(notice.check_options)]
        else:
            # The choice's id is "value": Teams merges inputs into the pressed action's data.
            options = [(str(number), option) for number, option in enumerate(notice.check_options)]
            body.append(cards.choice_set("value", "Choose one", options, expanded=True))
            actions.append(_press("Answer", notice, NuggetAction.ANSWER, None))
    if not notice.recheck and not actions:
        actions += _buttons(notice)
        body.append(cards.text(progress_words(notice), subtle=True))
    actions.append({"type": "Action.OpenUrl", "title": "Open in LearnLoop", "url": notice.web_url})
    return cards.card(body, actions)


def _buttons(notice: NuggetNotice) -> list[Card]:
    found = []
    if not notice.read:
        found.append(_press("Read", notice, NuggetAction.READ))
    if notice.useful is None:
        found += [_press("Useful", notice, NuggetAction.USEFUL, "yes"),
                  _press("Not useful", notice, NuggetAction.USEFUL, "no")]
    if not notice.discussed:
        found.append(_press("Discussed with my team", notice, NuggetAction.DISCUSSED))
    return found


def _press(title: str, notice: NuggetNotice, action: NuggetAction,
           value: str | None = "") -> Card:
    """`value` None leaves it to the card's "value" input, which Teams adds to the data."""
    data: dict[str, object] = {"delivery": notice.delivery_id, "press": action.value}
    if value is not None:
        data["value"] = value
    return cards.execute(title, Verb.NUGGET, data)
