"""Action plans at the service level: who may move an action, and how it moves."""

from datetime import date

import pytest

from learning.improvement.actions import (ActionDraft, ActionFilters, ActionRefused,
                                          ActionUpdate, actions_page, add_action, record_stuck,
                                          update_action)
from learning.reports.access import NotAllowed
from storage.models.improvement import Action, ActionStatus
from tests.improvement.helpers import TODAY, a_learning_item, account, agency_id, an_action


def status_of(database, action_id):
    with database.unit_of_work() as uow:
        action = uow.session.get(Action, action_id)
        return action.status, action.done_on, action.dropped_reason


def test_an_action_needs_what_owner_agency_and_a_due_date_not_in_the_past(database, settings,
                                                                        accounts):
    lead = account(database, accounts["learning_lead"])
    item_id = a_learning_item(database, lead)
    with database.unit_of_work() as uow, pytest.raises(ActionRefused) as refused:
        add_action(uow, item_id, ActionDraft(what=" ", owner_name="", due_on=date(2020, 1, 1)),
                   by=lead, today=TODAY)
    assert set(refused.value.problems) == {"what", "owner_name", "agency_id", "due_on"}


def test_done_keeps_the_day_and_dropped_needs_a_reason(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    action_id = an_action(database, lead, a_learning_item(database, lead),
                          agency=agency_id(database), due_on=date(2027, 1, 31))
    with database.unit_of_work() as uow:
        update_action(uow, action_id, ActionUpdate(status="done", evidence="New template live"),
                      by=lead, today=TODAY)
    assert status_of(database, action_id) == (ActionStatus.DONE, TODAY, None)
    with database.unit_of_work() as uow, pytest.raises(ActionRefused) as refused:
        update_action(uow, action_id, ActionUpdate(status="dropped"), by=lead, today=TODAY)
    assert "reason" in refused.value.problems["dropped_reason"]
    with database.unit_of_work() as uow:
        update_action(uow, action_id, ActionUpdate(status="dropped", dropped_reason="Superseded"),
                      by=lead, today=TODAY)
    assert status_of(database, action_id) == (ActionStatus.DROPPED, None, "Superseded")


def test_an_agency_lead_sees_and_updates_their_agency_actions_only(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    item_id = a_learning_item(database, lead)
    police = an_action(database, lead, item_id, agency=agency_id(database),
                       due_on=date(2027, 1, 31))
    school = an_action(database, lead, item_id, agency=agency_id(database,
                                                                 "Meadowbank Primary School"),
                       due_on=date(2027, 1, 31))
    police_lead = account(database, accounts["agency_lead"])
    with database.unit_of_work() as uow:
        shown = actions_page(uow.session, police_lead, ActionFilters(), today=TODAY)
        assert [a.id for a in shown.actions] == [police] and shown.total == 1
    with database.unit_of_work() as uow:
        update_action(uow, police, ActionUpdate(status="in_progress"), by=police_lead,
                      today=TODAY)
    with database.unit_of_work() as uow, pytest.raises(LookupError):
        update_action(uow, school, ActionUpdate(status="done"), by=police_lead, today=TODAY)
    assert status_of(database, school)[0] is ActionStatus.OPEN
    with database.unit_of_work() as uow, pytest.raises(NotAllowed):
        actions_page(uow.session, account(database, accounts["admin"]), ActionFilters(),
                     today=TODAY)


def test_the_overdue_filter_finds_live_actions_past_their_date(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    item_id = a_learning_item(database, lead)
    late = an_action(database, lead, item_id, agency=agency_id(database), due_on=TODAY)
    an_action(database, lead, item_id, agency=agency_id(database), due_on=date(2027, 6, 1))
    later = date(2026, 12, 2)
    with database.unit_of_work() as uow:
        found = actions_page(uow.session, lead, ActionFilters(overdue=True), today=later)
        assert [a.id for a in found.actions] == [late]


def test_the_filters_combine_and_an_agency_lead_stays_in_their_agency(database, settings,
                                                                      accounts):
    lead = account(database, accounts["learning_lead"])
    item_id = a_learning_item(database, lead)
    police, school = agency_id(database), agency_id(database, "Meadowbank Primary School")
    police_late = an_action(database, lead, item_id, agency=police, due_on=TODAY)
    police_later = an_action(database, lead, item_id, agency=police, due_on=date(2027, 6, 1))
    school_late = an_action(database, lead, item_id, agency=school, due_on=TODAY)
    with database.unit_of_work() as uow:
        update_action(uow, police_later, ActionUpdate(status="in_progress"), by=lead,
                      today=TODAY)
    later, police_lead = date(2026, 12, 2), account(database, accounts["agency_lead"])

    def shown(who, **filters):
        with database.unit_of_work() as uow:
            return [a.id for a in actions_page(uow.session, who, ActionFilters(**filters),
                                               today=later).actions]

    assert shown(lead, agency_id=school) == [school_late]
    assert shown(lead, agency_id=police) == [police_late, police_later]
    assert shown(lead, status="in_progress") == [police_later]
    assert shown(lead, overdue=True) == [police_late, school_late]
    assert shown(lead, agency_id=police, overdue=True) == [police_late]
    assert shown(lead, status="not a status") == [police_late, school_late, police_later]
    # The same filters for an agency lead: their own agency's, whatever agency they ask for.
    assert shown(police_lead, agency_id=school) == []
    assert shown(police_lead, overdue=True) == [police_late]


def test_the_stuck_answer_is_recorded_on_a_done_action_only(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    action_id = an_action(database, lead, a_learning_item(database, lead),
                          agency=agency_id(database), due_on=date(2027, 1, 31))
    with database.unit_of_work() as uow, pytest.raises(ActionRefused):
        record_stuck(uow, action_id, "stuck", "", by=lead, today=TODAY)
    with database.unit_of_work() as uow:
        update_action(uow, action_id, ActionUpdate(status="done"), by=lead, today=TODAY)
    with database.unit_of_work() as uow:
        record_stuck(uow, action_id, "stuck", "Audit in March: all invitations named", by=lead,
                     today=TODAY)
    with database.unit_of_work() as uow:
        action = uow.session.get(Action, action_id)
        assert action.stuck.value == "stuck" and action.stuck_note.startswith("Audit in March")
