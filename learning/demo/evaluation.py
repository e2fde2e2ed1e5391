"""The demo partnership's evaluation story, for the default period (the last full quarter)
and the one before it, so every "is anyone better off" figure has numbers big enough to show:

- two nuggets sent in each quarter: found useful by more people this quarter, and the check
  question right first time more often, with most wrong answers right when asked again;
- pulses six weeks on, mostly "yes" or "not yet";
- a course run in each quarter, its register marked and most attendees finding it useful;
- reporters who heard what changed, most saying they would report again;
- "parental mental health" reported four times a month before its nugget, twice after.

Everything goes through the services real answers use; only the outbox's "sent" is written
here, as nothing in the demo can be reached (no chat or email is set up). Who answers what is
fixed by each person's place in the list (no randomness), so the figures are the same every
run.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from learning.demo.staff import add_staff
from learning.demo.year import seed_report
from learning.evaluation.choosing import last_full_quarter
from learning.evaluation.periods import previous
from learning.evaluation.pulse_answers import record_pulse_answer
from learning.evaluation.pulses import schedule_pulses
from learning.evaluation.reporter_feedback import answer_report_again
from learning.evaluation.course_reaction import record_course_reaction
from learning.nudges.calendar import add_months
from learning.nudges.nugget_writing import NuggetDraft, save_nugget
from learning.evaluation.kept_counts import count_sent
from learning.nudges.nuggets import NuggetAction, acknowledge_delivery, schedule_due_nuggets
from learning.nudges.training import import_training_csv
from learning.nudges.training_events import EventTyped, book_place, mark_attendance, save_event
from learning.settings import Settings
from storage.database import Database
from storage.models import Account, Person, Report
from storage.models.evaluation import Pulse
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState
from storage.models.training import Booking, Course
from storage.vocabulary import Platform, ReportKind, ReportStatus

THEME = "parental mental health"
COURSE = "Multi-agency safeguarding (Level 3)"
# Reports on THEME a month: before its nugget, and after (days of the month they came in).
BEFORE_DAYS, AFTER_DAYS = (4, 11, 18, 25), (8, 22)


def seed_evaluation(database: Database, settings: Settings, base: NuggetDraft, *,
                    lead: Account, agency_ids: list[int], now: datetime) -> None:
    add_staff(database, agency_ids)
    tz = settings.timezone
    quarter = last_full_quarter(now.astimezone(tz).date())
    before = previous(quarter)
    sends = []
    for better, period in enumerate((before, quarter)):
        first = _at(period.start + timedelta(days=9), tz)
        themed = better == 1  # the theme's nugget is the first of the default quarter
        sends.append((first, better, replace(base, title=_TITLES[better][0],
                                             themes=[THEME] if themed else [])))
        sends.append((_at(period.start + timedelta(days=45), tz), better,
                      replace(base, title=_TITLES[better][1], themes=[])))
    for at, better, draft in sends:
        _send_nugget(database, settings, replace(draft, send_at=at), lead, at, better)
    for better, period in enumerate((before, quarter)):
        _run_course(database, settings, lead, _at(period.start + timedelta(days=30), tz, 9),
                    better)
    _theme_reports(database, settings, lead, agency_ids, first_sent=sends[2][0], now=now)
    for start in (add_months(quarter.start, -3), quarter.start):  # whole months
        _good_practice(database, settings, lead, agency_ids, start=start, now=now)
    _pulses(database, settings, sorted(at for at, _, _ in sends), now=now)
    for better, period in enumerate((before, quarter)):
        _reporters_answer(database, _at(period.start, tz, 0), _at(period.end, tz, 0), better)
    _training_records(database)


_TITLES = (
    ("7-minute briefing: strategy discussions need police there",
     "7-minute briefing: was not brought, not did not attend"),
    ("7-minute briefing: a parent's mental health and the baby",
     "7-minute briefing: weekend discharges and the liaison health visitor"),
)


def _at(day: date, tz, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tz)


def _everyone(session) -> list[Person]:
    return list(session.scalars(select(Person).where(Person.active).order_by(Person.id)))


# Per person (their place in the list) and quarter (0 the one before, 1 the default):
def _answers(i: int, better: int) -> bool:
    return i % 10 not in (3, 7)  # eight in ten answer


def _useful(i: int, better: int) -> bool:
    return i % 5 < 3 + better  # three in five, then four in five


def _right_first(i: int, better: int) -> bool:
    return i % 2 == 0 if not better else i % 3 != 0  # a half, then two in three


def _sent(session, delivery: Delivery, at: datetime, settings: Settings) -> None:
    """As the email outbox would have left it, with the evaluation's kept counts."""
    person = delivery.person
    delivery.state, delivery.sent_at, delivery.reason = DeliveryState.SENT, at, None
    delivery.platform = Platform.EMAIL
    delivery.address = {"email": person.email, "person_id": person.id}
    count_sent(session, delivery, sent_at=at, timezone=settings.timezone)


def _send_nugget(database: Database, settings: Settings, draft: NuggetDraft, lead: Account,
                 at: datetime, better: int) -> None:
    with database.unit_of_work() as uow:
        session = uow.session
        nugget = save_nugget(session, draft, by=lead)
        session.flush()
        schedule_due_nuggets(session, settings, now=at)
        deliveries = session.scalars(select(Delivery).where(
            Delivery.nugget_id == nugget.id, Delivery.kind == DeliveryKind.NUGGET,
            Delivery.person_id.is_not(None)).order_by(Delivery.person_id)).all()
        wrong = 1 - nugget.check_answer
        for i, delivery in enumerate(deliveries):
            _sent(session, delivery, at, settings)
            if not _answers(i, better):
                continue
            read = at + timedelta(hours=1, minutes=i)
            acknowledge_delivery(session, delivery.id, NuggetAction.USEFUL,
                                 "yes" if _useful(i, better) else "no", now=read,
                                 settings=settings)
            choice = nugget.check_answer if _right_first(i, better) else wrong
            acknowledge_delivery(session, delivery.id, NuggetAction.ANSWER, str(choice),
                                 now=read, settings=settings)
        rechecks = session.scalars(select(Delivery).where(
            Delivery.nugget_id == nugget.id, Delivery.kind == DeliveryKind.NUGGET_RECHECK)
            .order_by(Delivery.person_id)).all()
        for i, recheck in enumerate(rechecks):
            _sent(session, recheck, recheck.not_before, settings)
            choice = wrong if i % 4 == 1 else nugget.check_answer  # three in four right now
            acknowledge_delivery(session, recheck.id, NuggetAction.ANSWER, str(choice),
                                 now=recheck.not_before + timedelta(hours=2), settings=settings)
        uow.commit()


def _run_course(database: Database, settings: Settings, lead: Account, starts: datetime,
                better: int) -> None:
    with database.unit_of_work() as uow:
        course = uow.session.scalar(select(Course).where(Course.name == COURSE))
        if course is None:
            course = Course(name=COURSE, refresh_months=36)
            uow.session.add(course)
            uow.commit()
        course_id = course.id
    local = starts.astimezone(settings.timezone)
    with database.unit_of_work() as uow:
        event_id = save_event(uow, EventTyped(
            title="Multi-agency safeguarding: working together", course_id=str(course_id),
            starts_on=local.date().isoformat(), starts_at=local.strftime("%H:%M"),
            location="Riverside Civic Centre, Room 2", places="30"),
            by=lead, settings=settings, now=starts - timedelta(days=30))
    with database.unit_of_work() as uow:
        # Every third person books (a different third each quarter); all but one come.
        booked = [p.id for i, p in enumerate(_everyone(uow.session)) if i % 3 == better]
        for person_id in booked:
            book_place(uow.session, event_id, person_id, starts - timedelta(days=14))
        uow.commit()
    with database.unit_of_work() as uow:
        mark_attendance(uow, event_id, set(booked[1:]), by=lead, settings=settings,
                        now=starts + timedelta(hours=4))
    with database.unit_of_work() as uow:
        bookings = uow.session.scalars(select(Booking).where(
            Booking.event_id == event_id, Booking.attended.is_(True)).order_by(Booking.id))
        for i, booking in enumerate(bookings):
            record_course_reaction(uow.session, booking.id, "no" if i % 6 == 5 - better else
                                   "yes", now=starts + timedelta(days=1))
        uow.commit()


def _theme_reports(database: Database, settings: Settings, lead: Account,
                   agency_ids: list[int], *, first_sent: datetime, now: datetime) -> None:
    """Four a month in the three months before the theme's nugget went out, two a month in
    the three after (those already over)."""
    sent_month = first_sent.astimezone(settings.timezone).date().replace(day=1)
    this_month = now.astimezone(settings.timezone).date().replace(day=1)
    plans = []
    for step, days in ((-3, BEFORE_DAYS), (-2, BEFORE_DAYS), (-1, BEFORE_DAYS),
                       (1, AFTER_DAYS), (2, AFTER_DAYS), (3, AFTER_DAYS)):
        month = add_months(sent_month, step)
        if month < this_month:
            plans += [((now.date() - month.replace(day=d)).days, THEME,
                       ["information_sharing"], [2, 0]) for d in days]
    with database.unit_of_work() as uow:
        people = _everyone(uow.session)
    for plan in plans:
        seed_report(database, settings, plan, agency_ids=agency_ids, people=people,
                    lead_id=lead.id, now=now)


def _good_practice(database: Database, settings: Settings, lead: Account,
                   agency_ids: list[int], *, start: date, now: datetime) -> None:
    """Nine good-practice reports in a quarter, each naming three of the agencies that report
    least, in turn, so every agency's count of reports is big enough to show."""
    least = [1, 3, 4, 5, 6]
    with database.unit_of_work() as uow:
        people = _everyone(uow.session)
    for n in range(9):
        day = add_months(start, n // 3).replace(day=(6, 14, 22)[n % 3])
        agencies = [least[(3 * n + k) % len(least)] for k in range(3)]
        seed_report(database, settings, ((now.date() - day).days, "early help", [], agencies),
                    agency_ids=agency_ids, people=people, lead_id=lead.id, now=now,
                    kind=ReportKind.GOOD_PRACTICE)


def _pulses(database: Database, settings: Settings, sends: list[datetime], *,
            now: datetime) -> None:
    """The clock's pulses six weeks after each send (courses' too), then the answers."""
    weeks = timedelta(weeks=settings.pulse_after_weeks, days=1)
    for at in [*sends, *(s + timedelta(days=21) for s in sends[::2])]:
        if at + weeks <= now:
            with database.unit_of_work() as uow:
                schedule_pulses(uow.session, settings, now=at + weeks)
                uow.commit()
    with database.unit_of_work() as uow:
        pulses = uow.session.scalars(select(Pulse).where(Pulse.answer.is_(None))
                                     .order_by(Pulse.item, Pulse.person_id)).all()
        for i, pulse in enumerate(pulses):
            answered = datetime.combine(pulse.due_on + timedelta(days=2), time(11),
                                        settings.timezone)
            if i % 4 == 3 or answered > now:
                continue  # a quarter never answer
            answer = ("yes", "yes", "not_yet", "yes", "not_relevant")[i % 5]
            record_pulse_answer(uow.session, pulse.id, answer, now=answered)
        uow.commit()


def _reporters_answer(database: Database, start: datetime, end: datetime, better: int) -> None:
    """Reporters whose report closed with what changed: most would report again, more so in
    the default quarter."""
    with database.unit_of_work() as uow:
        reports = uow.session.execute(select(Report.id, Report.submitted_at).where(
            Report.status == ReportStatus.CLOSED, Report.outcome.is_not(None),
            Report.submitted_at >= start, Report.submitted_at < end - timedelta(days=12))
            .order_by(Report.submitted_at)).all()
    for i, (report_id, submitted) in enumerate(reports):
        answer = "yes"
        if i % (6 if better else 3) == 2:
            answer = "not_sure"
        elif not better and i == 4:
            answer = "no"
        with database.unit_of_work() as uow:
            answer_report_again(uow, report_id, answer, now=submitted + timedelta(days=10))


def _training_records(database: Database) -> None:
    """Older completions, through the import: some long expired (overdue), some due soon."""
    with database.unit_of_work() as uow:
        people = _everyone(uow.session)
        rows = ["email,course,completed_on"]
        for i, person in enumerate(people):
            if i % 3 == 2:  # neither quarter's course: an older record, or none
                rows.append(f"{person.email},{COURSE},{'2022-05-10' if i % 2 else '2024-02-01'}")
        import_training_csv(uow.session, "\n".join(rows))
        uow.commit()
