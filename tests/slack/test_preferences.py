"""A person's own choices in Slack: the preferences modal from the App Home, and booking a
training place from a reminder's button. Signed requests to /slack/events, the fake Slack."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from learning.messaging import TrainingReminder
from storage.models import Person
from storage.models.training import Booking
from storage.vocabulary import Platform
from tests.slack.conftest import PRIYA
from tests.slack.fake_slack import TEAM
from tests.slack.test_home import open_home
from tests.training.events import an_event_at


@pytest.fixture
def priya(database) -> int:
    with database.unit_of_work() as uow:
        person = Person(name="Priya Shah", email="priya.shah@health.example",
                        slack_user_id=PRIYA)
        uow.session.add(person)
        uow.commit()
        return person.id


def submitted(**values) -> dict:
    def picked(block, kind, key, value):
        return {block: {block: {"type": kind, key: value}}}

    state = {**picked("paused_until", "datepicker", "selected_date", values.get("paused_until")),
             **picked("quiet_from", "timepicker", "selected_time", values.get("quiet_from")),
             **picked("quiet_until", "timepicker", "selected_time", values.get("quiet_until"))}
    return {"type": "view_submission", "user": {"id": PRIYA, "team_id": TEAM},
            "view": {"id": "V0PREFS01", "type": "modal", "callback_id": "preferences",
                     "hash": "1700000000.abc", "private_metadata": "",
                     "state": {"values": state}}}


def test_a_known_person_has_a_preferences_button_that_opens_the_modal(slack, fake_slack, priya):
    open_home(slack)
    view = fake_slack.wait_for("views.publish")[0].args["view"]
    buttons = [e["action_id"] for b in view["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert buttons == ["open_report_modal", "open_preferences"]
    slack.press("open_preferences", "home", channel="D0PRIYA01")
    [opened] = fake_slack.wait_for("views.open")
    modal = opened.args["view"]
    assert modal["callback_id"] == "preferences"
    assert [b.get("block_id") for b in modal["blocks"] if b["type"] == "input"] == [
        "paused_until", "quiet_from", "quiet_until"]


def test_quiet_hours_that_cannot_be_meant_are_refused_beside_the_field(slack, priya, database):
    response = slack.interaction(submitted(quiet_from="11:00", quiet_until="10:00"))
    answer = json.loads(response.get_data(as_text=True))
    assert answer["response_action"] == "errors"
    assert "would last all night" in answer["errors"]["quiet_until"]
    with database.unit_of_work() as uow:
        assert uow.session.get(Person, priya).preference is None


def test_a_pause_and_quiet_hours_are_saved_and_shown_next_time(slack, fake_slack, priya,
                                                               database, settings):
    pause = (datetime.now(settings.timezone) + timedelta(days=7)).date().isoformat()
    response = slack.interaction(submitted(paused_until=pause, quiet_from="16:00",
                                           quiet_until="10:00"))
    assert response.status_code == 200 and not response.get_data(as_text=True).strip()
    with database.unit_of_work() as uow:
        assert uow.session.get(Person, priya).preference.paused_until.isoformat() == pause
    slack.press("open_preferences", "home", channel="D0PRIYA01")
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    elements = {b["block_id"]: b["element"] for b in modal["blocks"] if b["type"] == "input"}
    assert elements["paused_until"]["initial_date"] == pause
    assert elements["quiet_from"]["initial_time"] == "16:00"


def test_a_reminders_book_button_books_once_and_then_says_so(app, slack, fake_slack, priya,
                                                             database):
    event = an_event_at(database, datetime.now(UTC) + timedelta(days=9))
    messenger = app.extensions["learnloop"].messengers[Platform.SLACK]
    messenger.send({"channel": PRIYA}, TrainingReminder(
        "Level 3 safeguarding: due in 30 days", "Your Level 3 <safeguarding> expires soon.",
        "https://learnloop.example/learning", places=((event, "Tue 8 Dec, 09:30: Civic Centre"),)))
    [sent] = fake_slack.calls_to("chat.postMessage")
    [book_button] = [e for b in sent.args["blocks"] if b["type"] == "actions"
                     for e in b["elements"] if e["action_id"].startswith("book_place")]
    assert book_button["action_id"] == f"book_place:{event}"
    slack.press(book_button["action_id"], book_button["value"])
    slack.press(book_button["action_id"], book_button["value"])
    # Both presses run at once on Bolt's threads: either may be the one that books.
    said = sorted(c.args["text"] for c in fake_slack.wait_for("chat.postEphemeral", 2))
    assert said[0] == "You are already booked on Level 3 refresher."
    assert said[1].startswith("You are booked on Level 3 refresher")
    with database.unit_of_work() as uow:
        assert [b.person_id for b in uow.session.scalars(select(Booking))] == [priya]
