"""The clock: jobs kept in our database, registered idempotently, a missed turn run once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from sqlalchemy import text

from jobs.clock import build_clock, schedule_of
from storage.vocabulary import Platform
from tests.jobs.conftest import text_deliveries
from tests.jobs.platform import HttpMessenger


@pytest.fixture(autouse=True)
def drop_jobs_table(database):
    yield
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS apscheduler_jobs"))


def stored_jobs(database) -> dict[str, float]:
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, next_run_time FROM apscheduler_jobs"))
        return dict(rows.all())


def start_and_stop(clock) -> None:
    clock.start(paused=True)
    clock.shutdown(wait=False)


def test_starting_the_clock_twice_keeps_one_copy_of_each_job(settings, database):
    for _ in range(2):
        start_and_stop(build_clock(settings, database, {}))
    assert sorted(stored_jobs(database)) == sorted(schedule_of(settings))


def test_a_job_missed_while_the_clock_was_down_runs_once_when_it_comes_back(settings, database):
    start_and_stop(build_clock(settings, database, {}))
    three_days_ago = (datetime.now(UTC) - timedelta(days=3)).timestamp()
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE apscheduler_jobs SET next_run_time = :due"
                                " WHERE id = 'retention'"), {"due": three_days_ago})

    runs: list[str] = []
    ran = threading.Event()
    clock = build_clock(settings, database, {})
    clock.add_listener(lambda event: (runs.append(event.job_id), ran.set()), EVENT_JOB_EXECUTED)
    clock.start()
    try:
        assert ran.wait(timeout=10)
    finally:
        # Missed turns would be handed over together with the first: once the executor has
        # stopped, every run that was coming has been counted.
        clock.shutdown(wait=True)
    assert runs == ["retention"]
    assert stored_jobs(database)["retention"] > datetime.now(UTC).timestamp()


def test_the_sending_job_sends_through_the_messengers_the_clock_was_given(settings, database,
                                                                           platform):
    """The job table holds only the job's name: the clock's executor hands it the context."""
    text_deliveries(database, 3)
    clock = build_clock(settings, database, {Platform.SLACK: HttpMessenger(platform.url)})
    finished = threading.Event()
    clock.add_listener(lambda event: event.job_id == "send_deliveries" and finished.set(),
                       EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    clock.start(paused=True)
    try:
        clock.modify_job("send_deliveries", next_run_time=datetime.now(UTC))
        clock.resume()
        assert finished.wait(timeout=30)
    finally:
        clock.shutdown(wait=True)
    assert sorted(platform.received) == ["D0", "D1", "D2"]
