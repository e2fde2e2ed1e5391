"""The App Home tab: published after the ack, with the person's own reports."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from learning.reports.intake import Reporter, submit_report
from storage.vocabulary import Channel
from tests.drafts import a_draft
from tests.slack.conftest import PRIYA


def open_home(slack, user: str = PRIYA) -> None:
    response = slack.event({"type": "app_home_opened", "user": user, "channel": "D0PRIYA01",
                            "tab": "home"})
    assert response.status_code == 200


def test_the_home_tab_explains_how_to_report_with_empty_states(slack, fake_slack):
    open_home(slack)
    [publish] = fake_slack.wait_for("views.publish")
    assert publish.args["user_id"] == PRIYA
    view = publish.args["view"]
    text = json.dumps(view)
    assert view["type"] == "home"
    assert "/nearmiss" in text and "Report as near miss" in text
    assert "Riverside front door" in text
    assert "You have no named or confidential reports yet" in text
    assert "No learning nuggets yet" in text and "No training due" in text
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == ["open_report_modal"]


def test_the_home_tab_lists_your_own_named_and_confidential_reports_only(
        slack, fake_slack, database, settings):
    now = datetime.now(UTC)
    with database.unit_of_work() as uow:
        mine = submit_report(uow, a_draft(identity_mode="confidential", reporter=Reporter(
            name="Priya", chat_address={"slack_user_id": PRIYA})), channel=Channel.SLACK,
            settings=settings, now=now).reference
    with database.unit_of_work() as uow:
        theirs = submit_report(uow, a_draft(reporter=Reporter(
            name="Other", chat_address={"slack_user_id": "U0OTHER01"})), channel=Channel.SLACK,
            settings=settings, now=now).reference
    open_home(slack)
    text = json.dumps(fake_slack.wait_for("views.publish")[0].args["view"])
    assert mine in text and "New" in text
    assert theirs not in text


def test_the_report_button_on_home_opens_the_form(slack, fake_slack):
    slack.press("open_report_modal", "home", channel="D0PRIYA01")
    [opened] = fake_slack.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == "report"


def test_the_home_tab_shows_the_nuggets_sent_to_you_and_your_training_due(
        slack, app, fake_slack, database, settings):
    from datetime import date, timedelta

    from learning.nudges.training import import_training_csv
    from storage.models.training import Course
    from tests.slack.test_nuggets import a_sent_nugget

    a_sent_nugget(app, database, settings, fake_slack)
    soon = date.today() + timedelta(days=20)
    with database.unit_of_work() as uow:
        uow.session.add(Course(name="Level 3 safeguarding", refresh_months=36))
        uow.commit()
        completed = soon.replace(year=soon.year - 3)
        import_training_csv(uow.session, "email,course,completed_on\n"
                            "priya.shah@example.org,Level 3 safeguarding,"
                            f"{completed.isoformat()}\n")
        uow.commit()
    open_home(slack)
    text = json.dumps(fake_slack.wait_for("views.publish")[0].args["view"])
    assert "Bruising in babies who are not yet mobile" in text and "/learning/" in text
    assert "Level 3 safeguarding" in text and f"refresh by {soon:%-d %B %Y}" in text
    assert "No learning nuggets yet" not in text and "No training due" not in text
