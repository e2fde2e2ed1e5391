"""A reporter's reply shows in the learning group's navigation and queue until a lead reads it."""

import html
import re
from datetime import UTC, datetime

from learning.reports.follow_up import reply_from_reporter
from learning.reports.triage import find_report
from tests.dashboard.reports import a_report
from tests.test_web_follow_up import anonymous_report, open_with
from tests.web import token


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def reply(app, case_key: str, words: str) -> None:
    reporter = app.test_client()
    open_with(reporter, case_key)
    sent = reporter.post("/follow-up/report", data={
        "reply": words, "csrf_token": token(reporter, "/follow-up/report")})
    assert sent.status_code == 303


def unread_in_nav(page: str) -> int | None:
    found = re.search(r'id="unread-replies"[^>]*>Unread replies <strong[^>]*>(\d+)</strong>', page)
    return int(found.group(1)) if found else None


def close(lead, reference: str) -> None:
    for action, form in [("acknowledge", {}),
                         ("close-no-further-action", {"reason": "Dealt with"})]:
        done = lead.post(f"/dashboard/reports/{reference}/{action}",
                         data={**form, "csrf_token": token(lead, "/report")})
        assert done.status_code == 303


def test_a_reply_is_counted_and_flagged_until_a_lead_opens_the_report(app, client, signed_in):
    lead = signed_in("learning_lead")
    case_key, reference = anonymous_report(client)
    assert unread_in_nav(text(lead.get("/dashboard"))) is None

    reply(app, case_key, "It was the Tuesday strategy meeting.")
    queue = text(lead.get("/dashboard"))
    assert unread_in_nav(queue) == 1
    row = queue.split(f">{reference}</a>")[1].split("</tr>")[0]
    assert "Unread reply" in row

    opened = text(lead.get(f"/dashboard/reports/{reference}"))
    assert "New reply" in opened and "It was the Tuesday strategy meeting." in opened
    after = text(lead.get("/dashboard"))
    assert unread_in_nav(after) is None
    assert "Unread reply" not in after.split(f">{reference}</a>")[1].split("</tr>")[0]
    assert "New reply" not in text(lead.get(f"/dashboard/reports/{reference}"))


def test_a_reply_on_a_closed_report_is_counted_and_listed(app, client, signed_in):
    lead = signed_in("learning_lead")
    case_key, reference = anonymous_report(client)
    close(lead, reference)
    reply(app, case_key, "Thank you for telling me.")

    queue = text(lead.get("/dashboard"))  # open reports only: the closed one is not listed...
    assert unread_in_nav(queue) == 1 and reference not in queue
    listed = text(lead.get("/dashboard?status=all&replies=unread"))  # ...the count's link finds it
    assert reference in listed and "1 report with an unread reply" in listed
    assert "Unread reply" in listed.split(f">{reference}</a>")[1].split("</tr>")[0]


def test_an_agency_lead_looking_leaves_the_reply_unread_for_the_learning_group(
        app, client, settings, database, signed_in):
    reference = a_report(database, settings)
    lead = signed_in("learning_lead")
    police = signed_in("agency_lead")
    with database.unit_of_work() as uow:  # a chat reporter's reply arrives through this too
        reply_from_reporter(uow.session, find_report(uow.session, reference), "More detail.",
                            now=datetime.now(UTC))
        uow.commit()
    police_page = text(police.get(f"/dashboard/reports/{reference}"))
    assert "More detail." in police_page and unread_in_nav(police_page) is None
    assert unread_in_nav(text(lead.get("/dashboard"))) == 1
