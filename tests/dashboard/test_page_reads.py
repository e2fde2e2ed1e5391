"""A dashboard page reads through one unit of work: the sign-in check, the navigation's count
and the page's own reads take one connection from the pool (when the sign-in has nothing to
save), and a page view that changes nothing in the cookie does not send it again."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, inspect

from learning.people.accounts import signed_in_account
from learning.people.sessions import start_session
from storage.models.security import WebSession
from tests.people import an_account, an_agency


@pytest.mark.parametrize("path", ["/dashboard", "/dashboard/themes", "/dashboard/actions"])
def test_a_page_takes_one_connection_and_sends_no_cookie(signed_in, path):
    lead = signed_in("learning_lead")
    assert lead.get(path).status_code == 200  # warmed up: the sign-in is moments old
    engine = lead.application.extensions["learnloop"].database.engine
    checkouts = []

    def checked_out(*_):
        checkouts.append(1)

    event.listen(engine, "checkout", checked_out)
    try:
        response = lead.get(path)
    finally:
        event.remove(engine, "checkout", checked_out)
    assert response.status_code == 200
    assert len(checkouts) == 1
    assert "Set-Cookie" not in response.headers


def test_the_signed_in_account_comes_detached_with_its_agency(database):
    an_agency(database)
    account_id = an_account(database, "police@riverside.example", "agency_lead",
                            agency_name="Riverside Police")
    now = datetime(2026, 12, 1, 10, tzinfo=UTC)
    with database.unit_of_work() as uow:
        token = start_session(uow.session, now=now, account_id=account_id)
        uow.commit()
    with database.unit_of_work() as uow:
        account = signed_in_account(uow, token, now=now + timedelta(seconds=5))
        assert inspect(account).detached and inspect(account.agency).detached
    assert account.agency.name == "Riverside Police"
    # Another unit of work may take it up, as a page that writes does.
    with database.unit_of_work() as writing:
        writing.session.add(account)
        assert writing.session.get(type(account), account_id) is account


def test_an_idle_session_is_ended_by_the_sign_in_check(database):
    account_id = an_account(database, "lead@riverside.example", "learning_lead")
    now = datetime(2026, 12, 1, 10, tzinfo=UTC)
    with database.unit_of_work() as uow:
        token = start_session(uow.session, now=now, account_id=account_id)
        uow.commit()
    with database.unit_of_work() as uow:
        assert signed_in_account(uow, token, now=now + timedelta(hours=2)) is None
    with database.unit_of_work() as uow:
        assert uow.session.query(WebSession).count() == 0
