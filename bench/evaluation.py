"""The report card and the Board pack at 100,000 reports and 500,000 deliveries against the
bare SQL they need.

The baseline is the bare SQL a competent engineer would write by hand for the same figures
(bench.evaluation_bare: one plain statement per figure family and period, no ORM, no Python
aggregation, no suppression): what is left of the ratio is LearnLoop's own cost, its queries'
and its Python's. Both sides run in this process, on the same
database, in the same run; the ratio is the figure that matters. Run from the repository root:
.venv/bin/python -m bench.evaluation [--reports 100000] [--deliveries 500000]
[--postgres postgresql://postgres@127.0.0.1:5432/DBNAME] (that database is wiped and used;
with --reuse it is seeded once and kept for the next run, which must ask for the same size).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, event, insert, select, text, update

from bench import evaluation_bare
from bench.themes_page import THEMES, seed as seed_reports, wiped
from learning.evaluation.board_pack import board_pack
from learning.evaluation.figures import Period
from learning.evaluation.kept_counts import recount_every_delivery
from learning.evaluation.report_counts import recount_every_report
from learning.evaluation.report_card import report_card
from learning.improvement.clusters import SHORT_LIST_SETTINGS
from learning.people.accounts import add_account
from learning.reports.triage import CLOSED
from learning.settings import Settings, load_settings
from storage import schema
from storage.database import Database
from storage.models import Account, Agency, Person, Report, ReportEvent
from storage.models.evaluation import Pulse, PulseAnswer
from storage.models.improvement import Action, ActionStatus, LearningItem
from storage.models.nudges import Bulletin, Delivery, DeliveryKind, Nugget
from storage.vocabulary import EventKind

REPEATS = 5
PEOPLE = 10_000
NUGGETS = 150
KINDS = [DeliveryKind.NUGGET] * 6 + [DeliveryKind.NUGGET_RECHECK, DeliveryKind.BULLETIN,
                                     DeliveryKind.TRAINING_REMINDER, DeliveryKind.DIGEST]


def seed(database: Database, reports: int, deliveries: int, now: datetime,
         timezone: ZoneInfo) -> None:
    """Reports every 7 minutes up to now (themes_page's), most moved on and some closed;
    people, nuggets sent over the last 18 months and their deliveries, pulses and actions."""
    rng = random.Random(17)
    seed_reports(database, reports, now)
    with database.engine.begin() as connection:
        made = connection.execute(select(Report.id, Report.submitted_at, Report.status)).all()
        events = [{"report_id": i, "at": at + timedelta(hours=rng.randrange(1, 96)),
                   "kind": EventKind.STATUS_CHANGED, "actor": "system", "detail": {}}
                  for i, at, status in made if status != "new"]
        for first in range(0, len(events), 10_000):
            connection.execute(insert(ReportEvent), events[first:first + 10_000])
        # What triage keeps beside the timeline's first change of state.
        connection.execute(update(Report).where(Report.id == bindparam("id_"))
                           .values(acknowledged_at=bindparam("moved")),
                           [{"id_": e["report_id"], "moved": e["at"]} for e in events])
        closed = [{"id_": i, "closed": at + timedelta(days=rng.randrange(0, 40)),
                   "outcome": rng.choice([None, "Invitations go to named inboxes."])}
                  for i, at, status in made if status in CLOSED]
        connection.execute(update(Report).where(Report.id == bindparam("id_"))
                           .values(closed_at=bindparam("closed"), outcome=bindparam("outcome")),
                           closed)
        agencies = connection.execute(select(Agency.id)).scalars().all()
        connection.execute(insert(Person), [{"name": f"Person {n}", "agency_id": agencies[n % 12],
                                             "active": True, "created_at": now}
                                            for n in range(PEOPLE)])
        people = connection.execute(select(Person.id)).scalars().all()
        nuggets = connection.execute(insert(Nugget).returning(Nugget.id, Nugget.first_sent_at), [
            {"title": f"Nugget {n}", "what_happened": "…", "themes": [rng.choice(THEMES)],
             "state": "sent", "first_sent_at": now - timedelta(days=540 * n // NUGGETS + 1),
             "created_at": now} for n in range(NUGGETS)]).all()
        bulletins = connection.execute(insert(Bulletin).returning(Bulletin.id, Bulletin.sent_at), [
            {"period_start": date(2020, 1, 1) + timedelta(days=n), "period_end": date(2020, 1, 1),
             "title": f"Bulletin {n}", "state": "sent", "contents": {},
             "sent_at": now - timedelta(days=30 * n + 1), "created_at": now} for n in range(18)]
            ).all()
        item = connection.execute(insert(LearningItem).returning(LearningItem.id), [
            {"title": "Invitations", "what_was_learned": "Named inboxes.", "themes": [],
             "status": "identified", "version": 1, "created_at": now, "updated_at": now}]
            ).scalar_one()
        connection.execute(insert(Action), [
            {"learning_item_id": item, "what": "Brief teams", "owner_name": "Manager",
             "agency_id": rng.choice(agencies), "status": rng.choice(list(ActionStatus)),
             "due_on": now.date() - timedelta(days=rng.randrange(540)), "created_at": now,
             "updated_at": now, "done_on": now.date() - timedelta(days=rng.randrange(540))}
            for _ in range(5000)])
        for first in range(0, deliveries, 10_000):
            connection.execute(insert(Delivery), [
                _delivery(rng, n, people, nuggets, bulletins)
                for n in range(first, min(first + 10_000, deliveries))])
        connection.execute(insert(Pulse), [
            {"item": f"nugget:{nugget}", "nugget_id": nugget, "person_id": person,
             "due_on": now.date(), "answer": rng.choice([*PulseAnswer, None]),
             "answered_at": now}
            for nugget, _ in nuggets for person in rng.sample(people, 100)])
    _kept_counts(database, timezone)


def _kept_counts(database: Database, timezone: ZoneInfo) -> None:
    """The seed's rows went in without intake and the outbox: their kept counts, as the
    migration that made the tables counts existing rows."""
    with database.engine.begin() as connection:
        days = [{"id_": i, "day": at.astimezone(timezone).date()} for i, at in
                connection.execute(select(Report.id, Report.submitted_at))]
        connection.execute(update(Report).where(Report.id == bindparam("id_"))
                           .values(submitted_on=bindparam("day")), days)
    with database.unit_of_work() as uow:
        recount_every_report(uow.session)
        recount_every_delivery(uow.session, timezone)
        uow.commit()


def _delivery(rng: random.Random, n: int, people: list[int], nuggets: list[Any],
              bulletins: list[Any]) -> dict[str, Any]:
    kind = rng.choice(KINDS)
    if kind in (DeliveryKind.NUGGET, DeliveryKind.NUGGET_RECHECK):
        about, sent = rng.choice(nuggets)
        item, nugget_id = f"nugget:{about}", about
    elif kind is DeliveryKind.BULLETIN:
        about, sent = rng.choice(bulletins)
        item, nugget_id = f"bulletin:{about}", None
    else:
        item, nugget_id, sent = f"{kind.value}:{n % 50}", None, bulletins[n % 18][1]
    sent = sent + timedelta(hours=rng.randrange(72))
    answered = rng.random() < 0.4
    return {"kind": kind, "item": item, "recipient": f"person:{people[n % PEOPLE]}",
            "occasion": f"bench:{n}", "person_id": people[n % PEOPLE], "nugget_id": nugget_id,
            "state": "sent" if rng.random() < 0.95 else "failed", "not_before": sent,
            "sent_at": sent, "attempts": 1, "payload": {}, "created_at": sent,
            "useful": rng.random() < 0.7 if answered else None,
            "check_correct": rng.random() < 0.6 if answered else None}


def recorded(database: Database, work: Callable[[], object]) -> list[tuple[str, Any]]:
    """The statements one run of `work` sends (the line printed counts them)."""
    statements: list[tuple[str, Any]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        work()
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    return statements


def bare_sql(database: Database, period: Period, lead_id: int, *, pack: bool) -> float:
    """The hand-written statements (bench.evaluation_bare) through SQLAlchemy's text(), under
    the planner settings the service uses too (no JIT for short GROUP BYs)."""
    queries = [(text(sql), when) for sql, when in
               evaluation_bare.statements(database.engine.dialect.name, pack=pack)]
    periods, once = evaluation_bare.parameters(period, lead_id)
    started = time.perf_counter()
    with database.engine.connect() as connection:
        for _ in range(REPEATS):
            if database.engine.dialect.name == "postgresql":
                for setting in SHORT_LIST_SETTINGS:
                    connection.execute(text(setting))
            for query, when in queries:
                for values in (periods if when == "each" else [once]):
                    connection.execute(query, values).all()
            connection.rollback()
    return (time.perf_counter() - started) / REPEATS


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    for _ in range(REPEATS):
        work()
    return (time.perf_counter() - started) / REPEATS


def run(label: str, url: str, reports: int, deliveries: int, folder: Path, *,
        reuse: bool = False) -> None:
    database = Database(url)
    schema.upgrade(database)
    now = datetime.now(UTC)
    settings = load_settings({"DATABASE_URL": url, "SECRET_KEY": "bench",
                              "LEARNLOOP_INSTANCE_PATH": str(folder)})
    if not (reuse and _seeded(database)):
        seed(database, reports, deliveries, now, settings.timezone)
    if database.engine.dialect.name == "postgresql":
        # As autovacuum leaves a live database: statistics, and the visibility map that lets
        # an index answer alone.
        with database.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    with database.unit_of_work() as uow:
        lead_id = add_account(uow, "bench@lead.example", "learning_lead", password=None).id
    today = now.astimezone(settings.timezone).date()
    last = today.replace(day=1) - timedelta(days=1)
    # The last twelve whole months, as a Board would ask for a year.
    period = Period(start=date(last.year - 1, last.month, 1) + timedelta(days=31), end=last)
    period = Period(start=period.start.replace(day=1), end=last)
    for name, service in (("report_card", report_card), ("board_pack", board_pack)):
        work = _work(database, settings, service, period, lead_id, today)
        work()  # warm up
        statements = recorded(database, work)
        bare = bare_sql(database, period, lead_id, pack=service is board_pack)
        ours = timed(work)
        print(f"{label:10} {reports:>7} reports, {deliveries:>7} deliveries, {name}: "
              f"{len(statements)} statements, bare SQL {bare * 1000:7.1f} ms, "
              f"learning/ {ours * 1000:7.1f} ms")
        print(f"evaluation_{name}_{label.lower()}: {ours / bare:.1f}x the baseline's time")
    database.dispose()


def _seeded(database: Database) -> bool:
    with database.engine.connect() as connection:
        return connection.execute(select(Report.id).limit(1)).first() is not None


def _work(database: Database, settings: Settings, service: Callable[..., object],
          period: Period, lead_id: int, today: date) -> Callable[[], object]:
    def work() -> object:
        with database.unit_of_work() as uow:
            lead = uow.session.get(Account, lead_id)
            return service(uow, period=period, by=lead, settings=settings, today=today,
                           **({"agency_id": None} if service is report_card else {}))
    return work


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--deliveries", type=int, default=500_000)
    parser.add_argument("--postgres", help="a PostgreSQL database of your own (it is wiped)")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the PostgreSQL database seeded between runs: seed it only "
                        "when it holds no reports, and leave it seeded afterwards")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        if not args.skip_sqlite:
            run("SQLite", f"sqlite:///{path / 'evaluation.db'}", args.reports, args.deliveries,
                path)
        if args.postgres:
            url = load_settings({"DATABASE_URL": args.postgres}, instance_path=path).database_url
            if not args.reuse:
                wiped(url)
            run("PostgreSQL", url, args.reports, args.deliveries, path, reuse=args.reuse)
            if not args.reuse:
                wiped(url)


if __name__ == "__main__":
    main()
