"""Every channel asks every question of the one list, so no answer can only be given on some.

Each channel is read where a reporter meets it: the web form over HTTP, the Slack modal and
the Teams card form as rendered, and the chat conversation driven to its last question.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.conversation import chat_key, converse
from bot.slack.report_modal import report_modal
from bot.teams.report_form import form_card
from learning.people.directory import active_agencies
from learning.reports.intake import Reporter
from learning.reports.questions import report_questions, reporter_questions
from storage.vocabulary import Channel, ReportKind
from tests.people import an_agency

NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)
# A valid typed answer to each question, as a person in a chat would give it.
TYPED = {"immediate_risk": "no", "what_happened": "The invitation went to an old mailbox.",
         "occurred_on": "yesterday", "setting": "home_visit", "agency_ids": "none",
         "what_stopped_harm": "skip", "potential_severity": "low",
         "child_died_or_seriously_harmed": "no", "abuse_or_neglect_suspected": "no",
         "looked_after_child_died": "no",
         "identity_mode": "anonymous"}


def asked_on_the_web(client, database, settings) -> set[str]:
    pages = client.get("/report").get_data(as_text=True) + \
        client.get("/report/details?immediate_risk=no").get_data(as_text=True)
    names = set(re.findall(r'<(?:input|textarea|select)[^>]*\sname="([^"]+)"', pages))
    # A date is asked as day, month and year.
    return {name.removesuffix("-day") for name in names}


def asked_in_the_slack_modal(client, database, settings) -> set[str]:
    with database.unit_of_work() as uow:
        view = report_modal(settings, active_agencies(uow.session))
    return {b["block_id"] for b in view["blocks"] if b["type"] == "input"}


def asked_in_the_teams_form(client, database, settings) -> set[str]:
    with database.unit_of_work() as uow:
        agencies = [(str(a.id), a.name) for a in active_agencies(uow.session)]
    card = form_card(settings, agencies, caveat="Teams keeps this chat.")
    return {element["id"] for element in card["body"]
            if element.get("type", "").startswith("Input.")}


def asked_in_the_chat(client, database, settings, kind: str = "near_miss") -> set[str]:
    key, asked = chat_key(settings, "slack", "U0ASKED01"), set()
    said = "report"
    for _ in range(30):
        with database.unit_of_work() as uow:
            turn = converse(uow, key=key, text=said, reporter=Reporter(), channel=Channel.SLACK,
                            settings=settings, now=NOW, anonymity_caveat="")
        if turn.prompt is None or turn.prompt.field == "confirm":
            return asked
        asked.add(turn.prompt.field)
        said = kind if turn.prompt.field == "kind" else TYPED[turn.prompt.field]
    raise AssertionError("the conversation never reached its end")


CHANNELS = {"web form": asked_on_the_web, "slack modal": asked_in_the_slack_modal,
            "teams card": asked_in_the_teams_form, "chat": asked_in_the_chat}


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_channel_asks_every_question_in_the_list(channel, client, database, settings):
    an_agency(database, "Riverside Police")
    asked = CHANNELS[channel](client, database, settings)
    missing = [q.field for q in report_questions() if q.field not in asked]
    assert missing == [], f"the {channel} does not ask {missing}"


@pytest.mark.parametrize("kind", [kind.value for kind in ReportKind])
def test_the_chat_asks_the_notifiable_incident_questions_whatever_the_kind(kind, client,
                                                                          database, settings):
    asked = asked_in_the_chat(client, database, settings, kind)
    assert {"child_died_or_seriously_harmed", "abuse_or_neglect_suspected",
            "looked_after_child_died"} <= asked


def test_the_web_form_asks_who_the_reporter_is_as_the_list_says(client, database, settings):
    asked = asked_on_the_web(client, database, settings)
    assert [q.field for q in reporter_questions() if q.field not in asked] == []
