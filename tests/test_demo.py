"""The demo partnership: its nugget is a full 7-minute briefing, and a bulletin has been sent."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from learning.demo import seed_demo
from learning.nudges.briefing import briefing_of, briefing_parts
from storage.models.nudges import Bulletin, BulletinState, Nugget

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_the_demo_has_a_briefing_and_a_sent_bulletin_and_seeding_twice_adds_nothing(
        database, settings, client):
    seed_demo(database, settings, now=NOW)
    seed_demo(database, settings, now=NOW)
    with database.unit_of_work() as uow:
        nugget = uow.session.scalars(select(Nugget)).one()
        bulletin = uow.session.scalars(select(Bulletin)).one()
        parts = [p.heading for p in briefing_parts(briefing_of(nugget))]
    assert len(parts) == 5
    assert bulletin.state is BulletinState.SENT
    assert [n["id"] for n in bulletin.contents["nuggets"]] == [nugget.id]
    assert len(bulletin.contents["stories"]) == 1
    page = client.get(f"/learning/bulletins/{bulletin.id}").get_data(as_text=True)
    assert "Every report" in page and "We did:" in page
