"""Presses on evaluation's cards: a pulse's answer (the person asked only) and a reporter's
"would you report again?" (keyed by the report; who pressed is not passed on)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.teams.teams_bot import TeamsBot
from learning.evaluation.pulse_answers import answer_pulse
from learning.evaluation.reporter_feedback import OUT_OF_DATE, answer_from_chat
from learning.messaging import PulseQuestion, ReportAgainQuestion
from learning.nudges.nuggets import NotYours


def press_pulse(bot: TeamsBot, activity: dict[str, Any],
                data: dict[str, Any]) -> PulseQuestion | str:
    pulse_id, answer = data.get("pulse_id"), data.get("answer")
    if not isinstance(pulse_id, int) or not isinstance(answer, str):
        return OUT_OF_DATE
    sender = (activity.get("from") or {}).get("aadObjectId") or ""
    try:
        return answer_pulse(bot.database, pulse_id, answer, now=datetime.now(UTC),
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
