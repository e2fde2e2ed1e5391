"""The partnership admin's changes to agencies and people: each one whole unit of work."""

from __future__ import annotations

from storage.database import UnitOfWork
from learning.people import directory
from learning.people.directory import PersonDetails
from learning.reports.access import acting_account
from storage.models import Account


def change_agency(uow: UnitOfWork, *, by: Account, name: str, agency_type: str, active: bool,
                  agency_id: int | None) -> None:
    """Add or edit an agency; `directory.DirectoryError` says what to fix."""
    directory.save_agency(uow.session, by=acting_account(uow.session, by), name=name,
                          agency_type=agency_type, active=active, agency_id=agency_id)
    uow.commit()


def change_agency_channel(uow: UnitOfWork, *, by: Account, agency_id: int, platform: str,
                          channel: str) -> None:
    directory.set_agency_channel(uow.session, by=acting_account(uow.session, by),
                                 agency_id=agency_id, platform=platform, channel=channel)
    uow.commit()


def change_person(uow: UnitOfWork, *, by: Account, details: PersonDetails, active: bool) -> int:
    """Add or edit one person; returns how many were saved (one), like an import."""
    directory.save_person(uow.session, by=acting_account(uow.session, by), details=details,
                          active=active)
    uow.commit()
    return 1


def import_people(uow: UnitOfWork, *, by: Account, csv_text: str) -> int:
    """All rows or none; returns how many people were saved."""
    count = directory.import_people(uow.session, by=acting_account(uow.session, by),
                                    csv_text=csv_text)
    uow.commit()
    return count
