"""A clash made real: an ORM hook gives the row being stored a value another row already has,
so the database itself refuses it, as it would refuse a random reference drawn twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def taken(model, column: str, value: str, *, times: int) -> Iterator[list[str]]:
    """The next `times` rows of `model` stored get `value` (another row's) in `column`."""
    given: list[str] = []

    def clash(_mapper, _connection, row) -> None:
        if len(given) < times:
            given.append(getattr(row, column))
            setattr(row, column, value)

    event.listen(model, "before_insert", clash)
    try:
        yield given
    finally:
        event.remove(model, "before_insert", clash)
