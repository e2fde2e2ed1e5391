"""Upgrading gives every report already kept the moment it was first moved on, from its
timeline, so "acknowledged in time" reads the same before and after."""

from datetime import UTC, date, datetime

from sqlalchemy import MetaData, Table, insert, select

from storage import schema
from storage.database import Database

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


def test_existing_reports_get_their_first_change_of_state(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    schema.upgrade(database, "0021_theme_counts")  # the revision before the kept moment
    with database.engine.begin() as connection:
        reports = Table("reports", MetaData(), autoload_with=connection)
        common = {"kind": "near_miss", "what_happened": "An invitation went astray.",
                  "setting": "other", "potential_severity": "low", "immediate_risk": False,
                  "child_died_or_seriously_harmed": False, "abuse_or_neglect_suspected": False,
                  "identity_mode": "anonymous", "channel": "web", "urgent": False,
                  "notifiable": False, "personal_details": {}, "themes": [],
                  "contributing_factors": [], "submitted_at": NOW,
                  "acknowledgement_due": date(2026, 11, 4), "updated_at": NOW}
        connection.execute(insert(reports), [
            {**common, "id": 1, "reference": "LL-AAAA-1111", "status": "in_review"},
            {**common, "id": 2, "reference": "LL-BBBB-2222", "status": "new"}])
        events = Table("report_events", MetaData(), autoload_with=connection)
        connection.execute(insert(events), [
            {"report_id": 1, "at": NOW, "kind": "submitted", "actor": "reporter", "detail": {}},
            {"report_id": 1, "at": datetime(2026, 11, 4, 9, tzinfo=UTC),
             "kind": "status_changed", "actor": "account:1", "detail": {}},
            {"report_id": 1, "at": datetime(2026, 11, 3, 9, tzinfo=UTC),
             "kind": "status_changed", "actor": "account:1", "detail": {}},
            {"report_id": 2, "at": NOW, "kind": "submitted", "actor": "reporter", "detail": {}}])
    schema.upgrade(database)
    with database.engine.connect() as connection:
        reports = Table("reports", MetaData(), autoload_with=connection)
        found = dict(connection.execute(select(reports.c.id, reports.c.acknowledged_at)).all())
    assert found[2] is None
    assert str(found[1]).startswith("2026-11-03 09:00")
    database.dispose()
