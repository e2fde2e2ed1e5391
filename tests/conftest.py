"""Fixtures in the Flask tutorial's shape: `settings`, `database`, `app`, `client`.

Every test gets a migrated, empty database: a fresh SQLite file, or, when TEST_DATABASE_URL
is set, the PostgreSQL database named there, emptied between tests.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from learning.settings import Settings, load_settings
from storage import schema
from storage.database import Database
from storage.models import Base

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_report_header() -> str:
    if POSTGRES_URL:
        return f"database: PostgreSQL at {make_url(POSTGRES_URL).render_as_string()}"
    return "database: SQLite (set TEST_DATABASE_URL to run on PostgreSQL too)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated once per run: a SQLite file to copy, or the PostgreSQL database."""
    if POSTGRES_URL:
        database = Database(load_settings({"DATABASE_URL": POSTGRES_URL},
                                          instance_path=tmp_path_factory.mktemp("pg")).database_url)
        reset_postgres(database)
        schema.upgrade(database)
        url = database.url
        database.dispose()
        return url
    path = tmp_path_factory.mktemp("template") / "learnloop.db"
    database = Database(f"sqlite:///{path}")
    schema.upgrade(database)
    database.dispose()
    return str(path)


@contextmanager
def private_postgres_database(prefix: str) -> Iterator[str]:
    """A migrated PostgreSQL database of the caller's own on the test server, dropped after:
    what the caller does to it (empty it, take it away) touches no other test run."""
    server = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    schema.upgrade(database)
    database.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def reset_postgres(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture
def environ(tmp_path: Path, migrated_template: str) -> dict[str, str]:
    """The environment LearnLoop starts with in a test; tests add to it before `settings`."""
    if POSTGRES_URL:
        url = migrated_template
    else:
        shutil.copy(migrated_template, tmp_path / "learnloop.db")
        url = f"sqlite:///{tmp_path / 'learnloop.db'}"
    return {"DATABASE_URL": url, "SECRET_KEY": "test-secret-key",
            "LEARNLOOP_INSTANCE_PATH": str(tmp_path)}


@pytest.fixture
def settings(environ: dict[str, str]) -> Settings:
    return load_settings(environ)


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    database = Database(settings.database_url)
    yield database
    if POSTGRES_URL:
        with database.engine.begin() as connection:
            tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    database.dispose()


@pytest.fixture
def app(settings: Settings, database: Database):
    app = create_app(settings)
    app.config.update(TESTING=True)
    yield app
    # Posts still being made must not meet an emptied database.
    app.extensions["learnloop"].background.shutdown()
    app.extensions["learnloop"].database.dispose()


@pytest.fixture
def client(app):
    return app.test_client()
