"""Sessions live on the server: ending one ends every copy of its cookie."""

from __future__ import annotations

import base64
import zlib
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from sqlalchemy import Engine, Update, delete, event, select, update

from app import main
from learning.people.accounts import add_account
from storage.models import Account
from storage.models.security import WebSession
from tests.dashboard.conftest import sign_in
from tests.test_web_follow_up import CASE_KEY, anonymous_report, open_with
from tests.web import post_details, send_from_check_page, token

EMAIL = "lead@riverside.example"
PASSWORD = "correct horse battery staple"


def a_lead(database) -> None:
    with database.unit_of_work() as uow:
        add_account(uow, EMAIL, "learning_lead", password=PASSWORD)


def copy_of(app, client):
    """Another browser holding a copy of this one's cookie, taken now."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def signed_in(app, database):
    a_lead(database)
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    return client


def test_a_cookie_copied_before_sign_out_opens_nothing_after(app, database):
    client = signed_in(app, database)
    copy = copy_of(app, client)
    assert copy.get("/dashboard").status_code == 200
    client.post("/sign-out", data={"csrf_token": token(client, "/dashboard")})
    assert copy.get("/dashboard").location.startswith("/sign-in")


def test_a_new_password_or_role_ends_the_accounts_sessions(app, database):
    for change in [{"role": "learning_lead", "password": "a brand new long password"},
                   {"role": "admin", "password": None}]:
        with database.unit_of_work() as uow:
            uow.session.execute(update(Account).values(password_hash=None))
            uow.commit()
        client = signed_in(app, database)
        assert client.get("/dashboard").status_code == 200
        with database.unit_of_work() as uow:
            add_account(uow, EMAIL, change["role"], password=change["password"])
        assert client.get("/dashboard").location.startswith("/sign-in"), change


def test_an_admin_can_sign_an_account_out_everywhere(app, database, environ):
    phone, laptop = signed_in(app, database), app.test_client()
    assert sign_in(laptop, EMAIL, PASSWORD).status_code == 303
    result = CliRunner().invoke(main, ["users", "sign-out", EMAIL], env=environ)
    assert result.exit_code == 0, result.output
    assert phone.get("/dashboard").location.startswith("/sign-in")
    assert laptop.get("/dashboard").location.startswith("/sign-in")


def test_a_session_expires_when_idle(app, database):
    client = signed_in(app, database)
    with database.unit_of_work() as uow:
        uow.session.execute(update(WebSession).values(
            seen_at=datetime.now(UTC) - timedelta(hours=2)))
        uow.commit()
    assert client.get("/dashboard").location.startswith("/sign-in")


def test_a_pages_use_is_written_at_most_once_a_minute(app, database):
    client = signed_in(app, database)
    for ago, written in ((timedelta(seconds=30), False), (timedelta(minutes=2), True)):
        before = datetime.now(UTC) - ago
        with database.unit_of_work() as uow:
            uow.session.execute(update(WebSession).values(seen_at=before))
            uow.commit()
        assert client.get("/dashboard").status_code == 200
        with database.unit_of_work() as uow:
            seen = uow.session.scalar(select(WebSession.seen_at))
        assert (seen > before) is written, ago


def test_a_session_ended_while_a_page_marks_its_use_opens_nothing(app, database):
    """Signed out everywhere by another request between this page reading its session and
    marking its use: the mark finds no row, and the page does not open."""
    client = signed_in(app, database)
    with database.unit_of_work() as uow:
        uow.session.execute(update(WebSession).values(
            seen_at=datetime.now(UTC) - timedelta(minutes=2)))
        uow.commit()

    def ended_first(connection, statement, *_):
        if isinstance(statement, Update) and statement.table is WebSession.__table__:
            connection.execute(delete(WebSession))

    event.listen(Engine, "before_execute", ended_first)
    try:
        response = client.get("/dashboard")
    finally:
        event.remove(Engine, "before_execute", ended_first)
    assert response.location.startswith("/sign-in")


def test_a_follow_up_copied_before_closing_opens_nothing_after(app, client):
    case_key, _ = anonymous_report(client)
    assert open_with(client, case_key).status_code == 303
    copy = copy_of(app, client)
    assert copy.get("/follow-up/report").status_code == 200
    client.post("/follow-up/close", data={"csrf_token": token(client, "/follow-up/report")})
    assert copy.get("/follow-up/report").location.endswith("/follow-up")


def test_the_case_key_never_sits_readable_in_the_cookie_or_the_database(app, client, database):
    check = post_details(client, identity_mode="anonymous").get_data(as_text=True)
    assert send_from_check_page(client, check).status_code == 303
    cookie = client.get_cookie("session").value
    with database.unit_of_work() as uow:
        stored = str([vars(row) for row in uow.session.scalars(select(WebSession))])
    done = client.get("/report/done").get_data(as_text=True)
    case_key = CASE_KEY.search(done).group(0)
    assert case_key not in _readable(cookie) and case_key.replace("-", "") not in stored
    assert case_key not in stored
    # Shown once: a copy of the cookie cannot show it again.
    assert client.get("/report/done").status_code == 302


def _readable(cookie: str) -> str:
    """What anyone holding the cookie can read: Flask signs it, it does not hide it."""
    payload = cookie.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(raw) if cookie.startswith(".") else raw).decode()
