"""Evaluation's questions in Slack: a pulse ("have you used it in your practice?"), "was the
course useful?", and the reporter's "would you report something like this again?" beneath
"you said, we did".
Each button has its own action id (Slack refuses repeats); each message is rendered again
with the answer in place of the buttons."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import SECTION_MAX, Block, actions, button, context, section
from bot.slack.escaping import inert, inert_within
from bot.slack.ids import Action
from learning.evaluation import course_reaction, pulse_answers, reporter_feedback
from learning.messaging import CourseReaction, PulseQuestion, ReportAgainQuestion
from storage.models.evaluation import PulseAnswer, ReportAgain

PULSE_BUTTONS = {PulseAnswer.YES: Action.PULSE_YES, PulseAnswer.NOT_YET: Action.PULSE_NOT_YET,
                 PulseAnswer.NOT_RELEVANT: Action.PULSE_NOT_RELEVANT}
COURSE_BUTTONS = {"yes": Action.COURSE_USEFUL, "no": Action.COURSE_NOT_USEFUL}
REPORT_AGAIN_BUTTONS = {ReportAgain.YES: Action.REPORT_AGAIN_YES,
                        ReportAgain.NOT_SURE: Action.REPORT_AGAIN_NOT_SURE,
                        ReportAgain.NO: Action.REPORT_AGAIN_NO}


def pulse_message(notice: PulseQuestion) -> dict[str, Any]:
    return _question(pulse_answers.question_words(notice), pulse_answers.why_asked(notice),
                     notice.answered,
                     [button(words, PULSE_BUTTONS[answer].value,
                             value=f"{notice.pulse_id}:{answer.value}")
                      for answer, words in pulse_answers.CHOICES])


def course_reaction_message(notice: CourseReaction) -> dict[str, Any]:
    return _question(course_reaction.question_words(notice), None, notice.answered,
                     [button(words, COURSE_BUTTONS[answer].value,
                             value=f"{notice.booking_id}:{answer}")
                      for answer, words in course_reaction.CHOICES])


def _question(question: str, why: str | None, answered: str | None,
              buttons: list[Block]) -> dict[str, Any]:
    """The question (and why it is asked), then its buttons, or the answer in their place."""
    blocks: list[Block] = [section(inert_within(question, SECTION_MAX))]
    if why:
        blocks.append(context(inert_within(why, 2000)))
    blocks.append(context(inert(answered)) if answered else actions(buttons))
    return {"text": inert_within(question, SECTION_MAX), "blocks": blocks}


def report_again_message(notice: ReportAgainQuestion) -> dict[str, Any]:
    blocks: list[Block] = [section(inert_within(notice.text, SECTION_MAX))]
    if notice.answered:
        blocks.append(context(inert(notice.answered)))
    else:
        blocks += [section(inert(reporter_feedback.QUESTION)),
                   context(inert(reporter_feedback.OPTIONAL)),
                   actions([button(words, REPORT_AGAIN_BUTTONS[answer].value,
                                   value=f"{notice.ask}:{answer.value}")
                            for answer, words in reporter_feedback.CHOICES])]
    return {"text": inert_within(notice.text, SECTION_MAX), "blocks": blocks}


def pressed(value: str) -> tuple[str, str] | None:
    """(what the button is about, the answer) from its value, or None if it is not ours."""
    about, _, answer = value.rpartition(":")
    return (about, answer) if about and answer else None
