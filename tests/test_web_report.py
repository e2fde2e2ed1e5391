import html
import logging
import re

import pytest
from sqlalchemy import func, select

from app import create_app
from learning.settings import load_settings
from storage.models import Report
from tests.stored import every_stored_value
from tests.web import (DETAILS, hidden_answers, post_details, report_through_the_form,
                       send_from_check_page, token)

REFERENCE = re.compile(r"LL-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")
CASE_KEY = re.compile(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def count_reports(database) -> int:
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(func.count(Report.id)))


def test_the_form_asks_about_immediate_risk_first(client):
    page = text(client.get("/report"))
    assert "Is a child at immediate risk of harm right now?" in page
    assert client.get("/").location.endswith("/report")


def test_immediate_risk_shows_the_configured_contacts_then_lets_them_continue(environ, database):
    environ["EMERGENCY_CONTACTS"] = "Call 999, or the Riverside front door on 01632 960000."
    client = create_app(load_settings(environ)).test_client()
    page = text(client.post("/report", data={"immediate_risk": "yes",
                                             "csrf_token": token(client)},
                            follow_redirects=True))
    assert "Call 999, or the Riverside front door on 01632 960000." in page
    assert 'name="immediate_risk" value="yes"' in page
    details = text(client.get("/report/details?immediate_risk=yes"))
    assert "Tell us what happened" in details


def test_no_answer_to_immediate_risk_is_an_error(client):
    response = client.post("/report", data={"csrf_token": token(client)})
    assert response.status_code == 303 and response.location.endswith("/report")
    page = text(client.get(response.location))
    assert "<title>Error: " in page and 'href="#immediate_risk"' in page
    assert "<title>Error: " not in text(client.get("/report"))  # said once


def test_a_named_report_from_start_to_confirmation(client, database):
    assert client.post("/report", data={"immediate_risk": "no", "csrf_token": token(client)}
                       ).location.endswith("/report/details?immediate_risk=no")
    assert "Check your answers" not in text(client.get("/report/check"))
    check = post_details(client)
    page = text(check)
    assert "Check your answers before sending your report" in page
    assert DETAILS["what_happened"] in page and "16 November 2026" in page
    assert "Change<span class=\"govuk-visually-hidden\"> what happened" in page
    assert count_reports(database) == 0  # nothing is kept before "Send"

    sent = send_from_check_page(client, check.get_data(as_text=True))
    done = text(client.get(sent.location))
    reference = REFERENCE.search(done).group(0)
    assert "Your name is on the report" in done and "nobody can link you" not in done
    assert "Report sent" in done and "What happens next" in done
    assert CASE_KEY.search(done)  # a named web reporter comes back with a case key too
    with database.unit_of_work() as uow:
        report = uow.session.scalar(select(Report))
        assert report.reference == reference and report.identity.name == "Priya Shah"
    # Shown once: going back to the confirmation shows nothing again.
    assert client.get("/report/done").location.endswith("/report")


def test_an_anonymous_report_shows_its_case_key_once_and_stores_no_reporter(client, database,
                                                                            caplog):
    caplog.set_level(logging.DEBUG)
    done = report_through_the_form(client, identity_mode="anonymous")
    case_key = CASE_KEY.search(done).group(0)
    assert "only time we will show your case key" in done
    assert "nobody can link you to your report" in done
    values = " ".join(every_stored_value(database)).lower()
    for identifying in ("Priya", "priya.shah@health.example", "Health visitor", "127.0.0.1",
                        "Werkzeug/"):  # the test client's user agent
        assert identifying.lower() not in values
        assert identifying.lower() not in caplog.text.lower()
    assert case_key not in values
    assert DETAILS["what_happened"] not in caplog.text


def test_changing_an_answer_from_check_your_answers_keeps_the_rest(client):
    check = post_details(client)
    form = hidden_answers(check.get_data(as_text=True))
    form["field"] = ["what_happened"]
    page = text(client.post("/report/change", data=form, follow_redirects=True))
    assert "Tell us what happened" in page
    assert DETAILS["what_happened"] in page and 'value="priya.shah@health.example"' in page


@pytest.mark.parametrize("field, blank, message", [
    ("kind", "", "Select what kind of report this is"),
    ("what_happened", "   ", "Describe what happened"),
    ("occurred_on-day", "", "The date it happened must include a day, month and year, in numbers"),
    ("occurred_on-month", "13", "The date it happened must be a real date"),
    ("occurred_on-year", "26", "Year must include 4 numbers"),
    ("occurred_on-year", "2099", "The date it happened must be today or in the past"),
    ("setting", "pub", "Select where it happened"),
    ("potential_severity", "", "Select how serious it could have been"),
    ("identity_mode", "", "Select whether to report named, confidentially or anonymously"),
    ("reporter_name", "", "Enter your name, or choose to report anonymously"),
    ("reporter_email", "not an email", "Enter an email address in the correct format"),
    ("what_happened", "x" * 5001, "What happened must be 5000 characters or fewer; you have 5001"),
])
def test_each_problem_is_shown_and_every_other_answer_is_kept(client, database, field, blank,
                                                              message):
    response = post_details(client, **{field: blank})
    page = text(response)
    assert response.request.path == "/report/details" and response.status_code == 200
    assert page.count("<title>Error: ") == 1 and "There is a problem" in page
    assert message in page
    for other, value in DETAILS.items():
        if other not in (field, "immediate_risk") and value:
            assert value in page, f"{other} was lost"
    assert count_reports(database) == 0


def test_personal_details_are_pointed_out_before_check_your_answers(client):
    risky = "Mum (jo.bloggs@example.com) rang from 07911 123456 about the baby."
    first = post_details(client, what_happened=risky)
    page = text(first)
    assert first.request.path == "/report/details" and "Tell us what happened" in page
    assert "“jo.bloggs@example.com” looks like" in page and "“07911 123456” looks like" in page
    assert risky in page  # never changed for them
    # Continuing with the same text means they have checked it.
    form = hidden_answers(first.get_data(as_text=True))
    again = post_details(client, what_happened=risky, pii_checked=form["pii_checked"][0])
    assert "Check your answers" in text(again)


def test_the_as_you_type_check_answers_json_and_needs_the_csrf_token(client):
    refused = client.post("/report/personal-details", json={"text": "NHS 943 476 5919"})
    assert refused.status_code == 400
    answer = client.post("/report/personal-details", json={"text": "NHS 943 476 5919"},
                         headers={"X-CSRFToken": token(client)})
    assert answer.status_code == 200
    [finding] = answer.get_json()["findings"]
    assert finding["found"] == "943 476 5919" and "NHS number" in finding["label"]


def test_a_form_without_its_csrf_token_is_refused(client, database):
    form = {**DETAILS, "action": "send"}
    assert client.post("/report/check", data=form).status_code == 400
    assert client.post("/report/details", data=form).status_code == 400
    assert count_reports(database) == 0


def test_when_the_database_is_down_at_send_the_answers_stay_and_nothing_is_saved(
        client, app, database):
    check = post_details(client)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE report_events RENAME TO report_events_away")
    try:
        response = send_from_check_page(client, check.get_data(as_text=True))
    finally:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE report_events_away RENAME TO report_events")
    page = text(response)
    assert response.status_code == 503
    assert "your answers are kept on this page" in page and DETAILS["what_happened"] in page
    assert hidden_answers(response.get_data(as_text=True))["reporter_email"] == [
        DETAILS["reporter_email"]]
    assert count_reports(database) == 0
    retried = send_from_check_page(client, response.get_data(as_text=True))
    assert retried.status_code == 303 and count_reports(database) == 1


def test_sending_many_reports_quickly_is_slowed_and_keeps_the_answers(client, database):
    check = post_details(client).get_data(as_text=True)
    for _ in range(20):
        assert send_from_check_page(client, check).status_code == 303
    refused = send_from_check_page(client, check)
    assert refused.status_code == 429 and DETAILS["what_happened"] in text(refused)
    assert "organisation's network or this browser" in text(refused)
    assert count_reports(database) == 20


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/report/details?immediate_risk=no")
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "default-src 'self'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = re.findall(r"<script[^>]*>", response.get_data(as_text=True))
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_body_too_large_to_send_comes_back_as_the_form_cut_to_the_limit(client, database):
    pasted = "The whole case file. " * 15_000  # 315,000 characters
    form = {**DETAILS, "what_happened": pasted, "csrf_token": token(client)}
    response = client.post("/report/details", data=form)
    page = text(response)
    assert response.status_code == 413 and "Tell us what happened" in page
    assert "cut to its first 5,000 characters" in page
    assert f">{pasted[:5000]}</textarea>" in page and pasted[:5001] not in page
    assert DETAILS["reporter_email"] in page and DETAILS["what_stopped_harm"] in page
    assert count_reports(database) == 0


def test_the_browser_stops_a_paste_at_the_limit(client):
    page = client.get("/report/details?immediate_risk=no").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*name="what_happened"[^>]*maxlength="5000"', page) or \
        re.search(r'<textarea[^>]*maxlength="5000"[^>]*name="what_happened"', page)


def test_user_text_is_escaped_in_pages(client):
    hostile = '<script>alert("x")</script> and <b>bold</b>'
    page = post_details(client, what_happened=hostile).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_a_web_report_reaches_the_learning_groups_channel(environ, database):
    from storage.vocabulary import Platform
    from tests.test_routing import ChatPlatform

    environ["SLACK_LEARNING_CHANNEL"] = "C0LEARNING"
    app = create_app(load_settings(environ))
    slack = ChatPlatform()
    app.extensions["learnloop"].messengers[Platform.SLACK] = slack
    client = app.test_client()
    done = report_through_the_form(client, identity_mode="anonymous")
    # Posted after the reporter has their confirmation, on the app's own threads.
    app.extensions["learnloop"].background.shutdown()
    [(address, card)] = slack.sent
    assert address == {"channel": "C0LEARNING"} and card.reference in done


def test_a_change_link_leads_straight_to_its_question(client):
    check = post_details(client)
    form = hidden_answers(check.get_data(as_text=True))
    form["field"] = ["occurred_on"]
    changed = client.post("/report/change", data=form)
    assert changed.status_code == 303 and changed.location.endswith("#occurred_on-day")
    page = client.get(changed.location.split("#")[0]).get_data(as_text=True)
    assert 'id="occurred_on-day"' in page and 'value="priya.shah@health.example"' in page
