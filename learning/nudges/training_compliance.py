"""How each agency stands on each course, and who its training representatives are.

An agency lead sees their own agency; the learning group sees every agency
(`learning.reports.access.visible_people`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from learning.nudges.training import REMINDER_DAYS
from learning.reports.access import Permission, acting_account, require, visible_people
from storage.database import UnitOfWork
from storage.models import Account, Agency, Person
from storage.models.training import Course, TrainingRecord, TrainingRepresentative


@dataclass(frozen=True)
class CourseStanding:
    """One agency on one course: in date, due (within the first reminder), overdue, no record."""

    agency: str
    course: str
    people: int
    in_date: int
    due: int
    overdue: int

    @property
    def no_record(self) -> int:
        return self.people - self.in_date - self.due - self.overdue

    @property
    def percentage(self) -> int:
        """People whose course is still valid (in date or due), of everyone in the agency."""
        return (self.in_date + self.due) * 100 // self.people if self.people else 0


def compliance(uow: UnitOfWork, *, by: Account, today: date) -> list[CourseStanding]:
    """Every visible agency × course, by agency then course name."""
    account = acting_account(uow.session, by)
    require(account, Permission.VIEW_REPORT)
    session = uow.session
    people = dict(session.execute(
        select(Agency.name, func.count(Person.id)).join(Person, Person.agency_id == Agency.id)
        .where(Person.active, visible_people(account)).group_by(Agency.name)).all())
    courses = list(session.scalars(select(Course).order_by(Course.name)))
    records = session.execute(
        select(Agency.name, TrainingRecord.course_id, TrainingRecord.expires_on)
        .join(Person, TrainingRecord.person_id == Person.id)
        .join(Agency, Person.agency_id == Agency.id)
        .where(Person.active, visible_people(account))).all()
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    tally: dict[tuple[str, int], list[int]] = {}
    for agency, course_id, expires in records:
        counts = tally.setdefault((agency, course_id), [0, 0, 0])
        counts[0 if expires > horizon else 1 if expires >= today else 2] += 1
    return [CourseStanding(agency, course.name, count, *tally.get((agency, course.id), [0, 0, 0]))
            for agency, count in sorted(people.items()) for course in courses]


def representatives(uow: UnitOfWork, *, by: Account) -> list[TrainingRepresentative]:
    require(acting_account(uow.session, by), Permission.MANAGE_TRAINING)
    return list(uow.session.scalars(
        select(TrainingRepresentative).join(Person)
        .options(selectinload(TrainingRepresentative.person),
                 selectinload(TrainingRepresentative.agency)).order_by(Person.name)))


def add_representative(uow: UnitOfWork, email: str, *, by: Account) -> str:
    """Make the person with this email their agency's training representative; returns their
    name, or raises ValueError saying what to fix."""
    require(acting_account(uow.session, by), Permission.MANAGE_TRAINING)
    person = uow.session.scalar(select(Person).where(
        func.lower(Person.email) == email.strip().lower(), Person.active))
    if person is None:
        raise ValueError("Nobody with that email is known to LearnLoop: an admin adds them "
                         "under People first")
    if person.agency_id is None:
        raise ValueError(f"{person.name} has no agency: an admin sets it under People first")
    if uow.session.scalar(select(TrainingRepresentative).where(
            TrainingRepresentative.person_id == person.id)):
        raise ValueError(f"{person.name} is already a training representative")
    uow.session.add(TrainingRepresentative(agency_id=person.agency_id, person_id=person.id))
    uow.commit()
    return person.name


def remove_representative(uow: UnitOfWork, representative_id: int, *, by: Account) -> None:
    require(acting_account(uow.session, by), Permission.MANAGE_TRAINING)
    found = uow.session.get(TrainingRepresentative, representative_id)
    if found is not None:
        uow.session.delete(found)
        uow.commit()
