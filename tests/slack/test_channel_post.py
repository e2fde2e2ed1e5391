"""The learning group's channel post: masked, inert, marked when urgent, triaged in place."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.models import ChannelPost, Report
from storage.vocabulary import ReportStatus
from tests.people import an_account
from tests.slack.conftest import LEAD, LEARNING_CHANNEL, eventually, finish_work_after_acks
from tests.slack.modal_answers import submission

HOSTILE = "<!channel> <@U123> <http://evil.example|click> & <!here> <!subteam^S0ALL>"


def report_through_the_modal(slack, fake_slack, **answers) -> dict:
    assert slack.interaction(submission(**answers)).get_json()["response_action"] == "update"
    return fake_slack.posts_to(LEARNING_CHANNEL)[0]


def stored_post(database) -> ChannelPost:
    """The post's record is written just after Slack answers: wait for it."""
    def find() -> ChannelPost | None:
        with database.unit_of_work() as uow:
            return uow.session.scalar(select(ChannelPost))
    return eventually(find)


def post_text(post: dict) -> str:
    return json.dumps(post)


def test_the_post_shows_masked_text_status_and_triage_buttons(slack, fake_slack, database):
    post = report_through_the_modal(
        slack, fake_slack, identity_mode="confidential", pii_checked=True,
        what_happened="Mum gave the baby's NHS number 943 476 5919 to the wrong team.")
    text = post_text(post)
    assert "943 476 5919" not in text and "[NHS number]" in text
    assert "Priya" not in text and "U0PRIYA01" not in text
    buttons = [e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == ["Acknowledge", "Assign to me",
                                                    "Open in dashboard"]
    with database.unit_of_work() as uow:
        reference = uow.session.scalar(select(Report.reference))
    assert buttons[2]["url"] == f"https://learnloop.example/dashboard/reports/{reference}"
    post = stored_post(database)
    assert post.address == {"channel": LEARNING_CHANNEL}
    assert post.message_id.startswith("17000000")  # the ts Slack answered with
    assert "<!subteam" not in text


def test_a_hostile_report_is_posted_inert(slack, fake_slack):
    post = report_through_the_modal(slack, fake_slack, what_happened=HOSTILE)
    text = post_text(post)
    for live in ("<!channel>", "<@U123>", "<http://evil", "<!here>", "<!subteam^S0ALL>"):
        assert live not in text
    assert "&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil.example|click&gt; &amp;" in text


def test_urgent_and_notifiable_reports_are_marked_with_their_statutory_dates(slack, fake_slack):
    post = report_through_the_modal(slack, fake_slack, immediate_risk="yes",
                                    kind="concerning_incident", died="yes", abuse="yes")
    text = post_text(post)
    assert "Urgent" in post["blocks"][0]["text"]["text"]
    assert "Notifiable incident" in text and "rapid review by" in text


def test_the_oncall_group_is_mentioned_on_urgent_posts(environ, fake_slack, database):
    from app import create_app
    from learning.settings import load_settings
    from tests.slack.conftest import SlackRequests
    environ["SLACK_ONCALL_GROUP"] = "S0ONCALL1"
    app = create_app(load_settings(environ))
    try:
        post = report_through_the_modal(SlackRequests(app.test_client()), fake_slack,
                                        immediate_risk="yes")
    finally:
        finish_work_after_acks(app)
        app.extensions["learnloop"].database.dispose()
    assert "<!subteam^S0ONCALL1>" in post["text"]
    assert "<!subteam^S0ONCALL1>" in post_text(post["blocks"])


def press_on_post(slack, fake_slack, action: str, user: str = LEAD) -> None:
    channel_post = fake_slack.posts_to(LEARNING_CHANNEL)[0]
    with_value = next(e for b in channel_post["blocks"] if b["type"] == "actions"
                      for e in b["elements"] if e["action_id"] == action)
    response = slack.press(action, with_value["value"], user=user, channel=LEARNING_CHANNEL,
                           message={"ts": "1700000002.000100", "blocks": channel_post["blocks"]})
    assert response.status_code == 200


def test_a_learning_lead_acknowledges_from_the_channel_and_the_post_updates_in_place(
        slack, fake_slack, database):
    an_account(database, "lead@partnership.example", "learning_lead")
    report_through_the_modal(slack, fake_slack)
    post = stored_post(database)

    press_on_post(slack, fake_slack, "acknowledge_report")
    [update] = fake_slack.wait_for("chat.update")
    assert update.args["channel"] == LEARNING_CHANNEL and update.args["ts"] == post.message_id
    fields = next(b["fields"] for b in update.args["blocks"] if "fields" in b)
    assert fields[0]["text"] == "*Status*\nAcknowledged"
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report.status)) is ReportStatus.ACKNOWLEDGED

    press_on_post(slack, fake_slack, "assign_report_to_me")
    updates = fake_slack.wait_for("chat.update", count=2)
    fields = next(b["fields"] for b in updates[1].args["blocks"] if "fields" in b)
    assert fields[5]["text"] == "*Assigned to*\nlead@partnership.example"


def test_someone_without_an_account_is_refused_privately_and_nothing_changes(
        slack, fake_slack, database):
    report_through_the_modal(slack, fake_slack)
    stored_post(database)
    press_on_post(slack, fake_slack, "acknowledge_report", user="U0PRIYA01")
    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert refusal.args["user"] == "U0PRIYA01"
    assert refusal.args["text"].startswith("You do not have access to do that")
    assert fake_slack.calls_to("chat.update") == []
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report.status)) is ReportStatus.NEW
