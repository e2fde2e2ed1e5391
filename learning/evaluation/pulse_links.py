"""A pulse's answers as an email's one-click links (learning.nudges.one_click): the link's
subject is the pulse, its choice the answer. The three answers of one mail share a nonce,
so using one uses them all."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from learning.evaluation.pulse_answers import CHOICES, pulse_title, record_pulse_answer
from learning.settings import Settings
from storage.models.evaluation import Pulse

WORDS = {answer.value: words for answer, words in CHOICES}


class PulseLink(Protocol):
    subject: int
    choice: str | None


def describe_pulse_link(session: Session, link: PulseLink) -> str | None:
    pulse = session.get(Pulse, link.subject)
    title = pulse_title(session, pulse) if pulse is not None else None
    if title is None or link.choice not in WORDS:
        return None
    return f"Answer “Have you used “{title}” in your practice?” with: {WORDS[link.choice]}"


def answer_pulse_link(session: Session, link: PulseLink, now: datetime,
                      settings: Settings) -> str:
    notice = record_pulse_answer(session, link.subject, link.choice or "", now=now)
    return notice.answered or "Thank you: that's recorded."
