"""Web form submission throughput against a bare Flask + SQLAlchemy insert of the same row.

Both run in this process, on the same kind of database, in the same run; the figure that
matters is the ratio. Every web report gets a case key. Run from the repository root:
.venv/bin/python -m bench.form_submission [--reports N]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
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


def learnloop_submissions(count: int, folder: Path, identity: str) -> float:
    app = create_app(load_settings({"LEARNLOOP_INSTANCE_PATH": str(folder / identity)}))
    schema.upgrade(app.extensions["learnloop"].database)
    # Browsers ready on their check page before the clock starts, each sending fewer reports
    # than the per-session limit, so the limits are counted but never refuse.
    browsers = [_on_check_page(app, identity) for _ in range(-(-count // BROWSER_REPORTS))]
    started = time.perf_counter()
    for number in range(count):
        client, check = browsers[number % len(browsers)]
        response = client.post("/report/check", data=check,
                               environ_base={"REMOTE_ADDR": f"10.0.{number // 250}.{number % 250}"})
        assert response.status_code == 303, response.status_code
    return time.perf_counter() - started


def _on_check_page(app: Flask, identity: str) -> tuple[FlaskClient, dict[str, list[str]]]:
    client = app.test_client()
    form = {**DETAILS, "identity_mode": identity,
            "csrf_token": CSRF.search(client.get("/report").get_data(as_text=True)).group(1)}
    # The details page redirects to check your answers (post/redirect/get): follow it.
    check = hidden_answers(client.post("/report/details", data=form, follow_redirects=True)
                           .get_data(as_text=True))
    check["action"] = ["send"]
    return client, check


def bare_inserts(count: int, folder: Path) -> float:
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
    started = time.perf_counter()
    for _ in range(count):
        assert client.post("/insert", data=DETAILS).status_code == 303
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200)
    count = parser.parse_args().reports
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        baseline = bare_inserts(count, path)
        named = learnloop_submissions(count, path, "named")
        anonymous = learnloop_submissions(count, path, "anonymous")
    print(f"reports per run: {count}")
    print(f"bare Flask + SQLAlchemy insert: {count / baseline:8.1f} per second (baseline)")
    print(f"LearnLoop named report:         {count / named:8.1f} per second")
    print(f"LearnLoop anonymous report:     {count / anonymous:8.1f} per second")
    print(f"form_submission_named: {named / baseline:.1f}x the baseline's time")
    print(f"form_submission_anonymous: {anonymous / baseline:.1f}x the baseline's time")


if __name__ == "__main__":
    main()
