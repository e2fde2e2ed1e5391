"""Fixtures for the clock, the outbox and nudges: a stand-in platform and databases of each kind."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import text

from learning.nudges.outbox import schedule
from learning.settings import load_settings
from storage import schema
from storage.database import Database
from storage.models import Base
from storage.models.nudges import DeliveryKind
from storage.vocabulary import Platform
from tests.conftest import private_postgres_database
from tests.jobs.platform import FakePlatform

# A Tuesday in term time, 10:00 in London (GMT): inside working hours.
TUESDAY_10AM = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
# Due already by the real clock, for tests that let the outbox run in real time.
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield FakePlatform(server)
    server.clear()
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite_template") / "learnloop.db"
    database = Database(f"sqlite:///{path}")
    schema.upgrade(database)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[str]:
    """A PostgreSQL database of our own for this run, so no other run's clean-up empties it."""
    with private_postgres_database("learnloop_jobs") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_database(request, tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """SQLite always; PostgreSQL too when TEST_DATABASE_URL is set."""
    if request.param == "postgres":
        database = Database(request.getfixturevalue("private_postgres"))
        yield database
        with database.engine.begin() as connection:
            tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        database.dispose()
        return
    # On a memory-backed disk when there is one: each outcome is its own commit, and the
    # 1,000-delivery tests should measure our claiming, not the test machine's fsync.
    folder = Path(tempfile.mkdtemp(dir="/dev/shm" if Path("/dev/shm").is_dir() else tmp_path))
    path = folder / "outbox.db"
    path.write_bytes(sqlite_template.read_bytes())
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()
    shutil.rmtree(folder)


def outbox_settings(tmp_path: Path, database: Database):
    return load_settings({"DATABASE_URL": database.url, "SECRET_KEY": "test",
                          "LEARNLOOP_INSTANCE_PATH": str(tmp_path)})


def text_deliveries(database: Database, count: int, *, not_before: datetime = LONG_AGO,
                    conversation: str = "D{}", workspace: str = "T1") -> None:
    """`count` outbox rows of plain text, each to its own conversation (no person: no hours)."""
    with database.unit_of_work() as uow:
        schedule(uow.session, ({
            "kind": DeliveryKind.DIGEST, "item": "test", "recipient": conversation.format(i),
            "occasion": "first", "platform": Platform.SLACK, "not_before": not_before,
            "address": {"channel": conversation.format(i), "team_id": workspace},
            "payload": {"type": "TextNotice", "text": f"notice {i}"}} for i in range(count)))
        uow.commit()
