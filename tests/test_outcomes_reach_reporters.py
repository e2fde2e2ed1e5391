"""A chat reporter hears "you said, we did" and the learning group's messages through the
outbox; a confidential identity lasts until its outcome is delivered (issue 13, item 6)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from learning.messaging import DeliveryError
from learning.nudges.outbox import Outbox, RetryPolicy
from learning.privacy.retention import apply_retention
from learning.reports.changes import Change, change_report
from learning.reports.intake import submit_report
from learning.reports.triage import find_report
from learning.nudges.send_rate import SendRate
from storage.models import ReporterIdentity, ReportEvent
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState
from storage.vocabulary import Channel, EventKind, Platform
from tests.drafts import NAMED_REPORTER, a_draft
from tests.people import an_account, load_account

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
PRIYA = NAMED_REPORTER.chat_address["slack_user_id"]


class Slack:
    """A chat platform's API as the outbox meets it: it records sends, or fails as told."""

    def __init__(self, failures: list[DeliveryError] | None = None):
        self.sent, self.failures = [], list(failures or [])

    def send(self, address, notice):
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((address, notice))
        return f"ts-{len(self.sent)}"

    def update(self, address, message_id, notice):
        raise AssertionError("a message to a reporter is never updated")


@pytest.fixture
def lead(database):
    return an_account(database, "lead@riverside.example", "learning_lead")


def a_closed_report(database, settings, lead, *, mode="confidential", reporter=NAMED_REPORTER):
    with database.unit_of_work() as uow:
        reference = submit_report(uow, a_draft(identity_mode=mode, reporter=reporter),
                                  channel=Channel.SLACK, settings=settings, now=NOW).reference
    for change in (Change("acknowledge"), Change("start-review"), Change("identify-learning"),
                   Change("close", {"you_said_we_did": "Invitations now go to the duty inbox."})):
        change_and_commit(database, reference, lead, change)
    return reference


def change_and_commit(database, reference, lead, change):
    with database.unit_of_work() as uow:
        change_report(uow, reference, change, by=load_account(uow.session, lead), now=NOW,
                      messengers={})


def outbox(database, settings, slack):
    return Outbox(database, {Platform.SLACK: slack}, settings, send_rate=SendRate(),
                  policy=RetryPolicy(max_attempts=3), sleep=lambda _: None)


def identity_of(database, reference):
    with database.unit_of_work() as uow:
        return find_report(uow.session, reference).identity


def reporter_deliveries(database):
    with database.unit_of_work() as uow:
        return uow.session.scalars(select(Delivery).order_by(Delivery.id)).all()


def retention(database, settings, now):
    with database.unit_of_work() as uow:
        apply_retention(uow.session, settings, now=now)
        uow.commit()


def test_a_confidential_chat_reporter_hears_the_outcome_before_their_identity_goes(
        database, settings, lead):
    reference = a_closed_report(database, settings, lead)
    assert identity_of(database, reference) is not None  # kept: it is the only address
    [waiting] = reporter_deliveries(database)
    assert waiting.kind is DeliveryKind.OUTCOME and waiting.state is DeliveryState.PENDING
    slack = Slack()
    assert outbox(database, settings, slack).send_due(now=NOW).sent == 1
    [(address, notice)] = slack.sent
    assert address == {"channel": PRIYA}
    assert reference in notice.text and "Invitations now go to the duty inbox." in notice.text
    assert identity_of(database, reference) is None
    [sent] = reporter_deliveries(database)
    assert sent.state is DeliveryState.SENT and sent.address is None  # no copy of who it was
    with database.unit_of_work() as uow:
        kinds = [e.kind for e in uow.session.scalars(select(ReportEvent))]
    assert EventKind.IDENTITY_DELETED in kinds


def test_a_platform_failure_is_retried_and_retention_leaves_the_identity_meanwhile(
        database, settings, lead):
    reference = a_closed_report(database, settings, lead)
    slack = Slack([DeliveryError("platform answered 503")])
    sending = outbox(database, settings, slack)
    assert sending.send_due(now=NOW).retrying == 1
    retention(database, settings, NOW + timedelta(minutes=1))
    assert identity_of(database, reference) is not None
    assert sending.send_due(now=NOW + timedelta(hours=1)).sent == 1
    assert len(slack.sent) == 1 and identity_of(database, reference) is None


def test_an_outcome_that_finally_fails_lets_the_identity_go(database, settings, lead):
    reference = a_closed_report(database, settings, lead)
    slack = Slack([DeliveryError("channel_not_found", permanent=True)])
    assert outbox(database, settings, slack).send_due(now=NOW).failed == 1
    assert identity_of(database, reference) is None
    [failed] = reporter_deliveries(database)
    assert failed.state is DeliveryState.FAILED and failed.address is None


def test_retention_still_catches_an_identity_left_behind_once_the_outcome_is_done(
        database, settings, lead):
    reference = a_closed_report(database, settings, lead)
    outbox(database, settings, Slack()).send_due(now=NOW)
    with database.unit_of_work() as uow:
        uow.session.add(ReporterIdentity(report_id=find_report(uow.session, reference).id,
                                         name="Left behind"))
        uow.commit()
    retention(database, settings, NOW + timedelta(days=1))
    assert identity_of(database, reference) is None


def test_a_named_reporter_keeps_their_identity_after_the_outcome(database, settings, lead):
    reference = a_closed_report(database, settings, lead, mode="named")
    outbox(database, settings, Slack()).send_due(now=NOW)
    assert identity_of(database, reference) is not None


def test_a_confidential_reporter_with_no_chat_loses_their_identity_at_close(
        database, settings, lead):
    reference = a_closed_report(database, settings, lead,
                                reporter=replace(NAMED_REPORTER, chat_address=None))
    assert identity_of(database, reference) is None and reporter_deliveries(database) == []


def test_a_message_to_a_chat_reporter_goes_through_the_outbox_and_is_retried(
        database, settings, lead):
    with database.unit_of_work() as uow:
        reference = submit_report(uow, a_draft(), channel=Channel.SLACK, settings=settings,
                                  now=NOW).reference
    change_and_commit(database, reference, lead, Change("message", {"message": "Can we talk?"}))
    slack = Slack([DeliveryError("platform answered 502")])
    sending = outbox(database, settings, slack)
    assert sending.send_due(now=NOW).retrying == 1
    assert sending.send_due(now=NOW + timedelta(hours=1)).sent == 1
    [(address, notice)] = slack.sent
    assert address == {"channel": PRIYA} and "Can we talk?" in notice.text
    [row] = reporter_deliveries(database)
    assert row.kind is DeliveryKind.REPORTER_MESSAGE and row.address is None
