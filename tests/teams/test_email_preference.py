"""Email as a preferred channel from the Teams preferences card: offered when mail is set up
and the person has an address, saved from the card, and then the scheduler sends them email."""

from __future__ import annotations

import json

import pytest

from learning.nudges.recipients import destination_for
from storage.models import Person
from storage.vocabulary import Platform
from tests.mail.conftest import MAIL_SET_UP, NO_CHOICE
from tests.teams.activities import BOT, PRIYA, PRIYA_CHAT, TENANT_ID, card_action, post
from tests.teams.card_schema import problems
from tests.teams.test_personal_chat import say


@pytest.fixture
def environ(environ: dict[str, str]) -> dict[str, str]:
    return {**environ, **MAIL_SET_UP}


def priya(database, microsoft, **fields) -> int:
    fields.setdefault("email", "priya@health.example")
    with database.unit_of_work() as uow:
        person = Person(name="Priya Shah", teams_user_id=PRIYA["aadObjectId"],
                        teams_conversation={"serviceUrl": microsoft.service_url,
                                            "channelId": "msteams", "bot": BOT, "user": PRIYA,
                                            "conversation": {"id": PRIYA_CHAT,
                                                             "conversationType": "personal",
                                                             "tenantId": TENANT_ID}}, **fields)
        uow.session.add(person)
        uow.commit()
        return person.id


def channel_input(card: dict) -> dict | None:
    return next((e for e in card["body"] if e.get("id") == "preferred_channel"), None)


def test_the_card_offers_email_and_choosing_it_sends_them_email(client, microsoft, database,
                                                                settings):
    person_id = priya(database, microsoft)
    offered = channel_input(say(client, microsoft, "preferences"))
    assert [(c["value"], c["title"]) for c in offered["choices"]] == [
        ("none", "No preference"), ("teams", "Microsoft Teams"), ("email", "Email")]

    response = post(client, microsoft, card_action(microsoft, "save_preferences", {
        "paused_until": "", "quiet_from": "", "quiet_until": "", "preferred_channel": "email"}))
    card = response.get_json()["value"]
    assert "Saved." in json.dumps(card) and channel_input(card)["value"] == "email"
    assert problems(card) == []
    with database.unit_of_work() as uow:
        person = uow.session.get(Person, person_id)
        assert person.preference.preferred_channel == "email"
        where = destination_for(person, settings)
    assert where.platform is Platform.EMAIL
    assert where.address == {"email": "priya@health.example", "person_id": person_id}


def test_without_an_email_address_there_is_no_channel_to_choose(client, microsoft, database):
    priya(database, microsoft, email=None)
    assert channel_input(say(client, microsoft, "preferences")) is None
    response = post(client, microsoft, card_action(microsoft, "save_preferences", {
        "preferred_channel": "email"}))
    card = response.get_json()["value"]
    assert NO_CHOICE in json.dumps(card) and problems(card) == []
