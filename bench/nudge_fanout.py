"""Fan-out of one nugget to N people through a stand-in Slack that enforces a rate limit.

The floor is what the limit allows: N / rate seconds (less the first burst). The outbox runs
as the clock's sending job runs it (`drain` with its senders) in its own process, so its peak
memory is the clock's.
The stand-in answers like Slack (429 with Retry-After when the workspace goes too fast).
Run from the repository root:
    .venv/bin/python -m bench.nudge_fanout [--people 10000] [--rate 100] [--database URL]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytest_httpserver import HTTPServer
from sqlalchemy import insert, text

from jobs.tasks import SENDERS
from learning.nudges.nugget_writing import NuggetDraft
from learning.nudges.nuggets import schedule_due_nuggets
from learning.settings import load_settings
from storage import schema
from storage.database import Database
from storage.models import Person
from storage.models.nudges import Nugget, NuggetState
from tests.jobs.platform import FakePlatform

# A Tuesday at 10:00 in London: every person is inside working hours for the whole run.
WORKING_TIME = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
BURST = 10


def prepare(database: Database, settings, people: int) -> float:
    with database.unit_of_work() as uow:
        uow.session.execute(insert(Person), [
            {"name": f"Person {n}", "email": f"p{n}@example.org", "slack_user_id": f"U{n:07d}",
             "time_zone": "Europe/London"} for n in range(people)])
        draft = NuggetDraft(title="Bench", what_happened="Bench body")
        uow.session.add(Nugget(title=draft.title, what_happened=draft.what_happened,
                               state=NuggetState.SCHEDULED, send_at=WORKING_TIME))
        uow.commit()
    started = time.perf_counter()
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=WORKING_TIME)
        uow.commit()
    return time.perf_counter() - started


def worker(database_url: str, platform_url: str, folder: str, rate: float) -> None:
    """The clock's sending job, in its own process, with time starting at WORKING_TIME."""
    from learning.nudges.outbox import Outbox
    from learning.nudges.send_rate import Limits, Rate, SendRate, shared_pace
    from storage.vocabulary import Platform
    from tests.jobs.platform import HttpMessenger

    settings = load_settings({"DATABASE_URL": database_url, "LEARNLOOP_INSTANCE_PATH": folder,
                              "SECRET_KEY": "bench", "SLACK_BOT_TOKEN": "x",
                              "SLACK_SIGNING_SECRET": "y"})
    start = time.monotonic()
    # Our own burst is one: pacing evenly at the limit leaves the platform's burst for slack.
    limits = {p: Limits(Rate(1.0), Rate(rate)) for p in Platform}
    database = Database(settings.database_url)
    # The pace as the clock keeps it: in PostgreSQL, shared by every sender.
    outbox = Outbox(database, {Platform.SLACK: HttpMessenger(platform_url)},
                    settings, send_rate=SendRate(limits, store=shared_pace(database)),
                    clock=lambda: WORKING_TIME + timedelta(seconds=time.monotonic() - start))
    tally = outbox.drain(senders=SENDERS)
    print(f"sent={tally.sent} retrying={tally.retrying} failed={tally.failed}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=100.0,
                        help="the platform's limit, per second")
    parser.add_argument("--database", help="a scratch PostgreSQL URL (it is emptied first); "
                                           "SQLite on local disk by default")
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        url, platform_url, folder, rate = options.worker
        worker(url, platform_url, folder, float(rate))
        return
    folder = Path(tempfile.mkdtemp(prefix="nudge-bench-"))
    database_url = options.database or f"sqlite:///{folder / 'bench.db'}"
    settings = load_settings({"DATABASE_URL": database_url,
                              "LEARNLOOP_INSTANCE_PATH": str(folder), "SECRET_KEY": "bench",
                              "SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"})
    database = Database(settings.database_url)
    if options.database:
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    schema.upgrade(database)
    scheduling = prepare(database, settings, options.people)

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    platform = FakePlatform(server, per_second=options.rate, burst=BURST)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.nudge_fanout", "--worker", database.url,
                    platform.url, str(folder), str(options.rate)], check=True,
                   stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    server.stop()
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    floor = max(options.people - BURST, 0) / options.rate
    received = sum(platform.received.values())
    print(f"people {options.people}, limit {options.rate:g}/s, "
          f"database {database.engine.dialect.name}")
    print(f"scheduling the fan-out: {scheduling:.2f} s ({options.people / scheduling:,.0f} rows/s)")
    print(f"sending: {elapsed:.1f} s against a floor of {floor:.1f} s")
    print(f"nudge_fanout: {elapsed / floor:.3f}x the baseline's time (the floor the rate allows)")
    print(f"delivered {received} to {len(platform.received)} people; 429s: {platform.refused}")
    print(f"sending process peak memory: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
