"""The dashboard queue page at 10,000 and 100,000 reports against the bare SQL it runs.

Run from the repository root: .venv/bin/python -m bench.queue_page [--sizes 10000 100000]
[--postgres postgresql://postgres@127.0.0.1:5432/test] (a scratch database is made on that
server and dropped). Both sides run in this process, on
the same database, in the same run; the ratio is the figure that matters.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text

from bench.scratch import scratch_postgres
from bench.pages import page_time
from storage import schema
from storage.database import Database
from storage.models import Agency, Report, report_agencies
from storage.vocabulary import AgencyType, ReportKind, ReportStatus

REPEATS = 20


def seed(database: Database, count: int) -> None:
    rng = random.Random(7)
    with database.unit_of_work() as uow:
        agencies = [Agency(name=f"Agency {n}", agency_type=AgencyType.OTHER) for n in range(12)]
        uow.session.add_all(agencies)
        uow.commit()
        agency_ids = [a.id for a in agencies]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    statuses = list(ReportStatus)
    for first in range(0, count, 5000):
        rows = []
        for n in range(first, min(first + 5000, count)):
            submitted = start + timedelta(minutes=n * 7)
            rows.append({
                "reference": f"LL-{n:04X}-{rng.randrange(16**4):04X}"[:16],
                "kind": rng.choice(list(ReportKind)),
                "what_happened": "The strategy discussion invitation went to an old mailbox. " * 3,
                "occurred_on": submitted.date(), "setting": "multi_agency_meeting",
                "potential_severity": "moderate", "immediate_risk": rng.random() < 0.02,
                "identity_mode": "anonymous", "channel": "web", "status": rng.choice(statuses),
                "urgent": rng.random() < 0.03, "notifiable": rng.random() < 0.01,
                "personal_details": {}, "themes": [], "contributing_factors": [],
                "child_died_or_seriously_harmed": False, "abuse_or_neglect_suspected": False,
                "submitted_at": submitted,
                "acknowledgement_due": submitted.date() + timedelta(days=2),
                "updated_at": submitted,
            })
        with database.engine.begin() as connection:
            connection.execute(insert(Report), rows)
            ids = connection.execute(select(Report.id).where(Report.id > first).order_by(Report.id)
                                     .limit(len(rows))).scalars().all()
            connection.execute(insert(report_agencies),
                               [{"report_id": i, "agency_id": rng.choice(agency_ids)} for i in ids])


def bare_sql(database: Database) -> float:
    """The queries the queue page needs, written by hand: one page, the total, the counts."""
    open_statuses = "('new','acknowledged','in_review','learning_identified','referred')"
    started = time.perf_counter()
    with database.engine.connect() as connection:
        for _ in range(REPEATS):
            connection.execute(text(
                f"SELECT * FROM reports WHERE status IN {open_statuses} ORDER BY urgent DESC, "
                "notifiable DESC, acknowledgement_due, id DESC LIMIT 50")).all()
            connection.execute(text(
                f"SELECT count(*) FROM reports WHERE status IN {open_statuses}")).all()
            connection.execute(text("SELECT status, count(*) FROM reports GROUP BY status")).all()
    return (time.perf_counter() - started) / REPEATS


def queue_page(database_url: str, folder: Path) -> float:
    return page_time(database_url, folder, "/dashboard", repeats=REPEATS)


def run(label: str, url: str, count: int, folder: Path) -> None:
    database = Database(url)
    schema.upgrade(database)
    seed(database, count)
    with database.engine.begin() as connection:
        if database.engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))
    bare = bare_sql(database)
    page = queue_page(url, folder)
    print(f"{label:10} {count:>7} reports: bare SQL {bare * 1000:7.1f} ms, queue page "
          f"{page * 1000:7.1f} ms")
    print(f"queue_page_{label.lower()}_{count}: {page / bare:.1f}x the baseline's time")
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--postgres", help="an empty PostgreSQL database to use (it is wiped)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for count in args.sizes:
            path = Path(folder) / f"sqlite-{count}"
            path.mkdir()
            run("SQLite", f"sqlite:///{path / 'queue.db'}", count, path)
            if args.postgres:
                with scratch_postgres(args.postgres) as url:
                    run("PostgreSQL", url, count, path)


if __name__ == "__main__":
    main()
