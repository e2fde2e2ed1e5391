"""The report card's "how much" and "how well", on a quarter whose answers were worked out by
hand, beside the quarter before."""

from datetime import UTC, date, datetime

import pytest

from learning.evaluation.figures import Period, Question, Unit
from learning.evaluation.periods import PeriodRefused, previous
from storage.models.improvement import (
    Action,
    ActionStatus,
    LearningItem,
    NotificationRecipient,
    Review,
    ReviewKind,
    StatutoryNotification,
)
from learning.reports import triage
from learning.reports.intake import submit_report
from storage.vocabulary import Channel
from tests.drafts import a_draft
from tests.evaluation.seed import QUARTER, card, made, noon, row, rows
from tests.people import load_account
from storage.models import Report
from tests.people import an_account, an_agency


@pytest.fixture
def partnership(database):
    return {"police": an_agency(database, "Riverside Police"),
            "school": an_agency(database, "Meadowbank School"),
            "lead": an_account(database, "lead@riverside.example", "learning_lead")}


@pytest.fixture
def quarter(database, settings, partnership):
    """Seven reports this quarter, two the quarter before (see each line's working)."""
    police, school, lead = partnership["police"], partnership["school"], partnership["lead"]

    def report(on, **options):
        return made(database, settings, lead, on=on, **options)

    # Due two working days after it was made; acknowledged the next day: in time.
    report(date(2026, 10, 5), agencies=[police], acknowledged=date(2026, 10, 6))
    # Made Tue 10 Nov, due Thu 12 Nov, acknowledged 20 Nov: late.
    report(date(2026, 11, 10), kind="concerning_incident", agencies=[police, school],
           acknowledged=date(2026, 11, 20))
    # Mon 14 to Fri 18 Dec: 4 working days to close.
    report(date(2026, 12, 14), agencies=[school], acknowledged=date(2026, 12, 15),
           closed=date(2026, 12, 18), outcome="Invitations now go to named inboxes.")
    # Thu 24 to Tue 29 Dec: 1 working day (25 and 28 Dec are bank holidays; 26, 27 a weekend).
    report(date(2026, 12, 24), kind="good_practice", agencies=[school],
           acknowledged=date(2026, 12, 29), closed=date(2026, 12, 29),
           outcome="Shared in the January bulletin.")
    # Wed 23 to Wed 30 Dec: 3 working days (24, 29, 30); closed with no further action.
    report(date(2026, 12, 23), agencies=[police], acknowledged=date(2026, 12, 23),
           closed=date(2026, 12, 30))
    # Made and closed on Mon 21 Dec: 0 working days.
    report(date(2026, 12, 21), agencies=[police], acknowledged=date(2026, 12, 21),
           closed=date(2026, 12, 21), outcome="Thanked the team.")
    # Not yet acknowledged, but not due until Mon 4 Jan 2027: left out of "in time".
    report(date(2026, 12, 30), agencies=[police])
    # The quarter before: Mon 3 to Fri 7 Aug, 4 working days, in time...
    report(date(2026, 8, 3), agencies=[police], acknowledged=date(2026, 8, 4),
           closed=date(2026, 8, 7), outcome="A new checklist.")
    # ... and one never acknowledged, due on 3 Sep: late.
    report(date(2026, 9, 1), kind="concerning_incident", agencies=[school])
    return partnership


def test_reports_are_counted_by_kind_agency_channel_and_month(database, settings, quarter):
    found = card(database, settings, quarter["lead"])
    assert found.period == QUARTER
    assert found.previous == Period(date(2026, 7, 1), date(2026, 9, 30))
    assert rows(found, "reports_by_kind") == {
        "Near miss": (5, 1), "Concerning incident": (1, 1), "Good practice": (1, 0)}
    # The report involving both agencies counts once for each.
    assert rows(found, "reports_by_agency") == {
        "Meadowbank School": (3, 1), "Riverside Police": (5, 1)}
    assert rows(found, "reports_by_channel") == {
        "Web form": (7, 2), "Slack": (0, 0), "Microsoft Teams": (0, 0), "Web chat": (0, 0)}
    # Each month beside the same month of the quarter before: Oct/Jul, Nov/Aug, Dec/Sep.
    assert rows(found, "reports_by_month") == {
        "Oct 2026": (1, 0), "Nov 2026": (1, 1), "Dec 2026": (5, 1)}
    months = next(f for f in found.figures if f.key == "reports_by_month")
    assert months.chart == "months" and months.question is Question.HOW_MUCH


def test_acknowledged_within_the_target(database, settings, quarter):
    found = card(database, settings, quarter["lead"])
    acknowledged = row(found, "acknowledged_in_time", "Reports")
    assert (acknowledged.value, acknowledged.out_of) == (83.3, 6)  # 5 of 6
    assert (acknowledged.previous, acknowledged.previous_out_of) == (50.0, 2)


def test_median_working_days_to_close_skips_christmas_bank_holidays(database, settings,
                                                                    quarter):
    found = card(database, settings, quarter["lead"])
    to_close = row(found, "working_days_to_close", "Reports")
    # 0, 1, 3 and 4 working days: the median is 2 (it would be 3 counting 25 and 28 Dec).
    assert (to_close.value, to_close.out_of) == (2.0, 4)
    assert (to_close.previous, to_close.previous_out_of) == (4.0, 1)
    figure = next(f for f in found.figures if f.key == "working_days_to_close")
    assert figure.unit is Unit.WORKING_DAYS


def test_closed_with_you_said_we_did(database, settings, quarter):
    found = card(database, settings, quarter["lead"])
    outcome = row(found, "closed_with_outcome", "Reports")
    # Three of the four closed told the reporter what changed; one had no further action.
    assert (outcome.value, outcome.out_of, outcome.previous) == (75.0, 4, 100.0)


def test_statutory_clocks_met(database, settings, partnership):
    harmed = {"child_died_or_seriously_harmed": True, "abuse_or_neglect_suspected": True}
    lead = partnership["lead"]
    on_time = made(database, settings, lead, on=date(2026, 11, 2), **harmed)
    late = made(database, settings, lead, on=date(2026, 12, 1), **harmed)
    with database.unit_of_work() as uow:
        first, second = uow.session.get(Report, on_time), uow.session.get(Report, late)
        # Mon 2 Nov: notify by Mon 9 Nov, rapid review by Mon 23 Nov (5 and 15 working days);
        # Tue 1 Dec: by Tue 8 Dec and Tue 22 Dec.
        assert (first.notification_due, first.rapid_review_due) == (
            date(2026, 11, 9), date(2026, 11, 23))
        assert (second.notification_due, second.rapid_review_due) == (
            date(2026, 12, 8), date(2026, 12, 22))
        uow.session.add_all([
            StatutoryNotification(report_id=on_time, recipient=NotificationRecipient.OFSTED,
                                  notified_on=date(2026, 11, 6), made_by="LA designated officer"),
            StatutoryNotification(report_id=on_time,
                                  recipient=NotificationRecipient.NATIONAL_PANEL,
                                  notified_on=date(2026, 11, 12), made_by="LA designated officer"),
            StatutoryNotification(report_id=late, recipient=NotificationRecipient.NATIONAL_PANEL,
                                  notified_on=date(2026, 12, 10),
                                  made_by="LA designated officer"),
            Review(report_id=on_time, kind=ReviewKind.RAPID_REVIEW,
                   completed_on=date(2026, 11, 20)),
            Review(report_id=late, kind=ReviewKind.LEARNING_REVIEW,
                   completed_on=date(2026, 12, 10)),
        ])
        uow.commit()
    statutory = rows(card(database, settings, lead), "statutory_on_time")
    # The first notification counts; a learning review is not a rapid review.
    assert statutory == {"Notified within 5 working days": (50.0, None),
                         "Rapid review within 15 working days": (50.0, None)}


def test_actions_done_by_their_due_date(database, settings, partnership):
    with database.unit_of_work() as uow:
        item = LearningItem(title="Invitations", what_was_learned="Use named inboxes.")
        uow.session.add(item)
        uow.session.flush()

        def action(due, status, done=None, agency=partnership["police"]):
            uow.session.add(Action(learning_item_id=item.id, what="Update the template",
                                   owner_name="MASH manager", agency_id=agency, due_on=due,
                                   status=status, done_on=done))

        action(date(2026, 10, 30), ActionStatus.DONE, date(2026, 10, 30))  # on the day
        action(date(2026, 11, 30), ActionStatus.DONE, date(2026, 12, 2))  # late
        action(date(2026, 12, 15), ActionStatus.OPEN)  # overdue
        action(date(2026, 12, 20), ActionStatus.DROPPED)  # left out
        action(date(2026, 9, 1), ActionStatus.DONE, date(2026, 8, 20),
               agency=partnership["school"])  # the quarter before
        action(date(2027, 1, 5), ActionStatus.DONE, date(2026, 12, 1))  # due after the period
        uow.commit()
    done = row(card(database, settings, partnership["lead"]), "actions_done_on_time", "Actions")
    # Of the three due this quarter and not dropped, one was done by the day it was due.
    assert (done.value, done.out_of, done.previous, done.previous_out_of) == (
        33.3, 3, 100.0, 1)


def test_a_period_that_ends_before_it_starts_is_refused(database, settings, partnership):
    with pytest.raises(PeriodRefused, match="on or before its end"):
        card(database, settings, partnership["lead"],
             period=Period(date(2026, 12, 1), date(2026, 11, 1)))


@pytest.mark.parametrize(("period", "before"), [
    # A quarter is compared with the whole quarter before, though it is a day shorter.
    (Period(date(2026, 7, 1), date(2026, 9, 30)), Period(date(2026, 4, 1), date(2026, 6, 30))),
    (Period(date(2026, 3, 1), date(2026, 3, 31)), Period(date(2026, 2, 1), date(2026, 2, 28))),
    (Period(date(2026, 1, 1), date(2026, 12, 31)), Period(date(2025, 1, 1), date(2025, 12, 31))),
    # Not whole months: as many days, ending the day before.
    (Period(date(2026, 10, 10), date(2026, 10, 19)),
     Period(date(2026, 9, 30), date(2026, 10, 9))),
])
def test_the_period_before_is_the_same_months_or_days_just_before(period, before):
    assert previous(period) == before


def test_days_are_the_partnerships_days_on_every_database(database, settings, partnership):
    # Sent at 23:30 UTC on Wed 1 July, which is 00:30 on Thu 2 July in London; closed on
    # Fri 3 July: one working day, not the two the UTC day would give.
    with database.unit_of_work() as uow:
        reference = submit_report(uow, a_draft(occurred_on=date(2026, 7, 1)),
                                  channel=Channel.WEB, settings=settings,
                                  now=datetime(2026, 7, 1, 23, 30, tzinfo=UTC)).reference
    with database.unit_of_work() as uow:
        lead = load_account(uow.session, partnership["lead"])
        report = triage.find_report(uow.session, reference)
        triage.close_no_further_action(uow.session, report, by=lead, now=noon(date(2026, 7, 3)),
                                       reason="Handled in supervision")
        uow.commit()
    found = card(database, settings, partnership["lead"],
                 period=Period(date(2026, 7, 1), date(2026, 9, 30)))
    to_close = row(found, "working_days_to_close", "Reports")
    assert (to_close.value, to_close.out_of) == (1.0, 1)
    assert rows(found, "reports_by_month")["Jul 2026"][0] == 1
