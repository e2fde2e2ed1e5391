import html
import re
from datetime import UTC, datetime

from sqlalchemy import select

from learning.reports import triage
from learning.reports.case_keys import MAX_WRONG_ATTEMPTS
from storage.models import ReportMessage
from tests.people import an_account, load_account
from tests.web import report_through_the_form, token

CASE_KEY = re.compile(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")
REFERENCE = re.compile(r"LL-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")


def anonymous_report(client) -> tuple[str, str]:
    done = report_through_the_form(client, identity_mode="anonymous")
    return CASE_KEY.search(done).group(0), REFERENCE.search(done).group(0)


def open_with(client, case_key):
    return client.post("/follow-up", data={"case_key": case_key,
                                           "csrf_token": token(client, "/follow-up")})


def main_content(response) -> str:
    """The page's own words, without the form's CSRF token (which changes every second)."""
    main = page(response).split("<main")[1].split("</main>")[0]
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', main)


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_case_key_opens_the_report_with_its_status_and_timeline(app, client, database):
    case_key, reference = anonymous_report(client)
    lead = an_account(database, "lead@x.example", "learning_lead")
    with database.unit_of_work() as uow:
        report = triage.find_report(uow.session, reference)
        triage.acknowledge(uow.session, report, by=load_account(uow.session, lead),
                           now=datetime.now(UTC))
        uow.session.add(ReportMessage(report=report, from_reporter=False, account_id=lead,
                                      body="Which meeting was it: the Tuesday strategy meeting?"))
        uow.commit()

    opened = open_with(app.test_client(), case_key.lower().replace("-", " "))
    assert opened.status_code == 303
    client_b = app.test_client()
    open_with(client_b, case_key)
    shown = page(client_b.get("/follow-up/report"))
    assert reference in shown and "Acknowledged" in shown
    assert "The learning group acknowledged your report." in shown
    assert "Which meeting was it" in shown
    assert "lead@x.example" not in shown  # the lead is "the learning group"


def test_the_reporter_can_reply_and_an_empty_reply_keeps_the_page(app, client, database):
    case_key, _ = anonymous_report(client)
    reader = app.test_client()
    open_with(reader, case_key)
    csrf = token(reader, "/follow-up/report")
    empty = reader.post("/follow-up/report", data={"reply": "  ", "csrf_token": csrf})
    assert (empty.status_code == 400 and "Error: " in page(empty)
            and "Write your reply" in page(empty))
    long = "y" * 2001
    too_long = reader.post("/follow-up/report", data={"reply": long, "csrf_token": csrf})
    assert too_long.status_code == 400 and long in page(too_long)
    sent = reader.post("/follow-up/report", data={"reply": "Yes, the Tuesday one.",
                                                  "csrf_token": csrf})
    assert sent.status_code == 303
    assert "Yes, the Tuesday one." in page(reader.get(sent.location))
    with database.unit_of_work() as uow:
        [message] = uow.session.scalars(select(ReportMessage)).all()
        assert message.from_reporter and message.account_id is None


def test_follow_up_of_one_report_never_shows_another(app, client):
    key_a, reference_a = anonymous_report(client)
    key_b, reference_b = anonymous_report(client)
    reader = app.test_client()
    open_with(reader, key_a)
    shown = page(reader.get("/follow-up/report"))
    assert reference_a in shown and reference_b not in shown
    open_with(reader, key_b)
    shown = page(reader.get("/follow-up/report"))
    assert reference_b in shown and reference_a not in shown


def test_wrong_keys_lock_the_case_key_and_say_nothing_about_whether_it_exists(app, client):
    case_key, reference = anonymous_report(client)
    wrong = case_key[:-1] + ("Z" if case_key[-1] != "Z" else "Y")
    reader = app.test_client()
    unknown = main_content(open_with(reader, "2222-2222-2222-2222-2222-2222"))
    for _ in range(MAX_WRONG_ATTEMPTS):
        response = open_with(reader, wrong)
        assert response.status_code == 400
        assert main_content(response) == unknown.replace("2222-2222-2222-2222-2222-2222", wrong)
    locked = open_with(reader, case_key)
    assert locked.status_code == 400 and reference not in page(locked)
    assert reader.get("/follow-up/report").location.endswith("/follow-up")


def test_the_report_page_needs_a_case_key_first(client):
    assert client.get("/follow-up/report").location.endswith("/follow-up")
    response = client.post("/follow-up/report", data={"reply": "hi",
                                                      "csrf_token": token(client, "/follow-up")})
    assert "Enter your case key again" in page(response)


def test_an_empty_case_key_is_asked_for(client):
    response = client.post("/follow-up", data={"csrf_token": token(client, "/follow-up")})
    assert response.status_code == 400 and "Enter your case key" in page(response)
