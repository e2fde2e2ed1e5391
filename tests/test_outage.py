"""The database goes away under a running app: every page answers 503 with what was typed
kept, and works again, Try again and all, once the database is back (issue 13, item 3)."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from app import create_app
from learning.people.accounts import add_account
from learning.settings import load_settings
from storage import schema
from storage.database import Database
from storage.models import Report, ReportMessage
from tests.conftest import POSTGRES_URL, private_postgres_database
from tests.outages import database_away, page_text, try_again
from tests.web import DETAILS, post_details, report_through_the_form, token

LEAD = "lead@riverside.example"
PASSWORD = "correct horse battery staple"
CASE_KEY = re.compile(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")
REFERENCE = re.compile(r"LL-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")
REPLY = "It was the Tuesday strategy meeting; the invite went to the old duty inbox."
MESSAGE = "Thank you. Which team's inbox was it: the duty team or the MASH?"
SEARCH = "duty inbox & invitations"


@pytest.fixture
def private_postgres() -> Iterator[str]:
    """A database of this test's own: taking it away must not touch anyone else's."""
    with private_postgres_database("learnloop_outage") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path: Path, migrated_template: str) -> str:
    if request.param == "postgres":
        return request.getfixturevalue("private_postgres")
    url = f"sqlite:///{tmp_path / 'outage.db'}"
    if POSTGRES_URL:  # the run's template is PostgreSQL then: migrate a file of our own
        database = Database(url)
        schema.upgrade(database)
        database.dispose()
    else:
        shutil.copy(migrated_template, tmp_path / "outage.db")
    return url


def an_app(tmp_path: Path, url: str, **environ: str):
    settings = load_settings({"DATABASE_URL": url, "SECRET_KEY": "test-secret-key",
                              "LEARNLOOP_INSTANCE_PATH": str(tmp_path), **environ})
    app = create_app(settings)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def running(tmp_path, database_url):
    app = an_app(tmp_path, database_url)
    database = app.extensions["learnloop"].database
    with database.unit_of_work() as uow:
        add_account(uow, LEAD, "learning_lead", password=PASSWORD)
    yield app
    app.extensions["learnloop"].background.shutdown()
    database.dispose()


def count(database, what) -> int:
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(what))


def test_every_page_answers_503_keeps_what_was_typed_and_recovers(running):
    app = running
    database = app.extensions["learnloop"].database
    reporter, lead, stranger = app.test_client(), app.test_client(), app.test_client()
    # Each its own browser: signing in starts a new session (and a new CSRF token).
    opener, writer = app.test_client(), app.test_client()
    done = report_through_the_form(reporter, identity_mode="anonymous")
    case_key, reference = CASE_KEY.search(done).group(0), REFERENCE.search(done).group(0)
    assert reporter.post("/follow-up", data={"case_key": case_key, "csrf_token": token(
        reporter, "/follow-up")}).status_code == 303
    reporter_token = token(reporter, "/follow-up/report")
    assert lead.post("/sign-in", data={"email": LEAD, "password": PASSWORD,
                                       "csrf_token": token(lead, "/sign-in")}).status_code == 303
    lead_token = token(lead, "/report")
    stranger_token, opener_token = token(stranger, "/report"), token(opener, "/follow-up")
    check_page = post_details(writer, what_happened="Second report: " + DETAILS["what_happened"])
    receiver = app.test_client()
    sent = try_again(receiver, post_details(receiver, identity_mode="anonymous"), action="send")
    assert sent.status_code == 303

    with database_away(database):
        answers = {
            "reply": reporter.post("/follow-up/report",
                                   data={"reply": REPLY, "csrf_token": reporter_token}),
            "message": lead.post(f"/dashboard/reports/{reference}/message",
                                 data={"message": MESSAGE, "csrf_token": lead_token}),
            "sign-in": stranger.post("/sign-in", data={"email": LEAD, "password": PASSWORD,
                                                       "csrf_token": stranger_token}),
            "dashboard": lead.get("/dashboard", query_string={"q": SEARCH}),
            "learning": stranger.get("/learning"),
            "follow-up": opener.post("/follow-up", data={"case_key": case_key,
                                                         "csrf_token": opener_token}),
            "report": try_again(writer, check_page, action="send"),
            "done": receiver.get("/report/done"),
        }
        for page, response in answers.items():
            assert response.status_code == 503, page
            assert "cannot reach its database" in page_text(response), page
        assert REPLY in page_text(answers["reply"])
        assert MESSAGE in page_text(answers["message"])
        assert LEAD in page_text(answers["sign-in"]) and PASSWORD not in page_text(
            answers["sign-in"])
        assert SEARCH in page_text(answers["dashboard"])
        assert case_key in page_text(answers["follow-up"])
        assert "Second report" in page_text(answers["report"])
        # Where a reporter may be, the emergency contacts; staff pages need not say it.
        for public in ("reply", "learning", "follow-up", "report"):
            assert "call 999" in page_text(answers[public]), public
        assert "call 999" not in page_text(answers["dashboard"])

    # Back by itself: the same app, no restart; and each Try again does what was asked.
    assert app.test_client().get("/healthz").status_code == 200
    assert try_again(reporter, answers["reply"]).status_code == 303
    assert try_again(lead, answers["message"]).status_code == 303
    with database.unit_of_work() as uow:
        bodies = set(uow.session.scalars(select(ReportMessage.body)))
    assert {REPLY, MESSAGE} <= bodies
    assert try_again(stranger, answers["sign-in"], password=PASSWORD).status_code == 303
    assert SEARCH in page_text(try_again(lead, answers["dashboard"]))
    assert try_again(app.test_client(), answers["learning"]).status_code == 200
    assert try_again(opener, answers["follow-up"]).status_code == 303
    assert count(database, Report) == 2
    assert try_again(writer, answers["report"]).status_code == 303
    assert count(database, Report) == 3
    # The case key waited in the session through the outage: it is shown now, once.
    assert CASE_KEY.search(page_text(try_again(receiver, answers["done"])))
    assert receiver.get("/report/done").status_code == 302


@pytest.mark.postgres
def test_a_stuck_table_lock_answers_503_at_the_lock_timeout_not_never(tmp_path, private_postgres):
    app = an_app(tmp_path, private_postgres, DATABASE_LOCK_TIMEOUT_SECONDS="1",
                 DATABASE_STATEMENT_TIMEOUT_SECONDS="600")
    database = app.extensions["learnloop"].database
    with database.engine.connect() as connection:
        assert connection.execute(text("SHOW lock_timeout")).scalar() == "1s"
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "10min"
    client = app.test_client()
    check_page = post_details(client)
    holder = create_engine(private_postgres)
    held, answered = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with holder.begin() as connection:
            connection.execute(text("LOCK TABLE reports IN ACCESS EXCLUSIVE MODE"))
            held.set()
            # Held far beyond the statement timeout: only the lock timeout can answer.
            answered.wait(timeout=120)

    locker = threading.Thread(target=hold_the_lock)
    locker.start()
    try:
        assert held.wait(timeout=30)
        response = try_again(client, check_page, action="send")
    finally:
        answered.set()
        locker.join()
        holder.dispose()
    assert response.status_code == 503
    assert DETAILS["what_happened"] in page_text(response)
    assert try_again(client, response).status_code == 303
    assert count(database, Report) == 1
    app.extensions["learnloop"].background.shutdown()
    database.dispose()
