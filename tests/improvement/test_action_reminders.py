"""The clock and action plans: reminders before and after the due date, escalation to the
learning leads, and "has it stuck?" some months after done; each sent once."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from learning.improvement.action_reminders import reminder_stage, schedule_action_reminders
from learning.improvement.actions import ActionUpdate, update_action
from storage.models.improvement import Action
from storage.models.nudges import Delivery, DeliveryKind
from tests.improvement.helpers import a_learning_item, a_person, account, agency_id, an_action


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 7, 20, tzinfo=UTC)


def remind(database, settings, day: date) -> int:
    with database.unit_of_work() as uow:
        added = schedule_action_reminders(uow.session, settings, now=at(day))
        uow.commit()
        return added


def deliveries(database):
    with database.unit_of_work() as uow:
        return [(d.kind, d.occasion, d.person_id) for d in uow.session.scalars(
            select(Delivery).order_by(Delivery.id))]


def test_the_owner_is_reminded_before_and_after_and_leads_hear_it_is_overdue(
        database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    owner = a_person(database, "Tom Okafor", "tom@school.example", slack="U0TOM0001")
    lead_person = a_person(database, "Sam Lead", accounts["learning_lead"], slack="U0LEAD001")
    action_id = an_action(database, lead, a_learning_item(database, lead),
                          agency=agency_id(database), due_on=date(2026, 12, 15),
                          owner_id=owner)
    assert remind(database, settings, date(2026, 12, 1)) == 0  # two weeks ahead: quiet
    assert remind(database, settings, date(2026, 12, 9)) == 1
    assert remind(database, settings, date(2026, 12, 10)) == 0  # once before
    assert remind(database, settings, date(2026, 12, 16)) == 2  # after, and the escalation
    assert remind(database, settings, date(2026, 12, 17)) == 0  # the same week: once
    assert deliveries(database) == [
        (DeliveryKind.ACTION_REMINDER, "before:2026-12-15", owner),
        (DeliveryKind.ACTION_REMINDER, "after:2026-12-15", owner),
        (DeliveryKind.ACTION_ESCALATION, "week:2026-W51", lead_person)]
    with database.unit_of_work() as uow:
        escalation = uow.session.scalar(select(Delivery).where(
            Delivery.kind == DeliveryKind.ACTION_ESCALATION))
        assert "Update the strategy meeting template" in str(escalation.payload)
        assert uow.session.get(Action, action_id).status.value == "open"


def test_months_after_done_the_owner_is_asked_whether_it_stuck(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    owner = a_person(database, "Tom Okafor", "tom@school.example", slack="U0TOM0001")
    action_id = an_action(database, lead, a_learning_item(database, lead),
                          agency=agency_id(database), due_on=date(2027, 1, 31), owner_id=owner)
    with database.unit_of_work() as uow:
        update_action(uow, action_id, ActionUpdate(status="done"), by=lead,
                      today=date(2026, 12, 1))
    assert remind(database, settings, date(2027, 2, 26)) == 0  # under three months
    assert remind(database, settings, date(2027, 3, 1)) == 1
    assert remind(database, settings, date(2027, 3, 2)) == 0
    assert deliveries(database) == [(DeliveryKind.ACTION_STUCK_CHECK, "stuck:2026-12-01", owner)]


def test_a_dropped_action_or_one_without_an_owner_reminds_nobody(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    item = a_learning_item(database, lead)
    an_action(database, lead, item, agency=agency_id(database), due_on=date(2026, 12, 2))
    owner = a_person(database, "Tom Okafor", "tom@school.example")
    dropped = an_action(database, lead, item, agency=agency_id(database),
                        due_on=date(2026, 12, 2), owner_id=owner)
    with database.unit_of_work() as uow:
        update_action(uow, dropped, ActionUpdate(status="dropped", dropped_reason="Superseded"),
                      by=lead, today=date(2026, 12, 1))
        action = uow.session.get(Action, dropped)
        assert reminder_stage(action, date(2026, 12, 3), settings) is None
    assert remind(database, settings, date(2026, 12, 3)) == 0
