"""A 7-minute briefing in Slack: the longest fits Slack's limits, and nothing typed escapes."""

from __future__ import annotations

import json
from dataclasses import asdict

from learning.nudges.nuggets import schedule_due_nuggets
from learning.nudges.outbox import Outbox
from storage.vocabulary import Platform
from tests.briefings import hostile_briefing, longest_briefing
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget, a_person
from tests.slack.block_kit_limits import blocks_problems
from tests.slack.conftest import PRIYA


def sent_to_slack(app, database, settings, fake_slack, briefing) -> dict:
    a_person(database, "Priya Shah", slack_user_id=PRIYA)
    a_nugget(database, send_at=TUESDAY_10AM, **asdict(briefing))
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    messenger = app.extensions["learnloop"].messengers[Platform.SLACK]
    tally = Outbox(database, {Platform.SLACK: messenger}, settings,
                   clock=lambda: TUESDAY_10AM).send_due()
    assert tally.sent == 1
    [post] = fake_slack.posts_to(PRIYA)
    return post


def mrkdwn(post: dict) -> list[str]:
    return [block["text"]["text"] for block in post["blocks"]
            if block["type"] == "section" and "text" in block]


def test_the_longest_briefing_is_accepted_by_the_strict_fake_slack(app, database, settings,
                                                                   fake_slack):
    post = sent_to_slack(app, database, settings, fake_slack, longest_briefing())
    fake_slack.check_payloads()
    assert blocks_problems(post["blocks"]) == []
    texts = mrkdwn(post)
    assert all(len(text) <= 3000 for text in texts)
    for heading in ("What happened", "Why it matters", "What to do differently",
                    "Questions to reflect on", "Further reading"):
        assert any(text.startswith(f"*{heading}*") for text in texts), heading
    assert "<https://www.gov.uk/wt/5?a=1&amp;b=2|Working Together 2023, chapter 5 &amp; " \
           "&lt;annex&gt;>" in "\n".join(texts)


def test_nothing_a_lead_typed_becomes_a_mention_a_ping_or_a_link(app, database, settings,
                                                                 fake_slack):
    post = sent_to_slack(app, database, settings, fake_slack, hostile_briefing())
    fake_slack.check_payloads()
    shown = "\n".join(mrkdwn(post))
    assert "&lt;!channel&gt;" in shown and "&lt;@U0123&gt;" in shown
    assert "&lt;script&gt;" in shown and "<script" not in shown
    # The one link Slack may show is the lead's https further reading.
    links = [part.split("|")[0] for part in shown.split("<")[1:]]
    assert links == ["https://www.gov.uk/safe"]
    assert "*Bold*" in shown
    assert "javascript" not in json.dumps([b for b in post["blocks"] if b["type"] == "actions"])
