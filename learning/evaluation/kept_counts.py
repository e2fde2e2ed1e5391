"""The counts the report card and the Board pack read instead of the outbox's rows.

Learning sent (by day, kind and agency), the days each person was sent learning, and the
answers to each piece of learning (by item, kind and agency). Each is changed in the same unit
of work as the row it counts, by the one writer of that row's state: the outbox marking a
delivery sent (`count_sent`), `learning.nudges.nuggets.acknowledge_delivery` recording an
answer (`count_answer`). Pruning the outbox deletes rows, not what they did: the counts stay.
An agency is the person's when the thing happened (0: a channel, or a person in no agency).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Insert, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import Person
from storage.models.evaluation import AnswerCount, DeliveredCount, PersonReached
from storage.models.nudges import Delivery, DeliveryKind, DeliveryState

# What "learning delivered" and "people reached" count (learning.evaluation.how_much).
LEARNING_SENT = (DeliveryKind.NUGGET, DeliveryKind.BULLETIN, DeliveryKind.TRAINING_REMINDER,
                 DeliveryKind.TRAINING_EVENT)
# Whose answers are Kirkpatrick levels 1 and 2 (learning.evaluation.kirkpatrick).
ANSWERED = (DeliveryKind.NUGGET, DeliveryKind.NUGGET_RECHECK, DeliveryKind.BULLETIN)
ANSWER_COLUMNS = ("useful", "not_useful", "check_right", "check_wrong")
NO_AGENCY = 0


def count_sent(session: Session, delivery: Delivery, *, sent_at: datetime,
               timezone: ZoneInfo) -> None:
    """One more of the delivery's kind sent that day; the person reached that day."""
    if delivery.kind not in LEARNING_SENT:
        return
    day = sent_at.astimezone(timezone).date()
    agency = _agency_of(session, delivery.person_id)
    add_counts(session, DeliveredCount,
               {"day": day, "kind": delivery.kind.value, "agency_id": agency}, sent=1)
    if delivery.person_id is not None:
        session.execute(_insert(session, PersonReached)
                        .values(person_id=delivery.person_id, day=day, agency_id=agency)
                        .on_conflict_do_nothing())


def count_answer(session: Session, delivery: Delivery, *, useful_before: bool | None,
                 correct_before: bool | None) -> None:
    """Move the delivery's answers in the counts from what they were to what they are now (a
    person may change "useful" to "not useful"; a check is answered once)."""
    if delivery.kind not in ANSWERED:
        return
    changes = dict.fromkeys(ANSWER_COLUMNS, 0)
    for before, now, yes, no in (
            (useful_before, delivery.useful, "useful", "not_useful"),
            (correct_before, delivery.check_correct, "check_right", "check_wrong")):
        if before is not None:
            changes[yes if before else no] -= 1
        if now is not None:
            changes[yes if now else no] += 1
    if any(changes.values()):
        add_counts(session, AnswerCount,
                   {"item": delivery.item, "kind": delivery.kind.value,
                    "agency_id": _agency_of(session, delivery.person_id)}, **changes)


def recount_every_delivery(session: Session, timezone: ZoneInfo) -> None:
    """Every kept count rebuilt from the outbox's rows (for rows stored without the outbox,
    such as a bench's seed). What pruning removed is lost from them: only for a fresh start."""
    for table in (DeliveredCount, PersonReached, AnswerCount):
        session.execute(delete(table))
    agencies = dict(session.execute(select(Person.id, Person.agency_id)).all())
    sent: dict[tuple, int] = {}
    reached: dict[tuple, int] = {}
    answers: dict[tuple, dict[str, int]] = {}
    for row in session.execute(select(
            Delivery.kind, Delivery.item, Delivery.person_id, Delivery.state, Delivery.sent_at,
            Delivery.useful, Delivery.check_correct)
            .where(Delivery.kind.in_(LEARNING_SENT + ANSWERED))).yield_per(10_000):
        agency = agencies.get(row.person_id) or NO_AGENCY
        if row.kind in LEARNING_SENT and row.state is DeliveryState.SENT and row.sent_at:
            day = row.sent_at.astimezone(timezone).date()
            key = (day, row.kind.value, agency)
            sent[key] = sent.get(key, 0) + 1
            if row.person_id is not None:
                reached[(row.person_id, day)] = agency
        if row.kind in ANSWERED and (row.useful is not None or row.check_correct is not None):
            got = answers.setdefault((row.item, row.kind.value, agency),
                                     dict.fromkeys(ANSWER_COLUMNS, 0))
            if row.useful is not None:
                got["useful" if row.useful else "not_useful"] += 1
            if row.check_correct is not None:
                got["check_right" if row.check_correct else "check_wrong"] += 1
    insert_rows(session, DeliveredCount, [{"day": d, "kind": k, "agency_id": a, "sent": n}
                                          for (d, k, a), n in sent.items()])
    insert_rows(session, PersonReached, [{"person_id": p, "day": d, "agency_id": a}
                                         for (p, d), a in reached.items()])
    insert_rows(session, AnswerCount, [{"item": i, "kind": k, "agency_id": a, **n}
                                       for (i, k, a), n in answers.items()])


def _agency_of(session: Session, person_id: int | None) -> int:
    if person_id is None:
        return NO_AGENCY
    return session.scalar(select(Person.agency_id).where(Person.id == person_id)) or NO_AGENCY


def _insert(session: Session, table: type) -> Insert:
    return _dialect(session.get_bind().dialect.name).insert(table)


def _dialect(name: str):
    # The dialect whose INSERT has ON CONFLICT.
    return postgresql if name == "postgresql" else sqlite


def add_counts(session: Session, table: type, key: dict[str, object], **changes: int) -> None:
    """Add the changes to the row of that key, made at 0 when new."""
    statement = _upsert(session.get_bind().dialect.name, table, tuple(key), tuple(changes))
    session.execute(statement, {**key, **changes})


@cache
def _upsert(dialect_name: str, table: type, key: tuple[str, ...],
            changes: tuple[str, ...]) -> Insert:
    # Built once for each shape: every report sent and every delivery counted runs one.
    upsert = _dialect(dialect_name).insert(table.__table__)
    return upsert.on_conflict_do_update(
        index_elements=list(key),
        set_={name: upsert.table.c[name] + upsert.excluded[name] for name in changes})


def insert_rows(session: Session, table: type, rows: list[dict[str, object]]) -> None:
    for first in range(0, len(rows), 5000):
        session.execute(insert(table), rows[first:first + 5000])


def reached_between(first_day: date, last_day: date, agency_id: int | None
                    ) -> ColumnElement[bool]:
    """Whether a person (a row of `people`) was sent learning between the two days."""
    found = select(PersonReached.person_id).where(
        PersonReached.person_id == Person.id, PersonReached.day >= first_day,
        PersonReached.day <= last_day)
    if agency_id is not None:
        found = found.where(PersonReached.agency_id == agency_id)
    return found.exists()

