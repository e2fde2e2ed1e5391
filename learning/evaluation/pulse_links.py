"""Evaluation's answers as an email's one-click links (learning.nudges.one_click): a pulse's
(the link's subject is the pulse) and "was the course useful?" (the booking); the choice is
the answer. The answers of one mail share a nonce, so using one uses them all."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from learning.evaluation import course_reaction
from learning.evaluation.pulse_answers import CHOICES, pulse_title, record_pulse_answer
from learning.settings import Settings
from storage.models.evaluation import Pulse
from storage.models.training import Booking, TrainingEvent

WORDS = {answer.value: words for answer, words in CHOICES}


class PulseLink(Protocol):
    subject: int
    choice: str | None


def describe_pulse_link(session: Session, link: PulseLink) -> str | None:
    pulse = session.get(Pulse, link.subject)
    title = pulse_title(session, pulse) if pulse is not None else None
    if title is None or link.choice not in WORDS:
        return None
    return (f"Answer “Have you used it in your practice?” about “{title}” with: "
            f"{WORDS[link.choice]}")


def answer_pulse_link(session: Session, link: PulseLink, now: datetime,
                      settings: Settings) -> str:
    notice = record_pulse_answer(session, link.subject, link.choice or "", now=now)
    return notice.answered or "Thank you: that's recorded."


def describe_course_link(session: Session, link: PulseLink) -> str | None:
    booking = session.get(Booking, link.subject)
    event = session.get(TrainingEvent, booking.event_id) if booking is not None else None
    words = dict(course_reaction.CHOICES).get(link.choice or "")
    if event is None or words is None:
        return None
    return f"Tell the learning group you found “{event.title}” {words.lower()}"


def answer_course_link(session: Session, link: PulseLink, now: datetime,
                       settings: Settings) -> str:
    notice = course_reaction.record_course_reaction(session, link.subject, link.choice or "",
                                                    now=now)
    return notice.answered or "Thank you: that's recorded."
