"""The actions page at 20,000 actions (and 100,000 reports) against the bare SQL it runs.

The page shows 50 actions a page. The baseline is every statement it runs (its signed-in
session and the navigation's unread count, the page of actions, the total, the agencies),
written by hand.

Run from the repository root: .venv/bin/python -m bench.actions_page [--actions 20000]
[--reports 100000] [--postgres postgresql://postgres@127.0.0.1:5432/DBNAME] (that database is
wiped and used). Both sides run in this process, on the same database, in the same run, taking
turns (each side's best of seven rounds); the ratio is the figure that matters.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text

from bench.queue_page import seed as seed_reports
from bench.pages import SIGNED_IN_SQL, page_timer, taking_turns
from storage import schema
from storage.database import Database
from learning.improvement.actions import ActionFilters
from learning.improvement.actions import actions_page as actions_query
from learning.people.directory import all_agencies
from storage.models import Account, Agency
from storage.models.improvement import Action, ActionStatus, LearningItem, LearningStatus

REPEATS = 20


def seed_actions(database: Database, count: int) -> None:
    rng = random.Random(11)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    with database.engine.begin() as connection:
        agency_ids = connection.execute(select(Agency.id)).scalars().all()
        items = connection.execute(insert(LearningItem).returning(LearningItem.id), [
            {"title": f"Learning {n}", "what_was_learned": "Invitations go to named inboxes.",
             "themes": ["information sharing"], "status": rng.choice(list(LearningStatus)),
             "version": 1, "created_at": now, "updated_at": now}
            for n in range(max(1, count // 10))]).scalars().all()
    for first in range(0, count, 5000):
        rows = [{"learning_item_id": rng.choice(items), "agency_id": rng.choice(agency_ids),
                 "what": "Update the strategy meeting template and brief every team. " * 2,
                 "owner_name": "MASH manager", "status": rng.choice(list(ActionStatus)),
                 "due_on": date(2026, 1, 1) + timedelta(days=rng.randrange(730)),
                 "created_at": now, "updated_at": now}
                for _ in range(first, min(first + 5000, count))]
        with database.engine.begin() as connection:
            connection.execute(insert(Action), rows)


def bare_sql(database: Database) -> float:
    """The statements the actions page runs, by hand: the signed-in session, one page of 50
    with its agency and learning item, the total, and the agencies for the filter."""
    queries = [
        "SELECT count(*) FROM actions",
        "SELECT a.*, g.name, i.title FROM actions a "
        "LEFT JOIN agencies g ON g.id = a.agency_id "
        "JOIN learning_items i ON i.id = a.learning_item_id "
        "ORDER BY a.due_on, a.id LIMIT 50",
        "SELECT * FROM agencies ORDER BY name"]
    started = time.perf_counter()
    with database.engine.connect() as connection:
        for _ in range(REPEATS):
            for query in [*SIGNED_IN_SQL, *queries]:
                connection.execute(text(query)).all()
            connection.rollback()
    return (time.perf_counter() - started) / REPEATS


def service_only(database: Database) -> float:
    """What `learning/` does for the page (its queries and loading), without Flask or Jinja."""
    with database.unit_of_work() as uow:
        lead = uow.session.scalar(select(Account).where(Account.email.startswith("bench"))
                                  .order_by(Account.id).limit(1))
    started = time.perf_counter()
    for _ in range(REPEATS):
        with database.unit_of_work() as uow:
            actions_query(uow.session, lead, ActionFilters(), today=date(2026, 12, 1))
            all_agencies(uow.session)
    return (time.perf_counter() - started) / REPEATS


def run(label: str, url: str, reports: int, actions: int, folder: Path) -> None:
    database = Database(url)
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    schema.upgrade(database)
    seed_reports(database, reports)
    seed_actions(database, actions)
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    turns = taking_turns(bare=lambda: bare_sql(database),
                         page=page_timer(url, folder, "/dashboard/actions", repeats=REPEATS),
                         service=lambda: service_only(database))
    bare, page, service = turns.best("bare"), turns.best("page"), turns.best("service")
    print(f"{label:10} {reports:>7} reports, {actions:>6} actions: bare SQL "
          f"{bare * 1000:7.1f} ms, learning/ service {service * 1000:7.1f} ms "
          f"({service / bare:.1f}x), actions page {page * 1000:7.1f} ms (medians "
          f"{turns.median('bare') * 1000:.1f}, {turns.median('service') * 1000:.1f} and "
          f"{turns.median('page') * 1000:.1f} ms)")
    print(f"actions_page_{label.lower()}_{actions}: {page / bare:.1f}x the baseline's time")
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--postgres", help="a PostgreSQL database of your own (it is wiped)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        run("SQLite", f"sqlite:///{path / 'actions.db'}", args.reports, args.actions, path)
        if args.postgres:
            run("PostgreSQL", args.postgres, args.reports, args.actions, path)


if __name__ == "__main__":
    main()
