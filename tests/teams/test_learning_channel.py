"""New reports in the learning group's channel, and triage from the card, updated in place."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from learning.people.accounts import add_account
from learning.reports.intake import submit_report
from learning.reports.posting import post_new_report
from storage.models import ChannelPost, Report, RoutingRule
from storage.vocabulary import Channel, Platform, ReportStatus
from tests.drafts import a_draft
from tests.teams.activities import (LEARNING_CHANNEL, card_action, channel_reference, in_channel,
                                    post, pressed)
from tests.teams.card_schema import problems
from tests.teams.test_cards import HOSTILE
from tests.teams.test_personal_chat import shown

LEAD = {"id": "29:1lee-teams-user-id", "aadObjectId": "aad-lee", "name": "Lee Lead"}


@pytest.fixture
def routed_to_teams(database, microsoft):
    with database.unit_of_work() as uow:
        uow.session.add(RoutingRule(name="Everything", platform=Platform.TEAMS,
                                    address=channel_reference(microsoft)))
        uow.commit()


@pytest.fixture
def lead(database, microsoft):
    microsoft.members[LEAD["id"]] = {"id": LEAD["id"], "name": LEAD["name"],
                                     "email": "lee.lead@partnership.example"}
    with database.unit_of_work() as uow:
        add_account(uow, "lee.lead@partnership.example", "learning_lead", password=None,
                    display_name="Lee Lead")


def a_posted_report(app, database, settings, **changes) -> str:
    with database.unit_of_work() as uow:
        result = submit_report(uow, a_draft(**changes), channel=Channel.WEB, settings=settings,
                               now=datetime.now(UTC))
    services = app.extensions["learnloop"]
    assert post_new_report(database, result.reference, settings=settings,
                           messengers=services.messengers) == 1
    return result.reference


def clicked(client, microsoft, verb: str, reference: str) -> dict:
    body = card_action(microsoft, verb, {"reference": reference}, sender=LEAD, **in_channel())
    response = post(client, microsoft, body)
    assert response.status_code == 200
    return response.get_json()


def test_a_new_report_is_posted_to_the_channel_masked_and_marked_urgent(
        app, database, settings, microsoft, routed_to_teams):
    reference = a_posted_report(app, database, settings, immediate_risk=True,
                                what_happened="The mother lives at SW1A 1AA and no one visited.")

    [card] = microsoft.cards(LEARNING_CHANNEL)
    assert problems(card) == []
    text = shown(card)
    assert reference in text and "URGENT" in text
    assert "[postcode]" in text and "SW1A 1AA" not in text
    assert "Priya" not in json.dumps(card)  # the reporter is never on the channel card
    with database.unit_of_work() as uow:
        post_row = uow.session.scalar(select(ChannelPost))
        assert post_row.platform is Platform.TEAMS and post_row.message_id == "activity-1"


def test_acknowledge_from_the_card_updates_the_report_and_the_post(
        app, client, database, settings, microsoft, routed_to_teams, lead):
    reference = a_posted_report(app, database, settings)

    answer = clicked(client, microsoft, "acknowledge", reference)

    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Status: Acknowledged" in shown(answer["value"])
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)).status is ReportStatus.ACKNOWLEDGED
    [put] = [s for s in microsoft.sent if s.method == "PUT"]
    assert (put.conversation_id, put.activity_id) == (LEARNING_CHANNEL, "activity-1")
    assert "Status: Acknowledged" in shown(put.body["attachments"][0]["content"])


def test_assign_to_me_names_the_lead_on_the_card(app, client, database, settings, microsoft,
                                                 routed_to_teams, lead):
    reference = a_posted_report(app, database, settings)

    answer = clicked(client, microsoft, "assign_to_me", reference)

    assert "Assigned to: Lee Lead" in shown(answer["value"])
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)).assignee.email == "lee.lead@partnership.example"


def test_someone_without_an_account_is_refused_and_nothing_changes(
        app, client, database, settings, microsoft, routed_to_teams):
    microsoft.members[LEAD["id"]] = {"email": "stranger@elsewhere.example"}
    reference = a_posted_report(app, database, settings)

    answer = clicked(client, microsoft, "acknowledge", reference)

    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert "You do not have access" in answer["value"]
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)).status is ReportStatus.NEW
    assert not [s for s in microsoft.sent if s.method == "PUT"]


def test_an_impossible_move_says_why(app, client, database, settings, microsoft, routed_to_teams,
                                     lead):
    reference = a_posted_report(app, database, settings)
    clicked(client, microsoft, "acknowledge", reference)

    answer = clicked(client, microsoft, "acknowledge", reference)

    assert "cannot be moved to acknowledged" in answer["value"]


def test_the_submit_fallback_acknowledges_too(app, client, database, settings, microsoft,
                                              routed_to_teams, lead):
    reference = a_posted_report(app, database, settings)

    post(client, microsoft, pressed(microsoft, {"verb": "acknowledge", "reference": reference},
                                    sender=LEAD, **in_channel()))

    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)).status is ReportStatus.ACKNOWLEDGED
    assert [s.activity_id for s in microsoft.sent if s.method == "PUT"] == ["activity-1"]


def test_hostile_report_text_reaches_the_channel_as_plain_text(app, database, settings, microsoft,
                                                               routed_to_teams):
    a_posted_report(app, database, settings, what_happened=HOSTILE)

    [sent] = microsoft.posted(LEARNING_CHANNEL)
    assert problems(sent.body, "Message") == []  # one card; no TextBlock, FactSet or msteams
    runs = [run["text"] for element in sent.body["attachments"][0]["content"]["body"]
            for run in element.get("inlines", [])]
    assert any("[click here](https://evil.example/steal)" in run for run in runs)
    assert "entities" not in json.dumps(sent.body)


def test_a_rule_naming_only_a_channel_id_uses_the_channels_install(
        app, client, database, settings, microsoft):
    from tests.teams.test_installation import installed

    post(client, microsoft, installed(microsoft, **in_channel()))
    with database.unit_of_work() as uow:
        uow.session.add(RoutingRule(name="Admin's rule", platform=Platform.TEAMS,
                                    address={"channel_id": LEARNING_CHANNEL}))
        uow.commit()

    reference = a_posted_report(app, database, settings)

    [card] = microsoft.cards(LEARNING_CHANNEL)[1:]  # after the install's hello
    assert reference in shown(card)


def test_a_rule_for_a_channel_with_no_install_posts_nothing(app, database, settings, microsoft,
                                                             caplog):
    with database.unit_of_work() as uow:
        uow.session.add(RoutingRule(name="Admin's rule", platform=Platform.TEAMS,
                                    address={"channel_id": LEARNING_CHANNEL}))
        uow.commit()
        result = submit_report(uow, a_draft(), channel=Channel.WEB, settings=settings,
                               now=datetime.now(UTC))

    posted = post_new_report(database, result.reference, settings=settings,
                             messengers=app.extensions["learnloop"].messengers)

    assert posted == 0 and microsoft.connector_hits() == 0
    assert "not installed in any Teams channel" in caplog.text
