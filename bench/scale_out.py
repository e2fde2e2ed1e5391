"""Scale-out on one database: 200 reporters at once through 4 gunicorn workers.

LearnLoop's real app under gunicorn (4 workers, 4 threads each) on PostgreSQL, against a bare
Flask + SQLAlchemy app that inserts the same row, under the same gunicorn, database and
client. Each reporter first walks the form (start, details, check your answers) untimed;
then all of them press "Send report" together, and that is what is timed. Afterwards every
report is counted: none may be lost, none stored twice. Then 1,000 mixed page requests, and
each worker's resident memory is read from /proc.

  .venv/bin/python -m bench.scale_out --database postgresql://postgres@127.0.0.1:5432/SCRATCH
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import requests
from flask import Flask
from sqlalchemy import func, select, text

from storage import schema
from storage.database import Database
from storage.models import Report
from storage.vocabulary import Channel, IdentityMode, ReportKind, ReportStatus, Setting, Severity
from tests.web import CSRF, DETAILS, hidden_answers

WORKERS = 4
PAGES = ("/report", "/healthz", "/learning", "/follow-up", "/sign-in")


def bare_app() -> Flask:
    """What gunicorn serves for the baseline: one insert of the same row, nothing else."""
    database = Database(os.environ["DATABASE_URL"])
    app = Flask("bare")

    @app.post("/report/check")
    def insert() -> tuple[str, int, dict[str, str]]:
        with database.unit_of_work() as uow:
            report = Report(
                reference=f"LL-{time.perf_counter_ns() % 10**12:012d}-{os.getpid()}"[:16],
                kind=ReportKind.NEAR_MISS, what_happened=DETAILS["what_happened"],
                occurred_on=date(2026, 11, 16), setting=Setting.MULTI_AGENCY_MEETING,
                what_stopped_harm=DETAILS["what_stopped_harm"],
                potential_severity=Severity.SEVERE, immediate_risk=False,
                identity_mode=IdentityMode.NAMED, channel=Channel.WEB, status=ReportStatus.NEW,
                submitted_at=datetime.now(UTC), acknowledgement_due=date(2026, 11, 24))
            uow.session.add(report)
            uow.commit()
        return "", 303, {"Location": "/report/done"}

    return app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(target: str, environment: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
         str(WORKERS), "--threads", "4", target], env={**os.environ, **environment},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/healthz", timeout=5)
            return server, url
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"{target} did not start")


def ready_to_send(url: str, reporters: int, real: bool) -> list[tuple[requests.Session, dict]]:
    """Each reporter's browser at "check your answers", with its own session and token."""

    def walk(_: int) -> tuple[requests.Session, dict]:
        browser = requests.Session()
        if not real:
            return browser, dict(DETAILS)
        start = browser.get(url + "/report", timeout=30).text
        form = {**DETAILS, "csrf_token": CSRF.search(start).group(1)}
        check = browser.post(url + "/report/details", data=form, timeout=30)
        answers = hidden_answers(check.text)
        answers["action"] = ["send"]
        # gunicorn closes an idle kept-alive connection after 2 seconds; by the time the last
        # reporter is ready, the first one's would be gone. Each sends on a new connection.
        browser.close()
        return browser, answers

    with ThreadPoolExecutor(max_workers=50) as pool:
        return list(pool.map(walk, range(reporters)))


def send_together(url: str, ready: list[tuple[requests.Session, dict]]) -> tuple[float, int]:
    def send(item: tuple[requests.Session, dict]) -> int:
        browser, answers = item
        return browser.post(url + "/report/check", data=answers, allow_redirects=False,
                            timeout=120).status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(ready)) as pool:
        codes = list(pool.map(send, ready))
    return time.perf_counter() - started, sum(code == 303 for code in codes)


def mixed_requests(url: str, count: int) -> None:
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(lambda n: requests.get(url + PAGES[n % len(PAGES)], timeout=30),
                      range(count)))


def worker_memory_mib(server: subprocess.Popen) -> list[float]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def stored(database: Database) -> tuple[int, int]:
    with database.unit_of_work() as uow:
        total = uow.session.scalar(select(func.count()).select_from(Report))
        distinct = uow.session.scalar(select(func.count(func.distinct(Report.reference))))
    return total, distinct


def empty(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    schema.upgrade(database)


def run(database_url: str, reporters: int) -> dict[str, float]:
    folder = tempfile.mkdtemp(prefix="scale-bench-")
    database = Database(database_url)
    environment = {"DATABASE_URL": database_url, "SECRET_KEY": "bench",
                   "LEARNLOOP_INSTANCE_PATH": folder}
    figures: dict[str, float] = {}
    for name, target, real in (("bare", "bench.scale_out:bare_app()", False),
                               ("learnloop", "app:create_app()", True)):
        empty(database)
        server, url = start_gunicorn(target, environment)
        try:
            ready = ready_to_send(url, reporters, real)
            figures[f"{name}_seconds"], figures[f"{name}_answered"] = send_together(url, ready)
            figures[f"{name}_stored"], figures[f"{name}_distinct"] = stored(database)
            if real:
                mixed_requests(url, 1000)
                figures["worker_rss_mib"] = max(worker_memory_mib(server))
        finally:
            server.terminate()
            server.wait(timeout=30)
    database.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True,
                        help="a scratch PostgreSQL URL (it is emptied first)")
    parser.add_argument("--reporters", type=int, default=200)
    options = parser.parse_args()
    f = run(options.database, options.reporters)
    # A report is lost if its reporter was told it was sent and it is not stored.
    lost = f["learnloop_answered"] - f["learnloop_stored"]
    refused = options.reporters - f["learnloop_answered"]
    duplicates = f["learnloop_stored"] - f["learnloop_distinct"]
    print(f"reporters at once: {options.reporters}, through {WORKERS} gunicorn workers")
    print(f"bare Flask + SQLAlchemy insert: {options.reporters / f['bare_seconds']:7.1f} "
          f"reports per second (baseline)")
    print(f"LearnLoop report:               {options.reporters / f['learnloop_seconds']:7.1f} "
          f"reports per second")
    print(f"scale_out: {f['learnloop_seconds'] / f['bare_seconds']:.1f}x the baseline's time")
    print(f"sent: {f['learnloop_answered']:.0f}; refused: {refused:.0f}; lost: {lost:.0f}; "
          f"duplicates: {duplicates:.0f}")
    print(f"web worker memory after 1,000 mixed requests: {f['worker_rss_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
