"""`/dashboard/themes` at 100,000 reports against the bare SQL it runs.

The page reads the counts `learning.reports.tags` keeps (`tag_counts`); the seed fills them as
the migration does for reports already kept. The baseline is every statement the page runs
(its signed-in session, the counts, agencies and signals), written by hand. Each worker keeps
the pictures and tables it drew for the same counts, so the page is also timed drawn afresh
every time, as the first view after a new report changes a count.

Run from the repository root: .venv/bin/python -m bench.themes_page [--sizes 100000]
[--postgres postgresql://postgres@127.0.0.1:5432/test] (that database is wiped and used).
Both sides run in this process, on the same database, in the same run, taking turns (each
side's best of seven rounds); the ratio is the figure that matters. Prints
`themes_page_DATABASE_SIZE: N.Nx the baseline's time`.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import insert, select, text

from learning.improvement.clusters import last_twelve_months
from learning.reports.tags import recount_every_report
from learning.settings import load_settings
from forms.themes_figures import KEPT_FIGURES
from bench.pages import SIGNED_IN_SQL, page_timer, taking_turns
from storage import schema
from storage.database import Database
from storage.models import Agency, Report, report_agencies
from storage.vocabulary import AgencyType, ContributingFactor, ReportKind, ReportStatus

REPEATS = 10
LONDON = ZoneInfo("Europe/London")
THEMES = ["bruising in non-mobile babies", "missed health appointments", "neglect",
          "strategy discussion invitations", "information sharing at weekends",
          "voice of the child", "domestic abuse", "school moves", "self-harm",
          "exploitation", "private fostering", "transitions to adult services"]
FACTORS = [f.value for f in ContributingFactor]


def seed(database: Database, count: int, now: datetime) -> None:
    """Reports every 7 minutes up to now (the last 12 months hold about 75,000), each with
    one or two themes and factors and one or two agencies."""
    rng = random.Random(16)
    with database.unit_of_work() as uow:
        agencies = [Agency(name=f"Agency {n}", agency_type=AgencyType.OTHER) for n in range(12)]
        uow.session.add_all(agencies)
        uow.commit()
        agency_ids = [a.id for a in agencies]
    statuses = list(ReportStatus)
    for first in range(0, count, 5000):
        rows = []
        for n in range(first, min(first + 5000, count)):
            submitted = now - timedelta(minutes=(count - n) * 7)
            rows.append({
                "reference": f"LL-{n:05X}-{rng.randrange(16**4):04X}"[:16],
                "kind": rng.choice(list(ReportKind)), "what_happened": "Bench report text.",
                "occurred_on": submitted.date(), "setting": "multi_agency_meeting",
                "potential_severity": "moderate", "immediate_risk": False,
                "identity_mode": "anonymous", "channel": "web", "status": rng.choice(statuses),
                "urgent": False, "notifiable": False, "personal_details": {},
                "themes": sorted(rng.sample(THEMES, rng.choice((1, 1, 2)))),
                "contributing_factors": sorted(rng.sample(FACTORS, rng.choice((1, 2)))),
                "child_died_or_seriously_harmed": False, "abuse_or_neglect_suspected": False,
                "submitted_at": submitted, "acknowledgement_due": submitted.date(),
                "submitted_month": submitted.astimezone(LONDON).date().replace(day=1),
                "updated_at": submitted,
            })
        with database.engine.begin() as connection:
            connection.execute(insert(Report), rows)
            ids = connection.execute(select(Report.id).where(Report.id > first)
                                     .order_by(Report.id).limit(len(rows))).scalars().all()
            links = [{"report_id": i, "agency_id": a} for i in ids
                     for a in rng.sample(agency_ids, rng.choice((1, 1, 2)))]
            connection.execute(insert(report_agencies), links)
    # Seeded around intake, so counted as the migration counts reports already kept.
    with database.unit_of_work() as uow:
        recount_every_report(uow.session)
        uow.commit()


def bare_sql(database: Database, first: date, last: date) -> float:
    """The statements the page runs, written by hand: the signed-in session, the kept counts
    by month and by agency, the agencies' names, the signals, the agency filter's list."""
    kept = ("FROM tag_counts WHERE scope_agency_id = 0 AND month >= :first AND month <= :last"
            " AND reports > 0")
    queries = [
        f"SELECT dimension, value, month, reports {kept} AND agency_id = 0",
        f"SELECT dimension, value, agency_id, sum(reports) {kept} AND agency_id != 0"
        " GROUP BY dimension, value, agency_id",
        # The agencies the counts name (the seed's twelve).
        f"SELECT * FROM agencies WHERE id IN ({', '.join(str(n) for n in range(1, 13))})"
        " ORDER BY name",
        "SELECT * FROM signals WHERE state = 'new' ORDER BY found_at DESC",
        "SELECT * FROM signals WHERE state != 'new' ORDER BY decided_at DESC LIMIT 20",
        "SELECT * FROM agencies ORDER BY name"]
    started = time.perf_counter()
    with database.engine.connect() as connection:
        for _ in range(REPEATS):
            for query in [*SIGNED_IN_SQL, *queries]:
                connection.execute(text(query), {"first": first, "last": last}).all()
            connection.rollback()
    return (time.perf_counter() - started) / REPEATS


def forget_figures(app: Flask) -> None:
    """The pictures and tables each worker keeps (`forms.themes_figures`) forgotten, as a new
    report's count does."""
    app.extensions.get(KEPT_FIGURES, {}).clear()


def run(label: str, url: str, count: int, folder: Path) -> None:
    database = Database(url)
    schema.upgrade(database)
    now = datetime.now(UTC)
    seed(database, count, now)
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    # The page's default period: the last twelve whole months to this one.
    settings = load_settings({"DATABASE_URL": url}, instance_path=folder)
    today = now.astimezone(settings.timezone).date()
    period = last_twelve_months(today)
    turns = taking_turns(
        bare=lambda: bare_sql(database, period.first, period.last),
        page=page_timer(url, folder, "/dashboard/themes", repeats=REPEATS),
        drawn=page_timer(url, folder, "/dashboard/themes", repeats=REPEATS,
                         before_each=forget_figures))
    bare, page, drawn = turns.best("bare"), turns.best("page"), turns.best("drawn")
    print(f"{label:10} {count:>7} reports: bare SQL {bare * 1000:7.1f} ms, themes page "
          f"{page * 1000:7.1f} ms (medians {turns.median('bare') * 1000:.1f} and "
          f"{turns.median('page') * 1000:.1f} ms); drawn afresh, as after a count changes, "
          f"{drawn * 1000:.1f} ms ({drawn / bare:.1f}x)")
    print(f"themes_page_{label.lower()}_{count}: {page / bare:.1f}x the baseline's time")
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--postgres", help="an empty PostgreSQL database to use (it is wiped)")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for count in args.sizes:
            path = Path(folder) / f"run-{count}"
            path.mkdir()
            if not args.skip_sqlite:
                run("SQLite", f"sqlite:///{path / 'themes.db'}", count, path)
            if args.postgres:
                url = load_settings({"DATABASE_URL": args.postgres},
                                    instance_path=path).database_url
                wiped(url)
                run("PostgreSQL", url, count, path)
                wiped(url)


def wiped(url: str) -> None:
    """The named database emptied: only a database you gave it for this is touched."""
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    database.dispose()


if __name__ == "__main__":
    main()
