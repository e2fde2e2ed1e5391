"""The engine, sessions and unit of work: the one way code in LearnLoop touches the database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, Engine, Executable, create_engine, event, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, make_transient_to_detached, sessionmaker

from storage.models import ReportEvent

T = TypeVar("T")


class AppendOnlyError(RuntimeError):
    """Raised when code tries to edit or delete the audit log."""


class Database:
    def __init__(self, url: str, *, statement_timeout: int | None = None,
                 lock_timeout: int | None = None, **engine_options: Any) -> None:
        """`statement_timeout` and `lock_timeout` (seconds, PostgreSQL only): a statement that
        runs or waits longer is cancelled with an OperationalError, which the web app answers
        with 503 and the page kept, instead of holding the worker."""
        self.url = url
        limits = {"statement_timeout": statement_timeout, "lock_timeout": lock_timeout}
        self.engine = _make_engine(url, limits={k: v for k, v in limits.items() if v},
                                   **engine_options)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    def is_reachable(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()


class UnitOfWork:
    """One business transaction: nothing is written unless `commit()` is called.

    Leaving the block without committing rolls back, so an error half-way through a
    submission never leaves half a report behind. Closing (rather than rolling back)
    keeps what was loaded readable after the block.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.session.close()

    def commit(self) -> None:
        self.session.commit()


def read_rows(session: Session, statement: Executable,
              values: dict[str, Any] | None = None) -> CursorResult[Any]:
    """The rows of a statement that selects columns (never objects), read straight from the
    session's connection, as Core reads them: the ORM's loading of plain rows cost more than
    the SQL for the busiest reads (every page's unread count, a page of fifty actions).
    Anything pending is flushed first, as `Session.execute` would."""
    session.flush()
    return session.connection().execute(statement, values)


def detached(model: type[T], values: dict[str, Any], **related: Any) -> T:
    """An instance of `model` made from a row's columns (and any related instances already
    made), as if the ORM had loaded it and its session had closed: its history clean, its
    key set, so a later session can `add` it or `merge(load=False)` it. For rows read with
    `read_rows`."""
    instance = model(**values, **related)
    make_transient_to_detached(instance)
    return instance


def insert_row(session: Session, model: type, **values: Any) -> Any:
    """One row of `model`'s table inserted as a single statement, outside the ORM's unit of
    work (no objects tracked, nothing to flush), for the busiest writes; its primary key.
    The table's column defaults apply; the row is written when the caller commits."""
    return session.execute(insert(model.__table__), values).inserted_primary_key[0]


def _make_engine(url: str, *, limits: dict[str, int], **options: Any) -> Engine:
    # hide_parameters: a database error's message must never quote report text or identity.
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, hide_parameters=True, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if limits:
        # Set by the server as each connection starts (libpq's options), so no transaction
        # or pool reset can undo them.
        options.setdefault("connect_args", {})["options"] = " ".join(
            f"-c {name}={seconds * 1000}" for name, seconds in limits.items())
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **options)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # The web app and the in-process clock share the file: wait for a lock, don't fail.
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    # SQLite has no time-zone database: `local_day(at, 'Europe/London')` is Python's.
    dbapi_connection.create_function("local_day", 2, local_day, deterministic=True)


def local_day(moment: str | None, zone: str) -> str | None:
    """The day (YYYY-MM-DD) a stored UTC moment falls on in the time zone `zone`."""
    if moment is None:
        return None
    at = datetime.fromisoformat(moment)
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return at.astimezone(ZoneInfo(zone)).date().isoformat()


@event.listens_for(Session, "before_flush")
def _refuse_audit_log_edits(session: Session, _context: Any, _instances: Any) -> None:
    edited = (i for i in session.dirty if session.is_modified(i, include_collections=False))
    for instance in (*edited, *session.deleted):
        if isinstance(instance, ReportEvent):
            raise AppendOnlyError("the report timeline is append-only")
