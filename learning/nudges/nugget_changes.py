"""What the nugget pages and buttons call: each read or change in one unit of work."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from learning.nudges.nugget_status import NuggetStatus, delivery_status
from learning.nudges.nugget_writing import NuggetDraft, draft_of, is_editable, save_nugget
from learning.nudges.nuggets import (Acknowledged, NuggetAction, acknowledge_delivery,
                                     published, withdraw_nugget)
from learning.reports.access import acting_account
from learning.settings import Settings
from storage.database import Database, UnitOfWork
from storage.models import Account
from storage.models.nudges import Nugget


def nuggets_with_status(uow: UnitOfWork) -> list[tuple[Nugget, NuggetStatus]]:
    """Every nugget, newest first, with how it has landed so far."""
    rows = uow.session.scalars(select(Nugget).order_by(Nugget.id.desc())).all()
    return [(n, delivery_status(uow.session, n.id)) for n in rows]


def nugget_with_status(uow: UnitOfWork, nugget_id: int) -> tuple[Nugget, NuggetStatus] | None:
    nugget = uow.session.get(Nugget, nugget_id)
    return (nugget, delivery_status(uow.session, nugget_id)) if nugget else None


def write_nugget(uow: UnitOfWork, draft: NuggetDraft, *, by: Account) -> int:
    """Save a checked draft (scheduled if it has a send time); returns its id."""
    nugget = save_nugget(uow.session, draft, by=acting_account(uow.session, by))
    uow.commit()
    return nugget.id


def nugget_to_edit(uow: UnitOfWork, nugget_id: int) -> tuple[NuggetDraft, bool] | None:
    """The saved nugget as a draft, and whether it may still be changed; None when not found."""
    nugget = uow.session.get(Nugget, nugget_id)
    return (draft_of(nugget), is_editable(nugget)) if nugget else None


def edit_nugget(uow: UnitOfWork, nugget_id: int, draft: NuggetDraft, *, by: Account) -> bool:
    """Save a checked draft over a nugget not yet sent: AlreadySent once it has gone out;
    False when there is no such nugget."""
    # Locked, so the clock cannot send it between the check and the change (PostgreSQL).
    nugget = uow.session.get(Nugget, nugget_id, with_for_update=True)
    if nugget is None:
        return False
    save_nugget(uow.session, draft, by=acting_account(uow.session, by), nugget=nugget)
    uow.commit()
    return True


def withdraw(uow: UnitOfWork, nugget_id: int, *, by: Account) -> bool:
    """Stop a nugget; False when there is no such nugget."""
    nugget = uow.session.get(Nugget, nugget_id)
    if nugget is None:
        return False
    withdraw_nugget(uow.session, nugget, by=acting_account(uow.session, by))
    uow.commit()
    return True


def published_nugget(uow: UnitOfWork, nugget_id: int) -> Nugget | None:
    """A nugget already given out and not withdrawn: what /learning may show."""
    found = uow.session.get(Nugget, nugget_id)
    return found if found is not None and found in published(uow.session, limit=1000) else None


def press_nugget(database: Database, delivery_id: int, action: NuggetAction | str,
                 value: str | None, *, now: datetime, settings: Settings,
                 chat_user_id: str | None) -> Acknowledged:
    """A button on a nugget, from Slack or Teams; NotYours or LookupError when refused."""
    with database.unit_of_work() as uow:
        result = acknowledge_delivery(uow.session, delivery_id, action, value, now=now,
                                      settings=settings, chat_user_id=chat_user_id)
        uow.commit()
    return result
