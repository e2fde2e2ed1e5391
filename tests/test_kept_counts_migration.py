"""Upgrading counts the reports and the outbox's rows already kept into the evaluation's kept
counts, each on its day in the partnership's time zone, so the report card reads the same."""

from datetime import UTC, date, datetime

from sqlalchemy import MetaData, Table, insert, select

from storage import schema
from storage.database import Database

# 23:30 UTC on 1 October is 00:30 on 2 October in London (BST): counted on the 2nd.
LATE = datetime(2026, 10, 1, 23, 30, tzinfo=UTC)
NOON = datetime(2026, 10, 1, 12, tzinfo=UTC)


def test_existing_reports_and_deliveries_are_counted_on_their_local_day(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    schema.upgrade(database, "0023_answered_deliveries")  # the revision before the counts
    with database.engine.begin() as connection:
        def table(name):
            return Table(name, MetaData(), autoload_with=connection)

        connection.execute(insert(table("agencies")), [
            {"id": 1, "name": "Police", "agency_type": "police", "active": True,
             "created_at": NOON}])
        connection.execute(insert(table("people")), [
            {"id": 1, "name": "Priya", "agency_id": 1, "active": True, "created_at": NOON},
            {"id": 2, "name": "Amira", "agency_id": None, "active": True, "created_at": NOON}])
        common = {"kind": "near_miss", "what_happened": "An invitation went astray.",
                  "setting": "other", "potential_severity": "low", "immediate_risk": False,
                  "child_died_or_seriously_harmed": False, "abuse_or_neglect_suspected": False,
                  "identity_mode": "anonymous", "channel": "web", "urgent": False,
                  "notifiable": False, "personal_details": {}, "themes": [],
                  "contributing_factors": [], "status": "new",
                  "acknowledgement_due": date(2026, 10, 5), "updated_at": NOON}
        connection.execute(insert(table("reports")), [
            {**common, "id": 1, "reference": "LL-AAAA-1111", "submitted_at": NOON},
            {**common, "id": 2, "reference": "LL-BBBB-2222", "submitted_at": LATE,
             "channel": "slack"}])
        connection.execute(insert(table("report_agencies")), [{"report_id": 1, "agency_id": 1}])
        delivery = {"kind": "nugget", "item": "nugget:7", "state": "sent", "attempts": 1,
                    "payload": {}, "created_at": NOON, "not_before": NOON, "useful": None,
                    "check_correct": None}
        connection.execute(insert(table("deliveries")), [
            {**delivery, "recipient": "person:1", "occasion": "first", "person_id": 1,
             "sent_at": NOON, "useful": True, "check_correct": False},
            {**delivery, "recipient": "person:2", "occasion": "first", "person_id": 2,
             "sent_at": LATE, "useful": False},
            {**delivery, "recipient": "person:1", "occasion": "recheck:1", "person_id": 1,
             "kind": "nugget_recheck", "sent_at": LATE, "check_correct": True},
            {**delivery, "recipient": "person:2", "occasion": "again", "person_id": 2,
             "state": "failed", "sent_at": None}])
    schema.upgrade(database)
    first, second = date(2026, 10, 1), date(2026, 10, 2)
    with database.engine.connect() as connection:
        def rows(name, *columns):
            found = Table(name, MetaData(), autoload_with=connection)
            return set(connection.execute(select(*(found.c[c] for c in columns))).all())

        assert rows("reports", "id", "submitted_on") == {(1, first), (2, second)}
        assert rows("report_counts", "day", "scope_agency_id", "kind", "channel",
                    "reports") == {(first, 0, "near_miss", "web", 1),
                                   (first, 1, "near_miss", "web", 1),
                                   (second, 0, "near_miss", "slack", 1)}
        # A re-ask is not learning sent; a failed delivery was not sent.
        assert rows("delivered_counts", "day", "kind", "agency_id", "sent") == {
            (first, "nugget", 1, 1), (second, "nugget", 0, 1)}
        assert rows("people_reached", "person_id", "day", "agency_id") == {
            (1, first, 1), (2, second, 0)}
        assert rows("answer_counts", "item", "kind", "agency_id", "useful", "not_useful",
                    "check_right", "check_wrong") == {
            ("nugget:7", "nugget", 1, 1, 0, 0, 1), ("nugget:7", "nugget", 0, 0, 1, 0, 0),
            ("nugget:7", "nugget_recheck", 1, 0, 0, 1, 0)}
    database.dispose()
