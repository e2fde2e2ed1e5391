"""Agencies, the staff LearnLoop knows, and dashboard accounts."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ForeignKey,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, _enum, utcnow
from storage.vocabulary import (
    AgencyType,
)

if TYPE_CHECKING:
    from storage.models.nudges import Preference


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    agency_type: Mapped[AgencyType] = mapped_column(_enum(AgencyType))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Person(Base):
    """A member of staff known to LearnLoop: where and when they can be reached."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    time_zone: Mapped[str | None] = mapped_column(String(64))
    slack_user_id: Mapped[str | None] = mapped_column(String(64), index=True)
    teams_user_id: Mapped[str | None] = mapped_column(String(200), index=True)
    teams_conversation: Mapped[dict[str, Any] | None]
    on_leave_until: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agency: Mapped[Agency | None] = relationship()
    # Loaded with the person: every delivery row reads the preferred channel.
    preference: Mapped[Preference | None] = relationship(lazy="selectin", viewonly=True)


class Account(Base):
    """A dashboard sign-in: a local password hash or an Entra ID object id."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    entra_object_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    roles: Mapped[list[str]] = mapped_column(default=list)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    active: Mapped[bool] = mapped_column(default=True)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agency: Mapped[Agency | None] = relationship()

