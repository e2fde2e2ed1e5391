"""Which clock leads: two `learnloop clock` processes may run, for availability; one sends.

On PostgreSQL the leader holds a session-level advisory lock on its own connection: when the
process dies, the server drops the connection and the lock with it, and a standby that asks
every few seconds takes over. On the embedded SQLite default the lock is an exclusive lock on
a file beside the database, which the operating system releases when the process dies.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from learning.messaging import Messenger
from learning.nudges.outbox_upkeep import release_claims
from learning.settings import Settings
from storage.database import Database
from storage.vocabulary import Platform

log = logging.getLogger(__name__)
# Any fixed 64-bit number that nothing else on the server uses: "LearnLoop clock".
ADVISORY_LOCK_KEY = 0x4C4C_434C_4F43_4B
# How often a standby asks to lead, and a leader checks it still does.
POLL_SECONDS = 5.0


class Leadership(Protocol):
    def try_lead(self) -> bool: ...

    def still_leading(self) -> bool: ...

    def step_down(self) -> None: ...


class AdvisoryLock:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._connection: Connection | None = None

    def try_lead(self) -> bool:
        try:
            connection = self._database.engine.connect()
            # Autocommit, so the session holds the lock and no transaction is left open.
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            got = connection.scalar(text("SELECT pg_try_advisory_lock(:key)"),
                                    {"key": ADVISORY_LOCK_KEY})
        except SQLAlchemyError:
            return False
        if got:
            self._connection = connection
            return True
        connection.close()
        return False

    def still_leading(self) -> bool:
        if self._connection is None:
            return False
        try:
            return bool(self._connection.scalar(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND pid = pg_backend_pid()")))
        except SQLAlchemyError:
            return False

    def step_down(self) -> None:
        if self._connection is not None:
            self._connection.invalidate()  # closing the connection releases the lock
            self._connection = None


class LockFile:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._file: IO[str] | None = None

    def try_lead(self) -> bool:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        handle = self._path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def still_leading(self) -> bool:
        return self._file is not None

    def step_down(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def leadership_for(settings: Settings, database: Database) -> Leadership:
    if database.engine.dialect.name == "postgresql":
        return AdvisoryLock(database)
    return LockFile(settings.instance_path / "clock.lock")


def lead_when_possible(settings: Settings, database: Database,
                       messengers: Mapping[Platform, Messenger], *,
                       stop: threading.Event | None = None,
                       poll_seconds: float = POLL_SECONDS) -> bool:
    """Stand by until this process leads, then run the clock's jobs until it no longer leads
    or `stop` is set. Returns False when leadership was lost (the caller should exit, so its
    supervisor starts it again as a standby), True when stopped."""
    from jobs.clock import build_clock

    stop = stop or threading.Event()
    leadership = leadership_for(settings, database)
    if not leadership.try_lead():
        log.info("another clock leads; this one stands by")
        while not leadership.try_lead():
            if stop.wait(poll_seconds):
                return True
    # Whatever the last leader had claimed but not finished is nobody's now.
    released = release_claims(database)
    log.info("this clock leads%s", f"; {released} unfinished deliveries released" if released
             else "")
    scheduler = build_clock(settings, database, messengers)
    scheduler.start()
    try:
        while not stop.wait(poll_seconds):
            if not leadership.still_leading():
                log.error("this clock no longer leads; stopping its jobs")
                return False
        return True
    finally:
        scheduler.shutdown(wait=True)
        leadership.step_down()


def in_background(run: Callable[[threading.Event], object]) -> tuple[threading.Thread,
                                                                     threading.Event]:
    """Run `run(stop)` in a daemon thread (the clock beside `learnloop serve`)."""
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(stop,), name="clock", daemon=True)
    thread.start()
    return thread, stop
