from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from learning.reports import triage
from learning.reports.access import NotAllowed, Permission, allowed
from learning.reports.intake import submit_report
from storage.models import Report, ReporterIdentity, ReportEvent
from storage.vocabulary import Channel, EventKind, LearningResponse, ReportStatus
from tests.drafts import NAMED_REPORTER, a_draft
from tests.people import an_account, an_agency, load_account

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


@pytest.fixture
def reference(database, settings):
    with database.unit_of_work() as uow:
        return submit_report(uow, a_draft(identity_mode="confidential"), channel=Channel.WEB,
                             settings=settings, now=NOW).reference


@pytest.fixture
def lead(database):
    return an_account(database, "lead@riverside.example", "learning_lead")


def act(database, reference, account_id, action, **kwargs):
    with database.unit_of_work() as uow:
        report = triage.find_report(uow.session, reference)
        action(uow.session, report, by=load_account(uow.session, account_id), now=NOW, **kwargs)
        uow.commit()
        return report


def test_a_report_moves_through_triage_and_every_move_is_on_the_timeline(database, reference, lead):
    act(database, reference, lead, triage.acknowledge)
    act(database, reference, lead, triage.start_review)
    act(database, reference, lead, triage.choose_learning_response,
        response=LearningResponse.PRACTITIONER_HUDDLE, rationale="Quick team learning is enough")
    act(database, reference, lead, triage.identify_learning)
    report = act(database, reference, lead, triage.close,
                 you_said_we_did="Invitations now go to the named duty inbox.")
    assert report.status is ReportStatus.CLOSED and report.closed_at == NOW
    assert report.outcome == "Invitations now go to the named duty inbox."
    with database.unit_of_work() as uow:
        events = uow.session.scalars(select(ReportEvent).order_by(ReportEvent.id)).all()
    moves = [(e.detail.get("before"), e.detail.get("after")) for e in events
             if e.kind is EventKind.STATUS_CHANGED]
    assert moves == [("new", "acknowledged"), ("acknowledged", "in_review"),
                     ("in_review", "learning_identified"), ("learning_identified", "closed")]
    assert all(e.actor == f"account:{lead}" for e in events[1:] if e.kind is not
               EventKind.IDENTITY_DELETED)


def test_a_report_keeps_when_it_was_first_moved_on_and_later_moves_leave_it(
        database, reference, lead):
    with database.unit_of_work() as uow:
        report = triage.find_report(uow.session, reference)
        assert report.acknowledged_at is None
        triage.refer_to_practice_review_group(uow.session, report, now=NOW,
                                              by=load_account(uow.session, lead))
        triage.start_review(uow.session, report, by=load_account(uow.session, lead),
                            now=datetime(2026, 11, 30, 9, tzinfo=UTC))
        uow.commit()
    with database.unit_of_work() as uow:
        assert triage.find_report(uow.session, reference).acknowledged_at == NOW


def test_closing_deletes_the_identity_of_a_confidential_reporter_with_no_chat_to_tell(
        database, settings, lead):
    # Outcomes to chat reporters go first: tests/test_outcomes_reach_reporters.py.
    with database.unit_of_work() as uow:
        reference = submit_report(uow, a_draft(identity_mode="confidential", reporter=replace(
            NAMED_REPORTER, chat_address=None)), channel=Channel.WEB, settings=settings,
            now=NOW).reference
    for step in (triage.acknowledge, triage.start_review, triage.identify_learning):
        act(database, reference, lead, step)
    act(database, reference, lead, triage.close, you_said_we_did="Guidance updated.")
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(ReporterIdentity)).all() == []
        kinds = [e.kind for e in uow.session.scalars(select(ReportEvent))]
    assert EventKind.IDENTITY_DELETED in kinds


def test_an_impossible_move_is_refused_with_a_reason_and_changes_nothing(database, reference, lead):
    with pytest.raises(triage.TransitionRefused, match="new cannot be moved to closed"):
        act(database, reference, lead, triage.close, you_said_we_did="Done")
    with pytest.raises(triage.TransitionRefused, match="Write what changed"):
        act(database, reference, lead, triage.close, you_said_we_did="  ")
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(Report)).status is ReportStatus.NEW


def test_a_closed_report_can_be_reopened(database, reference, lead):
    act(database, reference, lead, triage.close_no_further_action, reason="Already reviewed")
    report = act(database, reference, lead, triage.reopen)
    assert report.status is ReportStatus.IN_REVIEW and report.closed_at is None


def test_assigning_needs_a_learning_lead_as_assignee(database, reference, lead):
    admin = an_account(database, "admin@riverside.example", "admin")
    with database.unit_of_work() as uow:
        report = triage.find_report(uow.session, reference)
        with pytest.raises(triage.TransitionRefused):
            triage.assign(uow.session, report, by=load_account(uow.session, lead),
                          assignee=load_account(uow.session, admin), now=NOW)
        triage.assign(uow.session, report, by=load_account(uow.session, lead),
                      assignee=load_account(uow.session, lead), now=NOW)
        uow.commit()
        assert report.assignee_id == lead


@pytest.mark.parametrize("role", ["admin", "agency_lead"])
def test_roles_without_triage_rights_are_refused(database, reference, role):
    an_agency(database)
    account = an_account(database, f"{role}@riverside.example", role,
                         agency_name="Riverside Police" if role == "agency_lead" else None)
    with pytest.raises(NotAllowed):
        act(database, reference, account, triage.acknowledge)


def test_access_matrix(database, settings):
    police = an_agency(database, "Riverside Police")
    an_agency(database, "Meadowbank Primary School")
    with database.unit_of_work() as uow:
        ours = submit_report(uow, a_draft(agency_ids=[police]), channel=Channel.WEB,
                             settings=settings, now=NOW).reference
    with database.unit_of_work() as uow:
        theirs = submit_report(uow, a_draft(), channel=Channel.WEB, settings=settings,
                               now=NOW).reference
    ids = {
        "learning_lead": an_account(database, "ll@x.example", "learning_lead"),
        "business_unit": an_account(database, "bu@x.example", "business_unit"),
        "agency_lead": an_account(database, "al@x.example", "agency_lead", "Riverside Police"),
        "other_agency_lead": an_account(database, "ol@x.example", "agency_lead",
                                        "Meadowbank Primary School"),
        "admin": an_account(database, "ad@x.example", "admin"),
    }
    expected = {
        # (view ours, view theirs, triage, see identity, administer)
        "learning_lead": (True, True, True, False, False),
        "business_unit": (True, True, True, True, False),
        "agency_lead": (True, False, False, False, False),
        "other_agency_lead": (False, False, False, False, False),
        "admin": (False, False, False, False, True),
    }
    with database.unit_of_work() as uow:
        report_ours = triage.find_report(uow.session, ours)
        report_theirs = triage.find_report(uow.session, theirs)
        for name, account_id in ids.items():
            account = load_account(uow.session, account_id)
            actual = (allowed(account, Permission.VIEW_REPORT, report_ours),
                      allowed(account, Permission.VIEW_REPORT, report_theirs),
                      allowed(account, Permission.TRIAGE, report_ours),
                      allowed(account, Permission.SEE_REPORTER_IDENTITY, report_ours),
                      allowed(account, Permission.ADMINISTER))
            assert actual == expected[name], name
        assert not allowed(None, Permission.VIEW_REPORT, report_ours)
        lead = load_account(uow.session, ids["learning_lead"])
        lead.active = False
        assert not allowed(lead, Permission.VIEW_REPORT, report_ours)


MOVES = {
    "acknowledge": ReportStatus.ACKNOWLEDGED,
    "start_review": ReportStatus.IN_REVIEW,
    "identify_learning": ReportStatus.LEARNING_IDENTIFIED,
    "refer_to_practice_review_group": ReportStatus.REFERRED,
    "close": ReportStatus.CLOSED,
    "close_no_further_action": ReportStatus.CLOSED_NO_FURTHER_ACTION,
    "reopen": ReportStatus.IN_REVIEW,
}
ALLOWED = {  # from each status, the moves a lead may make
    ReportStatus.NEW: {"acknowledge", "refer_to_practice_review_group", "close_no_further_action"},
    ReportStatus.ACKNOWLEDGED: {"start_review", "refer_to_practice_review_group",
                                "close_no_further_action"},
    ReportStatus.IN_REVIEW: {"identify_learning", "refer_to_practice_review_group",
                             "close_no_further_action"},
    ReportStatus.LEARNING_IDENTIFIED: {"close", "refer_to_practice_review_group"},
    ReportStatus.REFERRED: {"start_review", "identify_learning", "close"},
    ReportStatus.CLOSED: {"start_review", "reopen"},
    ReportStatus.CLOSED_NO_FURTHER_ACTION: {"start_review", "reopen"},
}


@pytest.mark.parametrize("status", list(ReportStatus))
@pytest.mark.parametrize("move", list(MOVES))
def test_every_transition_is_allowed_or_refused_as_the_state_machine_says(
        database, reference, lead, status, move):
    with database.unit_of_work() as uow:
        report = triage.find_report(uow.session, reference)
        report.status = status
        uow.commit()
    extra = {"you_said_we_did": "Changed."} if move == "close" else (
        {"reason": "Already reviewed."} if move == "close_no_further_action" else {})
    if move in ALLOWED[status]:
        report = act(database, reference, lead, getattr(triage, move), **extra)
        assert report.status is MOVES[move]
    else:
        with pytest.raises(triage.TransitionRefused, match="cannot be moved to|still open"):
            act(database, reference, lead, getattr(triage, move), **extra)
