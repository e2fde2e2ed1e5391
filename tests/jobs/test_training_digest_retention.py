"""Training reminders before expiry, the weekly digest's contents, and retention's effects."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select, update

from learning.nudges.digest import schedule_service_reminders, weekly_digest
from learning.reports.intake import submit_report
from learning.privacy.retention import apply_retention, reports_with_retention_due
from learning.nudges.training import (
    import_training_csv,
    reminder_stage,
    schedule_training_reminders,
)
from learning.reports.triage import close
from storage.models import Report, ReporterIdentity
from storage.models.nudges import Delivery, DeliveryState, RetentionRecord
from storage.models.training import Course, TrainingRecord
from storage.vocabulary import Channel, EventKind, ReportStatus
from tests.drafts import a_draft
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_person
from tests.people import an_account, load_account


def test_reminders_come_60_30_and_7_days_before_expiry_and_when_overdue():
    expires = date(2027, 3, 1)
    stages = {days: reminder_stage(expires, expires - timedelta(days=days))
              for days in (90, 61, 60, 45, 30, 8, 7, 1, 0, -1)}
    assert stages == {90: None, 61: None, 60: "expires-in:60", 45: "expires-in:60",
                      30: "expires-in:30", 8: "expires-in:30", 7: "expires-in:7",
                      1: "expires-in:7", 0: "expires-in:7", -1: "overdue"}


def test_a_csv_import_records_training_and_reminders_follow_each_stage_once(database, settings):
    a_person(database, "Priya Shah")
    with database.unit_of_work() as uow:
        uow.session.add(Course(name="Level 3 safeguarding", refresh_months=36))
        uow.commit()
        result = import_training_csv(uow.session, "email,course,completed_on\n"
                                     "priya.shah@example.org,Level 3 safeguarding,2024-01-20\n"
                                     "nobody@example.org,Level 3 safeguarding,2024-01-20\n"
                                     "priya.shah@example.org,Level 9,2024-01-20\n")
        uow.commit()
    assert (result.added, len(result.problems)) == (1, 2)
    assert result.problems[0].startswith("Row 3: no one with that email")

    def run(day: date) -> int:
        with database.unit_of_work() as uow:
            added = schedule_training_reminders(
                uow.session, settings, now=datetime(day.year, day.month, day.day, 7, tzinfo=UTC))
            uow.commit()
            return added

    # Expires 20 January 2027.
    assert run(date(2026, 11, 20)) == 0
    assert run(date(2026, 11, 21)) == 1  # 60 days
    assert run(date(2026, 11, 22)) == 0
    assert run(date(2026, 12, 25)) == 1  # 26 days: the 30-day stage, though the clock missed day 30
    assert run(date(2027, 1, 21)) == 1  # overdue
    with database.unit_of_work() as uow:
        texts = [d.payload["heading"]
                 for d in uow.session.scalars(select(Delivery).order_by(Delivery.id))]
    assert texts == ["Level 3 safeguarding: due in 60 days", "Level 3 safeguarding: due in 26 days",
                     "Level 3 safeguarding: overdue"]


def a_report(database, settings, submitted: datetime, **changes) -> int:
    with database.unit_of_work() as uow:
        reference = submit_report(uow, a_draft(**changes), channel=Channel.WEB, settings=settings,
                                  now=submitted).reference
        return uow.session.scalar(select(Report.id).where(Report.reference == reference))


def test_the_weekly_digest_counts_new_reports_overdue_acknowledgements_and_clocks(
        database, settings):
    a_report(database, settings, TUESDAY_10AM - timedelta(days=2))
    a_report(database, settings, TUESDAY_10AM - timedelta(days=3), kind="good_practice")
    a_report(database, settings, TUESDAY_10AM - timedelta(days=20), occurred_on=date(2026, 11, 2),
             child_died_or_seriously_harmed=True, abuse_or_neglect_suspected=True)
    with database.unit_of_work() as uow:
        digest = weekly_digest(uow.session, settings, now=TUESDAY_10AM)
        old = uow.session.scalar(select(Report).where(Report.notifiable))
    sections = {s.heading: s.lines for s in digest.sections}
    assert sections["New reports (2)"] == ("Good practice: 1", "Near miss: 1")
    assert sections["Acknowledgement overdue (1)"] == (old.reference,)
    assert sections["Statutory clocks running (1)"][0].startswith(old.reference + ", notify by")
    assert "strategy discussion" not in repr(digest), "a digest never carries report text"


def test_the_assignee_is_reminded_when_acknowledgement_is_near_and_again_when_past(
        database, settings):
    lead_id = an_account(database, "lead@example.org", "learning_lead")
    a_person(database, "Lead Person", email="lead@example.org")
    report_id = a_report(database, settings, TUESDAY_10AM)
    with database.unit_of_work() as uow:
        uow.session.get(Report, report_id).assignee_id = lead_id
        uow.commit()
        due = uow.session.get(Report, report_id).acknowledgement_due

    def run(day: date) -> int:
        with database.unit_of_work() as uow:
            added = schedule_service_reminders(
                uow.session, settings, now=datetime(day.year, day.month, day.day, 7, tzinfo=UTC))
            uow.commit()
            return added

    days = (TUESDAY_10AM.date(), due - timedelta(days=1), due, due + timedelta(days=1))
    assert [run(d) for d in days] == [0, 1, 0, 1]


def test_retention_forgets_identities_masks_text_and_deletes_case_keys_when_due(database, settings):
    lead_id = an_account(database, "lead@example.org", "learning_lead")
    confidential = a_report(database, settings, TUESDAY_10AM, identity_mode="confidential",
                            what_happened="Baby Jayden Smith, NHS 943 476 5919, was seen at home.")
    anonymous = a_report(database, settings, TUESDAY_10AM, identity_mode="anonymous")
    closed_at = TUESDAY_10AM + timedelta(days=1)
    with database.unit_of_work() as uow:
        lead = load_account(uow.session, lead_id)
        for report_id in (confidential, anonymous):
            report = uow.session.get(Report, report_id)
            report.status = ReportStatus.LEARNING_IDENTIFIED
            close(uow.session, report, by=lead, now=closed_at, you_said_we_did="Protocol shared.")
        uow.commit()
    with database.unit_of_work() as uow:
        # The outcome has gone to the reporter (or, with no chat set up, been skipped)...
        uow.session.execute(update(Delivery).values(state=DeliveryState.SKIPPED))
        uow.session.execute(delete(ReporterIdentity))
        # ...and a closing that failed half-way left this identity behind.
        uow.session.add(ReporterIdentity(report_id=confidential, name="Priya Shah"))
        uow.commit()

    def run(now: datetime) -> int:
        with database.unit_of_work() as uow:
            done = apply_retention(uow.session, settings, now=now)
            uow.commit()
            return done

    assert run(closed_at + timedelta(days=1)) == 1  # the identity left behind
    assert run(closed_at + timedelta(days=200)) == 2  # both case keys (every web report has one)
    assert run(closed_at + timedelta(days=370)) == 2  # both texts masked after a year
    assert run(closed_at + timedelta(days=400)) == 0
    with database.unit_of_work() as uow:
        report = uow.session.get(Report, confidential)
        actions = uow.session.scalars(select(RetentionRecord.action)
                                      .order_by(RetentionRecord.id)).all()
        assert report.identity is None
        assert ("943 476 5919" not in report.what_happened
                and "was seen at home" in report.what_happened)
        assert uow.session.get(Report, anonymous).case_key is None
        on_timeline = [e.detail["action"] for e in report.events
                       if e.kind is EventKind.RETENTION_APPLIED]
    assert actions == ["identity_deleted", "case_key_deleted", "case_key_deleted", "text_masked",
                       "text_masked"]
    assert on_timeline == ["case_key_deleted", "text_masked"]  # and the identity's own event



def test_a_text_retention_cannot_mask_is_left_for_tomorrow_and_the_rest_are_masked(
        database, settings):
    lead_id = an_account(database, "lead@example.org", "learning_lead")
    spoilt, sound = (a_report(database, settings, TUESDAY_10AM, identity_mode="anonymous",
                              what_happened="Call 07700 900123 about the visit.")
                     for _ in range(2))
    closed_at = TUESDAY_10AM + timedelta(days=1)
    with database.unit_of_work() as uow:
        for report_id in (spoilt, sound):
            report = uow.session.get(Report, report_id)
            report.status = ReportStatus.LEARNING_IDENTIFIED
            close(uow.session, report, by=load_account(uow.session, lead_id), now=closed_at,
                  you_said_we_did="Protocol shared.")
        # A finding of a kind the guard no longer knows: masking this one fails.
        uow.session.get(Report, spoilt).personal_details = {"what_happened": [[0, 4, "old"]]}
        uow.commit()
    with database.unit_of_work() as uow:
        assert apply_retention(uow.session, settings, now=closed_at + timedelta(days=370)) == 3
        uow.commit()
    with database.unit_of_work() as uow:
        assert "07700 900123" in uow.session.get(Report, spoilt).what_happened
        assert "07700 900123" not in uow.session.get(Report, sound).what_happened
        masked = uow.session.scalars(select(RetentionRecord.report_id).where(
            RetentionRecord.action == "text_masked")).all()
    assert masked == [sound]


def test_retention_reads_only_reports_with_something_due_even_at_a_month_end(database, settings):
    lead_id = an_account(database, "lead@example.org", "learning_lead")
    report_id = a_report(database, settings, TUESDAY_10AM, identity_mode="anonymous")
    # Closed on the last day of a long month: six months on, the due day is clamped to the
    # shorter month's end, which the database's bound must not miss.
    closed_at = datetime(2026, 8, 31, 12, tzinfo=UTC)
    with database.unit_of_work() as uow:
        report = uow.session.get(Report, report_id)
        report.status = ReportStatus.LEARNING_IDENTIFIED
        close(uow.session, report, by=load_account(uow.session, lead_id), now=closed_at,
              you_said_we_did="Protocol shared.")
        uow.commit()

    def due_on(day: date) -> list[int]:
        with database.unit_of_work() as uow:
            return reports_with_retention_due(uow.session, settings, day)

    assert due_on(date(2026, 9, 30)) == []  # nothing due yet: not even read
    assert due_on(date(2027, 2, 28)) == [report_id]  # the case key, six months on
    with database.unit_of_work() as uow:
        assert apply_retention(uow.session, settings,
                               now=datetime(2027, 2, 28, 12, tzinfo=UTC)) == 1
        uow.commit()
    assert due_on(date(2027, 3, 1)) == []  # done: quiet again until the text is due
    assert due_on(date(2027, 8, 31)) == [report_id]


def test_the_command_line_adds_a_course_and_imports_a_csv_saying_what_it_could_not(
        environ, database, tmp_path):
    from click.testing import CliRunner

    from app import main

    a_person(database, "Priya Shah")
    csv_file = tmp_path / "training.csv"
    csv_file.write_text("email,course,completed_on\npriya.shah@example.org,Level 3,31/03/2025\n"
                        "someone@example.org,Level 3,2025-03-31\n")
    runner = CliRunner()
    added = runner.invoke(main, ["training", "add-course", "Level 3", "--refresh-months", "36"],
                          env=environ)
    assert added.exit_code == 0, added.output
    result = runner.invoke(main, ["training", "import", str(csv_file)], env=environ)
    assert result.exit_code == 1
    assert ("1 added, 0 updated" in result.output
            and "Row 3: no one with that email" in result.output)
    with database.unit_of_work() as uow:
        record = uow.session.scalars(select(TrainingRecord)).one()
    assert record.expires_on == date(2028, 3, 31)


def test_retention_in_batches_handles_one_more_report_than_a_batch_each_once(
        database, settings):
    lead_id = an_account(database, "lead@example.org", "learning_lead")
    reports = [a_report(database, settings, TUESDAY_10AM, identity_mode="anonymous")
               for _ in range(3)]
    closed_at = TUESDAY_10AM + timedelta(days=1)
    with database.unit_of_work() as uow:
        for report_id in reports:
            report = uow.session.get(Report, report_id)
            report.status = ReportStatus.LEARNING_IDENTIFIED
            close(uow.session, report, by=load_account(uow.session, lead_id), now=closed_at,
                  you_said_we_did="Protocol shared.")
        uow.commit()
    with database.unit_of_work() as uow:
        assert apply_retention(uow.session, settings, now=closed_at + timedelta(days=200),
                               batch=2) == 3
    with database.unit_of_work() as uow:
        deleted = uow.session.scalars(select(RetentionRecord.report_id).where(
            RetentionRecord.action == "case_key_deleted").order_by(RetentionRecord.report_id))
        assert list(deleted) == reports
        assert all(uow.session.get(Report, r).case_key is None for r in reports)
