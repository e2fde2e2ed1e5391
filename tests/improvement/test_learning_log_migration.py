"""Upgrading keeps every piece of learning: a report's old `learning` text becomes a learning
item linked to it, and each old learning action an action serving that item."""

from datetime import UTC, date, datetime

from sqlalchemy import MetaData, Table, insert, select

from storage import schema
from storage.database import Database
from storage.models.improvement import Action, LearningItem


def test_old_learning_and_actions_move_into_the_log(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    schema.upgrade(database, "0017_outage")  # the revision before the learning log
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with database.engine.begin() as connection:
        reports = Table("reports", MetaData(), autoload_with=connection)
        actions = Table("learning_actions", MetaData(), autoload_with=connection)
        common = {"kind": "near_miss", "what_happened": "An invitation went astray.",
                  "setting": "other", "potential_severity": "low", "immediate_risk": False,
                  "child_died_or_seriously_harmed": False, "abuse_or_neglect_suspected": False,
                  "identity_mode": "anonymous", "channel": "web", "status": "closed",
                  "urgent": False, "notifiable": False, "personal_details": {},
                  "contributing_factors": [], "submitted_at": now,
                  "acknowledgement_due": date(2026, 11, 3), "updated_at": now}
        connection.execute(insert(reports), [
            {**common, "id": 1, "reference": "LL-AAAA-1111", "themes": ["information sharing"],
             "learning": "Invitations go to named inboxes."},
            {**common, "id": 2, "reference": "LL-BBBB-2222", "themes": [], "learning": None},
            {**common, "id": 3, "reference": "LL-CCCC-3333", "themes": [], "learning": None}])
        nuggets = Table("nuggets", MetaData(), autoload_with=connection)
        deliveries = Table("deliveries", MetaData(), autoload_with=connection)
        connection.execute(insert(nuggets).values(
            id=1, title="Named inboxes", what_happened="Use them.", themes=[],
            audience_agency_ids=[],
            audience_roles=[], state="sent", check_options=[], created_at=now))
        connection.execute(insert(deliveries).values(
            kind="nugget", item="nugget:1", recipient="person:1", occasion="first", nugget_id=1,
            payload={}, state="sent", not_before=now, attempts=1, created_at=now))
        events = Table("report_events", MetaData(), autoload_with=connection)
        connection.execute(insert(events).values(report_id=1, at=now, kind="submitted",
                                                 actor="reporter", detail={}))
        connection.execute(insert(actions), [
            {"report_id": 1, "description": "Update the template", "owner": "MASH manager",
             "due_on": date(2026, 12, 1), "done_on": date(2026, 11, 20), "created_at": now},
            {"report_id": 3, "description": "Audit invitations", "owner": "CSC",
             "due_on": date(2027, 1, 1), "done_on": None, "created_at": now}])
    schema.upgrade(database)
    with database.engine.connect() as connection:
        # A table rebuilt on the way must not take its children with it.
        assert connection.execute(select(deliveries.c.nugget_id)).scalars().all() == [1]
        assert len(connection.execute(select(events)).all()) == 1
    with database.unit_of_work() as uow:
        items = uow.session.scalars(select(LearningItem).order_by(LearningItem.id)).all()
        assert [(i.title, [r.reference for r in i.reports]) for i in items] == [
            ("Learning from LL-AAAA-1111", ["LL-AAAA-1111"]),
            ("Learning from LL-CCCC-3333", ["LL-CCCC-3333"])]
        assert items[0].what_was_learned == "Invitations go to named inboxes."
        assert items[0].themes == ["information sharing"] and len(items[0].versions) == 1
        moved = uow.session.scalars(select(Action).order_by(Action.id)).all()
        assert [(a.what, a.owner_name, a.status.value, a.learning_item_id) for a in moved] == [
            ("Update the template", "MASH manager", "done", items[0].id),
            ("Audit invitations", "CSC", "open", items[1].id)]
    database.dispose()
