"""Adaptive Cards for Teams: small pure functions from notices and turns to card JSON.

Every string that did not come from this file (report text, agency names, answers, even
labels) goes in a TextRun. Teams renders Markdown in TextBlock and FactSet but not in a
TextRun ("Markdown is not supported"), so a report cannot inject links, formatting or
headings; and we never send `msteams.entities`, so `<at>` in text can never become a mention.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from bot.conversation import Prompt, Turn
from learning.messaging import Digest, ReportCard, TextNotice, TrainingReminder

Card = dict[str, Any]
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
VERSION = "1.4"  # Action.Execute (Universal Actions) needs 1.4
MOST_BUTTONS = 5  # more choices than this become a drop-down: Teams caps a card's buttons
MOST_ACTIONS = 5  # Teams clients show five or six actions on a card: never send more than five
# Teams refuses a message over 100 KB (413 MessageSizeTooBig), counted in UTF-16, and
# advises keeping under 80 KB; a digest's lines stop short of that, counted the same way.
MESSAGE_BYTES_ADVISED = 80 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Verb(StrEnum):
    """What a card button asks the bot to do (Action.Execute verb, or `verb` in Submit data)."""

    SUBMIT_REPORT = "submit_report"
    ACKNOWLEDGE = "acknowledge"
    ASSIGN_TO_ME = "assign_to_me"
    NUGGET = "nugget"
    SAVE_PREFERENCES = "save_preferences"
    BOOK_PLACE = "book_place"
    ACTION_PLAN = "action_plan"
    PULSE = "pulse"
    COURSE_USEFUL = "course_useful"
    REPORT_AGAIN = "report_again"


def plain(text: object) -> str:
    """Text as it will be shown: control characters (bar line breaks) dropped."""
    return _CONTROL.sub("", str(text))


def text(value: object, *, weight: str | None = None, color: str | None = None,
         size: str | None = None, subtle: bool = False, element_id: str | None = None) -> Card:
    run: Card = {"type": "TextRun", "text": plain(value)}
    if weight:
        run["weight"] = weight
    if color:
        run["color"] = color
    if size:
        run["size"] = size
    if subtle:
        run["isSubtle"] = True
    block: Card = {"type": "RichTextBlock", "inlines": [run]}
    if element_id:
        block["id"] = element_id
    return block


def heading(value: object) -> Card:
    return text(value, weight="Bolder", size="Medium")


def warning(value: object) -> Card:
    return text(value, color="Attention", weight="Bolder")


def card(body: Sequence[Card], actions: Sequence[Card] = ()) -> Card:
    built: Card = {"type": "AdaptiveCard", "version": VERSION, "body": list(body)}
    if actions:
        built["actions"] = list(actions)
    return built


def message(content: Card) -> dict[str, Any]:
    """A message activity carrying one card, and no text Teams could render as Markdown."""
    return {"type": "message",
            "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": content}]}


def execute(title: str, verb: Verb, data: dict[str, Any]) -> Card:
    """Action.Execute, falling back to Action.Submit (with the verb in its data) on old clients."""
    return {"type": "Action.Execute", "title": title, "verb": verb.value, "data": data,
            "fallback": {"type": "Action.Submit", "title": title,
                         "data": {**data, "verb": verb.value}}}


def submit(title: str, data: dict[str, Any]) -> Card:
    return {"type": "Action.Submit", "title": plain(title), "data": data}


def choice_set(input_id: str, label: str, options: Iterable[tuple[str, str]], *,
               value: str | None = None, multiple: bool = False, expanded: bool = False) -> Card:
    element: Card = {"type": "Input.ChoiceSet", "id": input_id, "label": plain(label),
                     "choices": [{"title": plain(title), "value": str(choice)}
                                 for choice, title in options],
                     "style": "expanded" if expanded else "compact"}
    if multiple:
        element["isMultiSelect"] = True
    if value:
        element["value"] = str(value)
    return element


def text_input(input_id: str, label: str, *, value: str = "", multiline: bool = False,
               max_length: int | None = None) -> Card:
    element: Card = {"type": "Input.Text", "id": input_id, "label": plain(label),
                     "isMultiline": multiline}
    if value:
        element["value"] = plain(value)
    if max_length:
        element["maxLength"] = max_length
    return element


def turn_card(turn: Turn) -> Card:
    """One reply in the chat: what the bot says, then its question with the choices as buttons."""
    # Teams has no message only one person sees and no chat keeps: private lines go in the
    # card, and the anonymity caveat says Teams keeps them.
    body = [text(said) for said in (*turn.says, *turn.private)]
    actions: list[Card] = []
    if turn.prompt is not None:
        body.append(text(turn.prompt.question, weight="Bolder"))
        if turn.prompt.hint:
            body.append(text(turn.prompt.hint, subtle=True))
        body_inputs, actions = _answer_controls(turn.prompt)
        body.extend(body_inputs)
    return card(body, actions)


def _answer_controls(prompt: Prompt) -> tuple[list[Card], list[Card]]:
    if not prompt.choices:
        return [], []
    if len(prompt.choices) <= MOST_BUTTONS and not prompt.multiple:
        return [], [submit(title, {"answer": value}) for value, title in prompt.choices]
    label = "Choose any" if prompt.multiple else "Choose one"
    return ([choice_set("answer", label, prompt.choices, multiple=prompt.multiple)],
            [submit("Continue", {})])


def text_card(notice: TextNotice) -> Card:
    return card([text(notice.text)])


def report_card(notice: ReportCard) -> Card:
    """A report in the learning group's channel: masked text, never the reporter."""
    body = [heading(f"{notice.kind}: {notice.reference}")]
    if notice.urgent:
        body.append(warning(
            "URGENT: a child may be at risk, or this may be a notifiable incident."))
    if notice.notifiable:
        body.append(warning(
            f"Notifiable incident: notify by {notice.notification_due:%-d %B %Y}; rapid review "
            f"by {notice.rapid_review_due:%-d %B %Y}."))
    details = [("Status", notice.status), ("Where", notice.setting),
               ("Could have been", notice.severity),
               ("Agencies", ", ".join(notice.agencies) or "None given"),
               ("Acknowledge by", f"{notice.acknowledgement_due:%-d %B %Y}"),
               ("Assigned to", notice.assignee or "Nobody yet")]
    body.extend(text(f"{name}: {value}") for name, value in details)
    body.append(text("What happened (personal details masked)", weight="Bolder"))
    body.append(text(notice.what_happened))
    data = {"reference": notice.reference}
    actions = [execute("Acknowledge", Verb.ACKNOWLEDGE, data),
               execute("Assign to me", Verb.ASSIGN_TO_ME, data),
               {"type": "Action.OpenUrl", "title": "Open in dashboard",
                "url": notice.dashboard_url}]
    return card(body, actions)


def reminder_card(notice: TrainingReminder) -> Card:
    body = [heading(notice.heading)]
    if notice.overdue:
        body.append(warning("Overdue"))
    body.append(text(notice.text))
    # One Book button per session with places (a reminder offers three at most).
    books = [execute(f"Book {when}", Verb.BOOK_PLACE, {"event": event_id})
             for event_id, when in list(notice.places)[:MOST_ACTIONS - 1]]
    return card(body, [*books, _open(notice.link)])


def digest_card(notice: Digest) -> Card:
    """Every line that fits in Teams' advised message size; the rest counted, to read online."""
    body = [heading(notice.title)]
    room = MESSAGE_BYTES_ADVISED - message_bytes(card(body, [_open(notice.link)])) - 1024
    for number, part in enumerate(notice.sections):
        blocks = [text(part.heading, weight="Bolder")] + [text(f"• {line}") for line in part.lines]
        for shown, block in enumerate(blocks):
            room -= message_bytes(block) + 2
            if room < 0:
                left = sum(len(p.lines) for p in notice.sections[number:]) - max(shown - 1, 0)
                body.append(text(f"…and {left} more lines: open LearnLoop to see them all",
                                 subtle=True))
                return card(body, [_open(notice.link)])
            body.append(block)
    return card(body, [_open(notice.link)])


def message_bytes(content: Card) -> int:
    """A card's size as Teams counts a message: its JSON in UTF-16."""
    return len(json.dumps(content, ensure_ascii=False).encode("utf-16-le"))


def _open(link: str) -> Card:
    return {"type": "Action.OpenUrl", "title": "Open in LearnLoop", "url": link}


def invoke_card(content: Card) -> dict[str, Any]:
    """The answer to an `adaptiveCard/action` invoke: this card replaces the one clicked."""
    return {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": content}


def invoke_message(said: str) -> dict[str, Any]:
    """The answer to an `adaptiveCard/action` invoke that only says something."""
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
            "value": plain(said)}
