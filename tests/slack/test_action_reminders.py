"""An action reminder in Slack: sent through the outbox with unique button ids, and "Mark done"
recorded for the owner only, the message then re-rendered from the action."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from learning.improvement.action_reminders import schedule_action_reminders
from learning.nudges.outbox import Outbox
from storage.models.improvement import Action
from storage.vocabulary import Platform
from tests.people import an_account, an_agency
from tests.improvement.helpers import a_learning_item, a_person, account, agency_id, an_action
from tests.jobs.conftest import TUESDAY_10AM
from tests.slack.conftest import PRIYA
from tests.slack.test_nuggets import buttons



@pytest.fixture
def lead_account(database) -> str:
    an_account(database, "lead@riverside.example", "learning_lead")
    return "lead@riverside.example"


def a_sent_reminder(app, database, settings, fake_slack, lead_account) -> tuple[int, dict]:
    an_agency(database, "Riverside Police")
    lead = account(database, lead_account)
    owner = a_person(database, "Priya Shah", "priya@health.example", slack=PRIYA)
    action_id = an_action(database, lead, a_learning_item(database, lead),
                          agency=agency_id(database), due_on=date(2026, 11, 27),
                          owner_id=owner, what="Check invitations go to <!channel> named inboxes",
                          today=TUESDAY_10AM.date())
    with database.unit_of_work() as uow:
        schedule_action_reminders(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    messengers = app.extensions["learnloop"].messengers
    Outbox(database, {Platform.SLACK: messengers[Platform.SLACK]}, settings,
           clock=lambda: TUESDAY_10AM).send_due()
    [post] = fake_slack.posts_to(PRIYA)
    return action_id, post


def test_a_reminder_arrives_with_mark_done_and_update(app, database, settings, fake_slack,
                                                      lead_account):
    action_id, post = a_sent_reminder(app, database, settings, fake_slack, lead_account)
    assert set(buttons(post["blocks"])) == {"Mark done", "Update"}
    assert buttons(post["blocks"])["Mark done"] == f"{action_id}:before:done"
    assert "<!channel>" not in str(post["blocks"])  # made inert


def test_mark_done_is_recorded_and_the_message_updated(slack, app, database, settings,
                                                       fake_slack, lead_account):
    action_id, post = a_sent_reminder(app, database, settings, fake_slack, lead_account)
    slack.press("action_plan_done", f"{action_id}:before:done",
                message={"ts": "1700000001.000100", "blocks": post["blocks"]})
    [update] = fake_slack.wait_for("chat.update")
    assert set(buttons(update.args["blocks"])) == {"Update"}
    with database.unit_of_work() as uow:
        action = uow.session.scalar(select(Action))
        assert action.status.value == "done" and action.done_on is not None


def test_someone_else_cannot_mark_an_action_done(slack, app, database, settings, fake_slack,
                                                 lead_account):
    action_id, post = a_sent_reminder(app, database, settings, fake_slack, lead_account)
    slack.press("action_plan_done", f"{action_id}:before:done", user="U0STRANGER",
                message={"ts": "1700000001.000100", "blocks": post["blocks"]})
    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert refusal.args["user"] == "U0STRANGER"
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Action)).status.value == "open"
