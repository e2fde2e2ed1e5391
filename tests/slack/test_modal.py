"""Reporting through the slash command, the message shortcut and the modal."""

from __future__ import annotations

import json
import threading

from sqlalchemy import select
from werkzeug import Response

from storage.models import ChannelPost, Report, ReporterIdentity
from storage.vocabulary import Channel, IdentityMode
from tests.clashes import taken
from tests.slack.conftest import (LEARNING_CHANNEL, PRIYA, finish_work_after_acks,
                                  send_the_outbox)
from tests.slack.modal_answers import STRATEGY, submission
from tests.stored import every_stored_value

QUESTIONS = ["immediate_risk", "kind", "what_happened", "what_happened_more", "pii_checked",
             "occurred_on", "setting",
             "what_stopped_harm", "potential_severity", "child_died_or_seriously_harmed",
             "abuse_or_neglect_suspected", "looked_after_child_died", "identity_mode"]


def opened_view(fake_slack) -> dict:
    [call] = fake_slack.wait_for("views.open")
    assert call.args["trigger_id"]
    return call.args["view"]


def test_the_slash_command_opens_the_form_with_every_question_and_the_emergency_line_first(
        slack, fake_slack):
    response = slack.command("/nearmiss")
    assert response.status_code == 200
    view = opened_view(fake_slack)

    block_ids = [b.get("block_id") for b in view["blocks"]]
    assert block_ids[0] == "emergency"
    assert "Riverside front door on 01632 960000" in view["blocks"][0]["text"]["text"]
    inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert inputs == QUESTIONS  # no agencies configured yet, so no agency question
    assert inputs[0] == "immediate_risk"
    date_element = next(b for b in view["blocks"] if b.get("block_id") == "occurred_on")["element"]
    assert date_element["type"] == "datepicker"
    explained = next(b for b in view["blocks"] if b.get("block_id") == "identity_mode_explained")
    text = explained["text"]["text"]
    assert "deleted when the report closes" in text and "case key" in text
    assert "workspace owners on some Slack plans can export" in text
    assert "https://learnloop.example/report" in text


def test_the_form_offers_the_partnerships_agencies_to_choose_from(slack, fake_slack, database):
    from tests.people import an_agency
    police = an_agency(database, "Riverside Police")
    slack.command()
    view = opened_view(fake_slack)
    agencies = next(b for b in view["blocks"] if b.get("block_id") == "agency_ids")
    assert agencies["element"]["type"] == "multi_static_select"
    assert agencies["element"]["options"][0]["value"] == str(police)
    assert agencies["optional"] is True


def test_a_submission_with_problems_comes_back_inline_and_stores_nothing(slack, database):
    response = slack.interaction(submission(kind=None, what_happened=None, setting=None,
                                            occurred_on="2999-01-01"))
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"kind", "what_happened", "setting", "occurred_on"}
    assert answer["errors"]["what_happened"] == "Describe what happened"
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(Report)).all() == []


def test_personal_details_are_pointed_out_until_the_reporter_has_checked_them(slack, fake_slack,
                                                                          database):
    risky = "The school emailed jo.bloggs@example.com and rang 07911 123456 about the baby."
    warned = slack.interaction(submission(what_happened=risky)).get_json()
    assert warned["response_action"] == "errors" and list(warned["errors"]) == ["what_happened"]
    assert "an email address" in warned["errors"]["what_happened"]
    assert "a phone number" in warned["errors"]["what_happened"]
    assert "jo.bloggs" not in warned["errors"]["what_happened"]  # Slack keeps what they typed
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(Report)).all() == []
    kept = slack.interaction(submission(what_happened=risky, pii_checked=True)).get_json()
    assert kept["response_action"] == "update"
    fake_slack.wait_for("chat.postMessage", count=1)
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)).what_happened == risky


def test_a_fixed_named_submission_is_stored_receipted_and_posted(slack, fake_slack, database,
                                                                app):
    refused = slack.interaction(submission(kind=None))
    assert refused.get_json()["response_action"] == "errors"

    response = slack.interaction(submission())
    answer = response.get_json()
    assert answer["response_action"] == "update"
    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report))
        identity = uow.session.scalar(select(ReporterIdentity))
        assert report.channel is Channel.SLACK and report.identity_mode is IdentityMode.NAMED
        assert report.what_happened == STRATEGY
        assert identity.chat_address == {"slack_user_id": PRIYA, "slack_team_id": "T0RIVER01"}
        assert identity.name == "Priya Shah" and identity.email == "priya.shah@health.example"
    assert report.reference in answer["view"]["blocks"][0]["text"]["text"]

    # The receipt waits in the outbox (so a Slack failure is retried), then reaches Priya.
    [channel_post] = fake_slack.wait_for("chat.postMessage", count=1)
    finish_work_after_acks(app)
    assert [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == PRIYA] == []
    send_the_outbox(app)
    [receipt] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == PRIYA]
    assert report.reference in receipt.args["text"]
    assert "status " + report.reference in str(receipt.args["blocks"])
    assert report.reference in channel_post.args["text"]
    assert [c.args["user"] for c in fake_slack.calls_to("users.info")] == [PRIYA]


def test_an_anonymous_submission_leaves_no_slack_identity_anywhere(slack, fake_slack, database,
                                                                   caplog):
    caplog.set_level("DEBUG")
    response = slack.interaction(submission(identity_mode="anonymous"))
    assert response.get_json()["response_action"] == "update"
    posts = fake_slack.wait_for("chat.postMessage", count=1)

    stored = " ".join(every_stored_value(database))
    for detail in (PRIYA, "T0RIVER01", "Priya", "priya.shah@health.example", "Health visitor"):
        assert detail not in stored
        assert detail not in caplog.text
    assert fake_slack.calls_to("users.info") == []
    assert fake_slack.calls_to("users.lookupByEmail") == []
    channel_post = next(c for c in posts if c.args["channel"] == LEARNING_CHANNEL)
    assert PRIYA not in str(channel_post.args) and "Priya" not in str(channel_post.args)

    # The receipt stays in the modal, which Slack keeps no copy of: no DM links them to it.
    assert [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == PRIYA] == []
    said = str(response.get_json()["view"]["blocks"])
    assert "Your case key is" in said and "shown only once" in said
    assert "workspace owners on some Slack plans can export" in said
    assert "https://learnloop.example/report" in said


def test_the_channel_post_waits_for_the_ack_not_the_other_way_round(app, slack, fake_slack,
                                                                     database):
    # Slack holds the channel post until the reporter has their answer: were the ack to wait
    # for the post, the post would be stored before the answer came back.
    slack_answers = threading.Event()

    def held_post(request):
        slack_answers.wait(timeout=30)
        return Response(json.dumps({"ok": True, "channel": LEARNING_CHANNEL,
                                    "ts": "1700000099.000100"}), content_type="application/json")

    fake_slack.server.expect_oneshot_request("/api/chat.postMessage").respond_with_handler(
        held_post)
    response = slack.interaction(submission(identity_mode="anonymous"))
    assert response.get_json()["response_action"] == "update"
    assert stored_post_ids(database) == []
    slack_answers.set()
    finish_work_after_acks(app)
    assert stored_post_ids(database) == ["1700000099.000100"]


def stored_post_ids(database) -> list[str]:
    with database.unit_of_work() as uow:
        return list(uow.session.scalars(select(ChannelPost.message_id)))


def test_the_message_shortcut_opens_the_form_with_the_message_text(slack, fake_slack):
    response = slack.interaction({
        "type": "message_action", "callback_id": "report_message",
        "user": {"id": PRIYA, "team_id": "T0RIVER01"}, "channel": {"id": "C0GENERAL1"},
        "message": {"type": "message", "user": "U0OTHER01", "ts": "1700000000.000200",
                    "text": "Referral form sent to the wrong team &amp; nobody noticed &lt;3 days"},
        "response_url": "https://hooks.slack.example/actions/2"})
    assert response.status_code == 200
    view = opened_view(fake_slack)
    what = next(b for b in view["blocks"] if b.get("block_id") == "what_happened")
    assert what["element"]["initial_value"] == \
        "Referral form sent to the wrong team & nobody noticed <3 days"


def test_no_text_box_asks_slack_for_more_than_the_3000_characters_it_allows(slack, fake_slack):
    slack.command("/nearmiss", text="")
    view = opened_view(fake_slack)
    limits = {b["block_id"]: b["element"]["max_length"] for b in view["blocks"]
              if b["type"] == "input" and b["element"]["type"] == "plain_text_input"}
    assert max(limits.values()) <= 3000
    # Together the two boxes hold as much as the web form's one.
    assert limits["what_happened"] + limits["what_happened_more"] == 5000
    hint = next(b for b in view["blocks"] if b.get("block_id") == "what_happened")["hint"]
    assert "carry on in the next one" in hint["text"]


def test_a_long_account_split_across_both_boxes_is_stored_whole(slack, fake_slack, database):
    first = "The invitation went to an old mailbox. " * 70
    rest = "Then the duty sergeant rang. " * 40
    answer = slack.interaction(submission(what_happened=first, more=rest)).get_json()
    assert answer["response_action"] == "update"
    with database.unit_of_work() as uow:
        stored = uow.session.scalar(select(Report)).what_happened
    assert stored == first.strip() + "\n\n" + rest.strip()


def test_a_message_too_long_for_one_box_opens_the_form_with_the_rest_in_the_second(
        slack, fake_slack):
    long_message = "a" * 2990 + " b" * 500
    slack.interaction({
        "type": "message_action", "callback_id": "report_message",
        "user": {"id": PRIYA, "team_id": "T0RIVER01"}, "channel": {"id": "C0GENERAL1"},
        "message": {"type": "message", "user": "U0OTHER01", "ts": "1700000000.000200",
                    "text": long_message},
        "response_url": "https://hooks.slack.example/actions/2"})
    view = opened_view(fake_slack)
    typed = {b["block_id"]: b["element"].get("initial_value", "") for b in view["blocks"]
             if b["block_id"] in ("what_happened", "what_happened_more")}
    assert typed["what_happened"] + typed["what_happened_more"] == long_message


def test_a_reference_drawn_twice_is_drawn_again_and_the_modal_says_sent(slack, fake_slack,
                                                                       database):
    first = slack.interaction(submission(identity_mode="anonymous"))
    assert first.get_json()["response_action"] == "update"
    with database.unit_of_work() as uow:
        taken_reference = uow.session.scalar(select(Report.reference))
    with taken(Report, "reference", taken_reference, times=1) as clashed:
        second = slack.interaction(submission(identity_mode="anonymous"))
    assert clashed and second.get_json()["response_action"] == "update"
    with database.unit_of_work() as uow:
        references = list(uow.session.scalars(select(Report.reference)))
    assert len(references) == 2 and len(set(references)) == 2
