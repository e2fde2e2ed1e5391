"""First start, an admin's first pages, and a learning lead's month in the demo partnership, in a
real browser at desktop and phone widths: axe-checked, and never wider than the screen."""

import re

import pytest
from playwright.sync_api import expect

from learning.demo import DEMO_LEAD_EMAIL, seed_demo
from learning.people.accounts import add_account
from tests.browser.journey import PASSWORD

pytestmark = pytest.mark.browser
WIDTHS = (1280, 375)


def at_both_widths(page, look, name: str) -> None:
    """The page as it stands, at a desktop and a phone width: accessible, and no sideways
    scrolling (the page's own width is never more than the window's)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{name} is {wide}px wide at {width}px"
        look(page, f"{name}-{width}")


def sign_in(page, live_server: str, email: str, password: str) -> None:
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_first_start_then_an_admin_signs_in_to_their_own_pages(look, page, live_server,
                                                                database):
    page.goto(f"{live_server}/sign-in")
    expect(page.get_by_text("Nobody can sign in yet")).to_be_visible()
    at_both_widths(page, look, "40-sign-in-first-start")

    with database.unit_of_work() as uow:
        add_account(uow, "admin@riverside.example", "admin", password=PASSWORD)
    sign_in(page, live_server, "admin@riverside.example", PASSWORD)
    expect(page).to_have_url(f"{live_server}/dashboard/rules")
    expect(page.get_by_role("heading", name="Routing rules")).to_be_visible()
    at_both_widths(page, look, "41-admin-first-page")

    page.get_by_role("link", name="Agencies").click()
    page.get_by_label("Name", exact=True).fill("Riverside Children's Social Care")
    page.get_by_role("button", name="Add agency").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Agency added")
    at_both_widths(page, look, "42-agencies-saved")
    page.get_by_role("link", name="People").click()
    page.get_by_label("Name", exact=True).fill("Priya Shah")
    page.get_by_label("Work email").fill("priya.shah@riverside.example")
    page.get_by_role("button", name="Save person").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Person saved")
    at_both_widths(page, look, "43-people-saved")


def test_a_lead_works_through_the_demo_month(look, page, live_server, database, settings):
    from datetime import UTC, datetime

    demo = seed_demo(database, settings, now=datetime.now(UTC))
    sign_in(page, live_server, DEMO_LEAD_EMAIL, demo.password)
    expect(page).to_have_url(f"{live_server}/dashboard")
    expect(page.locator("#unread-replies")).to_contain_text("2")
    at_both_widths(page, look, "44-queue")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#from-day").fill("9")
    page.locator("#from-month").fill("3")
    page.locator("#from-year").fill("2026")
    page.locator("#to-day").fill("2")
    page.locator("#to-month").fill("3")
    page.locator("#to-year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Sent to must be the same as")
    expect(page.locator("#to-day")).to_have_value("2")
    at_both_widths(page, look, "45-queue-impossible-dates")

    page.locator("#unread-replies").click()
    expect(page.locator(".govuk-tag", has_text="Unread reply")).to_have_count(2)
    at_both_widths(page, look, "46-queue-unread-replies")
    page.set_viewport_size({"width": 1280, "height": 900})
    closed = page.locator('td[data-label="Status"]', has_text=re.compile(r"^\s*Closed\s*$"))
    closed_row = page.locator("tr").filter(has=closed)
    closed_row.get_by_role("link").first.click()
    expect(page.get_by_text("This report is closed, so it cannot be changed")).to_be_visible()
    expect(page.get_by_text("New reply")).to_be_visible()
    expect(page.get_by_role("button", name="Save classification")).to_have_count(0)
    at_both_widths(page, look, "47-report-closed-read-only")

    page.get_by_role("link", name="Back to reports").click()
    new = page.locator('td[data-label="Status"]', has_text=re.compile(r"^\s*New\s*$"))
    page.locator("tr").filter(has=new).get_by_role("link").first.click()
    expect(page.locator(".govuk-button:not(.govuk-button--secondary)")).to_have_text(
        ["Acknowledge"])
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Report acknowledged")
    at_both_widths(page, look, "48-report-acknowledged")

    page.get_by_role("link", name="Learning nuggets").click()
    expect(page.locator("td", has_text="Not delivered")).to_be_visible()
    at_both_widths(page, look, "49-nuggets")
