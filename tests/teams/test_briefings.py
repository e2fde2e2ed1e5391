"""A 7-minute briefing in Teams: valid by our strict schema and Microsoft's own library, every
string a plain TextRun, and the only links a lead's https further reading."""

from __future__ import annotations

from dataclasses import asdict

from bot.teams import cards
from bot.teams.nugget_card import nugget_card
from learning.messaging import NuggetNotice
from learning.nudges.nuggets import schedule_due_nuggets
from learning.nudges.outbox import Outbox
from storage.models import Person
from storage.vocabulary import Platform
from tests.briefings import HOSTILE, hostile_briefing, longest_briefing
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget
from tests.teams.activities import BOT, PRIYA, PRIYA_CHAT, TENANT_ID
from tests.teams.card_schema import problems


def a_notice(briefing) -> NuggetNotice:
    return NuggetNotice(delivery_id=7, title="Bruising in babies who are not yet mobile",
                        briefing=briefing, source="Rapid review 2026/04", themes=("Bruising",),
                        web_url="https://learnloop.example/learning/1",
                        check_question="Who should see a bruised non-mobile baby?",
                        check_options=("Only the GP", "Refer to children's social care"))


def runs(card: dict) -> list[dict]:
    return [run for element in card["body"] for run in element.get("inlines", [])]


def test_the_longest_briefing_is_a_valid_card_within_teams_size(microsoft_validators):
    card = nugget_card(a_notice(longest_briefing()))
    assert problems(card) == []
    assert microsoft_validators.card_problems(card) == []
    assert cards.message_bytes(cards.message(card)) <= cards.MESSAGE_BYTES_ADVISED
    texts = [run["text"] for run in runs(card)]
    assert "Questions to reflect on" in texts and "Further reading" in texts


def test_hostile_markdown_stays_plain_text_and_only_https_reading_links(microsoft_validators):
    card = nugget_card(a_notice(hostile_briefing()))
    assert problems(card) == [] and microsoft_validators.card_problems(card) == []
    assert {element["type"] for element in card["body"]} == {"RichTextBlock"}
    assert any(HOSTILE.split(" & ")[0] in run["text"] for run in runs(card))
    links = [run["selectAction"]["url"] for run in runs(card) if "selectAction" in run]
    assert links == ["https://www.gov.uk/safe"]
    assert any(run.get("weight") == "Bolder" and run["text"] == "Bold" for run in runs(card))


def test_the_strict_fake_connector_accepts_the_longest_briefing(app, database, settings,
                                                                 microsoft):
    with database.unit_of_work() as uow:
        uow.session.add(Person(
            name="Priya Shah", email="priya@health.example", teams_user_id=PRIYA["aadObjectId"],
            teams_conversation={"serviceUrl": microsoft.service_url, "channelId": "msteams",
                                "conversation": {"id": PRIYA_CHAT, "conversationType": "personal",
                                                 "tenantId": TENANT_ID},
                                "bot": BOT, "user": PRIYA}))
        uow.commit()
    a_nugget(database, send_at=TUESDAY_10AM, **asdict(longest_briefing()))
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    teams = app.extensions["learnloop"].messengers[Platform.TEAMS]
    tally = Outbox(database, {Platform.TEAMS: teams}, settings,
                   clock=lambda: TUESDAY_10AM).send_due()
    assert tally.sent == 1
    [card] = microsoft.cards(PRIYA_CHAT)
    assert problems(card) == []
