"""Two clocks: one leads; when it is killed mid fan-out the other takes over, loses nothing
and repeats at most the sends that were under way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from jobs.tasks import SENDERS
from storage.models.nudges import DeliveryState
from tests.jobs.conftest import text_deliveries
from tests.jobs.test_outbox import states

ROOT = Path(__file__).parents[2]
COUNT = 60
KILL_AFTER = 15
LEADS = "this clock leads"


def start_clock(database_url: str, platform_url: str, folder: Path, log: Path):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.jobs.clock_process", database_url, platform_url,
         str(folder)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w"),
        env={**os.environ, "PYTHONPATH": str(ROOT)})


def wait_for(condition, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.05)


def test_a_standby_clock_takes_over_from_a_killed_leader_and_loses_nothing(
        any_database, platform, tmp_path):
    text_deliveries(any_database, COUNT)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    clocks = [start_clock(any_database.url, platform.url, tmp_path, log) for log in logs]
    try:
        wait_for(lambda: any(LEADS in log.read_text() for log in logs), seconds=30,
                 what="a clock to lead")
        leader = next(i for i, log in enumerate(logs) if LEADS in log.read_text())
        standby = 1 - leader
        wait_for(lambda: "stands by" in logs[standby].read_text(), seconds=30,
                 what="the other clock to stand by")
        # The sending job runs every 20 seconds at the published Slack pace (5 a second).
        wait_for(lambda: sum(platform.received.values()) >= KILL_AFTER, seconds=60,
                 what="the leader to start sending")
        clocks[leader].send_signal(signal.SIGKILL)
        clocks[leader].wait(timeout=10)
        sent_before = sum(platform.received.values())
        assert sent_before < COUNT, "the leader was not killed mid fan-out"

        wait_for(lambda: LEADS in logs[standby].read_text(), seconds=60,
                 what="the standby to take over within a minute")
        wait_for(lambda: len(platform.received) == COUNT, seconds=90,
                 what="every delivery to arrive")
        wait_for(lambda: states(any_database) == {DeliveryState.SENT: COUNT}, seconds=30,
                 what="every delivery to be recorded as sent")
    finally:
        for clock in clocks:
            if clock.poll() is None:
                clock.send_signal(signal.SIGTERM)
                clock.wait(timeout=30)
    # Only sends under way when the leader died can go twice: one per sender thread at most.
    assert sum(platform.received.values()) - COUNT <= SENDERS
