"""Reporting in a personal chat: the shared conversation, driven by messages and buttons."""

from __future__ import annotations

import json
import logging
import re

from sqlalchemy import select, text

from storage.models import (
    Base,
    Person,
    Report,
    ReporterIdentity,
    ReportMessage,
    RoutingRule,
)
from storage.vocabulary import Channel, IdentityMode, Platform
from tests.teams.activities import (
    LEARNING_CHANNEL,
    PRIYA,
    PRIYA_CHAT,
    channel_reference,
    post,
    pressed,
    said,
)
from tests.teams.card_schema import problems

WHAT_HAPPENED = ("A strategy discussion nearly went ahead without police because the invitation "
                 "went to an old shared mailbox.")


def say(client, microsoft, *messages) -> dict:
    """Send each message (text typed, or a dict a button sent) and return the last card back."""
    for message in messages:
        body = (pressed(microsoft, message) if isinstance(message, dict)
                else said(microsoft, message))
        assert post(client, microsoft, body).status_code == 200
    card = microsoft.cards(PRIYA_CHAT)[-1]
    assert problems(card) == []
    return card


def shown(card: dict) -> str:
    return "\n".join(run["text"] for element in card["body"] for run in element.get("inlines", []))


def whole_report(identity: str, agencies: dict[str, int]) -> list:
    return ["report", {"answer": "no"}, {"answer": "near_miss"}, WHAT_HAPPENED, "today",
            {"answer": "multi_agency_meeting"}, {"answer": str(agencies["Riverside Police"])},
            "skip", {"answer": "severe"}, {"answer": "no"}, {"answer": "no"}, {"answer": "no"},
            {"answer": identity}, {"answer": "send"}]


def test_report_starts_with_the_immediate_risk_question_as_buttons(client, microsoft):
    card = say(client, microsoft, "report")

    assert "immediate risk" in shown(card)
    assert [a["data"] for a in card["actions"]] == [{"answer": "yes"}, {"answer": "no"}]


def test_a_child_at_immediate_risk_gets_the_emergency_contacts_at_once(client, microsoft):
    card = say(client, microsoft, "report", {"answer": "yes"})

    assert "Please act now: If a child is at immediate risk of harm, call 999" in shown(card)


def channel_cards(client, microsoft) -> list[dict]:
    """The learning channel's cards: posting happens after the reporter has their answer."""
    client.application.extensions["learnloop"].background.drain()
    return microsoft.cards(LEARNING_CHANNEL)


def test_a_named_report_by_conversation_is_stored_and_routed(client, microsoft, database, agencies):
    with database.unit_of_work() as uow:
        uow.session.add(RoutingRule(name="All to Teams", platform=Platform.TEAMS,
                                    address=channel_reference(microsoft)))
        uow.commit()

    card = say(client, microsoft, *whole_report("named", agencies))

    assert "Your reference is LL-" in shown(card)
    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report))
        assert report.channel is Channel.TEAMS and report.identity_mode is IdentityMode.NAMED
        assert report.identity.name == "Priya Shah"
        assert report.identity.chat_address["conversation"]["id"] == PRIYA_CHAT
        assert report.reference in shown(card)
    [routed] = channel_cards(client, microsoft)
    assert report.reference in shown(routed)


def test_a_known_person_reports_as_themselves(client, microsoft, database, agencies, priya):
    with database.unit_of_work() as uow:
        uow.session.get(Person, priya).teams_user_id = PRIYA["aadObjectId"]
        uow.commit()

    say(client, microsoft, *whole_report("confidential", agencies))

    with database.unit_of_work() as uow:
        identity = uow.session.scalar(select(ReporterIdentity))
        assert identity.person_id == priya and identity.email == "priya.shah@health.example"


def test_the_identity_question_says_honestly_what_the_tenant_keeps(client, microsoft, agencies):
    card = say(client, microsoft, *whole_report("anonymous", agencies)[:-2])

    caveat = shown(card)
    assert "Teams chat history" in caveat and "compliance records" in caveat
    assert "https://learnloop.riverside.example/report" in caveat


def test_an_anonymous_report_leaves_no_teams_or_aad_id_anywhere(client, microsoft, database,
                                                                 agencies, caplog):
    caplog.set_level(logging.DEBUG, logger="bot")
    caplog.set_level(logging.DEBUG, logger="learning")
    caplog.set_level(logging.INFO)  # what `learnloop` logs in production
    with database.unit_of_work() as uow:
        uow.session.add(RoutingRule(name="All to Teams", platform=Platform.TEAMS,
                                    address=channel_reference(microsoft)))
        uow.commit()

    card = say(client, microsoft, *whole_report("anonymous", agencies))

    assert "Your case key is" in shown(card)
    traces = (PRIYA["id"], PRIYA["aadObjectId"], PRIYA["name"], PRIYA_CHAT)
    stored = every_stored_value(database)
    assert stored, "the scan must see the report"
    assert [v for v in stored if any(t in v for t in traces)] == []
    channel_cards(client, microsoft)
    routed = json.dumps([s.body for s in microsoft.sent if s.conversation_id == LEARNING_CHANNEL])
    assert "the invitation" in routed and not any(t in routed for t in traces)
    logged = logged_lines(caplog)
    assert any("report submitted" in line for line in logged)
    assert [line for line in logged if any(t in line for t in (*traces, "shared mailbox"))] == []


def logged_lines(caplog) -> list[str]:
    # werkzeug here is the fake Microsoft's own access log, not LearnLoop's.
    return [record.getMessage() for record in caplog.records if record.name != "werkzeug"]


def every_stored_value(database) -> list[str]:
    """Every column of every row of every table, as text."""
    values = []
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(text(f"SELECT * FROM {table.name}")):
                values.extend(str(value) for value in row if value is not None)
    return values


def test_an_unfinished_report_is_kept_between_messages_and_cancel_forgets_it(client, microsoft,
                                                                             database):
    say(client, microsoft, "report", {"answer": "no"})
    card = say(client, microsoft, {"answer": "not-a-kind"})
    assert "Please choose one of the options" in shown(card)

    card = say(client, microsoft, "cancel")
    assert "nothing was sent" in shown(card)
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)) is None


def test_the_help_text_answers_anything_else(client, microsoft):
    card = say(client, microsoft, "what is this?")

    assert "Say \"report\" to start" in shown(card)


def test_a_named_reporter_asks_for_status_and_answers_the_learning_group(client, microsoft,
                                                                          database, agencies):
    card = say(client, microsoft, *whole_report("named", agencies))
    reference = re.search(r"LL-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", shown(card)).group(0)
    assert shown(say(client, microsoft, f"status {reference}")).startswith(f"{reference}: New.")
    answered = shown(say(client, microsoft, f"reply {reference} It was the Tuesday meeting."))
    assert "has reached the learning group" in answered
    stranger = {"id": "29:stranger", "aadObjectId": "aad-stranger", "name": "Someone Else"}
    assert post(client, microsoft, said(microsoft, f"reply {reference} Let me in",
                                        sender=stranger)).status_code == 200
    with database.unit_of_work() as uow:
        messages = uow.session.scalars(select(ReportMessage)).all()
        assert [(m.body, m.from_reporter) for m in messages] == [
            ("It was the Tuesday meeting.", True)]
