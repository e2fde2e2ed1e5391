"""How fast LearnLoop may write to a chat platform: per conversation and per workspace/tenant.

Each key is paced with the generic cell rate algorithm (a token bucket that needs no timer):
a send may go at its "theoretical arrival time" less the burst allowance. On PostgreSQL the
pace is kept in the database (`send_pace`), so every sender in every clock process books from
the same bucket: two senders together stay within what the platform allows one app. The
embedded SQLite default runs one process, where a write transaction per send would cost more
than the pace is worth (a fan-out measured 3.9x its floor against 1.2x), so it keeps the pace
in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from learning.settings import DEFAULT_SMTP_RATE_PER_SECOND, Settings
from storage.database import Database
from storage.models.nudges import SendPace
from storage.vocabulary import Platform


@dataclass(frozen=True)
class Rate:
    per_second: float
    burst: int = 1

    @property
    def interval(self) -> timedelta:
        return timedelta(seconds=1 / self.per_second)


@dataclass(frozen=True)
class Limits:
    conversation: Rate
    workspace: Rate


# The platforms' published limits, read conservatively:
# Slack chat.postMessage: about 1 message a second per channel, "several hundred a minute"
# per workspace (api.slack.com/docs/rate-limits). Teams (Bot Framework, per bot per
# conversation): 7 in 1 s but only 1,800 an hour, so 0.5 a second sustained with a burst of 7;
# 50 requests a second per bot per tenant.
PUBLISHED_LIMITS: dict[Platform, Limits] = {
    Platform.SLACK: Limits(conversation=Rate(1.0), workspace=Rate(5.0, burst=5)),
    Platform.TEAMS: Limits(conversation=Rate(0.5, burst=7), workspace=Rate(50.0, burst=10)),
}
Booking = Sequence[tuple[str, Rate]]
# One person's mailbox: a nugget and its recheck never arrive in the same second.
MAILBOX_RATE = Rate(1.0)


def mail_limits(per_second: float) -> Limits:
    """Email has one "workspace": the one mail server, at the rate its operator allows
    (SMTP_RATE_PER_SECOND). Evenly paced, no burst: relays count per minute and refuse
    with 421/451 rather than say how long to wait."""
    return Limits(conversation=MAILBOX_RATE, workspace=Rate(per_second))


def limits_for(settings: Settings) -> dict[Platform, Limits]:
    """The chat platforms' published limits and the configured mail server's rate."""
    return {**PUBLISHED_LIMITS, Platform.EMAIL: mail_limits(settings.smtp_rate_per_second)}


def conversation_key(platform: Platform, address: dict[str, Any]) -> str:
    if platform is Platform.SLACK:
        return f"slack:{address.get('team_id', '')}:{address.get('channel', '')}"
    if platform is Platform.EMAIL:
        return f"email:{str(address.get('email', '')).lower()}"
    return f"teams:{(address.get('conversation') or {}).get('id', '')}"


def workspace_key(platform: Platform, address: dict[str, Any]) -> str:
    if platform is Platform.SLACK:
        return f"slack:{address.get('team_id', 'default')}"
    if platform is Platform.EMAIL:
        return "email:server"
    return f"teams:{(address.get('conversation') or {}).get('tenantId', 'default')}"


class PaceStore(Protocol):
    def book(self, keys: Booking, now: datetime, longest: timedelta) -> timedelta: ...

    def hold(self, keys: Booking, until: datetime) -> None: ...


def _earliest(tat: datetime | None, rate: Rate, now: datetime) -> datetime:
    if tat is None:
        return now
    return max(now, tat - rate.interval * (rate.burst - 1))


def _booked(next_at: dict[str, datetime | None], keys: Booking, now: datetime,
            longest: timedelta) -> tuple[timedelta, dict[str, datetime]]:
    """The wait for a send now, and each key's next arrival time once it is booked (none
    when the wait is longer than `longest`: the caller comes back later, booking nothing)."""
    at = max(_earliest(next_at.get(key), rate, now) for key, rate in keys)
    if at - now > longest:
        return at - now, {}
    booked = {key: max(next_at.get(key) or at, at) + rate.interval for key, rate in keys}
    return max(at - now, timedelta(0)), booked


def _held(next_at: dict[str, datetime | None], keys: Booking,
          until: datetime) -> dict[str, datetime]:
    # Beyond `until` by the burst allowance, so the first send after it is not early.
    return {key: max(next_at.get(key) or until, until + rate.interval * (rate.burst - 1))
            for key, rate in keys}


class MemoryPace:
    """One process's pace: for a single sender and the tests of the algorithm itself."""

    def __init__(self) -> None:
        self._next: dict[str, datetime | None] = {}
        self._lock = threading.Lock()

    def book(self, keys: Booking, now: datetime, longest: timedelta) -> timedelta:
        with self._lock:
            wait, booked = _booked(self._next, keys, now, longest)
            self._next.update(booked)
            return wait

    def hold(self, keys: Booking, until: datetime) -> None:
        with self._lock:
            self._next.update(_held(self._next, keys, until))


class DatabasePace:
    """The pace every process shares: each booking is one short transaction that locks the
    keys' rows (in key order, so two bookings never wait on each other in a circle)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def book(self, keys: Booking, now: datetime, longest: timedelta) -> timedelta:
        with self._database.engine.begin() as connection:
            next_at = self._locked(connection, keys)
            wait, booked = _booked(next_at, keys, now, longest)
            self._write(connection, booked)
            return wait

    def hold(self, keys: Booking, until: datetime) -> None:
        with self._database.engine.begin() as connection:
            self._write(connection, _held(self._locked(connection, keys), keys, until))

    @staticmethod
    def _locked(connection: Any, keys: Booking) -> dict[str, datetime | None]:
        names = sorted({key for key, _ in keys})
        # Writing first takes SQLite's write lock before the read, so two processes cannot
        # both read the old time; on PostgreSQL FOR UPDATE holds the rows to the commit.
        insert = (postgresql.insert if connection.dialect.name == "postgresql"
                  else sqlite.insert)
        connection.execute(insert(SendPace).values([{"key": name} for name in names])
                           .on_conflict_do_nothing(index_elements=["key"]))
        query = select(SendPace.key, SendPace.next_at).where(SendPace.key.in_(names))
        if connection.dialect.name == "postgresql":
            query = query.order_by(SendPace.key).with_for_update()
        return dict(connection.execute(query).all())

    @staticmethod
    def _write(connection: Any, next_at: dict[str, datetime]) -> None:
        for key, at in next_at.items():
            connection.execute(update(SendPace).where(SendPace.key == key).values(next_at=at))


def shared_pace(database: Database) -> PaceStore:
    """The pace store for senders on this database (see the module's note)."""
    if database.engine.dialect.name == "sqlite":
        return MemoryPace()
    return DatabasePace(database)


class SendRate:
    """Pacing by the platforms' limits, over a store of arrival times (one process's own
    unless one is handed: the outbox hands `shared_pace`)."""

    def __init__(self, limits: dict[Platform, Limits] | None = None,
                 store: PaceStore | None = None) -> None:
        self._limits = limits or {**PUBLISHED_LIMITS, Platform.EMAIL: mail_limits(
            DEFAULT_SMTP_RATE_PER_SECOND)}
        self.store: PaceStore = store or MemoryPace()

    def reserve(self, platform: Platform, address: dict[str, Any], now: datetime,
                longest: timedelta) -> timedelta:
        """How long to wait before this send may go (zero: now). A wait up to `longest` is
        booked on both keys; a longer one books nothing, and the caller comes back later.
        """
        return self.store.book(self._keys(platform, address), now, longest)

    def pause(self, platform: Platform, address: dict[str, Any], until: datetime) -> None:
        """The platform said wait (429 Retry-After): nothing more goes to this workspace before."""
        self.store.hold(self._keys(platform, address), until)

    def _keys(self, platform: Platform, address: dict[str, Any]) -> Booking:
        limits = self._limits[platform]
        return ((conversation_key(platform, address), limits.conversation),
                (workspace_key(platform, address), limits.workspace))
