"""The one lockout rule for anything guessable (case keys, local passwords): after `limit`
wrong tries it is locked for `period`, even against the right answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Lockout:
    limit: int
    period: timedelta

    def is_locked(self, locked_until: datetime | None, now: datetime) -> bool:
        return locked_until is not None and locked_until > now

    def after_wrong_try(self, wrong_tries: int, now: datetime) -> tuple[int, datetime | None]:
        """(wrong tries to keep, locked until): the count starts again once it locks."""
        if wrong_tries + 1 >= self.limit:
            return 0, now + self.period
        return wrong_tries + 1, None
