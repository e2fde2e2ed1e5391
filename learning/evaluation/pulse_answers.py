"""Answering a pulse: "have you used <title> in your practice?" yes / not yet / not relevant.

`record_pulse_answer` is the one place an answer is recorded: the Slack and Teams buttons
(through `answer_pulse`, which owns its unit of work) and an email's one-click links all
come here. A later answer replaces an earlier one (a stale message's button, a change of
mind); the message is then rendered again from the pulse, with the answer in place of the
buttons.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from learning.messaging import PulseQuestion
from learning.nudges.nuggets import NotYours
from storage.database import Database
from storage.models.evaluation import Pulse, PulseAnswer
from storage.models.nudges import Bulletin, Nugget
from storage.models.training import Course

WHAT = {"nugget": "learning nugget", "bulletin": "learning bulletin", "course": "course"}
THANKS = {
    PulseAnswer.YES: "Thank you: recorded that you have used it in your practice.",
    PulseAnswer.NOT_YET: "Thank you: recorded that you have not used it yet.",
    PulseAnswer.NOT_RELEVANT: "Thank you: recorded that it is not relevant to your work.",
}
# The buttons' words, in the order every channel shows them.
CHOICES = ((PulseAnswer.YES, "Yes"), (PulseAnswer.NOT_YET, "Not yet"),
           (PulseAnswer.NOT_RELEVANT, "Not relevant to my work"))


def pulse_notice(pulse: Pulse, title: str) -> PulseQuestion:
    kind = pulse.item.partition(":")[0]
    return PulseQuestion(pulse_id=pulse.id, title=title, what=WHAT.get(kind, "learning"),
                         answered=THANKS[pulse.answer] if pulse.answer else None)


def question_words(notice: PulseQuestion) -> str:
    return f"Have you used “{notice.title}” in your practice?"


def why_asked(notice: PulseQuestion) -> str:
    """The line under the question, on every channel."""
    return (f"A few weeks ago the {notice.what} “{notice.title}” reached you. Your answer tells "
            "the learning group whether it changed anything.")


def record_pulse_answer(session: Session, pulse_id: int, answer: str, *, now: datetime,
                        chat_user_id: str | None = None) -> PulseQuestion:
    """Record the answer; `chat_user_id` (Slack or Teams) must be the person asked. The caller
    commits. Refusals: LookupError (no such pulse or answer), NotYours."""
    try:
        chosen = PulseAnswer(answer)
    except ValueError:
        raise LookupError(answer) from None
    pulse = session.scalar(select(Pulse).where(Pulse.id == pulse_id)
                           .options(joinedload(Pulse.person)))
    if pulse is None:
        raise LookupError(pulse_id)
    person = pulse.person
    if chat_user_id is not None and chat_user_id not in (person.slack_user_id,
                                                          person.teams_user_id):
        raise NotYours()
    pulse.answer, pulse.answered_at = chosen, now
    session.flush()
    return pulse_notice(pulse, pulse_title(session, pulse) or "")


def answer_pulse(database: Database, pulse_id: int, answer: str, *, now: datetime,
                 chat_user_id: str) -> PulseQuestion:
    """A chat button's press, in its own unit of work; refusals as `record_pulse_answer`."""
    with database.unit_of_work() as uow:
        notice = record_pulse_answer(uow.session, pulse_id, answer, now=now,
                                     chat_user_id=chat_user_id)
        uow.commit()
        return notice


def pulse_title(session: Session, pulse: Pulse) -> str | None:
    """The learning's title as it is now; None when it has been deleted."""
    if pulse.nugget_id is not None:
        return session.scalar(select(Nugget.title).where(Nugget.id == pulse.nugget_id))
    if pulse.bulletin_id is not None:
        return session.scalar(select(Bulletin.title).where(Bulletin.id == pulse.bulletin_id))
    return session.scalar(select(Course.name).where(Course.id == pulse.course_id))
