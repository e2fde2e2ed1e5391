"""A PostgreSQL database of a bench's own, made on a server and dropped afterwards."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    """Nobody else's data is touched: the bench gets an empty database that is dropped after."""
    url = server_url.replace("postgres://", "postgresql://", 1)
    server = make_url(url).set(drivername="postgresql+psycopg")
    name = f"learnloop_bench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
