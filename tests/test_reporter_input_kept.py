"""Nothing a reporter typed is lost when a page's security token is refused, another tab signs
in or opens a follow-up, or a follow-up times out (issue 13 items 1 and 2)."""

import html
import re
import time
from datetime import UTC, datetime, timedelta
from unittest import mock

from sqlalchemy import func, select

from learning.people.accounts import add_account
from storage.models import Report, ReportMessage
from tests.dashboard.conftest import PASSWORD, sign_in
from tests.web import DETAILS, hidden_answers, post_details, report_through_the_form, token

CASE_KEY = re.compile(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def reports(database) -> int:
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(func.count(Report.id)))


def check_form(client) -> dict[str, list[str]]:
    return hidden_answers(post_details(client).get_data(as_text=True))


def test_a_report_left_open_for_hours_still_sends(client, database):
    form = check_form(client)
    later = time.time() + 5 * 3600  # Flask-WTF's default refused tokens after one hour
    with mock.patch("time.time", return_value=later):
        sent = client.post("/report/check", data={**form, "action": ["send"]})
    assert sent.status_code == 303 and reports(database) == 1


def test_signing_in_or_following_up_in_another_tab_keeps_a_report_sendable(app, client,
                                                                             database):
    done = report_through_the_form(app.test_client(), identity_mode="anonymous")
    with database.unit_of_work() as uow:
        add_account(uow, "lead@riverside.example", "learning_lead", password=PASSWORD)
    form = check_form(client)
    assert sign_in(client, "lead@riverside.example").status_code == 303
    client.post("/follow-up", data={"case_key": CASE_KEY.search(done).group(0),
                                    "csrf_token": token(client, "/follow-up")})
    sent = client.post("/report/check", data={**form, "action": ["send"]})
    assert sent.status_code == 303 and reports(database) == 2


def test_a_refused_token_shows_check_your_answers_again_with_everything_kept(app, client,
                                                                              database):
    form = check_form(client)
    other_browser = app.test_client()  # its session never issued this token
    refused = other_browser.post("/report/check", data={**form, "action": ["send"]})
    page = text(refused)
    assert refused.status_code == 400 and "Your report has not been sent" in page
    assert "your browser's session with LearnLoop had ended" in page
    kept = hidden_answers(refused.get_data(as_text=True))
    assert kept["what_happened"] == [DETAILS["what_happened"]]
    assert reports(database) == 0
    again = other_browser.post("/report/check", data={**kept, "action": ["send"]})
    assert again.status_code == 303 and reports(database) == 1


def test_a_refused_token_on_the_details_page_keeps_every_answer(app, client):
    form = {**DETAILS, "csrf_token": "not-a-token"}
    refused = client.post("/report/details", data=form)
    page = text(refused)
    assert refused.status_code == 400 and "Your report has not been sent yet" in page
    for value in DETAILS.values():
        assert value in page
    assert 'name="csrf_token" value="not-a-token"' not in page  # a fresh token


def test_a_refused_token_on_the_first_question_keeps_the_answer(client):
    refused = client.post("/report", data={"immediate_risk": "no"})
    assert refused.status_code == 400
    assert re.search(r'value="no"\s+checked', refused.get_data(as_text=True))


def test_a_refused_token_on_the_case_key_page_keeps_the_key(client):
    refused = client.post("/follow-up", data={"case_key": "7KQ3-92XD"})
    assert refused.status_code == 400 and 'value="7KQ3-92XD"' in text(refused)


def test_a_refused_token_on_the_check_question_keeps_the_choice(client, database, settings):
    from tests.jobs.test_learning_pages import shared_nugget

    url = f"/learning/{shared_nugget(database, settings)}"
    refused = client.post(url, data={"choice": "1"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "govuk-error-summary" in page
    assert re.search(r'value="1"\s+checked', page)


def open_report(app, client):
    done = report_through_the_form(client, identity_mode="anonymous")
    reader = app.test_client()
    key = CASE_KEY.search(done).group(0)
    reader.post("/follow-up", data={"case_key": key, "csrf_token": token(reader, "/follow-up")})
    return reader, key


def test_a_reply_after_the_follow_up_timed_out_is_kept_and_sent_with_the_case_key(app, client,
                                                                                  database):
    reader, key = open_report(app, client)
    csrf = token(reader, "/follow-up/report")
    later = datetime.now(UTC) + timedelta(minutes=45)
    with mock.patch("forms.follow_up.datetime") as clock:
        clock.now.return_value = later
        timed_out = reader.post("/follow-up/report", data={"reply": "It was the Tuesday one.",
                                                           "csrf_token": csrf})
    page = text(timed_out)
    assert "Enter your case key again" in page and "It was the Tuesday one." in page
    form = hidden_answers(timed_out.get_data(as_text=True))
    sent = reader.post("/follow-up", data={**form, "case_key": key})
    assert sent.status_code == 303 and "sent=1" in sent.location
    with database.unit_of_work() as uow:
        assert [m.body for m in uow.session.scalars(select(ReportMessage))] == [
            "It was the Tuesday one."]


def test_a_wrong_key_keeps_the_waiting_reply(app, client):
    reader, _ = open_report(app, client)
    with reader.session_transaction() as cookie:
        cookie.pop("follow_up_session")
    waiting = reader.post("/follow-up/report", data={
        "reply": "Still here.", "csrf_token": token(reader, "/follow-up")})
    form = hidden_answers(waiting.get_data(as_text=True))
    wrong = reader.post("/follow-up", data={**form, "case_key": "2222-2222-2222-2222-2222-2222"})
    assert wrong.status_code == 400 and "Still here." in text(wrong)


def test_a_reply_too_large_to_send_comes_back_cut_to_the_limit(app, client):
    reader, _ = open_report(app, client)
    pasted = "A long paste. " * 30_000
    response = reader.post("/follow-up/report", data={
        "reply": pasted, "csrf_token": token(reader, "/follow-up/report")})
    page = text(response)
    assert response.status_code == 413 and "cut to its first 2,000 characters" in page
    assert f">{pasted[:2000]}</textarea>" in page


def test_signing_out_of_a_follow_up_says_the_report_stays_open(app, client):
    reader, _ = open_report(app, client)
    report_page = text(reader.get("/follow-up/report"))
    assert "Close this report" not in report_page and "Sign out of this report" in report_page
    out = reader.post("/follow-up/close", data={"csrf_token": token(reader, "/follow-up/report")},
                      follow_redirects=True)
    assert "Your report is still open with the learning group" in text(out)
