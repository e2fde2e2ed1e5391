"""Presses on evaluation's cards: a pulse's answer and "was the course useful?" (the person
asked only), and a reporter's "would you report again?" (keyed by the report; who pressed is
not passed on)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bot.teams.teams_bot import TeamsBot
from learning.evaluation.course_reaction import answer_course_reaction
from learning.evaluation.pulse_answers import answer_pulse
from learning.evaluation.reporter_feedback import OUT_OF_DATE, answer_from_chat
from learning.messaging import CourseReaction, PulseQuestion, ReportAgainQuestion
from learning.nudges.nuggets import NotYours


def press_pulse(bot: TeamsBot, activity: dict[str, Any],
                data: dict[str, Any]) -> PulseQuestion | str:
    return _by_the_person_asked(answer_pulse, bot, activity, data.get("pulse_id"),
                                data.get("answer"))


def press_course_reaction(bot: TeamsBot, activity: dict[str, Any],
                          data: dict[str, Any]) -> CourseReaction | str:
    return _by_the_person_asked(answer_course_reaction, bot, activity, data.get("booking_id"),
                                data.get("answer"))


def _by_the_person_asked(answer_with: Callable[..., Any], bot: TeamsBot,
                         activity: dict[str, Any], subject: object, answer: object) -> Any:
    if not isinstance(subject, int) or not isinstance(answer, str):
        return OUT_OF_DATE
    sender = (activity.get("from") or {}).get("aadObjectId") or ""
    try:
        return answer_with(bot.database, subject, answer, now=datetime.now(UTC),
                           chat_user_id=sender)
    except NotYours as refused:
        return str(refused)
    except LookupError:
        return OUT_OF_DATE


def press_report_again(bot: TeamsBot, data: dict[str, Any]) -> ReportAgainQuestion | str:
    ask, answer = data.get("ask"), data.get("answer")
    if not isinstance(ask, str) or not isinstance(answer, str):
        return OUT_OF_DATE
    try:
        return answer_from_chat(bot.database, ask, answer, now=datetime.now(UTC))
    except LookupError:
        return OUT_OF_DATE
