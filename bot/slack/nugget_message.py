"""A learning nugget in Slack: the briefing, its buttons, and what the person has done with it.

Rendered again from the delivery's state after every press, so the buttons always show where
the person is.
"""

from __future__ import annotations

from typing import Any

from bot.slack.briefing_blocks import briefing_blocks
from bot.slack.blocks import SECTION_MAX, Block, actions, button, context, header, section
from bot.slack.escaping import inert, inert_list, inert_within
from bot.slack.ids import Action
from learning.messaging import NuggetNotice
from learning.nudges.nuggets import NuggetAction, progress_words

# Slack allows 25 elements in an actions block; a check question has a handful of options.
OPTIONS_MAX = 10


def nugget_message(notice: NuggetNotice) -> dict[str, Any]:
    blocks: list[Block] = [header(notice.title)]
    if not notice.recheck:
        blocks += briefing_blocks(notice.briefing)
        about = [f"From {inert_within(notice.source, 1000)}"] if notice.source else []
        if notice.themes:
            about.append("Themes: " + inert_list(notice.themes, 1500))
        if about:
            blocks.append(context(" · ".join(about)))
    blocks += _check(notice)
    if not notice.recheck:
        blocks.append(actions(_buttons(notice)))
        blocks.append(context(progress_words(notice)))
    return {"text": inert(notice.title), "blocks": blocks}


def _check(notice: NuggetNotice) -> list[Block]:
    if not notice.check_question:
        return []
    question = section(f"*Check:* {inert_within(notice.check_question, SECTION_MAX - 20)}")
    if notice.check_feedback:
        return [question, section(inert_within(notice.check_feedback, SECTION_MAX))]
    return [question, actions([
        button(option, answer_action_id(number), value=_value(notice, str(number)))
        for number, option in enumerate(notice.check_options[:OPTIONS_MAX])])]


def answer_action_id(number: int) -> str:
    """Slack refuses buttons sharing an action_id in one block, so each option has its own."""
    return f"{NuggetAction.ANSWER.value}:{number}"


def _buttons(notice: NuggetNotice) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if not notice.read:
        found.append(button("Read", NuggetAction.READ.value, value=_value(notice),
                            style="primary"))
    if notice.useful is None:
        found += [button("Useful", NuggetAction.USEFUL.value, value=_value(notice, "yes")),
                  button("Not useful", NuggetAction.USEFUL.value + "_no",
                         value=_value(notice, "no"))]
    if not notice.discussed:
        found.append(button("Discussed with my team", NuggetAction.DISCUSSED.value,
                            value=_value(notice)))
    found.append(button("Open in LearnLoop", Action.OPEN_DASHBOARD.value, url=notice.web_url))
    return found


def _value(notice: NuggetNotice, choice: str = "") -> str:
    """A button's value: which delivery, and which choice (Slack needs one action id per button)."""
    return f"{notice.delivery_id}:{choice}"


def pressed(value: str) -> tuple[int, str | None] | None:
    """(delivery id, choice) from a button's value, or None if it is not one of ours."""
    delivery, _, choice = value.partition(":")
    return (int(delivery), choice or None) if delivery.isdigit() else None
