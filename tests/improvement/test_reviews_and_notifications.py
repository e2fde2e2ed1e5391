"""Reviews open from learning responses; notifications and the rapid review meet the clocks;
the business unit hears of a notifiable report until both are recorded."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from learning.improvement.notifications import (Clock, record_notification,
                                                record_rapid_review,
                                                schedule_statutory_reminders, statutory_clocks)
from learning.improvement.reviews import ReviewChange, ReviewRefused, change_review
from learning.reports.triage import TransitionRefused, choose_learning_response, find_report
from storage.models.improvement import Review, ReviewKind
from storage.models.nudges import Delivery, DeliveryKind
from storage.vocabulary import LearningResponse
from tests.dashboard.reports import a_report
from tests.improvement.helpers import a_person, account

NOW = datetime.now(UTC)


def choose(database, lead, reference, response):
    with database.unit_of_work() as uow:
        choose_learning_response(uow.session, find_report(uow.session, reference), by=lead,
                                 response=response, rationale="Proportionate.", now=NOW)
        uow.commit()


def reviews_of(database, reference):
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        return [r.kind for r in uow.session.scalars(select(Review).where(
            Review.report_id == report.id))]


def test_every_response_beyond_the_theme_log_opens_one_review(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    logged, referred = a_report(database, settings), a_report(database, settings)
    choose(database, lead, logged, LearningResponse.THEME_LOG_ONLY)
    choose(database, lead, referred, LearningResponse.REFER_TO_PRACTICE_REVIEW_GROUP)
    choose(database, lead, referred, LearningResponse.REFER_TO_PRACTICE_REVIEW_GROUP)
    assert reviews_of(database, logged) == []
    assert reviews_of(database, referred) == [ReviewKind.PRACTICE_REVIEW_GROUP_REFERRAL]


def test_a_referral_records_the_proforma_and_the_groups_decision(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    reference = a_report(database, settings)
    choose(database, lead, reference, LearningResponse.REFER_TO_PRACTICE_REVIEW_GROUP)
    with database.unit_of_work() as uow:
        review_id = uow.session.scalar(select(Review.id))
    today = NOW.date()

    def change(part, **fields):
        with database.unit_of_work() as uow:
            return change_review(uow, review_id, ReviewChange(part, fields), by=lead,
                                 today=today, now=NOW)

    with pytest.raises(ReviewRefused) as refused:
        change("referral", referring_agency="Riverside CSC, team manager")
    assert {"criteria", "agencies_involved", "summary"} <= set(refused.value.problems)
    change("referral", referring_agency="Riverside CSC, team manager",
           criteria="Serious harm; concerns about joint working", agencies_involved="CSC, police",
           summary="A child aged 5 to 10 was injured after missed appointments.")
    with pytest.raises(ReviewRefused):
        change("group-decision", group_decision="whatever", group_rationale="", group_decided_on="")
    change("group-decision", group_decision="learning_review",
           group_rationale="Below the threshold for a local review; rich multi-agency learning.",
           group_decided_on=today.isoformat())
    change("terms", scope="Agency contact in the six months before the injury",
           method="Systems approach", panel_roles="Designated nurse, DCI, CSC head of service",
           complete_by=(today + timedelta(days=60)).isoformat())
    with pytest.raises(ReviewRefused):
        change("meeting", held_on=(today + timedelta(days=1)).isoformat(), notes="Not yet")
    change("meeting", held_on=today.isoformat(), notes="Panel met; chronology agreed.")
    with database.unit_of_work() as uow:
        review = uow.session.get(Review, review_id)
        assert review.referral["criteria"].startswith("Serious harm")
        assert review.group_decision.value == "learning_review"
        assert review.panel_roles == ["Designated nurse", "DCI", "CSC head of service"]
        assert [m.notes for m in review.meetings] == ["Panel met; chronology agreed."]


def test_the_clocks_are_met_or_missed_by_the_records(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    reference = a_report(database, settings, child_died_or_seriously_harmed=True,
                         abuse_or_neglect_suspected=True)
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        due = report.notification_due
        assert statutory_clocks(uow.session, report).notification.met is None
        record_notification(uow.session, report, by=lead, recipient="national_panel",
                            notified_on=NOW.date(), made_by="LA designated officer", now=NOW,
                            today=NOW.date())
        record_rapid_review(uow.session, report, by=lead, completed_on=NOW.date(),
                            decision="No local review; learning to the theme log.", now=NOW,
                            today=NOW.date())
        uow.commit()
        clocks = statutory_clocks(uow.session, report)
        assert clocks.notification.met is True and clocks.rapid_review.met is True
    late = Clock(due=due, done_on=due + timedelta(days=1))
    assert late.met is False and late.missed(due)
    assert Clock(due=due, done_on=None).missed(due + timedelta(days=1))


def test_only_a_notifiable_report_is_notified(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    reference = a_report(database, settings)
    with database.unit_of_work() as uow, pytest.raises(TransitionRefused):
        record_notification(uow.session, find_report(uow.session, reference), by=lead,
                            recipient="ofsted", notified_on=NOW.date(), made_by="LADO", now=NOW,
                            today=NOW.date())


def test_a_looked_after_childs_death_is_notifiable_without_abuse_suspected(database, settings,
                                                                         accounts):
    reference = a_report(database, settings, looked_after_child_died=True)
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        assert report.notifiable and report.urgent and report.notification_due is not None


def test_the_business_unit_is_reminded_until_both_are_recorded(database, settings, accounts):
    lead = account(database, accounts["learning_lead"])
    a_person(database, "Bea Unit", accounts["business_unit"])
    reference = a_report(database, settings, child_died_or_seriously_harmed=True,
                         abuse_or_neglect_suspected=True)
    tuesday = datetime(2026, 12, 1, 8, tzinfo=UTC)

    def remind(at):
        with database.unit_of_work() as uow:
            added = schedule_statutory_reminders(uow.session, settings, now=at)
            uow.commit()
            return added

    assert remind(tuesday) == 1 and remind(tuesday) == 0  # once a day
    assert remind(datetime(2026, 12, 5, 8, tzinfo=UTC)) == 0  # not on a Saturday
    with database.unit_of_work() as uow:
        report = find_report(uow.session, reference)
        record_notification(uow.session, report, by=lead, recipient="national_panel",
                            notified_on=tuesday.date(), made_by="LADO", now=tuesday,
                            today=tuesday.date())
        uow.commit()
    assert remind(datetime(2026, 12, 2, 8, tzinfo=UTC)) == 1  # the rapid review is still due
    with database.unit_of_work() as uow:
        record_rapid_review(uow.session, find_report(uow.session, reference), by=lead,
                            completed_on=tuesday.date(), decision="Done", now=tuesday,
                            today=date(2026, 12, 3))
        uow.commit()
    assert remind(datetime(2026, 12, 3, 8, tzinfo=UTC)) == 0
    with database.unit_of_work() as uow:
        sent = uow.session.scalars(select(Delivery).where(
            Delivery.kind == DeliveryKind.STATUTORY_REMINDER)).all()
        assert "rapid review" in sent[-1].payload["text"] and reference in sent[0].payload["text"]
