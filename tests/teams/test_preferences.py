"""A person's own choices in Teams: the preferences card from the personal chat, and booking
a training place from a reminder card. Signed activities to /api/messages, the strict fake."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from learning.messaging import TrainingReminder
from storage.models import Person
from storage.models.training import Booking
from tests.teams.activities import BOT, PRIYA, PRIYA_CHAT, TENANT_ID, card_action, post, pressed
from tests.teams.card_schema import problems
from tests.teams.test_personal_chat import say
from tests.training.events import an_event_at


@pytest.fixture
def priya_known(database, microsoft) -> int:
    with database.unit_of_work() as uow:
        person = Person(name="Priya Shah", email="priya@health.example",
                        teams_user_id=PRIYA["aadObjectId"],
                        teams_conversation={"serviceUrl": microsoft.service_url,
                                            "channelId": "msteams", "bot": BOT, "user": PRIYA,
                                            "conversation": {"id": PRIYA_CHAT,
                                                             "conversationType": "personal",
                                                             "tenantId": TENANT_ID}})
        uow.session.add(person)
        uow.commit()
        return person.id


def inputs(card: dict) -> dict[str, dict]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


def shown(card: dict) -> str:
    return json.dumps(card)


def test_saying_preferences_shows_the_card_with_a_save_action(client, microsoft, priya_known):
    card = say(client, microsoft, "preferences")
    assert list(inputs(card)) == ["paused_until", "quiet_from", "quiet_until"]
    assert [(a["type"], a["verb"]) for a in card["actions"]] == [
        ("Action.Execute", "save_preferences")]


def test_quiet_hours_that_cannot_be_meant_come_back_with_what_was_typed(
        client, microsoft, database, priya_known):
    response = post(client, microsoft, card_action(microsoft, "save_preferences", {
        "quiet_from": "11:00", "quiet_until": "10:00", "paused_until": ""}))
    card = response.get_json()["value"]
    assert problems(card) == []
    assert "would last all night" in shown(card)
    assert inputs(card)["quiet_from"]["value"] == "11:00"
    assert inputs(card)["quiet_until"]["value"] == "10:00"
    with database.unit_of_work() as uow:
        assert uow.session.get(Person, priya_known).preference is None


def test_preferences_are_saved_from_the_card(client, microsoft, database, settings, priya_known):
    pause = (datetime.now(settings.timezone) + timedelta(days=3)).date().isoformat()
    response = post(client, microsoft, card_action(microsoft, "save_preferences", {
        "paused_until": pause, "quiet_from": "16:00", "quiet_until": "10:00"}))
    card = response.get_json()["value"]
    assert "Saved." in shown(card) and inputs(card)["paused_until"]["value"] == pause
    with database.unit_of_work() as uow:
        assert f"{uow.session.get(Person, priya_known).preference.quiet_until:%H:%M}" == "10:00"


def test_an_old_client_saves_through_action_submit(client, microsoft, database, priya_known):
    card = say(client, microsoft, {"verb": "save_preferences", "quiet_from": "12:30",
                                   "quiet_until": "12:30"})
    assert "must end at a different time" in shown(card)


def test_a_reminders_book_button_books_a_place_once(app, client, microsoft, database,
                                                    priya_known):
    event = an_event_at(database, datetime.now(UTC) + timedelta(days=9))
    teams = app.extensions["learnloop"].messengers
    [messenger] = [m for m in teams.values()]
    with database.unit_of_work() as uow:
        address = dict(uow.session.get(Person, priya_known).teams_conversation)
    messenger.send(address, TrainingReminder(
        "Level 3 safeguarding: due in 30 days", "Your Level 3 safeguarding expires soon.",
        "https://learnloop.riverside.example/learning",
        places=((event, "Tue 8 Dec, 09:30: Civic Centre"),)))
    [card] = microsoft.cards(PRIYA_CHAT)
    [book_button] = [a for a in card["actions"] if a.get("verb") == "book_place"]
    assert book_button["title"] == "Book Tue 8 Dec, 09:30: Civic Centre"
    first = post(client, microsoft, card_action(microsoft, "book_place", book_button["data"]))
    again = post(client, microsoft, card_action(microsoft, "book_place", book_button["data"]))
    assert first.get_json()["value"].startswith("You are booked on Level 3 refresher")
    assert again.get_json()["value"] == "You are already booked on Level 3 refresher."
    with database.unit_of_work() as uow:
        assert [b.person_id for b in uow.session.scalars(select(Booking))] == [priya_known]


def test_someone_unknown_is_told_to_ask_their_admin(client, microsoft):
    response = post(client, microsoft, pressed(microsoft, {"verb": "book_place", "event": 1}))
    assert response.status_code == 200
    assert "Ask your agency's admin" in shown(microsoft.cards(PRIYA_CHAT)[-1])


def test_a_time_teams_could_not_show_is_refused_without_breaking_the_card(
        client, microsoft, priya_known):
    card = say(client, microsoft, {"verb": "save_preferences", "quiet_from": "6pm",
                                   "quiet_until": "08:00"})
    assert "like 18:00" in shown(card)
    assert "value" not in inputs(card)["quiet_from"]
    assert inputs(card)["quiet_until"]["value"] == "08:00"
