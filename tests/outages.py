"""Taking a running app's database away for real, and the 503 page's Try again.

PostgreSQL: the database stops accepting connections and every connection to it is ended
(as a failover or a restart does). SQLite: the file is moved aside and a folder stands in
its place, so no connection can open it; the pool's open connections are closed, since an
open SQLite file would otherwise carry on under its new name.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.database import Database

FORM = re.compile(r'<form method="post" action="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
LINK = re.compile(r'<a class="govuk-button"[^>]*href="([^"]+)"[^>]*>Try again</a>')


@contextmanager
def database_away(database: Database) -> Iterator[None]:
    url = make_url(database.url)
    if url.get_backend_name() == "sqlite":
        with _sqlite_away(database, Path(url.database)):
            yield
        return
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = url.database
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = :name AND pid <> pg_backend_pid()"),
                           {"name": name})
    try:
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


@contextmanager
def _sqlite_away(database: Database, path: Path) -> Iterator[None]:
    aside = path.with_suffix(".away")
    path.rename(aside)
    path.mkdir()
    database.engine.dispose()
    try:
        yield
    finally:
        path.rmdir()
        aside.rename(path)


@contextmanager
def own_database(environ: dict[str, str]) -> Iterator[dict[str, str]]:
    """The test's environment with a database only it uses, so taking that database away
    touches no other test: on PostgreSQL a private one, on SQLite the test's own file."""
    from tests.conftest import POSTGRES_URL, private_postgres_database

    if not POSTGRES_URL:
        yield environ
        return
    with private_postgres_database("learnloop_chat_outage") as url:
        yield {**environ, "DATABASE_URL": url}


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def try_again(client, response, **typed_again: str):
    """Press the 503 page's Try again: its form posted as it stands, or its link followed."""
    page = response.get_data(as_text=True)
    form = FORM.search(page)
    if form is None:
        return client.get(html.unescape(LINK.search(page).group(1)))
    fields: dict[str, list[str]] = {}
    for name, value in HIDDEN.findall(page.split(form.group(0), 1)[1].split("</form>")[0]):
        fields.setdefault(html.unescape(name), []).append(html.unescape(value))
    for name, value in typed_again.items():
        fields[name] = [value]
    return client.post(html.unescape(form.group(1)), data=fields)
