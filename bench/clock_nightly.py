"""The clock's nightly upkeep at scale: retention and outbox pruning, against their bare SQL.

A partnership with years of history: REPORTS closed reports spread over four years (those
closed over a year ago already masked, their case keys gone) and DELIVERIES finished outbox
rows spread over 25 months. Tonight some case keys and texts fall due and a day's worth of
old deliveries passes the 24-month retention period.

Baseline: the statements that night needs, written by hand, set-based, on one connection
(find the reports with something due; for the due case keys write the retention record and
the timeline event and delete the key; delete the old deliveries), rolled back so LearnLoop
then meets the same state; on PostgreSQL with JIT off, as retention runs. It does not mask
text (that needs the guard, in Python), so LearnLoop does somewhat more. LearnLoop: the
clock's `retention` and `prune_outbox` jobs (`apply_retention`, `prune_outbox`), committed.

  .venv/bin/python -m bench.clock_nightly [--reports N --deliveries N] [--database URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from learning.nudges.outbox_upkeep import prune_outbox
from learning.privacy.pii import find_personal_details
from learning.privacy.retention import apply_retention
from learning.settings import load_settings
from storage import schema
from storage.database import Database
from storage.models import CaseKey, Report
from storage.models.base import Base
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState, RetentionRecord
from storage.vocabulary import Channel, IdentityMode, ReportKind, ReportStatus, Setting, Severity

TONIGHT = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
BATCH = 10_000
DAYS = 4 * 365  # reports closed over four years
OUTBOX_MINUTES = 25 * 31 * 24 * 60  # deliveries over 25 months
KEYS_KEPT = 184  # reports closed fewer days ago than this still have their case keys
MASKED_AFTER = 366  # reports closed more days ago than this have their text masked
WHAT_HAPPENED = "The invitation went to an old shared mailbox."
BARE_SQL = {
    "due": """
        SELECT r.id FROM reports r
        WHERE r.status IN ('closed', 'closed_no_further_action') AND r.closed_at IS NOT NULL
          AND ((r.identity_mode = 'confidential'
                AND EXISTS (SELECT 1 FROM reporter_identities i WHERE i.report_id = r.id))
            OR (EXISTS (SELECT 1 FROM case_keys k WHERE k.report_id = r.id)
                AND r.closed_at < :key_cutoff)
            OR (r.closed_at < :mask_cutoff AND NOT EXISTS (
                SELECT 1 FROM retention_records m
                WHERE m.report_id = r.id AND m.action = 'text_masked')))""",
    "records": """
        INSERT INTO retention_records (report_id, action, at)
        SELECT k.report_id, 'case_key_deleted', :now FROM case_keys k
        JOIN reports r ON r.id = k.report_id WHERE r.closed_at < :key_cutoff""",
    "events": """
        INSERT INTO report_events (report_id, kind, actor, at, detail)
        SELECT k.report_id, 'retention_applied', 'LearnLoop', :now, '{}' FROM case_keys k
        JOIN reports r ON r.id = k.report_id WHERE r.closed_at < :key_cutoff""",
    "keys": "DELETE FROM case_keys WHERE report_id IN (SELECT id FROM reports"
            " WHERE closed_at < :key_cutoff)",
    "outbox": "DELETE FROM deliveries WHERE state IN ('sent', 'failed', 'skipped')"
              " AND not_before < :outbox_cutoff",
}


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


def bare_night(database: Database) -> float:
    cutoffs = {"now": TONIGHT, "key_cutoff": TONIGHT - timedelta(days=182),
               "mask_cutoff": TONIGHT - timedelta(days=365),
               "outbox_cutoff": datetime.combine(date(2024, 12, 1), datetime.min.time(), UTC)}
    with database.engine.connect() as connection:
        started = time.perf_counter()
        if database.engine.dialect.name == "postgresql":
            # The planner setting retention uses (no JIT for its one scan of closed reports).
            connection.execute(text("SET LOCAL jit = off"))
        connection.execute(text(BARE_SQL["due"]), cutoffs).all()
        for statement in ("records", "events", "keys", "outbox"):
            connection.execute(text(BARE_SQL[statement]), cutoffs)
        elapsed = time.perf_counter() - started
        connection.rollback()
    return elapsed


def learnloop_night(database: Database, folder: Path) -> tuple[float, int, int]:
    settings = load_settings({"DATABASE_URL": database.url, "SECRET_KEY": "bench",
                              "LEARNLOOP_INSTANCE_PATH": str(folder)})
    started = time.perf_counter()
    with database.unit_of_work() as uow:
        retained = apply_retention(uow.session, settings, now=TONIGHT)
        uow.commit()
    with database.unit_of_work() as uow:
        pruned = prune_outbox(uow.session, settings, now=TONIGHT)
        uow.commit()
    return time.perf_counter() - started, retained, pruned


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--deliveries", type=int, default=5_000_000)
    parser.add_argument("--database", help="a scratch PostgreSQL URL (it is emptied first); "
                                           "SQLite in a temporary folder by default")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nightly-bench-"))
    database = Database(options.database or f"sqlite:///{folder / 'bench.db'}")
    if options.database:
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    schema.upgrade(database)
    populate(database, options.reports, options.deliveries)
    with database.engine.begin() as connection:
        if database.engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))
    # The clock is a long-running process: its first use of the guard (phone metadata) and
    # the database's cold pages are not a night's cost. Warm both, then measure.
    find_personal_details("Call 01632 960123 on 1 March 2015.", today=TONIGHT.date())
    bare_night(database)
    baseline = bare_night(database)
    elapsed, retained, pruned = learnloop_night(database, folder)
    print(f"reports {options.reports:,}, deliveries {options.deliveries:,}, "
          f"database {database.engine.dialect.name}")
    print(f"tonight: {retained} retention actions, {pruned} old deliveries pruned")
    print(f"bare SQL: {baseline:.2f} s; LearnLoop: {elapsed:.2f} s")
    print(f"clock_nightly: {elapsed / baseline:.1f}x the baseline's time")
    database.dispose()


if __name__ == "__main__":
    main()
