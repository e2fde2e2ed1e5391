"""A learning nugget in Teams: a card sent through the outbox, with buttons that record and
re-render it, for the person it was sent to only."""

from __future__ import annotations

import json

from sqlalchemy import select

from learning.nudges.nuggets import schedule_due_nuggets
from learning.nudges.outbox import Outbox
from storage.models import Person
from storage.models.nudges import Delivery
from storage.vocabulary import Platform
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget
from tests.teams.activities import BOT, PRIYA, PRIYA_CHAT, TENANT_ID, card_action, post
from tests.teams.card_schema import problems


def a_sent_nugget(app, database, settings, microsoft) -> int:
    with database.unit_of_work() as uow:
        uow.session.add(Person(
            name="Priya Shah", email="priya@health.example", teams_user_id=PRIYA["aadObjectId"],
            teams_conversation={"serviceUrl": microsoft.service_url, "channelId": "msteams",
                                "conversation": {"id": PRIYA_CHAT, "conversationType": "personal",
                                                 "tenantId": TENANT_ID},
                                "bot": BOT, "user": PRIYA}))
        uow.commit()
    a_nugget(database, send_at=TUESDAY_10AM)
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    teams = app.extensions["learnloop"].messengers[Platform.TEAMS]
    Outbox(database, {Platform.TEAMS: teams}, settings, clock=lambda: TUESDAY_10AM).send_due()
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(Delivery)).id


def titles(card: dict) -> list[str]:
    return [action["title"] for action in card.get("actions", [])]


def test_a_nugget_card_arrives_with_its_check_question(app, database, settings, microsoft):
    a_sent_nugget(app, database, settings, microsoft)
    [card] = microsoft.cards(PRIYA_CHAT)
    assert problems(card) == []
    text = json.dumps(card)
    assert "Bruising in babies who are not yet mobile" in text
    assert titles(card)[:2] == ["Only the GP", "Refer to children's social care"]


def test_answering_the_check_records_it_and_shows_the_explanation(app, client, database, settings,
                                                                  microsoft):
    delivery_id = a_sent_nugget(app, database, settings, microsoft)
    response = post(client, microsoft, card_action(
        microsoft, "nugget", {"delivery": delivery_id, "press": "nugget_answer", "value": "1"}))
    refreshed = response.get_json()["value"]
    assert problems(refreshed) == []
    assert "The protocol applies to everyone." in json.dumps(refreshed)
    assert "Useful" in titles(refreshed) and "Read" not in titles(refreshed)  # answering is reading
    with database.unit_of_work() as uow:
        delivery = uow.session.get(Delivery, delivery_id)
        assert delivery.check_correct is True and delivery.read_at is not None


def test_someone_else_cannot_press_a_persons_nugget(app, client, database, settings, microsoft):
    delivery_id = a_sent_nugget(app, database, settings, microsoft)
    stranger = {"id": "29:stranger", "aadObjectId": "aad-stranger", "name": "Someone Else"}
    response = post(client, microsoft, card_action(
        microsoft, "nugget", {"delivery": delivery_id, "press": "nugget_read", "value": ""},
        sender=stranger))
    assert response.get_json()["type"] == "application/vnd.microsoft.activity.message"
    with database.unit_of_work() as uow:
        assert uow.session.get(Delivery, delivery_id).read_at is None
