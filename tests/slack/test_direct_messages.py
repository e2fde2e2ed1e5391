"""Reporting by direct message: the shared conversation, rendered as Slack messages."""

from __future__ import annotations

import json
import re
import time

from sqlalchemy import select

from storage.models import ChatConversation, Report, ReporterIdentity
from tests.slack.conftest import LEARNING_CHANNEL, PRIYA
from tests.slack.fake_slack import Canned
from tests.stored import every_stored_value

CASE_KEY = re.compile(r"(?:[2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")
REFERENCE = re.compile(r"LL-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")


class Chat:
    """One person's direct messages with LearnLoop: what they send, what they get back."""

    def __init__(self, slack, fake_slack, user: str = PRIYA) -> None:
        self.slack, self.fake, self.user = slack, fake_slack, user

    def _replies(self) -> list:
        return [c for c in self.fake.calls_to("chat.postMessage")
                if c.args["channel"] in ("D0PRIYA01", "D0OTHER01")]

    def send(self, text: str) -> dict:
        before = len(self._replies())
        assert self.slack.direct_message(text, user=self.user).status_code == 200
        return self._next_reply(before)

    def press(self, value: str, reply: dict) -> dict:
        before = len(self._replies())
        message = {"ts": "1700000001.000100", "blocks": reply["blocks"]}
        [(action_id, label)] = [(e["action_id"], e["text"]["text"]) for b in reply["blocks"]
                                if b["type"] == "actions" for e in b["elements"]
                                if e.get("value") == value]
        pressed = self.slack.press(action_id, value, user=self.user, message=message, text=label)
        assert pressed.status_code == 200
        return self._next_reply(before)

    def _next_reply(self, before: int) -> dict:
        deadline = time.monotonic() + 10
        while len(self._replies()) <= before and time.monotonic() < deadline:
            time.sleep(0.02)
        replies = self._replies()
        assert len(replies) > before, "no reply came"
        return replies[before].args


def button_values(reply: dict) -> list[str]:
    return [e.get("value") for b in reply["blocks"] if b["type"] == "actions"
            for e in b["elements"] if e["type"] == "button"]


def said(reply: dict) -> str:
    return " ".join(b["text"]["text"] for b in reply["blocks"] if b["type"] == "section")


def test_help_explains_how_to_report(slack, fake_slack):
    reply = Chat(slack, fake_slack).send("help")
    assert "Say \"report\" to start" in said(reply)
    assert "Riverside front door" in said(reply)


def test_the_whole_conversation_by_buttons_and_typing_sends_a_named_report(
        slack, fake_slack, database):
    chat = Chat(slack, fake_slack)
    reply = chat.send("report")
    assert "immediate risk" in said(reply) and button_values(reply) == ["yes", "no"]
    reply = chat.press("no", reply)
    assert button_values(reply) == ["near_miss", "concerning_incident", "good_practice"]
    reply = chat.press("near_miss", reply)
    assert "What happened?" in said(reply)
    reply = chat.send("The referral went to an old shared mailbox & nobody saw it for 3 days.")
    reply = chat.send("yesterday")
    reply = chat.press("multi_agency_meeting", reply)
    assert "Which agencies" in said(reply)
    reply = chat.send("none")
    reply = chat.send("skip")
    reply = chat.press("moderate", reply)
    # Asked for a near miss too: harm can follow any kind of report.
    assert "Did a child die or suffer serious harm?" in said(reply)
    reply = chat.press("no", chat.press("no", chat.press("no", reply)))
    assert "How do you want to be identified?" in said(reply)
    hint = " ".join(e["text"] for b in reply["blocks"] if b["type"] == "context"
                    for e in b["elements"])
    assert "workspace owners on some Slack plans can export" in hint
    reply = chat.press("named", reply)
    assert "Check your answers" in said(reply)
    assert "old shared mailbox &amp; nobody" in said(reply)  # escaped, shown as typed
    assert fake_slack.calls_to("users.info") == []  # not asked until the report is sent
    reply = chat.press("send", reply)

    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report))
        identity = uow.session.scalar(select(ReporterIdentity))
        assert uow.session.scalars(select(ChatConversation)).all() == []
    assert report.reference in said(reply)
    assert identity.chat_address == {"slack_user_id": PRIYA, "slack_team_id": "T0RIVER01"}
    assert identity.name == "Priya Shah"
    # Posted after the reply, on Bolt's threads: wait for that post itself, however loaded
    # the machine is, rather than for a count of every message.
    assert len(fake_slack.posts_to(LEARNING_CHANNEL)) == 1
    # A pressed question loses its buttons, so it cannot be answered twice.
    closed = fake_slack.calls_to("chat.update")[0].args
    assert "You answered: *No*" in str(closed["blocks"])
    assert not any(b["type"] == "actions" for b in closed["blocks"])


def test_immediate_risk_is_signposted_at_once_before_the_next_question(slack, fake_slack):
    chat = Chat(slack, fake_slack)
    reply = chat.press("yes", chat.send("report"))
    first = reply["blocks"][0]["text"]["text"]
    assert first.startswith("Please act now: Call 999, or the Riverside front door")
    assert "What are you reporting?" in said(reply)


def test_agencies_are_picked_from_a_menu_and_done(slack, fake_slack, database):
    from tests.people import an_agency
    police = an_agency(database, "Riverside Police")
    health = an_agency(database, "Riverside Health")
    chat = Chat(slack, fake_slack)
    reply = chat.send("report")
    for value in ("no", "near_miss"):
        reply = chat.press(value, reply)
    chat.send("A strategy meeting went ahead without police.")
    reply = chat.press("home_visit", chat.send("today"))
    [pick] = [b for b in reply["blocks"] if b.get("block_id", "").startswith("pick:")]
    assert {o["value"] for o in pick["elements"][0]["options"]} == {str(police), str(health)}
    before = len(fake_slack.calls_to("chat.postMessage"))
    chosen = [{"value": str(police), "text": {"type": "plain_text", "text": "Riverside Police"}}]
    slack.press("answer_picked", "agency_ids", block_id=pick["block_id"],
                message={"ts": "1700000002.000100", "blocks": reply["blocks"]},
                state={pick["block_id"]: {"pick_many": {"type": "multi_static_select",
                                                        "selected_options": chosen}}})
    reply = fake_slack.wait_for("chat.postMessage", count=before + 1)[before].args
    assert "What stopped harm" in said(reply)


def anonymous_report_by_dm(slack, fake_slack) -> dict:
    chat = Chat(slack, fake_slack)
    reply = chat.send("report")
    for value in ("no", "good_practice"):
        reply = chat.press(value, reply)
    chat.send("The school nurse spotted a pattern of missed appointments early.")
    reply = chat.press("school_or_early_years", chat.send("today"))
    chat.send("none")
    reply = chat.send("skip")
    reply = chat.press("no", chat.press("no", chat.press("no", chat.press("low", reply))))
    reply = chat.press("anonymous", reply)
    return chat.press("send", reply)


def dm_history(fake_slack) -> str:
    """Everything posted into Priya's DM with LearnLoop: what Slack keeps."""
    return json.dumps([c.args for c in fake_slack.calls_to("chat.postMessage")
                       if c.args["channel"] in (PRIYA, "D0PRIYA01")])


def test_an_anonymous_conversation_asks_slack_nothing_and_stores_no_slack_id(
        slack, fake_slack, database):
    reply = anonymous_report_by_dm(slack, fake_slack)
    assert "shown only to you" in said(reply)
    [private] = fake_slack.wait_for("chat.postEphemeral", count=1)
    assert private.args["user"] == PRIYA and private.args["channel"] == "D0PRIYA01"
    shown_once = " ".join(b["text"]["text"] for b in private.args["blocks"]
                          if b["type"] == "section")
    [reference] = REFERENCE.findall(shown_once)
    [case_key] = CASE_KEY.findall(shown_once)
    # The DM's history has neither: only the ephemeral message, which Slack does not keep.
    assert reference not in dm_history(fake_slack) and case_key not in dm_history(fake_slack)
    assert "Slack keeps no copy" in json.dumps(private.args)
    stored = " ".join(every_stored_value(database))
    assert PRIYA not in stored and "T0RIVER01" not in stored and "Priya" not in stored
    assert fake_slack.calls_to("users.info") == []


def test_when_slack_refuses_the_ephemeral_the_case_key_is_still_shown_and_says_where(
        slack, fake_slack):
    fake_slack.answer_next("chat.postEphemeral", Canned(body={"ok": False,
                                                              "error": "user_not_in_channel"}))
    anonymous_report_by_dm(slack, fake_slack)
    deadline = time.monotonic() + 10
    while not CASE_KEY.search(dm_history(fake_slack)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert CASE_KEY.search(dm_history(fake_slack))
    assert "which Slack keeps" in dm_history(fake_slack)


def mine_and_someone_elses(database, settings) -> tuple[str, str]:
    """Two named Slack reports: Priya's, and another person's."""
    from datetime import UTC, datetime

    from learning.reports.intake import Reporter, submit_report
    from storage.vocabulary import Channel
    from tests.drafts import a_draft

    references = []
    for name, user in (("Priya Shah", PRIYA), ("Other", "U0OTHER01")):
        with database.unit_of_work() as uow:
            references.append(submit_report(uow, a_draft(reporter=Reporter(
                name=name, chat_address={"slack_user_id": user})), channel=Channel.SLACK,
                settings=settings, now=datetime.now(UTC)).reference)
    return references[0], references[1]


def test_status_shows_only_your_own_named_reports_and_reveals_nothing_else(
        slack, fake_slack, database, settings):
    mine, theirs = mine_and_someone_elses(database, settings)
    chat = Chat(slack, fake_slack)
    assert said(chat.send(f"status {mine}")).startswith(f"{mine}: New. Sent")
    someone_elses = said(chat.send(f"status {theirs}"))
    missing = said(chat.send("status LL-2222-2222"))
    assert someone_elses == missing
    assert theirs not in someone_elses and "I can't find a report" in missing


def test_a_reporter_answers_the_learning_group_from_their_dm(slack, fake_slack, database,
                                                              settings):
    from sqlalchemy import select

    from storage.models import ReportMessage

    mine, theirs = mine_and_someone_elses(database, settings)
    chat = Chat(slack, fake_slack)
    answered = said(chat.send(f"reply {mine} It was the Tuesday meeting."))
    assert "has reached the learning group" in answered
    assert "Write your reply" in said(chat.send(f"reply {mine}"))
    assert "I can't find a report" in said(chat.send(f"reply {theirs} Let me in"))
    with database.unit_of_work() as uow:
        messages = uow.session.scalars(select(ReportMessage)).all()
        assert [(m.report.reference, m.body, m.from_reporter) for m in messages] == [
            (mine, "It was the Tuesday meeting.", True)]
