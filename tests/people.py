"""Accounts and agencies for tests, made through the same functions the command line uses."""

from __future__ import annotations

from sqlalchemy import select

from learning.people.accounts import add_account
from storage.models import Account, Agency
from storage.vocabulary import AgencyType


def an_agency(database, name: str = "Riverside Police", kind=AgencyType.POLICE) -> int:
    with database.unit_of_work() as uow:
        agency = Agency(name=name, agency_type=kind)
        uow.session.add(agency)
        uow.commit()
        return agency.id


def an_account(database, email: str, role: str, agency_name: str | None = None) -> int:
    with database.unit_of_work() as uow:
        return add_account(uow, email, role, password=None, agency_name=agency_name).id


def load_account(session, account_id: int) -> Account:
    return session.scalar(select(Account).where(Account.id == account_id))
