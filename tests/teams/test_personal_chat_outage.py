"""A Teams chat message that arrives while the database is away is answered, and nothing is
lost: the person is told it was not saved, and the conversation carries on once it is back."""

from __future__ import annotations

import pytest

from tests.outages import database_away, own_database
from tests.teams.test_personal_chat import say, shown


@pytest.fixture
def environ(environ):
    with own_database(environ) as own:
        yield own


def test_a_message_sent_while_the_database_is_away_is_answered_and_can_be_sent_again(
        app, client, microsoft, settings):
    assert "immediate risk" in shown(say(client, microsoft, "report")).lower()
    with database_away(app.extensions["learnloop"].database):
        refused = shown(say(client, microsoft, {"answer": "no"}))
    assert "could not save that just now" in refused
    assert settings.emergency_contacts in refused
    carried_on = shown(say(client, microsoft, {"answer": "no"}))
    assert "near miss" in carried_on.lower()
