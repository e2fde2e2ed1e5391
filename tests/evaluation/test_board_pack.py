"""The Board pack: the report card and its sections as tables, de-identified."""

from dataclasses import astuple
from datetime import date, datetime, UTC

import pytest

from learning.evaluation.board_pack import board_pack
from learning.settings import load_settings
from storage.models import Person
from storage.models.improvement import Action, ActionStatus, LearningItem, learning_item_reports
from storage.models.training import Course, TrainingRecord
from tests.evaluation.seed import QUARTER, made
from tests.people import an_account, an_agency, load_account

WHEN = datetime(2026, 11, 2, 12, tzinfo=UTC)


@pytest.fixture
def pack_data(database, settings):
    police, school = an_agency(database, "Riverside Police"), an_agency(database, "Meadowbank")
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    reports = [made(database, settings, lead, on=date(2026, 11, 2), agencies=[police],
                    acknowledged=date(2026, 11, 3)) for _ in range(6)]
    with database.unit_of_work() as uow:
        s = uow.session
        item = LearningItem(title="Invitations for LL-7KQ3-92XD",
                            what_was_learned="Call 07700 900123 before the meeting.",
                            themes=["information sharing"], created_at=WHEN, updated_at=WHEN)
        s.add(item)
        s.flush()
        s.execute(learning_item_reports.insert(), [
            {"learning_item_id": item.id, "report_id": r} for r in reports])
        for due, status, done, agency in [
                (date(2026, 11, 30), ActionStatus.DONE, date(2026, 12, 2), police),
                (date(2026, 12, 1), ActionStatus.OPEN, None, police),
                *[(date(2026, 12, 10), ActionStatus.DONE, date(2026, 12, 1), school)] * 5]:
            s.add(Action(learning_item_id=item.id, what="Brief every team", agency_id=agency,
                         owner_name="Team manager", due_on=due, status=status, done_on=done))
        course = Course(name="Level 3 safeguarding", refresh_months=36)
        s.add(course)
        s.flush()
        for n in range(6):
            person = Person(name=f"Officer {n}", agency_id=police)
            s.add(person)
            s.flush()
            # Four in date, two overdue.
            s.add(TrainingRecord(person_id=person.id, course_id=course.id,
                                 completed_on=date(2024, 1, 1),
                                 expires_on=date(2027, 6, 1) if n < 4 else date(2026, 6, 1)))
        uow.commit()
    return {"lead": lead, "police": police, "school": school}


def pack(database, settings, account_id, **options):
    with database.unit_of_work() as uow:
        return board_pack(uow, period=QUARTER, by=load_account(uow.session, account_id),
                          settings=settings, today=date(2027, 2, 10), **options)


def test_the_pack_has_one_table_per_section(database, settings, pack_data):
    found = pack(database, settings, pack_data["lead"])
    assert [t.key for t in found.sections] == [
        "Report card", "Training compliance", "Kirkpatrick", "Learning log", "Actions"]
    assert all(len(t.key) <= 31 for t in found.sections)
    for table in found.sections:
        assert all(len(r) == len(table.columns) for r in table.rows), table.key
    card = found.sections[0]
    assert ("how much", "Reports by kind", "Near miss", 6, None, 0, None, "count") in card.rows


def test_training_compliance_per_agency(database, settings, pack_data):
    training = pack(database, settings, pack_data["lead"]).card.training
    [police] = [t for t in training if t.agency == "Riverside Police"]
    assert (police.completed, police.due, police.overdue, police.no_record) == (4, 0, 2, 0)
    assert (police.percentage, police.out_of) == (66.7, 6)


def test_actions_by_agency(database, settings, pack_data):
    actions = pack(database, settings, pack_data["lead"]).sections[4]
    assert actions.columns == ("Agency", "Open", "In progress", "Done", "Dropped", "Done late",
                               "Overdue")
    assert actions.rows == (("Meadowbank", 0, 0, 5, 0, 0, 0),
                            ("Riverside Police", 1, 0, 1, 0, 1, 1))


def test_the_pack_is_deidentified(database, settings, pack_data):
    found = pack(database, settings, pack_data["lead"])
    text = repr([astuple(t) for t in found.sections]) + repr(found.card)
    # The reports were named (tests.drafts): the reporter is nowhere in the pack.
    assert "Priya" not in text and "priya.shah" not in text
    [learning] = found.sections[3].rows
    assert learning[0] == "Invitations for [reference]"
    assert "07700" not in learning[1] and "[phone number]" in learning[1]
    assert learning[4] == 6


def test_small_numbers_are_suppressed_in_the_pack(environ, database, pack_data):
    settings = load_settings({**environ, "EVALUATION_SMALLEST_COUNT": "5"})
    found = pack(database, settings, pack_data["lead"])
    actions = dict((r[0], r[1:]) for r in found.sections[4].rows)
    assert actions["Meadowbank"] == (0, 0, 5, 0, 0, 0)
    assert actions["Riverside Police"] == ("suppressed", 0, "suppressed", 0, "suppressed",
                                           "suppressed")
    [police] = [t for t in found.card.training if t.agency == "Riverside Police"]
    assert (police.completed, police.overdue, police.suppressed) == (None, None, True)
    training = dict((r[0], r[1:]) for r in found.sections[1].rows)
    assert training["Riverside Police"][2] == "suppressed"


def test_an_agency_leads_pack_is_their_agencys(database, settings, pack_data):
    police_lead = an_account(database, "police.lead@riverside.example", "agency_lead",
                             "Riverside Police")
    found = pack(database, settings, police_lead)
    assert found.card.agency == "Riverside Police"
    assert [r[0] for r in found.sections[4].rows] == ["Riverside Police"]
    assert [t.agency for t in found.card.training] == ["Riverside Police"]
