"""A clash made real: a hook gives the row being inserted a value another row already has, so
the database itself refuses it, as it would refuse a random reference drawn twice.

The hook is on every engine's statements, not on the ORM, so it sees a row however it is
written: by the ORM's flush or as a single insert (storage.database.insert_row)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, Insert, event


@contextmanager
def taken(model, column: str, value: str, *, times: int) -> Iterator[list[str]]:
    """The next `times` rows of `model` inserted get `value` (another row's) in `column`."""
    given: list[str] = []

    def clashed(row: dict) -> dict:
        if column not in row or len(given) >= times:
            return row
        given.append(row[column])
        return {**row, column: value}

    def clash(_connection, statement, many, one, _options):
        if isinstance(statement, Insert) and statement.table is model.__table__:
            return statement, [clashed(row) for row in many], clashed(one) if one else one
        return statement, many, one

    event.listen(Engine, "before_execute", clash, retval=True)
    try:
        yield given
    finally:
        event.remove(Engine, "before_execute", clash)
