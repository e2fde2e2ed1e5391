"""The shared conversation's turns as Slack messages: what it says, then its question.

A choice is a button whose value is the choice's value; a question with several answers
is a multi-select with a Done button. Everything the conversation says can quote the
reporter, so all of it is made inert.
"""

from __future__ import annotations

from typing import Any

from bot.conversation import Prompt, Turn
from bot.slack.blocks import (
    SECTION_MAX,
    Block,
    actions,
    button,
    context,
    options,
    plain,
    section,
)
from bot.slack.escaping import inert, inert_within, shortened
from bot.slack.ids import Action

# Slack allows 25 elements in an actions block.
_BUTTONS_MAX = 25


def turn_message(turn: Turn) -> dict[str, Any]:
    blocks: list[Block] = [section(inert_within(said, SECTION_MAX)) for said in turn.says]
    if turn.prompt is not None:
        blocks += prompt_blocks(turn.prompt)
    first = turn.says[0] if turn.says else (turn.prompt.question if turn.prompt else "")
    return {"text": inert(shortened(first, 300)), "blocks": blocks}


def prompt_blocks(prompt: Prompt) -> list[Block]:
    blocks: list[Block] = [section(inert_within(prompt.question, SECTION_MAX),
                                   block_id=f"question:{prompt.field}")]
    if prompt.hint:
        blocks.append(context(inert_within(prompt.hint, SECTION_MAX)))
    if prompt.choices and prompt.multiple:
        blocks.append(actions([
            {"type": "multi_static_select", "action_id": Action.PICK_MANY.value,
             "placeholder": plain("Choose any that apply"),
             "options": options(prompt.choices[:100])},
            button("Done", Action.ANSWER_PICKED, value=prompt.field, style="primary"),
        ], block_id=f"pick:{prompt.field}"))
        blocks.append(context("Or type their numbers, separated by commas, or \"none\"."))
    elif prompt.choices:
        # Slack refuses an actions block whose buttons share an action_id: number them.
        blocks.append(actions([button(text, f"{Action.ANSWER.value}:{number}", value=value)
                               for number, (value, text)
                               in enumerate(prompt.choices[:_BUTTONS_MAX])],
                              block_id=f"answer:{prompt.field}"))
    return blocks


def answered_message(question: str, answer: str) -> dict[str, Any]:
    """A question once answered by a button: the buttons go, so it can't be answered twice."""
    return {"text": inert(shortened(question, 300)),
            "blocks": [section(inert_within(question, SECTION_MAX)),
                       context(f"You answered: *{inert(shortened(answer, 200))}*")]}


PRIVATELY = ("Only you can see this message, and Slack keeps no copy of it in this "
             "conversation: it goes when Slack reloads. Copy your case key now.")
NOT_PRIVATELY = ("Slack would not show this to you privately just now, so it is in this "
                 "conversation, which Slack keeps.")


def private_message(lines: tuple[str, ...], *, privately: bool = True) -> dict[str, Any]:
    """What only the reporter should see: as an ephemeral message, or (when Slack refused
    that) in the conversation, saying so."""
    blocks: list[Block] = [section(inert_within(line, SECTION_MAX)) for line in lines]
    blocks.append(context(inert(PRIVATELY if privately else NOT_PRIVATELY)))
    return {"text": inert(shortened(lines[0], 300)) if lines else "", "blocks": blocks}


def plain_message(text: str) -> dict[str, Any]:
    return {"text": inert(shortened(text, 300)),
            "blocks": [section(inert_within(text, SECTION_MAX))]}
