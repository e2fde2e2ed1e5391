"""Email as a preferred channel: the preferences page offers it when mail is set up and the
person has an address, and the scheduler then sends them email instead of chat."""

from __future__ import annotations

from sqlalchemy import select

from learning.nudges.preferences import Typed, preferences_link, save_preferences
from learning.settings import load_settings
from storage.models import Person
from storage.models.nudges import Preference
from tests.jobs.conftest import TUESDAY_10AM, platform  # noqa: F401  (fixture)
from tests.jobs.people import a_nugget
from tests.mail.test_email_channel import Clock, fan_out, outbox, people, run_clock
from tests.web import token


def test_the_preferences_page_offers_email_and_saves_it(database, settings, client):
    (person_id,) = people(database, 1, slack=False)
    path = preferences_link(settings, person_id).removeprefix(settings.base_url)
    page = client.get(path).get_data(as_text=True)
    assert 'name="preferred_channel" type="radio" value="email"' in page
    answer = client.post(path, data={"preferred_channel": "email",
                                     "csrf_token": token(client, path)})
    assert answer.status_code == 200
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Preference.preferred_channel)) == "email"


def test_no_email_choice_for_someone_without_an_address(database, settings, client):
    with database.unit_of_work() as uow:
        person = Person(name="Sam Chat", slack_user_id="U0SAMCHAT")
        uow.session.add(person)
        uow.commit()
        path = preferences_link(settings, person.id).removeprefix(settings.base_url)
    assert 'value="email"' not in client.get(path).get_data(as_text=True)


def test_someone_on_slack_who_prefers_email_gets_the_nugget_by_email(
        environ, database, mail_server, platform):  # noqa: F811
    settings = load_settings({**environ, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    prefers_email, stays_on_slack = people(database, 2, slack=True)
    with database.unit_of_work() as uow:
        save_preferences(uow, prefers_email, Typed(preferred_channel="email"),
                         settings=settings, now=TUESDAY_10AM)
    a_nugget(database, send_at=TUESDAY_10AM)
    fan_out(database, settings, TUESDAY_10AM)
    clock = Clock(TUESDAY_10AM)
    run_clock(outbox(database, settings, clock, platform.url), clock, hours=8)
    assert [a.recipients for a in mail_server.arrived] == [["chat0@riverside.example"]]
    assert sum(platform.received.values()) == 1, "the other one still hears on Slack"
