"""A learning lead signs in and takes a report from new to closed, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from learning.people.accounts import add_account
from tests.browser.journey import PASSWORD, signed_in_as
from tests.dashboard.reports import a_report
from tests.people import an_agency

pytestmark = pytest.mark.browser


def test_a_lead_signs_in_and_triages_a_report_to_closure(look, page, live_server, database,
                                                         settings):
    an_agency(database, "Riverside Police")
    with database.unit_of_work() as uow:
        add_account(uow, "lead@riverside.example", "learning_lead", password=PASSWORD,
                    display_name="Sam Lead")
    reference = a_report(database, settings, immediate_risk=True,
                         what_happened="Mum rang from 07911 123456 about the baby.")

    page.goto(f"{live_server}/dashboard")
    look(page, "20-sign-in")
    page.get_by_label("Email address").fill("lead@riverside.example")
    page.get_by_label("Password", exact=True).fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look(page, "21-sign-in-error")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    look(page, "22-queue")
    page.locator(".govuk-tag", has_text="Urgent").wait_for()
    page.get_by_role("link", name=reference).click()
    look(page, "23-report-new")
    assert "07911 123456" not in page.locator("#what-happened").inner_text()

    page.get_by_role("button", name="Acknowledge").click()
    page.get_by_role("button", name="Start review").click()
    page.get_by_label("Practitioner huddle or after-action review").check()
    page.get_by_label("Why this response is proportionate").fill("A huddle is enough.")
    page.get_by_role("button", name="Choose response").click()
    page.get_by_role("button", name="Learning identified").click()
    page.get_by_role("button", name="Close with this outcome").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look(page, "24-report-close-error")
    page.get_by_label("You said, we did").fill("We changed how invitations are sent.")
    page.get_by_role("button", name="Close with this outcome").click()
    look(page, "25-report-closed")
    page.get_by_text("We changed how invitations are sent.").first.wait_for()
    summary = page.locator(".govuk-summary-list").inner_text()
    assert re.search(r"Status\s+Closed", summary)


def test_an_admin_sets_up_routing_agencies_and_people(look, page, live_server, database):
    an_agency(database, "Riverside Police")
    signed_in_as(page, live_server, database, "admin@riverside.example", "admin",
                 then="/dashboard/rules")
    page.get_by_role("button", name="Add rule").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look(page, "26-rules-error")
    page.get_by_label("Name", exact=True).fill("Urgent to on-call")
    page.get_by_label("Channel id").fill("C0URGENT")
    page.get_by_label("Urgent reports", exact=True).check()
    page.get_by_role("button", name="Add rule").click()
    page.get_by_label("Urgent", exact=True).check()
    page.get_by_role("button", name="Preview").click()
    assert "1 rule matches" in page.locator("#preview-result").inner_text()
    look(page, "27-rules-preview")
    page.get_by_role("link", name="Agencies").click()
    look(page, "28-agencies")
    page.get_by_role("link", name="People").click()
    look(page, "29-people")
