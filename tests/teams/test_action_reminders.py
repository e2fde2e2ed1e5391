"""An action reminder in Teams: a card Microsoft's library accepts, with "Mark done" and
"Update", and the stuck check's answers, recorded for the owner only."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from bot.teams.action_reminder_card import action_reminder_card
from learning.improvement.action_reminders import schedule_action_reminders
from learning.messaging import ActionReminder
from learning.nudges.outbox import Outbox
from storage.models import Person
from storage.models.improvement import Action
from storage.vocabulary import Platform
from tests.people import an_account, an_agency
from tests.improvement.helpers import a_learning_item, account, agency_id, an_action
from tests.jobs.conftest import TUESDAY_10AM
from tests.teams.activities import BOT, PRIYA, PRIYA_CHAT, TENANT_ID, card_action, post
from tests.teams.card_schema import problems



@pytest.fixture
def lead_account(database) -> str:
    an_account(database, "lead@riverside.example", "learning_lead")
    return "lead@riverside.example"


def a_sent_reminder(app, database, settings, microsoft, lead_account) -> int:
    an_agency(database, "Riverside Police")
    lead = account(database, lead_account)
    with database.unit_of_work() as uow:
        person = Person(
            name="Priya Shah", email="priya@health.example", teams_user_id=PRIYA["aadObjectId"],
            teams_conversation={"serviceUrl": microsoft.service_url, "channelId": "msteams",
                                "conversation": {"id": PRIYA_CHAT, "conversationType": "personal",
                                                 "tenantId": TENANT_ID},
                                "bot": BOT, "user": PRIYA})
        uow.session.add(person)
        uow.commit()
    action_id = an_action(database, lead, a_learning_item(database, lead),
                          agency=agency_id(database), due_on=date(2026, 11, 20),
                          owner_id=person.id, today=date(2026, 11, 19))
    with database.unit_of_work() as uow:
        schedule_action_reminders(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    teams = app.extensions["learnloop"].messengers[Platform.TEAMS]
    Outbox(database, {Platform.TEAMS: teams}, settings, clock=lambda: TUESDAY_10AM).send_due()
    return action_id


def test_every_reminder_card_passes_microsofts_validator(microsoft_validators):
    for stage, answered in [("before", None), ("after", None), ("stuck", None),
                            ("stuck", "Thank you")]:
        card = action_reminder_card(ActionReminder(
            action_id=7, stage=stage, heading="Action overdue", text="Audit <at>invites</at>",
            link="https://learnloop.example/dashboard/actions/7", answered=answered))
        assert microsoft_validators.card_problems(card) == [], stage
        assert problems(card) == [] and len(card["actions"]) <= 5


def test_mark_done_from_the_card_is_recorded_for_the_owner_only(app, client, database, settings,
                                                                microsoft, lead_account):
    action_id = a_sent_reminder(app, database, settings, microsoft, lead_account)
    [card] = microsoft.cards(PRIYA_CHAT)
    assert [a["title"] for a in card["actions"]] == ["Mark done", "Update"]
    assert "Action overdue" in json.dumps(card)
    stranger = {"id": "29:stranger", "aadObjectId": "aad-stranger", "name": "Someone Else"}
    data = {"action_id": action_id, "stage": "after", "press": "done"}
    refused = post(client, microsoft, card_action(microsoft, "action_plan", data, sender=stranger))
    assert refused.get_json()["type"] == "application/vnd.microsoft.activity.message"
    done = post(client, microsoft, card_action(microsoft, "action_plan", data))
    refreshed = done.get_json()["value"]
    assert [a["title"] for a in refreshed["actions"]] == ["Update"]
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Action)).status.value == "done"
