"""Presses on evaluation's questions: a pulse's answer and "was the course useful?" (the
person asked only), and a reporter's "would you report again?" (keyed by the report: who
pressed is never kept). Each message is then updated in place from what was recorded."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.slack.evaluation_messages import (COURSE_BUTTONS, PULSE_BUTTONS,
                                           REPORT_AGAIN_BUTTONS, course_reaction_message,
                                           pressed, pulse_message, report_again_message)
from bot.slack.private_reply import tell_privately
from learning.evaluation.course_reaction import answer_course_reaction
from learning.evaluation.pulse_answers import answer_pulse
from learning.evaluation.reporter_feedback import OUT_OF_DATE, answer_from_chat
from learning.nudges.nuggets import NotYours

log = logging.getLogger(__name__)


def _answering(record: Callable[[str, str, str], Any],
               render: Callable[[Any], dict[str, Any]]) -> Callable[..., None]:
    """A listener: record the press, then update the message (or say why not, privately)."""
    def press(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        found = pressed(body["actions"][0].get("value", ""))
        try:
            if found is None:
                raise LookupError(OUT_OF_DATE)
            notice = record(*found, body["user"]["id"])
        except NotYours as refused:
            tell_privately(client, body, str(refused))
            return
        except LookupError:
            tell_privately(client, body, OUT_OF_DATE)
            return
        try:
            client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"],
                               **render(notice))
        except SlackClientError as failure:
            log.warning("an evaluation question could not be updated: %s",
                        type(failure).__name__)
    return press


def register(app: App, services: Any) -> None:
    def pulse(about: str, choice: str, user: str) -> Any:
        if not about.isdigit():
            raise LookupError(about)
        return answer_pulse(services.database, int(about), choice, now=datetime.now(UTC),
                            chat_user_id=user)

    def course(about: str, choice: str, user: str) -> Any:
        if not about.isdigit():
            raise LookupError(about)
        return answer_course_reaction(services.database, int(about), choice,
                                      now=datetime.now(UTC), chat_user_id=user)

    def report_again(about: str, choice: str, _user: str) -> Any:
        # The presser's id is not passed on: the answer belongs to the report.
        return answer_from_chat(services.database, about, choice, now=datetime.now(UTC))

    for action in PULSE_BUTTONS.values():
        app.action(action.value)(_answering(pulse, pulse_message))
    for action in COURSE_BUTTONS.values():
        app.action(action.value)(_answering(course, course_reaction_message))
    for action in REPORT_AGAIN_BUTTONS.values():
        app.action(action.value)(_answering(report_again, report_again_message))
