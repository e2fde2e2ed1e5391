"""Nudges go on working days, in working hours, in the person's own time zone; never on leave,
in quiet hours or past the daily cap. What falls outside waits for the next allowed slot."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from learning.nudges.outbox import Outbox, schedule
from learning.nudges.recipients import delivery_row
from learning.nudges.time_for_people import Rules, next_allowed_slot
from storage.models import Person
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState, Preference
from storage.vocabulary import Platform
from tests.jobs.conftest import outbox_settings
from tests.jobs.people import a_person
from tests.jobs.platform import HttpMessenger

LONDON = ZoneInfo("Europe/London")


def at(*parts: int, zone=LONDON) -> datetime:
    return datetime(*parts, tzinfo=zone)


def slot(after: datetime, sent: dict[date, int] | None = None, **rules) -> datetime:
    counts = (lambda day: (sent or {}).get(day, 0)) if sent is not None else None
    return next_allowed_slot(Rules(time_zone=rules.pop("time_zone", LONDON), **rules),
                             after, counts)


def test_within_working_hours_on_a_working_day_it_goes_now():
    assert slot(at(2026, 11, 24, 10, 15)) == at(2026, 11, 24, 10, 15)


def test_after_hours_on_a_friday_it_waits_for_monday_morning():
    assert slot(at(2026, 11, 27, 17, 0)) == at(2026, 11, 30, 9, 0)


def test_before_hours_it_waits_for_nine():
    assert slot(at(2026, 11, 24, 7, 30)) == at(2026, 11, 24, 9, 0)


def test_bank_holidays_are_skipped():
    # Christmas Eve after hours: Christmas Day (Fri) and Boxing Day substitute (Mon 28th) are off.
    assert slot(at(2026, 12, 24, 17, 30)) == at(2026, 12, 29, 9, 0)


def test_working_hours_are_in_the_recipients_own_time_zone():
    new_york = ZoneInfo("America/New_York")
    # 13:00 UTC is 08:00 in New York: wait an hour; 14:00 UTC is 09:00 there, so it goes.
    assert (slot(at(2026, 11, 24, 13, 0, zone=UTC), time_zone=new_york)
            == at(2026, 11, 24, 14, 0, zone=UTC))
    # 21:30 UTC is 16:30 there: still working hours in New York, long after them in London.
    assert (slot(at(2026, 11, 24, 21, 30, zone=UTC), time_zone=new_york)
            == at(2026, 11, 24, 21, 30, zone=UTC))


def test_a_person_on_leave_hears_nothing_until_the_working_day_after_it_ends():
    assert slot(at(2026, 11, 24, 10, 0), on_leave_until=date(2026, 12, 4)) == at(2026, 12, 7, 9, 0)


def test_quiet_hours_push_a_nudge_past_them_even_across_midnight():
    assert (slot(at(2026, 11, 24, 9, 30), quiet_from=time(9), quiet_until=time(11))
            == at(2026, 11, 24, 11, 0))
    assert (slot(at(2026, 11, 24, 15, 0), quiet_from=time(14), quiet_until=time(10))
            == at(2026, 11, 25, 10, 0))


def test_the_daily_cap_moves_a_third_nudge_to_the_next_working_day():
    busy = {date(2026, 11, 24): 2}
    assert slot(at(2026, 11, 24, 11, 0), sent=busy) == at(2026, 11, 25, 9, 0)
    assert slot(at(2026, 11, 24, 11, 0), sent=busy, daily_cap=3) == at(2026, 11, 24, 11, 0)


def nudge(database, settings, person_id: int, number: int, now: datetime) -> None:
    with database.unit_of_work() as uow:
        person = uow.session.get(Person, person_id)
        schedule(uow.session, [delivery_row(
            kind=DeliveryKind.TRAINING_REMINDER, item=f"course:{number}", person=person,
            occasion="first", not_before=now, settings=settings,
            payload={"type": "TextNotice", "text": "reminder"})])
        uow.commit()


def test_the_outbox_holds_back_what_falls_outside_and_sends_it_at_the_next_slot(
        any_database, platform, tmp_path):
    settings = outbox_settings(tmp_path, any_database)
    settings = type(settings)(**{**settings.__dict__, "slack_bot_token": "x",
                                 "slack_signing_secret": "y"})
    person = a_person(any_database, time_zone="Europe/London")
    with any_database.unit_of_work() as uow:
        uow.session.add(Preference(person_id=person, quiet_from=time(12), quiet_until=time(13)))
        uow.commit()
    monday_7am = at(2026, 11, 23, 7, 0).astimezone(UTC)
    for number in range(3):
        nudge(any_database, settings, person, number, monday_7am)
    outbox = Outbox(any_database, {Platform.SLACK: HttpMessenger(platform.url)}, settings)

    assert outbox.send_due(now=monday_7am).deferred == 3
    assert outbox.send_due(now=at(2026, 11, 23, 8, 59)).handled == 0
    # First allowed at 09:00, but the clock is late and it is now their quiet hour.
    assert outbox.send_due(now=at(2026, 11, 23, 12, 30)).deferred == 3
    assert outbox.send_due(now=at(2026, 11, 23, 12, 59)).handled == 0
    after_quiet = outbox.send_due(now=at(2026, 11, 23, 13, 0))
    assert (after_quiet.sent, after_quiet.deferred) == (2, 1)
    with any_database.unit_of_work() as uow:
        waiting = uow.session.scalars(select(Delivery).where(
            Delivery.state == DeliveryState.PENDING)).one()
    assert waiting.not_before == at(2026, 11, 24, 9, 0)
    assert sum(platform.received.values()) == 2


def test_the_partnerships_working_hours_and_cap_come_from_settings(environ, tmp_path):
    from learning.settings import load_settings
    from learning.nudges.time_for_people import rules_for
    from storage.models import Person

    environ.update(WORKING_HOURS_START="08:00", WORKING_HOURS_END="15:30", NUDGE_DAILY_CAP="1")
    rules = rules_for(Person(name="Priya Shah"), None, load_settings(environ))
    assert (str(rules.start), str(rules.end), rules.daily_cap) == ("08:00:00", "15:30:00", 1)
