"""A person reports through the web form in a real browser, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import fill_report

pytestmark = pytest.mark.browser
WHAT_HAPPENED = ("The strategy discussion invitation went to an old shared mailbox, "
                 "so police missed it.")
CASE_KEY = re.compile(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")


def test_a_named_report_from_start_to_finish(look, page, live_server):
    page.goto(f"{live_server}/report")
    look(page, "01-immediate-risk-question")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look(page, "02-immediate-risk-error")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    look(page, "03-immediate-risk-act-now")
    page.get_by_role("button", name="I have made the referral: continue my report").click()

    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look(page, "04-details-errors")
    page.get_by_role("link", name="Describe what happened").click()
    assert page.evaluate("document.activeElement.id") == "what_happened"

    fill_report(page, identity="Named", what_happened=WHAT_HAPPENED)
    page.get_by_role("button", name="Continue").click()
    look(page, "05-check-your-answers")
    page.get_by_text(WHAT_HAPPENED).wait_for()
    page.get_by_role("button", name="Send report").click()
    look(page, "06-confirmation-named")
    assert re.search(r"LL-[2-9A-Z]{4}-[2-9A-Z]{4}", page.locator(".govuk-panel").inner_text())


def test_personal_details_are_pointed_out_as_the_reporter_types(look, page, live_server):
    page.goto(f"{live_server}/report/details?immediate_risk=no")
    page.get_by_label("What happened?").fill("Mum's email is jo.bloggs@example.com")
    warning = page.locator("#what_happened-personal-details")
    warning.get_by_text("jo.bloggs@example.com").wait_for()
    assert "looks like" in warning.inner_text()
    look(page, "07-details-personal-details-warning")


def test_an_anonymous_report_then_follow_up_with_the_case_key(look, page, live_server):
    page.goto(f"{live_server}/report")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    fill_report(page, identity="Anonymous", what_happened=WHAT_HAPPENED)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send report").click()
    look(page, "08-confirmation-anonymous-case-key")
    case_key = CASE_KEY.search(page.locator("#case-key").inner_text()).group(0)

    page.goto(f"{live_server}/follow-up")
    look(page, "09-follow-up-case-key")
    page.get_by_label("Case key").fill("WRONG-KEY")
    page.get_by_role("button", name="Continue").click()
    look(page, "10-follow-up-wrong-key")
    page.get_by_label("Case key").fill(case_key)
    page.get_by_role("button", name="Continue").click()
    look(page, "11-follow-up-report")
    page.get_by_label("Write to the learning group").fill("It was the Tuesday meeting.")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Your reply was sent to the learning group.").wait_for()
    look(page, "12-follow-up-replied")


def test_the_whole_flow_works_without_javascript(page_without_javascript, live_server):
    page = page_without_javascript
    page.goto(f"{live_server}/report")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    fill_report(page, identity="Anonymous", what_happened=WHAT_HAPPENED)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Change what happened").click()
    assert page.get_by_label("What happened?").input_value() == WHAT_HAPPENED
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send report").click()
    case_key = CASE_KEY.search(page.locator("#case-key").inner_text()).group(0)
    page.goto(f"{live_server}/follow-up")
    page.get_by_label("Case key").fill(case_key)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name=re.compile("Your report LL-")).wait_for()
