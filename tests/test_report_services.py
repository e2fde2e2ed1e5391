"""The service functions adapters call, driven without Flask or a chat platform."""

from datetime import UTC, datetime

import pytest

from learning.people.directory import active_agencies
from learning.reports.access import permissions
from learning.reports.changes import Change, ReportNotFound, change_report
from learning.reports.chat_triage import NOT_FOUND_OR_NOT_YOURS, ChatStep, triage_from_chat
from learning.reports.intake import submit_report
from learning.reports.routing import Sample, add_rule, preview_sample
from learning.reports.themes import normalise_theme
from learning.reports.triage import find_report, is_closed
from storage.models import Agency
from storage.vocabulary import Channel, ReportStatus
from tests.drafts import a_draft
from tests.people import an_account, an_agency, load_account

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
LONG_THEME = "information sharing between health visitors and early years settings"


def submit(database, settings):
    with database.unit_of_work() as uow:
        return submit_report(uow, a_draft(), channel=Channel.WEB, settings=settings,
                             now=NOW).reference


def account(database, email, role, agency=None):
    with database.unit_of_work() as uow:
        return load_account(uow.session, an_account(database, email, role, agency))


def test_a_theme_over_40_characters_classified_at_triage_still_routes(database, settings):
    admin = account(database, "admin@riverside.example", "admin")
    lead = account(database, "lead@riverside.example", "learning_lead")
    with database.unit_of_work() as uow:
        rule_id = add_rule(uow, by=admin, name="Early years", platform="slack",
                           destination="C0EARLY", kinds=[], agency_ids=[], themes=[LONG_THEME],
                           urgent_only=False, notifiable_only=False)
    reference = submit(database, settings)
    with database.unit_of_work() as uow:
        change_report(uow, reference, Change("classify", {"kind": "near_miss",
                                                          "themes": LONG_THEME.upper()}),
                      by=lead, now=NOW, messengers={})
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        assert report.themes == [normalise_theme(LONG_THEME)]
        assert preview_sample(uow.session, Sample(themes=tuple(report.themes))) == [rule_id]


def test_closing_from_the_service_commits_and_is_closed(database, settings):
    lead = account(database, "lead@riverside.example", "learning_lead")
    reference = submit(database, settings)
    for change in (Change("acknowledge"), Change("start-review"), Change("identify-learning"),
                   Change("close", {"you_said_we_did": "We changed the handover form"})):
        with database.unit_of_work() as uow:
            changed = change_report(uow, reference, change, by=lead, now=NOW, messengers={})
    assert changed.told_reporter == "You said, we did: We changed the handover form"
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        assert report.status is ReportStatus.CLOSED and is_closed(report)


def test_another_agencys_lead_cannot_tell_a_report_exists(database, settings):
    an_agency(database, "Meadowbank Primary School")
    outsider = account(database, "school@riverside.example", "agency_lead",
                       "Meadowbank Primary School")
    reference = submit(database, settings)
    for wanted in (reference, "LL-NOPE-NOPE"):
        with database.unit_of_work() as uow, pytest.raises(ReportNotFound):
            change_report(uow, wanted, Change("acknowledge"), by=outsider, now=NOW,
                          messengers={})


def test_chat_triage_gives_one_answer_for_missing_and_not_yours(database, settings):
    account(database, "lead@riverside.example", "learning_lead")
    reference = submit(database, settings)

    def press(ref, email):
        return triage_from_chat(database, ref, ChatStep.ACKNOWLEDGE, email=email, now=NOW,
                                settings=settings, messengers={})

    assert press("LL-NOPE-NOPE", "lead@riverside.example").refusal == NOT_FOUND_OR_NOT_YOURS
    assert press(reference, "stranger@elsewhere.example").refusal == NOT_FOUND_OR_NOT_YOURS
    done = press(reference, "lead@riverside.example")
    assert done.done and done.card.reference == reference and done.card.status == "Acknowledged"


def test_permissions_say_what_each_role_may_do(database, settings):
    an_agency(database, "Riverside Police")
    lead = account(database, "lead@riverside.example", "learning_lead")
    admin = account(database, "admin@riverside.example", "admin")
    police = account(database, "police@riverside.example", "agency_lead", "Riverside Police")
    assert permissions(None) == permissions(None, None)
    assert not any(vars(permissions(None)).values())
    assert permissions(lead).triage and permissions(lead).write_nuggets
    assert not permissions(lead).reveal_identity and not permissions(lead).administer
    assert permissions(admin).administer and not permissions(admin).see_reports
    assert permissions(police).see_reports and not permissions(police).write_nuggets
    reference = submit(database, settings)  # names no agency: not the police lead's
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        assert not permissions(police, report).see_reports
        assert permissions(lead, report).message_reporter


def test_active_agencies_leave_out_retired_ones(database):
    an_agency(database, "Riverside Police")
    retired = an_agency(database, "Old Town Council")
    with database.unit_of_work() as uow:
        uow.session.get(Agency, retired).active = False
        uow.commit()
    with database.unit_of_work() as uow:
        assert [a.name for a in active_agencies(uow.session)] == ["Riverside Police"]

