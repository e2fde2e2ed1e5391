"""Scheduled work goes item by item: one bad item is logged and skipped, the rest carry on."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
Item = TypeVar("Item")


def each(session: Session, items: Iterable[Item], action: Callable[[Item], int], *,
         what: str) -> int:
    """Run `action` on each item inside a savepoint; returns the sum of what the actions return.

    The log names the item by its id only: never report text or identity.
    """
    total = 0
    for item in items:
        try:
            with session.begin_nested():
                total += action(item)
        except Exception:
            log.exception("%s %s was skipped this time", what, getattr(item, "id", "?"))
    return total
