"""What the bulletin pages call: each read or change in one unit of work."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from learning.nudges.bulletins import draft_bulletin, send_bulletin, set_introduction
from learning.reports.access import Permission, acting_account, require
from learning.settings import Settings
from storage.database import UnitOfWork
from storage.models import Account
from storage.models.nudges import Bulletin, BulletinState


class NotADraft(Exception):
    def __init__(self) -> None:
        super().__init__("This bulletin has already been sent.")


def all_bulletins(uow: UnitOfWork) -> list[Bulletin]:
    """Every bulletin, newest period first: the lead's list."""
    return list(uow.session.scalars(select(Bulletin).order_by(Bulletin.period_start.desc())))


def a_bulletin(uow: UnitOfWork, bulletin_id: int) -> Bulletin | None:
    return uow.session.get(Bulletin, bulletin_id)


def sent_bulletins(uow: UnitOfWork) -> list[Bulletin]:
    """The public archive: sent bulletins only, newest first."""
    return list(uow.session.scalars(select(Bulletin).where(
        Bulletin.state == BulletinState.SENT).order_by(Bulletin.period_start.desc())))


def sent_bulletin(uow: UnitOfWork, bulletin_id: int) -> Bulletin | None:
    found = uow.session.get(Bulletin, bulletin_id)
    return found if found is not None and found.state is BulletinState.SENT else None


def draft_now(uow: UnitOfWork, settings: Settings, *, by: Account, now: datetime) -> int | None:
    """The lead's "draft it now" (what the clock does each morning); the draft's id, or None
    when the last period's bulletin already exists."""
    require(acting_account(uow.session, by), Permission.TRIAGE)
    drafted = draft_bulletin(uow.session, settings, now=now)
    uow.commit()
    return all_bulletins(uow)[0].id if drafted else None


def save_introduction(uow: UnitOfWork, bulletin_id: int, introduction: str, *,
                      by: Account) -> str | None:
    """The problem to show (with what they typed kept), or None once saved.
    LookupError when there is no such bulletin."""
    require(acting_account(uow.session, by), Permission.TRIAGE)
    bulletin = uow.session.get(Bulletin, bulletin_id, with_for_update=True)
    if bulletin is None:
        raise LookupError(bulletin_id)
    problem = set_introduction(bulletin, introduction)
    if problem is None:
        uow.commit()
    return problem


def send(uow: UnitOfWork, bulletin_id: int, settings: Settings, *, by: Account,
         now: datetime) -> int:
    """Send a reviewed draft; how many deliveries it makes. NotADraft once sent, LookupError
    when there is no such bulletin."""
    me = acting_account(uow.session, by)
    require(me, Permission.TRIAGE)
    # Locked, so two leads pressing Send at once send it once.
    bulletin = uow.session.get(Bulletin, bulletin_id, with_for_update=True)
    if bulletin is None:
        raise LookupError(bulletin_id)
    if bulletin.state is not BulletinState.DRAFT:
        raise NotADraft()
    written = send_bulletin(uow.session, bulletin, settings, by_id=me.id, now=now)
    uow.commit()
    return written
