"""Learning items, actions and people for the learning-loop tests, made through the services."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from learning.improvement.actions import ActionDraft, add_action
from learning.improvement.learning_log import LearningDraft, record_learning
from storage.models import Account, Agency, Person

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
TODAY = date(2026, 12, 1)


def account(database, email: str) -> Account:
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(Account).where(Account.email == email))


def agency_id(database, name: str = "Riverside Police") -> int:
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(Agency.id).where(Agency.name == name))


def a_person(database, name: str, email: str, *, slack: str | None = None) -> int:
    with database.unit_of_work() as uow:
        person = Person(name=name, email=email, slack_user_id=slack)
        uow.session.add(person)
        uow.commit()
        return person.id


def a_learning_item(database, lead: Account, *, title: str = "Invitations to named inboxes",
                    themes: tuple[str, ...] = ("information sharing",),
                    reference: str | None = None) -> int:
    with database.unit_of_work() as uow:
        return record_learning(uow, LearningDraft(
            title=title, what_was_learned="Strategy discussion invitations go to named duty "
            "inboxes, not shared mailboxes.", themes=list(themes)), by=lead, now=NOW,
            report_reference=reference).id


def an_action(database, lead: Account, item_id: int, *, agency: int, due_on: date,
              owner_id: int | None = None, what: str = "Update the strategy meeting template",
              today: date = TODAY) -> int:
    with database.unit_of_work() as uow:
        return add_action(uow, item_id, ActionDraft(what=what, owner_name="MASH manager",
                                                    due_on=due_on, agency_id=agency,
                                                    owner_id=owner_id),
                          by=lead, today=today).id
