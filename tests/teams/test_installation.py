"""Installs keep where the bot can write later; messages keep the serviceUrl current."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Person
from storage.models.teams import ConversationKind, TeamsConversation
from tests.teams.activities import (BOT, LEARNING_CHANNEL, PRIYA, PRIYA_CHAT, activity, in_channel,
                                    post, said)
from tests.teams.test_personal_chat import shown


def installed(microsoft, **fields) -> dict:
    return activity(microsoft, "installationUpdate", action="add", **fields)


def test_a_known_persons_install_is_kept_on_their_person_record(client, microsoft, database, priya):
    microsoft.members[PRIYA["id"]] = {"id": PRIYA["id"], "email": "priya.shah@health.example"}

    assert post(client, microsoft, installed(microsoft)).status_code == 200

    with database.unit_of_work() as uow:
        person = uow.session.get(Person, priya)
        assert person.teams_user_id == PRIYA["aadObjectId"]
        assert person.teams_conversation["conversation"]["id"] == PRIYA_CHAT
        assert person.teams_conversation["serviceUrl"] == microsoft.service_url
        assert uow.session.scalar(select(TeamsConversation)) is None


def test_the_install_welcomes_them_once_with_the_anonymity_caveat(client, microsoft):
    post(client, microsoft, installed(microsoft))
    post(client, microsoft, activity(microsoft, "conversationUpdate", membersAdded=[BOT]))

    [welcome] = microsoft.cards(PRIYA_CHAT)
    assert "immediate risk" in shown(welcome) and "compliance records" in shown(welcome)


def test_someone_not_yet_known_is_kept_in_the_teams_table(client, microsoft, database):
    post(client, microsoft, activity(microsoft, "conversationUpdate", membersAdded=[BOT]))

    with database.unit_of_work() as uow:
        kept = uow.session.scalar(select(TeamsConversation))
        assert kept.kind is ConversationKind.PERSONAL
        assert kept.aad_object_id == PRIYA["aadObjectId"]
        assert kept.reference["user"]["aadObjectId"] == PRIYA["aadObjectId"]


def test_a_channel_install_keeps_the_channel_for_routing_rules(client, microsoft, database):
    body = installed(microsoft, **in_channel(
        channelData={"team": {"id": "19:team", "name": "Learning Group"},
                     "channel": {"id": LEARNING_CHANNEL, "name": "New reports"}}))

    post(client, microsoft, body)

    with database.unit_of_work() as uow:
        kept = uow.session.scalar(select(TeamsConversation))
        assert kept.kind is ConversationKind.CHANNEL and kept.name == "Learning Group / New reports"
        assert kept.reference["conversation"]["id"] == LEARNING_CHANNEL
        assert kept.aad_object_id is None and "user" not in kept.reference
    [hello] = microsoft.cards(LEARNING_CHANNEL)
    assert "routing rule" in shown(hello)


def test_a_message_refreshes_a_moved_service_url(client, microsoft, database, priya):
    microsoft.members[PRIYA["id"]] = {"email": "priya.shah@health.example"}
    before = f"{microsoft.url}/teams-old-region/"
    post(client, microsoft, installed(microsoft, service_url=before))
    with database.unit_of_work() as uow:
        assert uow.session.get(Person, priya).teams_conversation["serviceUrl"] == before

    post(client, microsoft, said(microsoft, "hello"))

    with database.unit_of_work() as uow:
        assert (uow.session.get(Person, priya).teams_conversation["serviceUrl"]
                == microsoft.service_url)


def test_a_message_from_someone_never_installed_keeps_nothing(client, microsoft, database):
    post(client, microsoft, said(microsoft, "hello"))

    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(TeamsConversation)) is None
        assert uow.session.scalar(select(Person)) is None
