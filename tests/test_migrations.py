"""`learnloop db upgrade` on an empty database gives exactly the schema the models describe."""

import secrets

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage import schema
from storage.database import Database
from storage.models import Base
from tests.conftest import POSTGRES_URL


# SQLite does not report an index column's DESC when asked, so this index always looks
# changed there; PostgreSQL reports it, and the PostgreSQL test compares it in full.
SQLITE_BLIND_SPOTS = {"ix_reports_queue_order"}


def differences(database: Database) -> list:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        found = compare_metadata(context, Base.metadata)
    if database.engine.dialect.name == "sqlite":
        found = [d for d in found if not (d[0] in ("add_index", "remove_index")
                                          and d[1].name in SQLITE_BLIND_SPOTS)]
    return found


def test_migrations_on_empty_sqlite_match_the_models(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    schema.upgrade(database)
    assert differences(database) == []
    schema.upgrade(database)  # a second upgrade is a no-op
    database.dispose()


@pytest.mark.postgres
def test_migrations_on_empty_postgresql_match_the_models():
    server = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    name = f"learnloop_schema_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        database = Database(server.set(database=name).render_as_string(hide_password=False))
        schema.upgrade(database)
        assert differences(database) == []
        database.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
