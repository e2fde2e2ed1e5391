"""Evaluation's questions in Teams: cards Microsoft's library accepts, answered through signed
activities, a pulse by the person asked only, "would you report again?" kept with the report."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.teams.evaluation_cards import course_reaction_card, pulse_card, report_again_card
from learning.messaging import CourseReaction, PulseQuestion, ReportAgainQuestion
from learning.nudges.outbox import Outbox
from storage.models.evaluation import Pulse, PulseAnswer, ReportAgain, ReporterFeedback
from storage.models.nudges import Delivery, DeliveryKind
from storage.vocabulary import Platform
from tests.jobs.test_pulses import SIX_WEEKS_ON, the_clock
from tests.people import an_account
from tests.teams.activities import PRIYA_CHAT, card_action, post
from tests.teams.card_schema import problems
from tests.teams.test_nuggets import a_sent_nugget
from tests.test_outcomes_reach_reporters import a_closed_report

STRANGER = {"id": "29:stranger", "aadObjectId": "aad-stranger", "name": "Someone Else"}


def test_every_evaluation_card_passes_microsofts_validator(microsoft_validators):
    shown = [pulse_card(PulseQuestion(7, "Bruising <at>in</at> babies", "learning nugget")),
             pulse_card(PulseQuestion(7, "Bruising", "course", answered="Thank you")),
             report_again_card(ReportAgainQuestion("You said, we did: **done**", "3:abc")),
             report_again_card(ReportAgainQuestion("You said, we did", "3:abc", "Thank you")),
             course_reaction_card(CourseReaction(4, "Neglect <at>x</at>")),
             course_reaction_card(CourseReaction(4, "Neglect", "Thank you"))]
    for card in shown:
        assert microsoft_validators.card_problems(card) == [], card
        assert problems(card) == [] and len(card.get("actions", [])) <= 5


def a_pulse_in_teams(app, database, settings, microsoft) -> int:
    a_sent_nugget(app, database, settings, microsoft)
    teams = app.extensions["learnloop"].messengers[Platform.TEAMS]
    the_clock(database, settings, SIX_WEEKS_ON)
    Outbox(database, {Platform.TEAMS: teams}, settings).send_due(now=SIX_WEEKS_ON)
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(Pulse.id))


def test_a_pulse_is_answered_from_its_card_by_the_person_asked_only(app, client, database,
                                                                   settings, microsoft):
    pulse_id = a_pulse_in_teams(app, database, settings, microsoft)
    _, card = microsoft.cards(PRIYA_CHAT)
    assert [a["title"] for a in card["actions"]] == ["Yes", "Not yet", "Not relevant to my work"]
    assert "Have you used" in json.dumps(card)
    data = {"pulse_id": pulse_id, "answer": "not_relevant"}
    refused = post(client, microsoft, card_action(microsoft, "pulse", data, sender=STRANGER))
    assert refused.get_json()["type"] == "application/vnd.microsoft.activity.message"
    answered = post(client, microsoft, card_action(microsoft, "pulse", data)).get_json()
    assert "actions" not in answered["value"]
    assert "not relevant to your work" in json.dumps(answered["value"])
    with database.unit_of_work() as uow:
        assert uow.session.get(Pulse, pulse_id).answer is PulseAnswer.NOT_RELEVANT


def test_would_you_report_again_is_answered_from_the_card_and_kept_with_the_report(
        app, client, database, settings, microsoft):
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    a_closed_report(database, settings, lead)
    with database.unit_of_work() as uow:
        outcome = uow.session.scalar(select(Delivery).where(
            Delivery.kind == DeliveryKind.OUTCOME))
        ask = outcome.payload["ask"]
    broken = post(client, microsoft, card_action(microsoft, "report_again",
                                                 {"ask": ask + "0", "answer": "yes"}))
    assert "out of date" in json.dumps(broken.get_json())
    answered = post(client, microsoft, card_action(microsoft, "report_again",
                                                   {"ask": ask, "answer": "no"})).get_json()
    assert "would not report something like this again" in json.dumps(answered["value"])
    assert "Invitations now go to the duty inbox." in json.dumps(answered["value"])
    with database.unit_of_work() as uow:
        [answer] = uow.session.scalars(select(ReporterFeedback)).all()
    assert (answer.report_id, answer.would_report_again) == (outcome.report_id, ReportAgain.NO)
