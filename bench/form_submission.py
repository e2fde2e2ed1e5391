"""Web form submission throughput against a bare Flask + SQLAlchemy insert of the same row.

All three (the baseline, a named and an anonymous report) run in this process, on the same kind
of database, after one untimed report each, taking turns one request each, so that load from
elsewhere on a shared machine falls on each alike; the figure that matters is the ratio, and its
spread over rounds of 20 shows the noise. Every web report gets a case key. Run from the
repository root: .venv/bin/python -m bench.form_submission [--reports N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from learning.settings import load_settings
from storage import schema
from storage.database import Database
from storage.models import Report
from storage.vocabulary import Channel, IdentityMode, ReportKind, ReportStatus, Setting, Severity
from tests.web import DETAILS, hidden_answers

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
BROWSER_REPORTS = 10
# The rounds the spread is shown for: so many reports of each kind.
ROUND = 20


def learnloop_sender(count: int, folder: Path, identity: str) -> Callable[[int], None]:
    """Sends report `number` from the check your answers page, as a browser would."""
    app = create_app(load_settings({"LEARNLOOP_INSTANCE_PATH": str(folder / identity)}))
    schema.upgrade(app.extensions["learnloop"].database)
    # Browsers ready on their check page before the clock starts, each sending fewer reports
    # than the per-session limit, so the limits are counted but never refuse.
    browsers = [_on_check_page(app, identity)
                for _ in range(-(-(count + 1) // BROWSER_REPORTS))]

    def send(number: int) -> None:
        client, check = browsers[number % len(browsers)]
        response = client.post("/report/check", data=check,
                               environ_base={"REMOTE_ADDR": f"10.0.{number // 250}.{number % 250}"})
        assert response.status_code == 303, response.status_code

    return send


def _on_check_page(app: Flask, identity: str) -> tuple[FlaskClient, dict[str, list[str]]]:
    client = app.test_client()
    form = {**DETAILS, "identity_mode": identity,
            "csrf_token": CSRF.search(client.get("/report").get_data(as_text=True)).group(1)}
    # The details page redirects to check your answers (post/redirect/get): follow it.
    check = hidden_answers(client.post("/report/details", data=form, follow_redirects=True)
                           .get_data(as_text=True))
    check["action"] = ["send"]
    return client, check


def bare_sender(folder: Path) -> Callable[[int], None]:
    database = Database(f"sqlite:///{folder / 'bare.db'}")
    schema.upgrade(database)
    app = Flask("bare")

    @app.post("/insert")
    def insert() -> tuple[str, int]:
        with database.unit_of_work() as uow:
            uow.session.add(Report(
                reference=f"LL-{time.perf_counter_ns()}"[:16], kind=ReportKind.NEAR_MISS,
                what_happened=DETAILS["what_happened"], occurred_on=date(2026, 11, 16),
                setting=Setting.MULTI_AGENCY_MEETING,
                what_stopped_harm=DETAILS["what_stopped_harm"],
                potential_severity=Severity.SEVERE, immediate_risk=False,
                identity_mode=IdentityMode.NAMED, channel=Channel.WEB, status=ReportStatus.NEW,
                submitted_at=datetime.now(UTC), acknowledgement_due=date(2026, 11, 24)))
            uow.commit()
        return "", 303

    client = app.test_client()

    def send(_number: int) -> None:
        assert client.post("/insert", data=DETAILS).status_code == 303

    return send


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200)
    count = parser.parse_args().reports
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        senders = {"baseline": bare_sender(path),
                   "named": learnloop_sender(count, path, "named"),
                   "anonymous": learnloop_sender(count, path, "anonymous")}
        # One report each before the clock starts: what a worker reads once (the bank holiday
        # calendar, compiled statements) is not what a report costs.
        for send in senders.values():
            send(count)
        spent = {name: [0.0] * -(-count // ROUND) for name in senders}
        for number in range(count):
            # Each turn in a different order, so none always comes straight after another.
            names = list(senders)[number % 3:] + list(senders)[:number % 3]
            for name in names:
                started = time.perf_counter()
                senders[name](number)
                spent[name][number // ROUND] += time.perf_counter() - started
    baseline, named, anonymous = (sum(spent[name]) for name in senders)
    print(f"reports per run: {count} of each, taking turns; rounds of {ROUND}")
    print(f"bare Flask + SQLAlchemy insert: {count / baseline:8.1f} per second (baseline)")
    print(f"LearnLoop named report:         {count / named:8.1f} per second")
    print(f"LearnLoop anonymous report:     {count / anonymous:8.1f} per second")
    for name in ("named", "anonymous"):
        rounds = sorted(mine / theirs for mine, theirs in
                        zip(spent[name], spent["baseline"], strict=True))
        print(f"{name} rounds: {rounds[0]:.1f}x to {rounds[-1]:.1f}x, median "
              f"{statistics.median(rounds):.1f}x")
    print(f"form_submission_named: {named / baseline:.1f}x the baseline's time")
    print(f"form_submission_anonymous: {anonymous / baseline:.1f}x the baseline's time")


if __name__ == "__main__":
    main()
