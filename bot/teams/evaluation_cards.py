"""Evaluation's questions as Adaptive Cards: a pulse ("have you used it in your practice?",
three answers), "was the course useful?", and "you said, we did" with "would you report
something like this again?" beneath it. At most three actions each, within the five Teams
shows; rendered again once answered."""

from __future__ import annotations

from bot.teams import cards
from bot.teams.cards import Card, Verb
from learning.evaluation import course_reaction, pulse_answers, reporter_feedback
from learning.messaging import CourseReaction, PulseQuestion, ReportAgainQuestion


def pulse_card(notice: PulseQuestion) -> Card:
    body = [cards.text(pulse_answers.question_words(notice), weight="Bolder"),
            cards.text(pulse_answers.why_asked(notice), subtle=True)]
    if notice.answered:
        return cards.card([*body, cards.text(notice.answered)])
    return cards.card(body, [
        cards.execute(words, Verb.PULSE, {"pulse_id": notice.pulse_id, "answer": answer.value})
        for answer, words in pulse_answers.CHOICES])


def course_reaction_card(notice: CourseReaction) -> Card:
    body = [cards.text(course_reaction.question_words(notice), weight="Bolder")]
    if notice.answered:
        return cards.card([*body, cards.text(notice.answered)])
    return cards.card(body, [
        cards.execute(words, Verb.COURSE_USEFUL, {"booking_id": notice.booking_id,
                                                  "answer": answer})
        for answer, words in course_reaction.CHOICES])


def report_again_card(notice: ReportAgainQuestion) -> Card:
    body = [cards.text(notice.text)]
    if notice.answered:
        return cards.card([*body, cards.text(notice.answered, subtle=True)])
    body += [cards.text(reporter_feedback.QUESTION, weight="Bolder"),
             cards.text(reporter_feedback.OPTIONAL, subtle=True)]
    return cards.card(body, [
        cards.execute(words, Verb.REPORT_AGAIN, {"ask": notice.ask, "answer": answer.value})
        for answer, words in reporter_feedback.CHOICES])
