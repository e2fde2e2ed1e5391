"""Fan-out of one nugget to N people over Slack, Teams and email at once, each at its limit.

A third of the people are on Slack, a third on Teams, a third have only an email address.
Slack and Teams are stand-ins on 127.0.0.1 that refuse what goes too fast (429 with
Retry-After); email goes through the real mail messenger (smtplib) to a real SMTP server on
loopback (aiosmtpd). The outbox runs as the clock's sending job runs it, in its own process.
The floor is what the configured rates allow: the slowest channel's (its people - 1) / rate,
since the three are paced apart and send side by side.
Run from the repository root:
    .venv/bin/python -m bench.three_channel_fanout [--people 10000] [--rate 30] [--database URL]
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from sqlalchemy import insert, text

from jobs.tasks import SENDERS
from learning.messaging import DeliveryError, Notice
from learning.nudges.nuggets import schedule_due_nuggets
from learning.settings import load_settings
from storage import schema
from storage.database import Database
from storage.models import Person
from storage.models.nudges import Nugget, NuggetState
from tests.jobs.platform import FakePlatform, HttpMessenger
from tests.mail.smtp_server import MailServer

WORKING_TIME = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
BURST = 10  # the stand-ins' own allowance; our pace uses none of it
CHANNELS = ("slack", "teams", "email")


class TeamsShapedMessenger(HttpMessenger):
    """The stand-in platform addressed as Teams is: by conversation id within a tenant."""

    def send(self, address: dict[str, Any], notice: Notice) -> str:
        conversation = address["conversation"]
        body = {"conversation": conversation["id"], "workspace": conversation["tenantId"],
                "notice": {"type": type(notice).__name__, **asdict(notice)}}
        response = self.http.post(self.url, json=body, timeout=5)
        if response.status_code == 429:
            raise DeliveryError("rate limited", retry_after=float(response.headers["Retry-After"]))
        if response.status_code >= 400:
            raise DeliveryError(f"platform answered {response.status_code}")
        return response.json()["id"]


def environment(database_url: str, folder: str, smtp_url: str, rate: float) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "LEARNLOOP_INSTANCE_PATH": folder, "SECRET_KEY": "bench",
            "SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y", "MICROSOFT_APP_ID": "app",
            "MICROSOFT_APP_PASSWORD": "p", "SMTP_URL": smtp_url,
            "MAIL_FROM": "learning@riverside.example", "SMTP_RATE_PER_SECOND": str(rate)}


def person(n: int) -> dict[str, Any]:
    row: dict[str, Any] = {"name": f"Person {n}", "email": f"p{n}@riverside.example",
                           "time_zone": "Europe/London"}
    channel = CHANNELS[n % 3]
    if channel == "slack":
        row["slack_user_id"] = f"U{n:07d}"
    elif channel == "teams":
        row["teams_conversation"] = {"conversation": {"id": f"a:{n}", "tenantId": "T1"},
                                     "serviceUrl": "https://smba.trafficmanager.net/uk/"}
    return row


def prepare(database: Database, settings, people: int) -> float:
    with database.unit_of_work() as uow:
        uow.session.execute(insert(Person), [person(n) for n in range(people)])
        uow.session.add(Nugget(title="Bench", what_happened="Bench body",
                               state=NuggetState.SCHEDULED, send_at=WORKING_TIME))
        uow.commit()
    started = time.perf_counter()
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=WORKING_TIME)
        uow.commit()
    return time.perf_counter() - started


def worker(database_url: str, slack_url: str, teams_url: str, smtp_url: str, folder: str,
           rate: float) -> None:
    """The clock's sending job, in its own process, with time starting at WORKING_TIME."""
    from bot.mail.messenger import MailMessenger
    from learning.nudges.outbox import Outbox
    from learning.nudges.send_rate import Limits, Rate, SendRate, limits_for, shared_pace
    from storage.vocabulary import Platform

    settings = load_settings(environment(database_url, folder, smtp_url, rate))
    start = time.monotonic()
    clock = lambda: WORKING_TIME + timedelta(seconds=time.monotonic() - start)  # noqa: E731
    # Email at SMTP_RATE_PER_SECOND as configured; the stand-in chat workspaces at the same rate.
    limits = {**limits_for(settings), Platform.SLACK: Limits(Rate(1.0), Rate(rate)),
              Platform.TEAMS: Limits(Rate(0.5, burst=7), Rate(rate))}
    database = Database(settings.database_url)
    messengers = {Platform.SLACK: HttpMessenger(slack_url),
                  Platform.TEAMS: TeamsShapedMessenger(teams_url),
                  Platform.EMAIL: MailMessenger(settings, clock=clock)}
    outbox = Outbox(database, messengers, settings,
                    send_rate=SendRate(limits, store=shared_pace(database)), clock=clock)
    tally = outbox.drain(senders=SENDERS)
    print(f"sent={tally.sent} retrying={tally.retrying} failed={tally.failed} "
          f"skipped={tally.skipped}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=30.0,
                        help="each channel's limit (and SMTP_RATE_PER_SECOND), per second")
    parser.add_argument("--database", help="a scratch PostgreSQL URL (it is emptied first); "
                                           "SQLite on local disk by default")
    parser.add_argument("--worker", nargs=6, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        *urls, folder, rate = options.worker
        worker(*urls, folder, float(rate))
        return
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per stand-in request
    folder = Path(tempfile.mkdtemp(prefix="three-channel-bench-"))
    mail = MailServer().start()
    url = options.database or f"sqlite:///{folder / 'bench.db'}"
    settings = load_settings(environment(url, str(folder), mail.url(), options.rate))
    database = Database(settings.database_url)
    if options.database:
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    schema.upgrade(database)
    scheduling = prepare(database, settings, options.people)

    servers = [HTTPServer(host="127.0.0.1", port=0, threaded=True) for _ in range(2)]
    for server in servers:
        server.start()
    slack, teams = (FakePlatform(s, per_second=options.rate, burst=BURST) for s in servers)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.three_channel_fanout", "--worker",
                    database.url, slack.url, teams.url, mail.url(), str(folder),
                    str(options.rate)], check=True)
    elapsed = time.perf_counter() - started
    for server in servers:
        server.stop()
    mail.stop()
    shares = {c: len(range(i, options.people, 3)) for i, c in enumerate(CHANNELS)}
    floor = max(max(n - 1, 0) / options.rate for n in shares.values())
    received = {"slack": sum(slack.received.values()), "teams": sum(teams.received.values()),
                "email": len(mail.arrived)}
    print(f"people {options.people} ({shares}), each channel {options.rate:g}/s, "
          f"database {database.engine.dialect.name}")
    print(f"scheduling the fan-out: {scheduling:.2f} s")
    print(f"sending: {elapsed:.1f} s against a floor of {floor:.1f} s")
    print(f"delivered {received}; 429s: slack {slack.refused}, teams {teams.refused}; "
          f"mail refusals {mail.handler.refused}")
    print(f"three_channel_fanout: {elapsed / floor:.3f}x the baseline's time "
          f"(the floor the rates allow)")


if __name__ == "__main__":
    main()
