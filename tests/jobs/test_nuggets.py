"""Nuggets reach their audience once, record what people press, and re-ask a missed check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from learning.nudges.nugget_status import delivery_status
from learning.nudges.nuggets import (
    NotYours,
    NuggetAction,
    acknowledge_delivery,
    schedule_due_nuggets,
)
from storage.models import Agency
from storage.models.nudges import Delivery, DeliveryKind, Nugget, NuggetState
from storage.vocabulary import AgencyType, Platform
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget, a_person


def agency(database, name: str) -> int:
    with database.unit_of_work() as uow:
        found = Agency(name=name, agency_type=AgencyType.HEALTH)
        uow.session.add(found)
        uow.commit()
        return found.id


def run_schedule(database, settings, now=TUESDAY_10AM) -> int:
    with database.unit_of_work() as uow:
        added = schedule_due_nuggets(uow.session, settings, now=now)
        uow.commit()
        return added


def deliveries(database) -> list[Delivery]:
    with database.unit_of_work() as uow:
        return list(uow.session.scalars(select(Delivery).order_by(Delivery.id)))


def test_a_nugget_goes_once_to_each_person_in_its_audience(database, settings):
    health = agency(database, "Community Health")
    a_person(database, "Priya Shah", agency_id=health, job_title="Health visitor")
    a_person(database, "Amira Haddad", agency_id=health, job_title="Paediatric nurse")
    a_person(database, "Hannah Lewis", agency_id=agency(database, "Police"),
             job_title="Health visitor")
    a_nugget(database, send_at=TUESDAY_10AM, agency_ids=[health], roles=["health visitor"])

    assert run_schedule(database, settings, TUESDAY_10AM - timedelta(minutes=1)) == 0
    assert run_schedule(database, settings) == 1
    assert run_schedule(database, settings) == 0
    [delivery] = deliveries(database)
    assert (delivery.recipient, delivery.kind) == ("person:1", DeliveryKind.NUGGET)
    assert (delivery.platform, delivery.address) == (Platform.SLACK, {"channel": "UPRIYASHA"})


def test_a_repeating_nugget_is_sent_again_after_its_interval_and_only_once_per_turn(
        database, settings):
    a_person(database)
    nugget_id = a_nugget(database, send_at=TUESDAY_10AM, repeat_every_days=30)
    assert run_schedule(database, settings) == 1
    # The clock was down for two months: one more sending, not one per missed turn.
    assert run_schedule(database, settings, TUESDAY_10AM + timedelta(days=65)) == 1
    assert run_schedule(database, settings, TUESDAY_10AM + timedelta(days=65)) == 0
    with database.unit_of_work() as uow:
        nugget = uow.session.get(Nugget, nugget_id)
    assert nugget.state is NuggetState.SCHEDULED
    assert nugget.send_at == TUESDAY_10AM + timedelta(days=90)


def press(database, settings, delivery_id, action, value=None, now=TUESDAY_10AM, **who):
    with database.unit_of_work() as uow:
        result = acknowledge_delivery(uow.session, delivery_id, action, value, now=now,
                                      settings=settings, **who)
        uow.commit()
        return result


def test_buttons_record_read_useful_and_discussed_and_re_render_the_nugget(database, settings):
    a_person(database, slack_user_id="U1")
    a_nugget(database, send_at=TUESDAY_10AM)
    run_schedule(database, settings)
    result = press(database, settings, 1, NuggetAction.USEFUL, "yes", chat_user_id="U1")
    assert (result.notice.read, result.notice.useful) == (True, True)
    assert press(database, settings, 1, NuggetAction.DISCUSSED).notice.discussed
    with pytest.raises(NotYours):
        press(database, settings, 1, NuggetAction.READ, chat_user_id="U2")
    [row] = deliveries(database)
    assert (row.read_at, row.useful, row.discussed_at) == (TUESDAY_10AM, True, TUESDAY_10AM)


def test_a_wrong_answer_gets_feedback_at_once_and_is_asked_again_after_2_then_7_days(
        database, settings):
    a_person(database)
    a_nugget(database, send_at=TUESDAY_10AM)
    run_schedule(database, settings)

    first = press(database, settings, 1, NuggetAction.ANSWER, "0")
    assert first.notice.check_feedback.startswith(
        "Not quite. The answer is: Refer to children's social care.")
    recheck = deliveries(database)[-1]
    assert (recheck.kind, recheck.occasion) == (DeliveryKind.NUGGET_RECHECK, "recheck:1")
    assert recheck.not_before == TUESDAY_10AM + timedelta(days=2)

    later = TUESDAY_10AM + timedelta(days=2)
    press(database, settings, recheck.id, NuggetAction.ANSWER, "0", now=later)
    second = deliveries(database)[-1]
    assert (second.occasion, second.not_before) == ("recheck:2", later + timedelta(days=7))

    press(database, settings, second.id, NuggetAction.ANSWER, "0", now=later + timedelta(days=7))
    assert len(deliveries(database)) == 3, "asked three times at most"


def test_a_right_answer_ends_the_asking_and_answering_twice_changes_nothing(database, settings):
    a_person(database)
    a_nugget(database, send_at=TUESDAY_10AM)
    run_schedule(database, settings)
    answered = press(database, settings, 1, NuggetAction.ANSWER, "1")
    assert answered.notice.check_feedback.startswith("That's right")
    answered_again = press(database, settings, 1, NuggetAction.ANSWER, "0")
    assert answered_again.notice.check_feedback.startswith("That's right")
    assert len(deliveries(database)) == 1


def test_leads_see_each_nuggets_delivery_status(database, settings):
    for name in ("A One", "B Two", "C Three"):
        a_person(database, name)
    nugget_id = a_nugget(database, send_at=TUESDAY_10AM)
    run_schedule(database, settings)
    press(database, settings, 1, NuggetAction.USEFUL, "yes")
    press(database, settings, 2, NuggetAction.ANSWER, "0")
    with database.unit_of_work() as uow:
        status = delivery_status(uow.session, nugget_id)
    assert (status.people, status.read, status.useful_yes, status.answered,
            status.correct) == (3, 2, 1, 1, 0)


def test_a_nugget_is_also_posted_in_its_agencies_channels_but_not_one_for_some_job_titles(
        database, settings):
    from learning.people.directory import set_agency_channel
    from tests.people import an_account, load_account

    health = agency(database, "Community Health")
    police = agency(database, "Police")
    admin = an_account(database, "admin@example.org", "admin")
    with database.unit_of_work() as uow:
        set_agency_channel(uow.session, by=load_account(uow.session, admin), agency_id=health,
                           platform="slack", channel="C0HEALTH")
        set_agency_channel(uow.session, by=load_account(uow.session, admin), agency_id=police,
                           platform="teams", channel="19:police@thread.tacv2")
        uow.commit()
    a_person(database, "Priya Shah", agency_id=health, job_title="Health visitor")
    for_health = a_nugget(database, send_at=TUESDAY_10AM, agency_ids=[health])
    a_nugget(database, send_at=TUESDAY_10AM, agency_ids=[health], roles=["health visitor"])
    run_schedule(database, settings)
    channel_posts = [(d.nugget_id, d.platform, d.address) for d in deliveries(database)
                     if d.person_id is None]
    assert channel_posts == [(for_health, Platform.SLACK, {"channel": "C0HEALTH"})]


def test_a_nugget_for_everyone_goes_to_every_agency_channel(database, settings):
    from learning.people.directory import set_agency_channel
    from tests.people import an_account, load_account

    admin = an_account(database, "admin@example.org", "admin")
    ids = [agency(database, "Community Health"), agency(database, "Police")]
    with database.unit_of_work() as uow:
        for number, agency_id in enumerate(ids):
            set_agency_channel(uow.session, by=load_account(uow.session, admin),
                               agency_id=agency_id, platform="slack", channel=f"C0AGENCY{number}")
        uow.commit()
    a_nugget(database, send_at=TUESDAY_10AM)
    assert run_schedule(database, settings) == 2
    assert run_schedule(database, settings) == 0  # once per channel, however often it runs
