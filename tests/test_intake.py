import logging
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.reports.intake import InvalidReport, ReportDraft, Reporter, check_draft, submit_report
from learning.privacy.masking import masked_answer
from storage.models import Agency, CaseKey, Report, ReporterIdentity, ReportEvent
from storage.vocabulary import AgencyType, Channel, EventKind, IdentityMode, ReportStatus
from tests.drafts import NAMED_REPORTER, a_draft
from tests.stored import every_stored_value

NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)  # a Friday
REFERENCE = re.compile(r"^LL-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def submit(database, settings, draft, channel=Channel.WEB, now=NOW):
    with database.unit_of_work() as uow:
        return submit_report(uow, draft, channel=channel, settings=settings, now=now)


def stored(database, reference) -> Report:
    with database.unit_of_work() as uow:
        # identity, case key, events and agencies are loaded before closing
        return uow.session.scalar(
            select(Report).where(Report.reference == reference)
            .options(selectinload(Report.identity), selectinload(Report.case_key),
                     selectinload(Report.events), selectinload(Report.agencies)))


def test_a_complete_draft_has_no_problems():
    assert check_draft(a_draft(), today=date(2026, 11, 20), known_agency_ids=set()) == []


def test_an_empty_draft_gets_every_problem_at_once_each_saying_what_to_do():
    problems = check_draft(ReportDraft(), today=date(2026, 11, 20), known_agency_ids=set())
    by_field = {p.field: p.message for p in problems}
    assert set(by_field) == {"immediate_risk", "kind", "what_happened", "occurred_on", "setting",
                             "potential_severity", "identity_mode"}
    assert by_field["what_happened"] == "Describe what happened"
    assert by_field["kind"].startswith("Select")


def test_values_outside_the_lists_are_refused():
    draft = a_draft(kind="blame", setting="pub", potential_severity="awful", identity_mode="secret",
                    agency_ids=[99])
    fields = {p.field for p in check_draft(draft, today=date(2026, 11, 20), known_agency_ids={1})}
    assert fields == {"kind", "setting", "potential_severity", "identity_mode", "agency_ids"}


def test_too_long_answers_say_how_long_they_are():
    draft = a_draft(what_happened="x" * 5001, what_stopped_harm="y" * 2001)
    messages = [p.message
                for p in check_draft(draft, today=date(2026, 11, 20), known_agency_ids=set())]
    assert "What happened must be 5000 characters or fewer; you have 5001" in messages
    assert any("you have 2001" in m for m in messages)


def test_a_date_in_the_future_is_refused():
    problems = check_draft(a_draft(occurred_on=date(2026, 11, 21)), today=date(2026, 11, 20),
                           known_agency_ids=set())
    assert [p.field for p in problems] == ["occurred_on"]


def test_a_named_report_needs_a_name_and_a_way_to_reply():
    draft = a_draft(reporter=Reporter())
    fields = [p.field for p in check_draft(draft, today=date(2026, 11, 20), known_agency_ids=set())]
    assert fields == ["reporter_name", "reporter_email"]
    bad_email = a_draft(reporter=Reporter(name="Tom", email="tom at school"))
    problems = check_draft(bad_email, today=date(2026, 11, 20), known_agency_ids=set())
    assert [p.message for p in problems] == [
        "Enter an email address in the correct format, like name@example.org"]


def test_an_anonymous_report_needs_no_reporter_details():
    draft = a_draft(identity_mode="anonymous", reporter=Reporter())
    assert check_draft(draft, today=date(2026, 11, 20), known_agency_ids=set()) == []


def test_submitting_an_invalid_draft_stores_nothing(database, settings):
    with pytest.raises(InvalidReport) as refused:
        submit(database, settings, a_draft(kind=None, what_happened="  "))
    assert {p.field for p in refused.value.problems} == {"kind", "what_happened"}
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(Report)).all() == []
        assert uow.session.scalars(select(ReportEvent)).all() == []


def test_a_named_report_is_stored_with_its_reference_identity_and_first_event(database, settings):
    with database.unit_of_work() as uow:
        uow.session.add(Agency(name="Riverside Police", agency_type=AgencyType.POLICE))
        uow.commit()
        police = uow.session.scalar(select(Agency.id))
    result = submit(database, settings, a_draft(agency_ids=[police]))

    assert REFERENCE.match(result.reference)
    assert result.case_key is not None and result.signposting is None  # web: comes back by key
    report = stored(database, result.reference)
    assert report.status is ReportStatus.NEW
    assert report.identity.name == "Priya Shah"
    assert report.identity.chat_address == NAMED_REPORTER.chat_address
    assert [a.name for a in report.agencies] == ["Riverside Police"]
    assert report.submitted_at == NOW
    # Acknowledgement is due two working days after a Friday: the Tuesday.
    assert report.acknowledgement_due == date(2026, 11, 24) == result.acknowledgement_due
    [event] = report.events
    assert event.kind is EventKind.SUBMITTED and event.actor == "reporter"
    assert event.detail == {"channel": "web", "identity_mode": "named", "urgent": False,
                            "notifiable": False}


def test_a_named_chat_report_is_answered_in_the_chat_not_by_case_key(database, settings):
    result = submit(database, settings, a_draft(), channel=Channel.SLACK)
    assert result.case_key is None
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(CaseKey)).all() == []


def test_references_differ_and_are_not_sequential(database, settings):
    references = [submit(database, settings, a_draft()).reference for _ in range(5)]
    assert len(set(references)) == 5
    assert references != sorted(references) or references != sorted(references, reverse=True)


def test_a_confidential_identity_is_kept_apart_from_the_report(database, settings):
    result = submit(database, settings, a_draft(identity_mode="confidential"))
    with database.unit_of_work() as uow:
        identity = uow.session.scalar(select(ReporterIdentity))
        report = uow.session.scalar(select(Report))
        assert identity.report_id == report.id and identity.email == NAMED_REPORTER.email
        assert report.identity_mode is IdentityMode.CONFIDENTIAL
    assert result.identity_mode is IdentityMode.CONFIDENTIAL


def test_an_anonymous_report_leaves_no_identity_anywhere(database, settings, caplog):
    caplog.set_level(logging.DEBUG)
    result = submit(database, settings, a_draft(identity_mode="anonymous"), channel=Channel.SLACK)

    identifying = ["Priya", "Shah", "priya.shah@health.example", "U0PRIYA01", "T0RIVER01",
                   "Health visitor"]
    stored_values = " ".join(every_stored_value(database))
    logged = caplog.text
    for detail in identifying:
        assert detail not in stored_values
        assert detail not in logged
    assert "strategy discussion" not in logged  # nor any report text
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(ReporterIdentity)).all() == []
    assert result.case_key is not None


def test_an_anonymous_report_gets_a_case_key_stored_only_as_a_keyed_hash(database, settings):
    result = submit(database, settings, a_draft(identity_mode="anonymous"))
    key = result.case_key
    assert re.match(r"^([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}$", key)
    with database.unit_of_work() as uow:
        case_key = uow.session.scalar(select(CaseKey))
        assert case_key.secret_hash.startswith("hmac-sha256$")
    secret = key.replace("-", "")[8:]
    assert secret not in " ".join(every_stored_value(database))
    assert key not in " ".join(every_stored_value(database))


def test_immediate_risk_marks_the_report_urgent_and_carries_the_emergency_contacts(
        database, environ):
    from learning.settings import load_settings
    environ["EMERGENCY_CONTACTS"] = "Call 999, or Riverside Children's Front Door on 01632 960000"
    settings = load_settings(environ)
    result = submit(database, settings, a_draft(immediate_risk=True))
    assert result.urgent and not result.notifiable
    assert result.signposting == "Call 999, or Riverside Children's Front Door on 01632 960000"
    assert stored(database, result.reference).urgent


def test_a_notifiable_incident_gets_both_statutory_dates(database, settings):
    draft = a_draft(kind="concerning_incident", child_died_or_seriously_harmed=True,
                    abuse_or_neglect_suspected=True)
    # Friday 18 December 2026: Christmas and Boxing Day (observed Monday 28th) don't count.
    result = submit(database, settings, draft, now=datetime(2026, 12, 18, 15, tzinfo=UTC))
    assert result.notifiable and result.urgent
    assert result.notification_due == date(2026, 12, 29)
    assert result.rapid_review_due == date(2027, 1, 13)
    report = stored(database, result.reference)
    assert ((report.notification_due, report.rapid_review_due)
            == (date(2026, 12, 29), date(2027, 1, 13)))


@pytest.mark.parametrize("died, abuse", [(True, False), (False, True)])
def test_one_criterion_alone_is_not_notifiable(database, settings, died, abuse):
    draft = a_draft(child_died_or_seriously_harmed=died, abuse_or_neglect_suspected=abuse)
    result = submit(database, settings, draft)
    assert not result.notifiable and result.notification_due is None


def test_the_submission_date_is_the_partnerships_date_not_utc(database, settings):
    # 23:30 UTC on Sunday 28 June 2026 is already Monday in London (BST).
    result = submit(database, settings, a_draft(occurred_on=date(2026, 6, 28)),
                    now=datetime(2026, 6, 28, 23, 30, tzinfo=UTC))
    assert result.acknowledgement_due == date(2026, 7, 1)


def test_personal_details_are_kept_as_written_and_masked_for_reviewers(database, settings):
    text = "Mum said the baby's NHS number is 943 476 5919 and they live at LU1 2AB."
    result = submit(database, settings, a_draft(what_happened=text))
    report = stored(database, result.reference)
    assert report.what_happened == text
    masked = masked_answer(report, "what_happened")
    assert "943 476 5919" not in masked and "LU1 2AB" not in masked
    assert masked.startswith("Mum said the baby's NHS number is [")


def test_submission_logs_no_report_text_or_identity(database, settings, caplog):
    caplog.set_level(logging.DEBUG)
    submit(database, settings, a_draft(identity_mode="confidential"))
    assert "Priya" not in caplog.text and "strategy discussion" not in caplog.text
    assert "report submitted" in caplog.text
