"""The outbox sends every delivery once, survives platform storms and never outpaces a limit."""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from learning.nudges.outbox import Outbox, RetryPolicy, schedule
from learning.nudges.outbox_upkeep import prune_outbox
from learning.nudges.send_rate import DatabasePace, Limits, Rate, SendRate, shared_pace
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState
from storage.vocabulary import Platform
from tests.jobs.conftest import TUESDAY_10AM, outbox_settings, text_deliveries
from tests.jobs.platform import HttpMessenger

S = DeliveryState
FAST_LIMITS = {p: Limits(Rate(10_000, burst=100), Rate(10_000, burst=100)) for p in Platform}


def outbox(database, platform, tmp_path, **options) -> Outbox:
    options.setdefault("send_rate", SendRate(FAST_LIMITS))
    return Outbox(database, {Platform.SLACK: HttpMessenger(platform.url)},
                  outbox_settings(tmp_path, database), **options)


def states(database) -> dict[DeliveryState, int]:
    with database.unit_of_work() as uow:
        return dict(uow.session.execute(
            select(Delivery.state, func.count()).group_by(Delivery.state)).all())


def test_scheduling_the_same_delivery_twice_keeps_one_row(any_database):
    text_deliveries(any_database, 3)
    text_deliveries(any_database, 3)
    assert states(any_database) == {S.PENDING: 3}


def test_two_workers_in_parallel_send_each_of_1000_deliveries_exactly_once(
        any_database, platform, tmp_path):
    text_deliveries(any_database, 1000)
    workers = [outbox(any_database, platform, tmp_path) for _ in range(2)]
    tallies = []
    threads = [threading.Thread(target=lambda w=w: tallies.append(w.drain())) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(platform.received) == 1000
    assert set(platform.received.values()) == {1}
    assert states(any_database) == {S.SENT: 1000}
    assert all(t.sent > 0 for t in tallies), "both workers should have taken a share"
    assert sum(t.sent for t in tallies) == 1000


def test_429_retry_after_and_5xx_storms_end_with_every_delivery_sent_or_failed_with_a_reason(
        any_database, platform, tmp_path):
    # The platform allows 40 a second; our pace is set far above it, so it must push back.
    platform.per_second, platform.burst, platform.retry_after = 40, 5, "0.05"
    platform.gone = {"D7", "D61"}
    text_deliveries(any_database, 80)
    platform.fail_next(40)
    worker = outbox(any_database, platform, tmp_path,
                    policy=RetryPolicy(first_delay=timedelta(milliseconds=5),
                                       longest_delay=timedelta(milliseconds=40), max_attempts=12))
    deadline = time.monotonic() + 30
    while states(any_database).keys() - {S.SENT, S.FAILED} and time.monotonic() < deadline:
        worker.drain()
        time.sleep(0.01)

    assert platform.refused > 0, "the platform never rate limited: the test proved nothing"
    assert states(any_database) == {S.SENT: 78, S.FAILED: 2}
    assert set(platform.received.values()) == {1}
    with any_database.unit_of_work() as uow:
        failed = uow.session.scalars(select(Delivery).where(Delivery.state == S.FAILED)).all()
    assert {(d.recipient, d.reason) for d in failed} == {("D7", "channel_not_found"),
                                                         ("D61", "channel_not_found")}


def test_a_429_retry_after_is_honoured_to_the_second(any_database, platform, tmp_path):
    platform.per_second, platform.burst, platform.retry_after = 0.0001, 1, "30"
    text_deliveries(any_database, 2)
    worker = outbox(any_database, platform, tmp_path)
    worker.send_due(now=TUESDAY_10AM)
    with any_database.unit_of_work() as uow:
        waiting = uow.session.scalars(select(Delivery).where(Delivery.state == S.PENDING)).one()
    assert waiting.not_before == TUESDAY_10AM + timedelta(seconds=30)
    assert waiting.reason == "rate limited" and waiting.attempts == 1

    platform.per_second = 10_000
    assert worker.send_due(now=TUESDAY_10AM + timedelta(seconds=29)).handled == 0
    assert worker.send_due(now=TUESDAY_10AM + timedelta(seconds=30)).sent == 1


def test_retries_back_off_exponentially_with_jitter_and_then_give_up(any_database, platform,
                                                                        tmp_path):
    policy = RetryPolicy(first_delay=timedelta(seconds=30), max_attempts=4)
    delays = [policy.delay(n, random.Random(n)) for n in range(1, 12)]
    for attempt, delay in enumerate(delays, start=1):
        step = min(timedelta(hours=2), timedelta(seconds=30) * 2 ** (attempt - 1))
        assert step / 2 <= delay <= step
    assert len(set(delays)) == len(delays)

    text_deliveries(any_database, 1)
    worker = outbox(any_database, platform, tmp_path, policy=policy)
    now = TUESDAY_10AM
    for _ in range(4):
        platform.fail_next(1)
        worker.send_due(now=now)
        with any_database.unit_of_work() as uow:
            row = uow.session.scalars(select(Delivery)).one()
        now = row.not_before
    assert row.state is S.FAILED
    assert row.reason == "gave up after 4 tries: platform answered 503"


def test_a_platform_that_is_not_set_up_is_skipped_with_a_clear_record(any_database, platform,
                                                                        tmp_path):
    with any_database.unit_of_work() as uow:
        schedule(uow.session, [{"kind": DeliveryKind.DIGEST, "item": "digest", "recipient": "x",
                                "occasion": "first", "platform": Platform.TEAMS,
                                "address": {"conversation": {"id": "19:abc"}},
                                "not_before": TUESDAY_10AM,
                                "payload": {"type": "TextNotice", "text": "hello"}}])
        uow.commit()
    assert outbox(any_database, platform, tmp_path).send_due(now=TUESDAY_10AM).skipped == 1
    with any_database.unit_of_work() as uow:
        row = uow.session.scalars(select(Delivery)).one()
    assert (row.state, row.reason) == (S.SKIPPED, "Teams is not set up here")


def test_one_conversation_is_paced_at_its_limit_and_the_rest_wait_for_later(
        any_database, platform, tmp_path):
    text_deliveries(any_database, 1)
    with any_database.unit_of_work() as uow:
        schedule(uow.session, ({"kind": DeliveryKind.DIGEST, "item": f"digest:{i}",
                                "recipient": "C1", "occasion": "first",
                                "platform": Platform.SLACK, "not_before": TUESDAY_10AM,
                                "address": {"channel": "C1", "team_id": "T1"},
                                "payload": {"type": "TextNotice", "text": "x"}} for i in range(5)))
        uow.commit()
    slept: list[float] = []
    worker = outbox(any_database, platform, tmp_path, send_rate=None, sleep=slept.append)
    tally = worker.send_due(now=TUESDAY_10AM)
    # Slack: one a second per channel. Waits up to two seconds are slept through.
    assert slept == [1.0, 2.0]
    assert (tally.sent, tally.deferred) == (4, 2)
    with any_database.unit_of_work() as uow:
        later = uow.session.scalars(select(Delivery.not_before).where(
            Delivery.state == S.PENDING)).all()
    assert sorted(later) == [TUESDAY_10AM + timedelta(seconds=3)] * 2


def test_a_workspace_is_paced_across_its_conversations(any_database, platform, tmp_path):
    text_deliveries(any_database, 12)
    slept: list[float] = []
    worker = outbox(any_database, platform, tmp_path, send_rate=None, sleep=slept.append)
    worker.send_due(now=TUESDAY_10AM)
    # Slack workspace: five a second with a burst of five.
    assert slept == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4])


def test_two_senders_share_one_workspace_pace_through_the_database(any_database, platform,
                                                                    tmp_path):
    # Two outboxes with nothing in common but the database, as two clock processes would be.
    text_deliveries(any_database, 12)
    slept: list[float] = []
    first, second = (outbox(any_database, platform, tmp_path, sleep=slept.append,
                            send_rate=SendRate(store=DatabasePace(any_database)))
                     for _ in range(2))
    first.send_due(now=TUESDAY_10AM, batch=6)
    second.send_due(now=TUESDAY_10AM, batch=6)
    # The second sender waits behind the first one's bookings: one workspace, one pace.
    assert slept == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4])


def test_senders_on_postgresql_share_the_database_s_pace_and_sqlite_keeps_one_in_memory(
        any_database):
    expected = "MemoryPace" if any_database.engine.dialect.name == "sqlite" else "DatabasePace"
    assert type(shared_pace(any_database)).__name__ == expected


def test_a_pace_held_in_memory_is_one_process_s_own(any_database, platform, tmp_path):
    text_deliveries(any_database, 12)
    slept: list[float] = []
    first, second = (outbox(any_database, platform, tmp_path, send_rate=SendRate(),
                            sleep=slept.append) for _ in range(2))
    first.send_due(now=TUESDAY_10AM, batch=6)
    second.send_due(now=TUESDAY_10AM, batch=6)
    # What a per-process pace did before: each sender used the whole burst for itself.
    assert slept == pytest.approx([0.2, 0.2])


def test_finished_deliveries_are_pruned_after_the_retention_period_and_pending_ones_never(
        any_database, tmp_path):
    settings = outbox_settings(tmp_path, any_database)  # OUTBOX_RETENTION_MONTHS: 24
    now = datetime(2026, 12, 1, 3, tzinfo=UTC)
    ages = {"sent-old": (S.SENT, 25), "failed-old": (S.FAILED, 30), "skipped-old": (S.SKIPPED, 25),
            "sent-recent": (S.SENT, 23), "pending-old": (S.PENDING, 30)}
    with any_database.unit_of_work() as uow:
        schedule(uow.session, ({"kind": DeliveryKind.DIGEST, "item": name, "recipient": "C1",
                                "occasion": "first", "platform": Platform.SLACK, "state": state,
                                "not_before": now - timedelta(days=31 * months),
                                "address": {"channel": "C1"}} for name, (state, months)
                               in ages.items()))
        uow.commit()
    with any_database.unit_of_work() as uow:
        assert prune_outbox(uow.session, settings, now=now) == 3
        uow.commit()
    with any_database.unit_of_work() as uow:
        left = set(uow.session.scalars(select(Delivery.item)))
    assert left == {"sent-recent", "pending-old"}


def test_pruning_in_batches_deletes_every_old_row_once_ties_at_a_batch_end_included(
        any_database, tmp_path):
    settings = outbox_settings(tmp_path, any_database)  # OUTBOX_RETENTION_MONTHS: 24
    now = datetime(2026, 12, 1, 3, tzinfo=UTC)
    # Batches of two: the second batch of sent rows ends on a tie of two, and three failed
    # rows are one more than a batch.
    ages = [(S.SENT, 800), (S.SENT, 790), (S.SENT, 790), (S.SENT, 780), (S.SENT, 770),
            (S.FAILED, 800), (S.FAILED, 795), (S.FAILED, 785), (S.SKIPPED, 760),
            (S.SENT, 700), (S.PENDING, 900)]
    with any_database.unit_of_work() as uow:
        schedule(uow.session, ({"kind": DeliveryKind.DIGEST, "item": f"{state}-{n}",
                                "recipient": "C1", "occasion": "first",
                                "platform": Platform.SLACK, "state": state,
                                "not_before": now - timedelta(days=days),
                                "address": {"channel": "C1"}}
                               for n, (state, days) in enumerate(ages)))
        uow.commit()
    with any_database.unit_of_work() as uow:
        assert prune_outbox(uow.session, settings, now=now, batch=2) == 9
    with any_database.unit_of_work() as uow:
        left = set(uow.session.scalars(select(Delivery.item)))
    assert left == {"sent-9", "pending-10"}
