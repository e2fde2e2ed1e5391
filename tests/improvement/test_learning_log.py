"""The learning log's rules, at the service level: versions, links, search and filters."""

import pytest

from learning.improvement.learning_log import (LearningDraft, LearningRefused, LogFilters,
                                               edit_learning, learning_item_page, learning_log,
                                               link_report)
from learning.reports.access import NotAllowed
from storage.models.improvement import LearningItem
from tests.dashboard.reports import a_report
from tests.improvement.helpers import NOW, a_learning_item, account, agency_id, an_action
from datetime import date


def test_every_edit_is_kept_as_a_version(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    item_id = a_learning_item(database, lead, themes=("Information  Sharing",))
    with database.unit_of_work() as uow:
        edit_learning(uow, item_id, LearningDraft(
            title="Invitations to named inboxes", what_was_learned="Now in the MASH procedure.",
            themes=["information sharing"], status="being_disseminated"), by=lead, now=NOW)
    with database.unit_of_work() as uow:
        item = uow.session.get(LearningItem, item_id)
        assert item.version == 2 and item.status.value == "being_disseminated"
        assert [v.number for v in item.versions] == [2, 1]
        assert item.versions[1].what_was_learned.startswith("Strategy discussion invitations")
        assert item.versions[1].status.value == "identified"
        assert item.themes == ["information sharing"]


def test_a_refused_edit_says_why_by_field_and_keeps_the_item(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    item_id = a_learning_item(database, lead)
    with database.unit_of_work() as uow, pytest.raises(LearningRefused) as refused:
        edit_learning(uow, item_id, LearningDraft(title=" ", what_was_learned="x" * 5001,
                                                  status="forgotten"), by=lead, now=NOW)
    assert set(refused.value.problems) == {"title", "what_was_learned", "status"}
    with database.unit_of_work() as uow:
        assert uow.session.get(LearningItem, item_id).version == 1


def test_one_learning_item_can_come_from_many_reports(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    first, second = a_report(database, settings), a_report(database, settings)
    item_id = a_learning_item(database, lead, reference=first)
    with database.unit_of_work() as uow:
        link_report(uow, item_id, second.lower(), by=lead, now=NOW)
        link_report(uow, item_id, second, by=lead, now=NOW)  # twice is once
    with database.unit_of_work() as uow:
        item = uow.session.get(LearningItem, item_id)
        assert sorted(r.reference for r in item.reports) == sorted([first, second])


def test_the_log_is_searched_and_filtered_by_theme_agency_and_status(database, settings,
                                                                      accounts):
    lead = account(database, accounts["learning_lead"])
    police_report = a_report(database, settings, agency="Riverside Police")
    invitations = a_learning_item(database, lead, reference=police_report)
    bruising = a_learning_item(database, lead, title="Bruising in non-mobile babies",
                               themes=("bruising", "non-mobile babies"))
    school = agency_id(database, "Meadowbank Primary School")
    an_action(database, lead, bruising, agency=school, due_on=date(2027, 1, 31))

    def found(**filters):
        with database.unit_of_work() as uow:
            return {i.id for i in learning_log(uow.session, lead, LogFilters(**filters))}

    assert found() == {invitations, bruising}
    assert found(search="BRUISING") == {bruising}
    assert found(theme="Non-mobile babies") == {bruising}
    assert found(theme="mobile babies") == set()  # a whole theme, not part of one
    assert found(agency_id=agency_id(database, "Riverside Police")) == {invitations}
    assert found(agency_id=school) == {bruising}
    assert found(status="embedded") == set()


def test_an_agency_lead_sees_only_their_reports_behind_an_item(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    police, school = a_report(database, settings), a_report(database, settings,
                                                            agency="Meadowbank Primary School")
    item_id = a_learning_item(database, lead, reference=police)
    with database.unit_of_work() as uow:
        link_report(uow, item_id, school, by=lead, now=NOW)
    other = account(database, accounts["other_agency_lead"])
    with database.unit_of_work() as uow:
        page = learning_item_page(uow.session, item_id, by=other)
        assert [r.reference for r in page.reports] == [school]
    with database.unit_of_work() as uow, pytest.raises(NotAllowed):
        learning_log(uow.session, account(database, accounts["admin"]), LogFilters())
