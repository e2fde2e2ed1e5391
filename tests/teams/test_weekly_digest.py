"""A Teams-only partnership gets the learning group's weekly digest in its Teams channel."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from learning.nudges.digest import schedule_weekly_digest
from learning.nudges.outbox import Outbox
from learning.reports.intake import submit_report

from storage.models.teams import ConversationKind, TeamsConversation
from storage.vocabulary import Channel, Platform
from tests.drafts import a_draft
from tests.teams.activities import LEARNING_CHANNEL, channel_reference
from tests.teams.card_schema import problems
from tests.teams.test_personal_chat import shown

MONDAY_7AM = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


@pytest.fixture
def environ(environ):
    return {**environ, "TEAMS_LEARNING_CHANNEL": LEARNING_CHANNEL}


@pytest.fixture
def installed_in_the_learning_team(database, microsoft):
    """What Teams' install of the app in the learning group's team left behind."""
    with database.unit_of_work() as uow:
        uow.session.add(TeamsConversation(conversation_id=LEARNING_CHANNEL,
                                          kind=ConversationKind.CHANNEL,
                                          name="Learning group / General",
                                          reference=channel_reference(microsoft)))
        uow.commit()


def test_the_weekly_digest_reaches_the_learning_groups_teams_channel(
        app, database, settings, microsoft, installed_in_the_learning_team):
    assert not settings.slack_enabled and settings.teams_enabled
    with database.unit_of_work() as uow:
        reference = submit_report(uow, a_draft(), channel=Channel.WEB, settings=settings,
                                  now=datetime(2026, 11, 24, 10, tzinfo=UTC)).reference
    with database.unit_of_work() as uow:
        assert schedule_weekly_digest(uow.session, settings, now=MONDAY_7AM) == 1
        uow.commit()
    teams = app.extensions["learnloop"].messengers[Platform.TEAMS]
    tally = Outbox(database, {Platform.TEAMS: teams}, settings,
                   clock=lambda: MONDAY_7AM).send_due()
    assert tally.sent == 1
    [card] = microsoft.cards(LEARNING_CHANNEL)
    assert problems(card) == []
    text = shown(card)
    assert "Riverside Safeguarding Partnership: the week to 30 November 2026" in text
    assert "New reports (1)" in text and "Near miss: 1" in text
    assert reference in text, "the report still waiting for acknowledgement is named"
    assert "strategy discussion" not in text.lower(), "a digest never carries report text"


def test_a_teams_learning_channel_must_be_a_channel_id(environ):
    from learning.settings import SettingsError, load_settings

    with pytest.raises(SettingsError, match="TEAMS_LEARNING_CHANNEL"):
        load_settings({**environ, "TEAMS_LEARNING_CHANNEL": "Learning group"})
