"""Every mail links to its reader's own preferences page, through the one signed-link mechanism
(learning.nudges.one_click): a button's link can't open the page, nor the page's link press a
button, and a link made before (an itsdangerous token) is told how to get a new one."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from storage.models import Person
from tests.mail.conftest import links, parts
from tests.mail.test_email_channel import a_nugget_by_email
from tests.web import token

PREFERENCES = re.compile(r'href="(http://127\.0\.0\.1:8000/preferences/[^"]+)"')


def preferences_path(message) -> str:
    text, body = parts(message)
    (address,) = PREFERENCES.findall(body)
    assert f"choose where they reach you: {address}" in text, "the text part has it too"
    return urlsplit(html.unescape(address)).path


def test_every_mail_opens_its_readers_own_preferences_and_saves_them(
        database, settings, mail_server, client):
    message, _ = a_nugget_by_email(database, settings, mail_server)
    path = preferences_path(message)
    page = client.get(path)
    assert page.status_code == 200 and "Staff E0" in page.get_data(as_text=True)
    answer = client.post(path, data={"quiet_from": "16:00", "quiet_until": "10:00",
                                     "csrf_token": token(client, path)})
    assert answer.status_code == 200, "a link opens its page as often as they like"
    assert "Your preferences are saved" in answer.get_data(as_text=True)
    with database.unit_of_work() as uow:
        saved = uow.session.scalars(select(Person)).one().preference
        assert f"{saved.quiet_from:%H:%M}-{saved.quiet_until:%H:%M}" == "16:00-10:00"


def test_a_buttons_link_opens_no_preferences_and_the_pages_link_presses_no_button(
        database, settings, mail_server, client):
    message, _ = a_nugget_by_email(database, settings, mail_server)
    page_token = preferences_path(message).rsplit("/", 1)[1]
    # The unsubscribe link names the same person, signed with the same key, for another use.
    stop_token = links(message)["Stop these emails"].rsplit("/", 1)[1]
    refused = client.get(f"/preferences/{stop_token}")
    assert refused.status_code == 404 and "Staff E0" not in refused.get_data(as_text=True)
    assert client.get(f"/m/{page_token}").status_code == 404
    assert client.post(f"/m/{page_token}", data={"List-Unsubscribe": "One-Click"}) \
        .status_code == 404
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(Person)).one().preference is None


def test_a_preferences_link_made_before_says_how_to_get_a_new_one(database, settings, client):
    with database.unit_of_work() as uow:
        priya = Person(name="Priya Shah", email="priya@example.org")
        uow.session.add(priya)
        uow.commit()
        person_id = priya.id
    # What the page's links were until they joined the one-click links.
    old = URLSafeTimedSerializer(settings.secret_key, salt="learnloop-preferences") \
        .dumps(person_id)
    answer = client.get(f"/preferences/{old}")
    shown = answer.get_data(as_text=True)
    assert answer.status_code == 404 and "This link has expired" in shown
    assert "use the link at the foot of a newer email from LearnLoop" in shown
    assert "Priya" not in shown
