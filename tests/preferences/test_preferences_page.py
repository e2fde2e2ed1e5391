"""Your preferences on the web, reached by a signed link: errors keep what was typed; a forged
or old link shows nothing of anyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from learning.nudges.preferences import preferences_link
from storage.models import Person
from tests.jobs.people import a_person
from tests.web import token


def path_for(settings, person_id: int, **when) -> str:
    return preferences_link(settings, person_id, **when).removeprefix(settings.base_url)


def test_a_past_pause_date_comes_back_with_everything_typed(client, database, settings):
    url = path_for(settings, a_person(database, "Priya <b>Shah</b>"))
    page = client.get(url).get_data(as_text=True)
    assert "Priya &lt;b&gt;Shah&lt;/b&gt;" in page, "the person's name is escaped"
    response = client.post(url, data={
        "paused_until-day": "2", "paused_until-month": "3", "paused_until-year": "2020",
        "quiet_from": "11:00", "quiet_until": "10:00", "preferred_channel": "",
        "csrf_token": token(client, url)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "2 March 2020 has passed" in page and "would last all night" in page
    assert 'href="#paused_until-day"' in page
    assert 'value="2020"' in page
    assert 'value="11:00"' in page and 'value="10:00"' in page


def test_saved_preferences_are_shown_next_time(client, database, settings):
    priya = a_person(database)
    url = path_for(settings, priya)
    pause = datetime.now(settings.timezone).date() + timedelta(days=10)
    response = client.post(url, data={
        "paused_until-day": str(pause.day), "paused_until-month": str(pause.month),
        "paused_until-year": str(pause.year), "quiet_from": "16:00", "quiet_until": "10:00",
        "csrf_token": token(client, url)})
    assert response.status_code == 200 and "Your preferences are saved" in \
        response.get_data(as_text=True)
    with database.unit_of_work() as uow:
        saved = uow.session.get(Person, priya).preference
        assert saved.paused_until == pause and f"{saved.quiet_from:%H:%M}" == "16:00"
    assert 'value="16:00"' in client.get(url).get_data(as_text=True)


def test_an_old_or_forged_link_shows_no_ones_preferences(client, database, settings):
    priya = a_person(database)
    old = path_for(settings, priya, now=datetime.now(UTC) - timedelta(days=31))
    forged = path_for(settings, priya)[:-3] + "abc"
    for url in (old, forged):
        response = client.get(url)
        assert response.status_code == 404
        assert "This link has expired" in response.get_data(as_text=True)
        assert "Priya" not in response.get_data(as_text=True)


def test_saving_needs_the_forms_csrf_token(client, database, settings):
    url = path_for(settings, a_person(database))
    assert client.post(url, data={"quiet_from": "16:00", "quiet_until": "10:00"}).status_code \
        == 400
