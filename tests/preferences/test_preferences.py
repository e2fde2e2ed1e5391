"""People's own preferences at the service: what is refused (with what was typed kept), what is
saved, and that the scheduler and the choice of channel honour it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from learning.nudges.preferences import (
    PreferencesRefused,
    Typed,
    person_from_link,
    preferences_link,
    save_preferences,
    your_preferences,
)
from learning.nudges.recipients import destination_for
from learning.nudges.time_for_people import next_allowed_slot, rules_for
from learning.settings import load_settings
from storage.models import Person
from storage.vocabulary import Platform
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_person

TEAMS_CHAT = {"serviceUrl": "https://smba.trafficmanager.net/uk/", "channelId": "msteams",
              "conversation": {"id": "a:1chat"}}


@pytest.fixture
def both_chats(environ):
    """Slack and Teams both switched on, so a person on both may choose."""
    environ.update(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", MICROSOFT_APP_ID="app",
                   MICROSOFT_APP_PASSWORD="pw")
    return load_settings(environ)


def save(database, settings, person_id, **typed):
    with database.unit_of_work() as uow:
        return save_preferences(uow, person_id, Typed(**typed), settings=settings,
                                now=TUESDAY_10AM)


def refused(database, settings, person_id, **typed) -> PreferencesRefused:
    with pytest.raises(PreferencesRefused) as caught:
        save(database, settings, person_id, **typed)
    assert caught.value.preferences.typed == Typed(**typed), "what was typed is kept"
    return caught.value


def test_a_pause_date_in_the_past_is_refused_saying_so(database, settings):
    priya = a_person(database)
    problem = refused(database, settings, priya, paused_until="2026-11-23", quiet_from="18:00",
                      quiet_until="08:00")
    assert problem.preferences.problems == {
        "paused_until": "23 November 2026 has passed: enter today or a later date, or leave it "
                        "empty to get nudges as usual"}


def test_a_pause_of_more_than_a_year_is_leave_for_an_admin(database, settings):
    problem = refused(database, settings, a_person(database), paused_until="2028-01-01")
    assert "up to a year" in problem.preferences.problems["paused_until"]


@pytest.mark.parametrize(("start", "end", "field", "words"), [
    ("11:00", "10:00", "quiet_until", "would last all night and most of the day"),
    ("12:30", "12:30", "quiet_until", "different time"),
    ("18:00", "", "quiet_until", "Enter both times"),
    ("6pm", "08:00", "quiet_from", "like 18:00"),
])
def test_quiet_hours_that_cannot_be_meant_are_refused(database, settings, start, end, field,
                                                      words):
    problem = refused(database, settings, a_person(database), quiet_from=start, quiet_until=end)
    assert words in problem.preferences.problems[field]


def test_a_channel_they_cannot_be_reached_on_is_refused(database, both_chats):
    # Email is not set up here, so it is not among the channels this person may choose.
    priya = a_person(database, teams_conversation=TEAMS_CHAT)
    problem = refused(database, both_chats, priya, preferred_channel="email")
    assert problem.preferences.problems == {
        "preferred_channel": "Choose one of the channels listed"}


def test_with_one_channel_a_choice_from_an_old_card_says_there_is_nothing_to_choose(
        database, settings):
    problem = refused(database, settings, a_person(database), preferred_channel="teams")
    assert problem.preferences.problems["preferred_channel"].startswith(
        "You can be reached on one channel here now, so there is no channel to choose")


def test_overnight_quiet_hours_and_a_pause_are_saved_and_shown_again(database, settings):
    priya = a_person(database)
    save(database, settings, priya, paused_until="2026-12-04", quiet_from="16:00",
         quiet_until="10:00")
    with database.unit_of_work() as uow:
        shown = your_preferences(uow, priya, settings)
    assert shown.typed == Typed(paused_until="2026-12-04", quiet_from="16:00",
                                quiet_until="10:00")


def test_the_scheduler_waits_for_the_pause_then_the_end_of_quiet_hours(database, settings):
    priya = a_person(database)
    save(database, settings, priya, paused_until="2026-12-04", quiet_from="16:00",
         quiet_until="10:30")
    with database.unit_of_work() as uow:
        person = uow.session.get(Person, priya)
        rules = rules_for(person, person.preference, settings)
    # Paused through Friday 4 December: the next working day is Monday 7th, after quiet hours.
    assert next_allowed_slot(rules, TUESDAY_10AM) == datetime(2026, 12, 7, 10, 30, tzinfo=UTC)


def test_a_preferred_channel_is_used_where_they_have_it(database, both_chats):
    priya = a_person(database, teams_conversation=TEAMS_CHAT)
    with database.unit_of_work() as uow:
        assert destination_for(uow.session.get(Person, priya), both_chats).platform \
            is Platform.SLACK, "Slack first when they have no preference"
    save(database, both_chats, priya, preferred_channel="teams")
    with database.unit_of_work() as uow:
        where = destination_for(uow.session.get(Person, priya), both_chats)
    assert where.platform is Platform.TEAMS and where.address == TEAMS_CHAT


def test_the_preferences_link_names_one_person_and_expires(settings):
    link = preferences_link(settings, 7, now=TUESDAY_10AM)
    token = link.rsplit("/", 1)[1]
    assert link.startswith(f"{settings.base_url}/preferences/")
    assert person_from_link(settings, token, now=TUESDAY_10AM + timedelta(days=29)) == 7
    assert person_from_link(settings, token, now=TUESDAY_10AM + timedelta(days=31)) is None
    assert person_from_link(settings, token[:-2] + "xx", now=TUESDAY_10AM) is None
    other = load_settings({**_environ_of(settings), "SECRET_KEY": "another-secret"})
    assert person_from_link(other, token, now=TUESDAY_10AM) is None


def _environ_of(settings) -> dict[str, str]:
    return {"DATABASE_URL": settings.database_url,
            "LEARNLOOP_INSTANCE_PATH": str(settings.instance_path)}


