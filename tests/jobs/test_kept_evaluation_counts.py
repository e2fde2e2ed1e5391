"""The report card's kept counts of learning sent, people reached and answers agree with the
outbox's own rows after real sends, retries and answers, and outlive the outbox's pruning."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select

from learning.evaluation.figures import Period
from learning.evaluation.kept_counts import ANSWERED, LEARNING_SENT
from learning.evaluation.report_card import report_card
from learning.nudges.nuggets import NuggetAction, acknowledge_delivery, schedule_due_nuggets
from learning.nudges.outbox import Outbox, RetryPolicy
from learning.nudges.outbox_upkeep import prune_outbox
from learning.nudges.send_rate import Limits, Rate, SendRate
from learning.settings import load_settings
from storage.models import Agency
from storage.models.evaluation import AnswerCount, DeliveredCount, PersonReached
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState
from storage.vocabulary import AgencyType, Platform
from tests.evaluation.seed import rows
from tests.jobs.conftest import TUESDAY_10AM
from tests.jobs.people import a_nugget, a_person
from tests.jobs.platform import HttpMessenger
from tests.people import an_account, load_account

FAST = {p: Limits(Rate(10_000, burst=100), Rate(10_000, burst=100)) for p in Platform}
QUARTER = Period(start=date(2026, 10, 1), end=date(2026, 12, 31))


def settings_for(database, tmp_path):
    # Small numbers shown, so the card's figures can be compared exactly.
    return load_settings({"DATABASE_URL": database.url, "SECRET_KEY": "test",
                          "LEARNLOOP_INSTANCE_PATH": str(tmp_path),
                          "EVALUATION_SMALLEST_COUNT": "0"})


def an_agency(database, name: str) -> int:
    with database.unit_of_work() as uow:
        found = Agency(name=name, agency_type=AgencyType.HEALTH)
        uow.session.add(found)
        uow.commit()
        return found.id


def send_all(database, settings, platform, now) -> None:
    outbox = Outbox(database, {Platform.SLACK: HttpMessenger(platform.url)}, settings,
                    send_rate=SendRate(FAST), sleep=lambda _: None,
                    policy=RetryPolicy(first_delay=timedelta(seconds=1), max_attempts=3))
    # A retry waits a second or more: each round is a minute later, as the clock would run.
    for minute in range(10):
        outbox.send_due(now=now + timedelta(minutes=minute))


def press(database, settings, delivery_id, action, value, now) -> None:
    with database.unit_of_work() as uow:
        acknowledge_delivery(uow.session, delivery_id, action, value, now=now, settings=settings)
        uow.commit()


def kept(database) -> tuple[dict, set, dict]:
    with database.unit_of_work() as uow:
        session = uow.session
        sent = {(r.day, r.kind, r.agency_id): r.sent for r in session.scalars(
            select(DeliveredCount)) if r.sent}
        reached = {(r.person_id, r.day, r.agency_id) for r in session.scalars(
            select(PersonReached))}
        answers = {(r.item, r.kind, r.agency_id): (r.useful, r.not_useful, r.check_right,
                                                   r.check_wrong)
                   for r in session.scalars(select(AnswerCount))
                   if (r.useful, r.not_useful, r.check_right, r.check_wrong) != (0, 0, 0, 0)}
        return sent, reached, answers


def recounted(database, settings) -> tuple[dict, set, dict]:
    """The same three from the outbox's rows, each delivery looked at one by one."""
    sent: Counter = Counter()
    reached = set()
    answers: dict = {}
    with database.unit_of_work() as uow:
        for d in uow.session.scalars(select(Delivery)):
            agency = (d.person.agency_id if d.person else None) or 0
            if d.kind in LEARNING_SENT and d.state is DeliveryState.SENT:
                day = d.sent_at.astimezone(settings.timezone).date()
                sent[(day, d.kind.value, agency)] += 1
                if d.person_id:
                    reached.add((d.person_id, day, agency))
            if d.kind in ANSWERED and (d.useful is not None or d.check_correct is not None):
                got = answers.setdefault((d.item, d.kind.value, agency), [0, 0, 0, 0])
                if d.useful is not None:
                    got[0 if d.useful else 1] += 1
                if d.check_correct is not None:
                    got[2 if d.check_correct else 3] += 1
    return dict(sent), reached, {key: tuple(n) for key, n in answers.items()}


def figures(database, settings, lead_id) -> dict:
    with database.unit_of_work() as uow:
        card = report_card(uow, period=QUARTER, agency_id=None, settings=settings,
                           by=load_account(uow.session, lead_id), today=date(2027, 2, 10))
    return {key: rows(card, key) for key in ("learning_delivered", "people_reached",
                                             "found_useful", "check_right")}


def a_quarter_of_learning(database, settings, platform) -> list[int]:
    """Three people in two agencies sent a nugget (a platform error retried on the way, one
    person's address gone for good), who answer, change an answer and are asked again."""
    health, police = an_agency(database, "Community Health"), an_agency(database, "Police")
    people = [a_person(database, "Priya Shah", agency_id=health),
              a_person(database, "Amira Haddad", agency_id=health),
              a_person(database, "Hannah Lewis", agency_id=police),
              a_person(database, "Gone Away", agency_id=police)]
    a_nugget(database, send_at=TUESDAY_10AM)
    with database.unit_of_work() as uow:
        schedule_due_nuggets(uow.session, settings, now=TUESDAY_10AM)
        uow.commit()
    platform.gone = {"UGONEAWAY"}
    platform.fail_next(2)
    send_all(database, settings, platform, TUESDAY_10AM)
    with database.unit_of_work() as uow:
        first = dict(uow.session.execute(select(Delivery.person_id, Delivery.id)).all())
    later = TUESDAY_10AM + timedelta(hours=1)
    press(database, settings, first[people[0]], NuggetAction.USEFUL, "yes", later)
    press(database, settings, first[people[0]], NuggetAction.USEFUL, "no", later)
    press(database, settings, first[people[1]], NuggetAction.USEFUL, "yes", later)
    press(database, settings, first[people[0]], NuggetAction.ANSWER, "0", later)
    press(database, settings, first[people[2]], NuggetAction.ANSWER, "1", later)
    # Answering twice changes nothing.
    press(database, settings, first[people[2]], NuggetAction.ANSWER, "0", later)
    # The re-ask is due two days after the wrong answer.
    send_all(database, settings, platform, later + timedelta(days=2))
    with database.unit_of_work() as uow:
        recheck = uow.session.scalar(select(Delivery.id).where(
            Delivery.kind == DeliveryKind.NUGGET_RECHECK, Delivery.state == DeliveryState.SENT))
    press(database, settings, recheck, NuggetAction.ANSWER, "1",
          later + timedelta(days=2, hours=1))
    return people


def test_kept_counts_agree_with_the_outbox_after_sends_retries_and_answers(
        any_database, platform, tmp_path):
    settings = settings_for(any_database, tmp_path)
    a_quarter_of_learning(any_database, settings, platform)

    with any_database.unit_of_work() as uow:
        tries = uow.session.scalars(select(Delivery.attempts)).all()
    assert max(tries) > 1, "no send was retried: the test proved nothing about retries"
    sent, reached, answers = kept(any_database)
    assert (sent, reached, answers) == recounted(any_database, settings)
    tuesday = date(2026, 11, 24)
    # Three nuggets sent (the fourth address is gone): one each, whatever the retries.
    assert sent == {(tuesday, "nugget", 1): 2, (tuesday, "nugget", 2): 1}
    assert {(person, day) for person, day, _ in reached} == {(1, tuesday), (2, tuesday),
                                                            (3, tuesday)}
    # Priya said useful, then not; Amira useful. Priya wrong first, right when asked again.
    assert answers == {("nugget:1", "nugget", 1): (1, 1, 0, 1),
                       ("nugget:1", "nugget", 2): (0, 0, 1, 0),
                       ("nugget:1", "nugget_recheck", 1): (0, 0, 1, 0)}


def test_pruning_the_outbox_leaves_the_report_cards_learning_figures_as_they_were(
        any_database, platform, tmp_path):
    settings = settings_for(any_database, tmp_path)
    lead = an_account(any_database, "lead@example.org", "learning_lead")
    a_quarter_of_learning(any_database, settings, platform)
    before = figures(any_database, settings, lead)
    assert before["learning_delivered"]["Learning nuggets"][0] == 3
    assert before["people_reached"]["People"][0] == 3

    with any_database.unit_of_work() as uow:
        pruned = prune_outbox(uow.session, settings, now=TUESDAY_10AM + timedelta(days=800))
        uow.commit()

    assert pruned == 5, "the test should have emptied the outbox"
    assert recounted(any_database, settings) == ({}, set(), {})
    assert figures(any_database, settings, lead) == before
