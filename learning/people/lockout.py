"""The one lockout rule for anything guessable (case keys, local passwords): after `limit`
wrong tries it is locked for `period`, even against the right answer; and every refusal takes
the same time, so timing cannot tell a wrong try from an unknown or a locked one."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

# Longer than a refusal's own work (a lookup, a hash, a counter written), so that work's
# differences never show. Sleeping costs a worker no CPU.
REFUSAL_TIME = 0.1


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


def answer_refusal_evenly(started: float) -> None:
    """Hold a refusal until REFUSAL_TIME after `started` (a `time.monotonic()` reading)."""
    time.sleep(max(0.0, started + REFUSAL_TIME - time.monotonic()))
