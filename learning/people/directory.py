"""The partnership's agencies and people, kept by admins (and imported from CSV)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learning.reports.access import Permission, require
from learning.reports.channel_ids import channel_id
from storage.database import read_rows
from storage.models import Account, Agency, Person
from storage.models.nudges import AgencyChannel
from storage.vocabulary import CHAT_PLATFORMS, AgencyType, Platform

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PEOPLE_COLUMNS = ("name", "email", "job_title", "agency", "time_zone", "slack_user_id")


class DirectoryError(ValueError):
    """A change an admin cannot make as asked; the message says what to fix."""


def active_agencies(session: Session) -> list[Agency]:
    """The agencies a report can name today, by name: every form and filter offers these."""
    return list(session.scalars(select(Agency).where(Agency.active).order_by(Agency.name)))


def active_agencies_among(session: Session, ids: Iterable[int]) -> list[Agency]:
    """Those of `ids` that are agencies a report can name today: one query, none for none."""
    wanted = set(ids)
    if not wanted:
        return []
    return list(session.scalars(select(Agency).where(Agency.active, Agency.id.in_(wanted))))


def all_agencies(session: Session) -> list[Agency]:
    """Every agency, retired ones too, by name: for the admin page and filtering old reports."""
    return list(session.scalars(select(Agency).order_by(Agency.name)))


def agency_names(session: Session) -> list[tuple[int, str]]:
    """`all_agencies`' ids and names only, for a filter's list: read as plain rows."""
    return [tuple(row) for row in read_rows(session, _AGENCY_NAMES)]


_AGENCY_NAMES = select(Agency.id, Agency.name).order_by(Agency.name)


def agencies_with_ids(session: Session, ids: list[int]) -> list[Agency]:
    return list(session.scalars(select(Agency).where(Agency.id.in_(ids)).order_by(Agency.name)))


def all_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.name)))


def channels_by_agency(session: Session) -> dict[int, AgencyChannel]:
    """Where each agency's nuggets are posted, keyed by agency id."""
    return {c.agency_id: c for c in session.scalars(select(AgencyChannel))}


def active_person_on_slack(session: Session, slack_user_id: str) -> Person | None:
    return session.scalar(select(Person).where(Person.slack_user_id == slack_user_id,
                                               Person.active))


def save_agency(session: Session, *, by: Account, name: str, agency_type: str,
                active: bool = True, agency_id: int | None = None) -> Agency:
    require(by, Permission.ADMINISTER)
    name = name.strip()
    if not name or len(name) > 200:
        raise DirectoryError("Enter the agency's name (200 characters at most)")
    if agency_type not in {t.value for t in AgencyType}:
        raise DirectoryError("Choose the kind of agency")
    clash = session.scalar(select(Agency).where(func.lower(Agency.name) == name.lower()))
    agency = session.get(Agency, agency_id) if agency_id else Agency()
    if agency is None:
        raise DirectoryError("That agency no longer exists")
    if clash is not None and clash is not agency:
        raise DirectoryError(f"There is already an agency called {clash.name}")
    agency.name, agency.agency_type, agency.active = name, AgencyType(agency_type), active
    session.add(agency)
    return agency


@dataclass(frozen=True)
class PersonDetails:
    name: str
    email: str
    job_title: str = ""
    agency: str = ""
    time_zone: str = ""
    slack_user_id: str = ""


def save_person(session: Session, *, by: Account, details: PersonDetails,
                active: bool = True) -> Person:
    """Create or update a person, matched on their email address."""
    require(by, Permission.ADMINISTER)
    name, email = details.name.strip(), details.email.strip().lower()
    if not name:
        raise DirectoryError("Enter the person's name")
    if not _EMAIL.match(email):
        raise DirectoryError(f"{email or 'The email address'} is not an email address")
    agency = None
    if details.agency.strip():
        agency = session.scalar(
            select(Agency).where(func.lower(Agency.name) == details.agency.strip().lower()))
        if agency is None:
            raise DirectoryError(f"No agency is called {details.agency.strip()}")
    zone = details.time_zone.strip() or None
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise DirectoryError(f"{zone} is not a time zone (e.g. Europe/London)") from None
    person = session.scalar(select(Person).where(Person.email == email)) or Person(email=email)
    person.name, person.agency = name[:200], agency
    person.job_title = details.job_title.strip() or None
    person.time_zone, person.slack_user_id = zone, details.slack_user_id.strip() or None
    person.active = active
    session.add(person)
    return person


def import_people(session: Session, *, by: Account, csv_text: str) -> int:
    """All rows or none: every problem is reported with its line number. Caller commits."""
    require(by, Permission.ADMINISTER)
    reader = csv.DictReader(io.StringIO(csv_text))
    missing = [c for c in ("name", "email") if c not in (reader.fieldnames or [])]
    if missing:
        raise DirectoryError(f"The file needs columns {', '.join(PEOPLE_COLUMNS)}; "
                             f"missing: {', '.join(missing)}")
    problems, count = [], 0
    for line, row in enumerate(reader, start=2):
        try:
            save_person(session, by=by, details=PersonDetails(
                **{c: (row.get(c) or "") for c in PEOPLE_COLUMNS}))
            count += 1
        except DirectoryError as problem:
            problems.append(f"line {line}: {problem}")
    if problems:
        raise DirectoryError("Nothing was imported. " + "; ".join(problems[:20]))
    return count


def set_agency_channel(session: Session, *, by: Account, agency_id: int, platform: str,
                       channel: str) -> None:
    """Where learning nuggets for the agency are posted; an empty channel stops posting there."""
    require(by, Permission.ADMINISTER)
    found = session.scalar(select(AgencyChannel).where(AgencyChannel.agency_id == agency_id))
    channel = channel.strip()
    if not channel:
        if found is not None:
            session.delete(found)
        return
    if platform not in {p.value for p in CHAT_PLATFORMS}:
        raise DirectoryError("Choose Slack or Teams for the agency's channel")
    if session.get(Agency, agency_id) is None:
        raise DirectoryError("That agency no longer exists")
    channel = channel_id(platform, channel)  # ChannelIdError says what an id looks like
    found = found or AgencyChannel(agency_id=agency_id)
    found.platform = Platform(platform)
    key = "channel" if found.platform is Platform.SLACK else "channel_id"
    found.address = {key: channel}
    session.add(found)
