"""The learning bulletin: assembled for the period just ended, de-identified, sent through the
outbox to channels and to people reached by email."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from learning.nudges import bulletin_changes
from learning.nudges.bulletins import draft_bulletin, last_full_period, period_containing
from learning.people.directory import set_agency_channel
from learning.reports.triage import TransitionRefused
from storage.models.nudges import Bulletin, BulletinState, Delivery, DeliveryKind, DeliveryState
from tests.dashboard.reports import a_report
from tests.jobs.bulletin_data import DECEMBER_2ND, a_partnerships_november
from tests.jobs.people import a_person
from tests.people import an_account, load_account


def drafted(database, settings, now=DECEMBER_2ND) -> int:
    with database.unit_of_work() as uow:
        added = draft_bulletin(uow.session, settings, now=now)
        uow.commit()
    return added


def the_bulletin(database) -> Bulletin:
    with database.unit_of_work() as uow:
        return uow.session.scalars(select(Bulletin)).one()


@pytest.mark.parametrize("day, months, expected", [
    ("2026-12-02", 1, ("2026-11-01", "2026-11-30")),
    ("2026-01-15", 1, ("2025-12-01", "2025-12-31")),
    ("2026-04-01", 3, ("2026-01-01", "2026-03-31")),
    ("2026-02-28", 3, ("2025-10-01", "2025-12-31")),
])
def test_the_period_is_the_last_one_to_end(day, months, expected):
    from datetime import date
    start, end = last_full_period(date.fromisoformat(day), months)
    assert (start.isoformat(), end.isoformat()) == expected
    assert period_containing(start, months) == (start, end)


def test_novembers_bulletin_holds_what_was_shared_and_says_what_was_left_out(database, settings):
    seeded = a_partnerships_november(database, settings)
    assert drafted(database, settings) == 1
    assert drafted(database, settings) == 0, "one bulletin a period, however often the clock runs"
    bulletin = the_bulletin(database)
    contents = bulletin.contents
    assert bulletin.title == "LearnLoop learning bulletin: November 2026"
    assert bulletin.state is BulletinState.DRAFT
    assert [n["id"] for n in contents["nuggets"]] == [seeded["sent"]]  # not withdrawn, not Dec
    assert len(contents["stories"]) == 3  # two Police, one school: not October's, not unshared
    assert [e["title"] for e in contents["events"]] == ["Neglect toolkit & <GCP2> training"]
    assert contents["left_out"] == [
        {"what": "1 nugget(s)", "why": "withdrawn by the learning group"},
        {"what": "4 closed report(s)", "why": "not marked shareable by a lead"}]


def test_a_story_is_masked_with_no_reference_no_reporter_and_a_small_agency_unnamed(
        database, settings):
    seeded = a_partnerships_november(database, settings)
    drafted(database, settings)
    stories = the_bulletin(database).contents["stories"]
    shown = json.dumps(stories)
    for reference in [*seeded["shared"], seeded["small"], "LL-7KQ3-92XD"]:
        assert reference not in shown
    assert "07911 123456" not in shown and "07700 900123" not in shown
    assert "Priya" not in shown and "priya.shah" not in shown
    police = next(s for s in stories if s["agency"] == "Riverside Police")
    assert "[phone number]" in police["said"] and "[reference]" in police["did"]
    assert sorted(s["agency"] for s in stories) == ["Riverside Police", "Riverside Police",
                                                     "a partner agency"]
    assert "Meadowbank" not in shown


def test_only_a_closed_report_with_an_outcome_can_be_marked_shareable(database, settings):
    an_account(database, "lead@riverside.example", "learning_lead")
    from tests.people import an_agency
    an_agency(database)
    reference = a_report(database, settings)
    from learning.nudges.bulletins import share_in_bulletin
    from learning.reports.triage import find_report
    with database.unit_of_work() as uow, pytest.raises(TransitionRefused, match="close it first"):
        share_in_bulletin(uow.session, find_report(uow.session, reference),
                          by=load_account(uow.session, 1), share=True)


def test_a_sent_bulletin_goes_to_every_channel_and_to_people_without_chat(database, settings):
    a_partnerships_november(database, settings)
    a_person(database, "Hannah Lewis", slack_user_id=None)  # email only
    admin = an_account(database, "admin@riverside.example", "admin")
    with database.unit_of_work() as uow:
        set_agency_channel(uow.session, by=load_account(uow.session, admin), agency_id=1,
                           platform="slack", channel="C0POLICE")
        uow.commit()
    drafted(database, settings)
    bulletin_id = the_bulletin(database).id
    with database.unit_of_work() as uow:
        lead = load_account(uow.session, 1)
        assert bulletin_changes.save_introduction(uow, bulletin_id, "Thank you **all**.",
                                                  by=lead) is None
    with database.unit_of_work() as uow:
        assert bulletin_changes.send(uow, bulletin_id, settings, by=lead, now=DECEMBER_2ND) == 2
    with database.unit_of_work() as uow, pytest.raises(bulletin_changes.NotADraft):
        bulletin_changes.send(uow, bulletin_id, settings, by=lead, now=DECEMBER_2ND)
    with database.unit_of_work() as uow:
        assert "sent" in bulletin_changes.save_introduction(uow, bulletin_id, "Later", by=lead)
        rows = uow.session.scalars(select(Delivery).order_by(Delivery.id)).all()
    bulletins = [r for r in rows if r.kind is DeliveryKind.BULLETIN]
    assert [r.recipient for r in bulletins] == ["channel:slack:C0POLICE", "person:2"]
    assert bulletins[1].state is DeliveryState.SKIPPED  # no mail messenger on this branch yet
    lines = json.dumps(bulletins[0].payload)
    assert "Thank you all." in lines and "/learning/bulletins/1" in lines

