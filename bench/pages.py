"""Timing one dashboard page through the real app, signed in as a learning lead, against its
bare SQL in the same run."""

from __future__ import annotations

import itertools
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from app import create_app
from learning.people.accounts import add_account
from learning.settings import load_settings

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "bench password 1234"
# Each side is timed this many times, taking turns. The machine is shared: a neighbour's burst
# of work lands on some rounds of one side, so each side's least disturbed round is the figure
# (its median is printed beside it).
ROUNDS = 7
_TIMERS = itertools.count(1)


def page_timer(database_url: str, folder: Path, path: str, *, repeats: int,
               before_each: Callable[[Flask], None] | None = None) -> Callable[[], float]:
    """Seconds per GET of `path` (session, access check, queries, render), as a function
    that times `repeats` GETs each call, after one warm-up; `before_each` (timed too) runs
    before every GET."""
    app = create_app(load_settings({"DATABASE_URL": database_url, "SECRET_KEY": "bench",
                                    "LEARNLOOP_INSTANCE_PATH": str(folder)}))
    # An account of its own: setting a password again would end another timer's session.
    email = f"bench{next(_TIMERS)}@lead.example"
    with app.extensions["learnloop"].database.unit_of_work() as uow:
        add_account(uow, email, "learning_lead", password=PASSWORD)
    client = app.test_client()
    token = CSRF.search(client.get("/sign-in").get_data(as_text=True)).group(1)
    client.post("/sign-in", data={"email": email, "password": PASSWORD,
                                  "csrf_token": token})
    assert client.get(path).status_code == 200  # warm up

    def timed() -> float:
        started = time.perf_counter()
        for _ in range(repeats):
            if before_each is not None:
                before_each(app)
            assert client.get(path).status_code == 200
        return (time.perf_counter() - started) / repeats

    return timed


def page_time(database_url: str, folder: Path, path: str, *, repeats: int) -> float:
    """Seconds per GET of `path`, one pass."""
    return page_timer(database_url, folder, path, repeats=repeats)()


@dataclass(frozen=True)
class Turns:
    """Seconds per repeat of each side, one figure a round."""

    times: dict[str, list[float]]

    def best(self, side: str) -> float:
        return min(self.times[side])

    def median(self, side: str) -> float:
        return statistics.median(self.times[side])


def taking_turns(rounds: int = ROUNDS, **sides: Callable[[], float]) -> Turns:
    """Every round times each side once, in turn."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, side in sides.items():
            times[name].append(side())
    return Turns(times)


# What every signed-in dashboard page runs besides its own queries, written by hand: the
# session by its token's hash, the account, and the navigation's count of unread replies.
SIGNED_IN_SQL = (
    "SELECT * FROM web_sessions WHERE token_hash = 'bench'",
    "SELECT * FROM accounts WHERE id = 1",
    "SELECT count(m.id) FROM report_messages m JOIN reports r ON r.id = m.report_id"
    " WHERE m.from_reporter AND m.read_at IS NULL",
)
