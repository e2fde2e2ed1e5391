"""A wrong, an unknown and a locked try take the same time, for accounts and for case keys,
so timing cannot tell which accounts or key locators exist, or which are locked.

Ratios of medians of 20 interleaved tries, never absolute times.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from learning.people.accounts import add_account
from learning.reports.intake import submit_report
from storage.models import Account, CaseKey
from storage.vocabulary import Channel
from tests.drafts import a_draft
from tests.web import token

TRIES = 20
PASSWORD = "correct horse battery staple"
LOCKED = datetime.now(UTC) + timedelta(days=1)


def medians(client_for, tries: dict[str, object], before_each) -> dict[str, float]:
    """Each kind of try in turn, a fresh browser each round; the median time of each kind."""
    times: dict[str, list[float]] = {name: [] for name in tries}
    for _ in range(TRIES):
        client, csrf = client_for()
        for name, send in tries.items():
            before_each()
            started = time.perf_counter()
            response = send(client, csrf)
            times[name].append(time.perf_counter() - started)
            assert response.status_code == 400, response.get_data(as_text=True)[:500]
    return {name: statistics.median(values) for name, values in times.items()}


def assert_alike(found: dict[str, float]) -> None:
    assert max(found.values()) / min(found.values()) < 1.5, found


def fresh_client(app, page: str):
    def make():
        client = app.test_client()
        return client, token(client, page)
    return make


def test_wrong_unknown_and_locked_sign_ins_take_the_same_time(app, database):
    with database.unit_of_work() as uow:
        add_account(uow, "wrong@riverside.example", "learning_lead", password=PASSWORD)
    with database.unit_of_work() as uow:
        add_account(uow, "locked@riverside.example", "learning_lead", password=PASSWORD)

    def keep_counters() -> None:
        with database.unit_of_work() as uow:
            uow.session.execute(update(Account).values(failed_sign_ins=0, locked_until=None))
            uow.session.execute(update(Account).where(Account.email.startswith("locked"))
                                .values(locked_until=LOCKED))
            uow.commit()

    def sign_in(email: str):
        return lambda client, csrf: client.post("/sign-in", data={
            "email": email, "password": "not the password at all", "csrf_token": csrf})

    assert_alike(medians(fresh_client(app, "/sign-in"), {
        "wrong": sign_in("wrong@riverside.example"),
        "unknown": sign_in("nobody@riverside.example"),
        "locked": sign_in("locked@riverside.example"),
    }, keep_counters))


def test_wrong_unknown_and_locked_case_keys_take_the_same_time(app, database, settings):
    keys = []
    for _ in range(2):
        with database.unit_of_work() as uow:
            keys.append(submit_report(uow, a_draft(identity_mode="anonymous"), channel=Channel.WEB,
                                      settings=settings, now=datetime.now(UTC)).case_key)
    wrong_key, locked_key = (key[:-1] + ("Z" if key[-1] != "Z" else "Y") for key in keys)

    def keep_counters() -> None:
        with database.unit_of_work() as uow:
            uow.session.execute(update(CaseKey).values(failed_attempts=0, locked_until=None))
            uow.session.execute(update(CaseKey).where(CaseKey.locator == locked_key[:9]
                                                      .replace("-", ""))
                                .values(locked_until=LOCKED))
            uow.commit()

    def follow_up(typed: str):
        return lambda client, csrf: client.post("/follow-up", data={
            "case_key": typed, "csrf_token": csrf})

    unknown = "2222-2222-" + wrong_key[10:]
    assert_alike(medians(fresh_client(app, "/follow-up"), {
        "wrong": follow_up(wrong_key), "unknown": follow_up(unknown),
        "locked": follow_up(locked_key),
    }, keep_counters))
