"""The database goes away while a reporter writes a reply: the 503 page keeps it, is
accessible at desktop and phone widths, and its Try again sends the reply once it is back."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import fill_report, signed_in_as
from tests.outages import database_away

pytestmark = pytest.mark.browser

REPLY = "It was the Tuesday strategy meeting; the invite went to the old duty inbox."
CASE_KEY = re.compile(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")
WIDTHS = (1280, 375)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_reply_written_during_an_outage_is_kept_and_sent_on_try_again(
        look, page, live_server, app, database):
    page.goto(f"{live_server}/report/details?immediate_risk=no")
    fill_report(page, identity="Anonymous", what_happened="The invitation went astray.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_url(re.compile(r"/report/done$"))
    case_key = CASE_KEY.search(page.content()).group(0)
    page.goto(f"{live_server}/follow-up")
    page.get_by_label("Case key").fill(case_key)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Write to the learning group").fill(REPLY)
    with database_away(app.extensions["learnloop"].database):
        page.get_by_role("button", name="Send reply").click()
        expect(page).to_have_title(re.compile("your reply could not be sent just now"))
        expect(page.get_by_text(REPLY)).to_be_visible()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            look(page, f"60-unavailable-reply-{width}")
            assert fits(page), width
    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_text("Your reply was sent to the learning group.")).to_be_visible()
    expect(page.get_by_text(REPLY)).to_be_visible()


def test_the_dashboard_during_an_outage_offers_try_again(look, page, live_server, app,
                                                         database):
    signed_in_as(page, live_server, database, "lead@riverside.example", "learning_lead")
    with database_away(app.extensions["learnloop"].database):
        page.goto(f"{live_server}/dashboard?q=duty+inbox")
        expect(page).to_have_title(re.compile("reports cannot be shown just now"))
        expect(page.get_by_text("duty inbox")).to_be_visible()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            look(page, f"61-unavailable-dashboard-{width}")
            assert fits(page), width
    page.get_by_role("link", name="Try again").click()
    expect(page).to_have_url(re.compile(r"/dashboard\?q=duty\+inbox$"))
    expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile("Sorry"))
