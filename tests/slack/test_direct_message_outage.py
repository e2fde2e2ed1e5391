"""A direct message that arrives while the database is away is answered, and nothing is lost:
the person is told it was not saved, and the conversation carries on once it is back."""

from __future__ import annotations

import pytest

from tests.outages import database_away, own_database
from tests.slack.test_direct_messages import Chat, button_values, said


@pytest.fixture
def environ(environ):
    with own_database(environ) as own:
        yield own


def test_a_message_sent_while_the_database_is_away_is_answered_and_can_be_sent_again(
        app, slack, fake_slack, settings):
    chat = Chat(slack, fake_slack)
    first = chat.send("report")
    assert "immediate risk" in said(first).lower()
    with database_away(app.extensions["learnloop"].database):
        refused = chat.send("no")
    assert "could not save that just now" in said(refused)
    assert "still here in this chat" in said(refused)
    assert settings.emergency_contacts in said(refused)
    # Back again: the same answer, sent again, moves the report on to its next question.
    carried_on = chat.send("no")
    assert "near_miss" in button_values(carried_on)
