"""The clock's nightly upkeep at scale: retention and outbox pruning, against their bare SQL.

A partnership with years of history: REPORTS closed reports spread over four years (those
closed over a year ago already masked, their case keys gone) and DELIVERIES finished outbox
rows spread over 25 months. Tonight some case keys and texts fall due (at 1,000,000 reports,
1,370 keys and 684 texts) and the oldest six weeks of deliveries (5.8% of them) are past the
24-month retention period. On PostgreSQL the seed is set-based, its indexes built after the
rows, then VACUUM ANALYZE, as after a restore.

Each side runs on its own copy of the seeded database (CREATE DATABASE ... TEMPLATE on
PostgreSQL, a copied file on SQLite), warmed by the bare night rolled back, and commits.
Baseline: the night's statements by hand, set-based, one transaction (what is due into a
temporary table; for each kind of removal one DELETE and its records and timeline events
by INSERT ... SELECT; the texts due for masking read; used links and old deliveries deleted
each in one statement); on PostgreSQL with JIT off, as retention runs. It does not run the
guard over the texts (Python; here it finds nothing to change, so neither side rewrites a
text). LearnLoop: the clock's `retention` and `prune_outbox` jobs, which commit in batches
(retention's of 500 reports, pruning's of about 50,000 rows), where the baseline commits
once. Both sides' counts of what they did are printed and must agree.

  .venv/bin/python -m bench.clock_nightly [--reports N --deliveries N] [--database URL]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path

from sqlalchemy import TextClause, bindparam, create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import configure_mappers

from learning.nudges.calendar import add_months

from learning.nudges.outbox_upkeep import prune_outbox
from learning.privacy.pii import find_personal_details
from learning.privacy.retention import apply_retention
from learning.settings import Settings, load_settings
from storage import schema
from storage.database import Database
from storage.models import CaseKey, Report
from storage.models.base import Base, UTCDateTime
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState, RetentionRecord
from storage.vocabulary import Channel, IdentityMode, ReportKind, ReportStatus, Setting, Severity

TONIGHT = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
BATCH = 10_000
DAYS = 4 * 365  # reports closed over four years
OUTBOX_MINUTES = 25 * 31 * 24 * 60  # deliveries over 25 months
KEYS_KEPT = 184  # reports closed fewer days ago than this still have their case keys
MASKED_AFTER = 366  # reports closed more days ago than this have their text masked
WHAT_HAPPENED = "The invitation went to an old shared mailbox."
# The night by hand: what is due, found once into a temporary table (each kind of removal on
# its own, so the masking check is one anti-join), then one statement for each removal and its
# records; the texts due for masking are read for the guard.
CLOSED = "r.status IN ('closed', 'closed_no_further_action') AND r.closed_at IS NOT NULL"
DUE = f"""CREATE TEMPORARY TABLE due AS
    SELECT r.id, 'identity' AS what FROM reports r JOIN reporter_identities i ON i.report_id = r.id
    WHERE {CLOSED} AND r.identity_mode = 'confidential' AND NOT EXISTS (
        SELECT 1 FROM deliveries d WHERE d.report_id = r.id AND d.kind = 'outcome'
        AND d.state IN ('pending', 'sending'))
    UNION ALL
    SELECT r.id, 'key' FROM reports r JOIN case_keys k ON k.report_id = r.id
    WHERE {CLOSED} AND r.closed_at < :key_cutoff
    UNION ALL
    SELECT r.id, 'mask' FROM reports r WHERE {CLOSED} AND r.closed_at < :mask_cutoff
    AND NOT EXISTS (SELECT 1 FROM retention_records m
                    WHERE m.report_id = r.id AND m.action = 'text_masked')"""
RECORDS = ("INSERT INTO retention_records (report_id, action, at)"
           " SELECT id, '{action}', :now FROM due WHERE what = '{what}'")
EVENTS = ("INSERT INTO report_events (report_id, kind, actor, at, detail)"
          " SELECT id, '{kind}', 'system', :now, '{detail}' FROM due WHERE what = '{what}'")
BARE_SQL = (
    DUE,
    "DELETE FROM reporter_identities WHERE report_id IN (SELECT id FROM due"
    " WHERE what = 'identity')",
    RECORDS.format(action="identity_deleted", what="identity"),
    EVENTS.format(kind="identity_deleted", detail='{"by": "retention"}', what="identity"),
    "DELETE FROM case_keys WHERE report_id IN (SELECT id FROM due WHERE what = 'key')",
    RECORDS.format(action="case_key_deleted", what="key"),
    EVENTS.format(kind="retention_applied", detail='{"action": "case_key_deleted"}', what="key"),
    RECORDS.format(action="text_masked", what="mask"),
    EVENTS.format(kind="retention_applied", detail='{"action": "text_masked"}', what="mask"),
    "DELETE FROM used_links WHERE used_at < :links_cutoff",
    "DELETE FROM deliveries WHERE state IN ('sent', 'failed', 'skipped')"
    " AND not_before < :outbox_cutoff",
    "DROP TABLE due",
)
CUTOFFS = ("now", "key_cutoff", "mask_cutoff", "outbox_cutoff", "links_cutoff")
TEXTS = ("SELECT r.id, r.what_happened, r.what_stopped_harm, r.personal_details FROM due"
         " JOIN reports r ON r.id = due.id WHERE due.what = 'mask'")


def populate(database: Database, reports: int, deliveries: int) -> None:
    """The history below, on PostgreSQL set-based (a million reports in well under a minute),
    on SQLite row by row (its sizes are small); both make the same rows."""
    if database.engine.dialect.name == "postgresql":
        _populate_set_based(database, reports, deliveries)
    else:
        _populate_row_by_row(database, reports, deliveries)


def _seed_values(reports: int, deliveries: int) -> dict[str, object]:
    return {"reports": reports, "deliveries": deliveries, "tonight": TONIGHT, "days": DAYS,
            "minutes": OUTBOX_MINUTES, "kind": ReportKind.NEAR_MISS.value,
            "text": WHAT_HAPPENED, "setting": Setting.MULTI_AGENCY_MEETING.value,
            "severity": Severity.MODERATE.value, "mode": IdentityMode.ANONYMOUS.value,
            "channel": Channel.WEB.value, "status": ReportStatus.CLOSED.value,
            "delivery_kind": DeliveryKind.DIGEST.value, "sent": DeliveryState.SENT.value,
            "masked_after": MASKED_AFTER, "keys_kept": KEYS_KEPT}


SEED_SQL = (
    """INSERT INTO reports (id, reference, kind, what_happened, occurred_on, setting,
           potential_severity, immediate_risk, child_died_or_seriously_harmed,
           abuse_or_neglect_suspected, looked_after_child_died, identity_mode, channel, status,
           urgent, notifiable, personal_details, themes, contributing_factors,
           share_in_bulletin, submitted_at, acknowledgement_due, closed_at, updated_at)
       SELECT n + 1, 'LL-' || lpad(n::text, 12, '0'), :kind, :text, closed::date, :setting,
           :severity, false, false, false, false, :mode, :channel, :status, false, false,
           '{}', '[]', '[]', false, closed - interval '20 days', closed::date, closed, closed
       FROM generate_series(0::bigint, :reports - 1) AS n,
           LATERAL (SELECT :tonight - make_interval(days => (1 + n * :days / :reports)::int,
                                                    hours => 3) AS closed) AS c""",
    """INSERT INTO case_keys (report_id, locator, secret_hash, failed_attempts)
       SELECT id, 'K' || lpad(id::text, 12, '0'), 'x', 0 FROM reports
       WHERE closed_at > :tonight - make_interval(days => :keys_kept)""",
    """INSERT INTO retention_records (report_id, action, at)
       SELECT id, 'text_masked', :tonight FROM reports
       WHERE closed_at < :tonight - make_interval(days => :masked_after)""",
    """INSERT INTO deliveries (kind, item, recipient, occasion, state, payload, attempts,
           not_before, created_at)
       SELECT :delivery_kind, 'nugget:' || (n / 1000), 'person:' || (n % 1000), 'first',
           :sent, '{}', 1, :tonight - make_interval(mins => (n * :minutes / :deliveries)::int),
           :tonight
       FROM generate_series(0::bigint, :deliveries - 1) AS n""",
)
SEEDED = ("reports", "case_keys", "retention_records", "deliveries")


def _populate_set_based(database: Database, reports: int, deliveries: int) -> None:
    """As a restore does: the rows first, then the tables' indexes built once over them."""
    tables = [Base.metadata.tables[name] for name in SEEDED]
    with database.engine.begin() as connection:
        connection.execute(text("SET LOCAL TimeZone = 'UTC'"))
        connection.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        for table in tables:
            for index in table.indexes:
                index.drop(connection)
        for statement in SEED_SQL:
            connection.execute(text(statement), _seed_values(reports, deliveries))
        for table in tables:
            for index in table.indexes:
                index.create(connection)


def _populate_row_by_row(database: Database, reports: int, deliveries: int) -> None:
    with database.engine.begin() as connection:
        for start in range(0, reports, BATCH):
            rows = []
            for n in range(start, min(start + BATCH, reports)):
                closed = TONIGHT - timedelta(days=1 + n * DAYS // reports, hours=3)
                rows.append({
                    "id": n + 1, "reference": f"LL-{n:012d}", "kind": ReportKind.NEAR_MISS,
                    "what_happened": WHAT_HAPPENED,
                    "occurred_on": closed.date(), "setting": Setting.MULTI_AGENCY_MEETING,
                    "potential_severity": Severity.MODERATE, "immediate_risk": False,
                    "identity_mode": IdentityMode.ANONYMOUS, "channel": Channel.WEB,
                    "status": ReportStatus.CLOSED, "submitted_at": closed - timedelta(days=20),
                    "acknowledgement_due": closed.date(), "closed_at": closed,
                    "personal_details": {}, "themes": [], "contributing_factors": [],
                    "updated_at": closed})
            connection.execute(insert(Report), rows)
            # Reports closed over six months ago lost their case keys on earlier nights, and
            # those closed over a year ago had their text masked.
            keys = [{"report_id": r["id"], "locator": f"K{r['id']:012d}", "secret_hash": "x",
                     "failed_attempts": 0}
                    for r in rows if TONIGHT - r["closed_at"] < timedelta(days=KEYS_KEPT)]
            if keys:
                connection.execute(insert(CaseKey), keys)
            masked = [{"report_id": r["id"], "action": "text_masked", "at": TONIGHT}
                      for r in rows if TONIGHT - r["closed_at"] > timedelta(days=MASKED_AFTER)]
            if masked:
                connection.execute(insert(RetentionRecord), masked)
        for start in range(0, deliveries, BATCH):
            connection.execute(insert(Delivery), [{
                "kind": DeliveryKind.DIGEST, "item": f"nugget:{n // 1000}",
                "recipient": f"person:{n % 1000}", "occasion": "first",
                "state": DeliveryState.SENT, "payload": {}, "attempts": 1,
                "not_before": TONIGHT - timedelta(minutes=n * OUTBOX_MINUTES // deliveries),
                "created_at": TONIGHT} for n in range(start, min(start + BATCH, deliveries))])


def bare_night(database: Database, settings: Settings) -> float:
    """The night's statements by hand on one connection, committed as one transaction."""
    with database.engine.connect() as connection:
        started = time.perf_counter()
        if database.engine.dialect.name == "postgresql":
            # The planner setting retention uses (no JIT for its one scan of closed reports).
            connection.execute(text("SET LOCAL jit = off"))
        for statement in BARE_SQL:
            connection.execute(_sql(statement), _cutoffs(settings))
            if statement.startswith("CREATE"):
                connection.execute(text(TEXTS)).all()
        connection.commit()
        return time.perf_counter() - started


def _sql(statement: str) -> TextClause:
    """The statement with its times bound as LearnLoop stores them (UTC, SQLite's format)."""
    return text(statement).bindparams(*[bindparam(name, type_=UTCDateTime())
                                        for name in CUTOFFS if f":{name}" in statement])


def _cutoffs(settings: Settings) -> dict[str, datetime]:
    """The start of the first day in the partnership's calendar on which nothing is yet due."""
    today = TONIGHT.astimezone(settings.timezone).date()

    def months_ago(months: int) -> datetime:
        day = add_months(today, -months) + timedelta(days=1)
        return datetime.combine(day, time_of_day(), tzinfo=settings.timezone)

    return {"now": TONIGHT, "key_cutoff": months_ago(settings.retention_case_key_months),
            "mask_cutoff": months_ago(settings.retention_mask_months),
            "outbox_cutoff": datetime.combine(add_months(today, -settings.outbox_retention_months),
                                              time_of_day(), tzinfo=UTC),
            "links_cutoff": TONIGHT - timedelta(days=settings.one_click_link_days)}


def learnloop_night(database: Database, settings: Settings) -> float:
    started = time.perf_counter()
    with database.unit_of_work() as uow:
        apply_retention(uow.session, settings, now=TONIGHT)
        uow.commit()
    with database.unit_of_work() as uow:
        prune_outbox(uow.session, settings, now=TONIGHT)
        uow.commit()
    return time.perf_counter() - started


@contextmanager
def a_copy(database: Database, settings: Settings) -> Iterator[Database]:
    """A copy of the seeded database, so each side's night starts from the same state and
    commits; warmed by a night rolled back (the clock is long running: pages are warm)."""
    database.dispose()
    url = make_url(database.url)
    if url.get_backend_name() == "postgresql":
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        name = f"{url.database}_night"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"'
                                    " STRATEGY FILE_COPY"))
        copy_url = url.set(database=name).render_as_string(hide_password=False)
    else:
        copied = Path(str(url.database)).with_name("night.db")
        shutil.copyfile(str(url.database), copied)
        copy_url = f"sqlite:///{copied}"
    copy = Database(copy_url)
    try:
        with copy.engine.connect() as connection:
            for statement in BARE_SQL:
                connection.execute(_sql(statement), _cutoffs(settings))
            connection.rollback()
        copy.dispose()  # SQLite's driver commits a CREATE on its own: start afresh
        yield copy
    finally:
        copy.dispose()
        if url.get_backend_name() == "postgresql":
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()
        else:
            copied.unlink()


def what_was_done(database: Database, deliveries: int) -> str:
    """Every removal writes one timeline event (the seed writes none)."""
    with database.engine.connect() as connection:
        actions = connection.scalar(text("SELECT count(*) FROM report_events"))
        left = connection.scalar(text("SELECT count(*) FROM deliveries"))
    return f"{actions} retention actions, {deliveries - left} old deliveries pruned"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--deliveries", type=int, default=5_000_000)
    parser.add_argument("--database", help="a scratch PostgreSQL URL (it is emptied first, and"
                                           " NAME_night is made beside it and dropped); SQLite"
                                           " in a temporary folder by default")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nightly-bench-"))
    database = Database(options.database or f"sqlite:///{folder / 'bench.db'}")
    settings = load_settings({"DATABASE_URL": database.url, "SECRET_KEY": "bench",
                              "LEARNLOOP_INSTANCE_PATH": str(folder)})
    if options.database:
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    schema.upgrade(database)
    started = time.perf_counter()
    populate(database, options.reports, options.deliveries)
    if options.database:
        # As after a restore, or any night's autovacuum: statistics and the visibility map.
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    seeded = time.perf_counter() - started
    # The clock is a long-running process: its first use of the guard (phone metadata) and
    # of the mappers are not a night's cost.
    find_personal_details("Call 01632 960123 on 1 March 2015.", today=TONIGHT.date())
    configure_mappers()
    with a_copy(database, settings) as copy:
        baseline = bare_night(copy, settings)
        bare_did = what_was_done(copy, options.deliveries)
    with a_copy(database, settings) as copy:
        elapsed = learnloop_night(copy, settings)
        learnloop_did = what_was_done(copy, options.deliveries)
    print(f"reports {options.reports:,}, deliveries {options.deliveries:,}, "
          f"database {database.engine.dialect.name}, seeded in {seeded:.0f} s")
    print(f"bare SQL tonight: {bare_did}")
    print(f"LearnLoop tonight: {learnloop_did}")
    print(f"bare SQL: {baseline:.2f} s; LearnLoop: {elapsed:.2f} s")
    print(f"clock_nightly: {elapsed / baseline:.1f}x the baseline's time")
    database.dispose()


if __name__ == "__main__":
    main()
