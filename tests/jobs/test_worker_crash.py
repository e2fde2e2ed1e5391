"""A worker killed with SIGKILL mid-batch loses no delivery and repeats at most the one in
flight."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from learning.nudges.outbox import Outbox, RetryPolicy
from learning.nudges.send_rate import SendRate
from storage.models.nudges import DeliveryState
from storage.vocabulary import Platform
from tests.jobs.conftest import outbox_settings, text_deliveries
from tests.jobs.platform import HttpMessenger
from tests.jobs.test_outbox import FAST_LIMITS, states

ROOT = Path(__file__).parents[2]
COUNT = 300
# The worker claims 20 at a time: stop it a few sends into a batch, never between two.
KILL_AFTER = 105


def test_a_worker_killed_mid_batch_and_restarted_loses_none_and_repeats_at_most_one(
        any_database, platform, tmp_path):
    text_deliveries(any_database, COUNT)
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.jobs.worker_process", any_database.url, platform.url,
         str(tmp_path)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 30
        while sum(platform.received.values()) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    sent_before = sum(platform.received.values())
    assert KILL_AFTER <= sent_before < COUNT, "the worker was not killed mid-run"
    assert states(any_database).get(DeliveryState.SENDING), "nothing was claimed when it died"

    # The restarted worker takes the dead one's claims once their lease has run out.
    lease = RetryPolicy().lease
    restarted = Outbox(any_database, {Platform.SLACK: HttpMessenger(platform.url)},
                       outbox_settings(tmp_path, any_database), send_rate=SendRate(FAST_LIMITS),
                       clock=lambda: datetime.now(UTC) + lease + timedelta(seconds=1))
    restarted.drain()

    assert len(platform.received) == COUNT, "a delivery was lost"
    assert sum(platform.received.values()) - COUNT <= 1, "more than the one in flight repeated"
    assert states(any_database) == {DeliveryState.SENT: COUNT}
