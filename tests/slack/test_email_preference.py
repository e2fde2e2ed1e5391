"""Email as a preferred channel from Slack's App Home: offered when mail is set up and the
person has an address, saved from the modal, and then the scheduler sends them email."""

from __future__ import annotations

import json

import pytest

from learning.nudges.recipients import destination_for
from storage.models import Person
from storage.vocabulary import Platform
from tests.mail.conftest import MAIL_SET_UP, NO_CHOICE
from tests.slack.conftest import PRIYA
from tests.slack.fake_slack import TEAM
from tests.slack.test_home import open_home


@pytest.fixture
def environ(environ: dict[str, str]) -> dict[str, str]:
    return {**environ, **MAIL_SET_UP}


def priya(database, **fields) -> int:
    fields.setdefault("email", "priya.shah@health.example")
    with database.unit_of_work() as uow:
        person = Person(name="Priya Shah", slack_user_id=PRIYA, **fields)
        uow.session.add(person)
        uow.commit()
        return person.id


def the_modal(slack, fake_slack, time: int = 1) -> dict:
    """The preferences modal, opened from the App Home for the `time`th time."""
    open_home(slack)
    slack.press("open_preferences", "home", channel="D0PRIYA01")
    return fake_slack.wait_for("views.open", time)[time - 1].args["view"]


def choosing(channel: str) -> dict:
    state = {"preferred_channel": {"preferred_channel": {
        "type": "radio_buttons", "selected_option": {"value": channel}}}}
    return {"type": "view_submission", "user": {"id": PRIYA, "team_id": TEAM},
            "view": {"id": "V0PREFS01", "type": "modal", "callback_id": "preferences",
                     "hash": "1700000000.abc", "private_metadata": "",
                     "state": {"values": state}}}


def test_the_modal_offers_email_and_choosing_it_sends_them_email(slack, fake_slack, database,
                                                                 settings):
    person_id = priya(database)
    modal = the_modal(slack, fake_slack)
    [radios] = [b["element"] for b in modal["blocks"] if b.get("block_id") == "preferred_channel"]
    assert [(o["value"], o["text"]["text"]) for o in radios["options"]] == [
        ("none", "No preference"), ("slack", "Slack"), ("email", "Email")]

    response = slack.interaction(choosing("email"))
    assert response.status_code == 200 and not response.get_data(as_text=True).strip()
    with database.unit_of_work() as uow:
        person = uow.session.get(Person, person_id)
        assert person.preference.preferred_channel == "email"
        where = destination_for(person, settings)
    assert where.platform is Platform.EMAIL
    assert where.address == {"email": "priya.shah@health.example", "person_id": person_id}

    chosen = the_modal(slack, fake_slack, 2)
    [radios] = [b["element"] for b in chosen["blocks"] if b.get("block_id") == "preferred_channel"]
    assert radios["initial_option"]["value"] == "email", "the choice is shown next time"


def test_without_an_email_address_there_is_no_channel_to_choose(slack, fake_slack, database):
    priya(database, email=None)
    modal = the_modal(slack, fake_slack)
    assert "preferred_channel" not in [b.get("block_id") for b in modal["blocks"]]
    response = slack.interaction(choosing("email"))
    answer = json.loads(response.get_data(as_text=True))
    assert answer["errors"]["preferred_channel"] == NO_CHOICE
