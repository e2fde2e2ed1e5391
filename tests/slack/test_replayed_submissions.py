"""A signed report submission replayed inside its five minutes is stored once."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Report
from tests.slack.modal_answers import submission


def reports(database) -> int:
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(func.count(Report.id)))


def test_a_replayed_submission_stores_no_second_report(slack, fake_slack, database):
    sent = submission(identity_mode="anonymous")
    assert slack.interaction(sent).get_json()["response_action"] == "update"
    replayed = slack.interaction(sent)
    assert replayed.status_code == 200 and reports(database) == 1


def test_a_submission_refused_for_a_fix_can_be_sent_again_from_the_same_view(slack, database):
    refused = submission(kind=None)
    fixed = submission()
    fixed["view"]["id"] = refused["view"]["id"]
    assert slack.interaction(refused).get_json()["response_action"] == "errors"
    assert slack.interaction(fixed).get_json()["response_action"] == "update"
    assert reports(database) == 1


def test_two_people_reporting_at_once_both_count(slack, database):
    slack.interaction(submission(identity_mode="anonymous"))
    slack.interaction(submission(identity_mode="anonymous"))
    assert reports(database) == 2
