"""After "you said, we did", an anonymous reporter on the follow-up page meets the optional
"would you report something like this again?": accessible at both widths, its error said
plainly, and their answer saved."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import fill_report
from tests.browser.test_report_journey import CASE_KEY, WHAT_HAPPENED
from tests.browser.widths import look_at_both_widths
from tests.test_reporters_view_of_the_loop import close

pytestmark = pytest.mark.browser


def test_an_anonymous_reporter_answers_would_you_report_again(look, page, live_server,
                                                               database):
    page.goto(f"{live_server}/report")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    fill_report(page, identity="Anonymous", what_happened=WHAT_HAPPENED)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send report").click()
    case_key = CASE_KEY.search(page.locator("#case-key").inner_text()).group(0)
    reference = re.search(r"LL-[2-9A-Z]{4}-[2-9A-Z]{4}",
                          page.locator(".govuk-panel").inner_text()).group(0)
    close(database, reference)

    page.goto(f"{live_server}/follow-up")
    page.get_by_label("Case key").fill(case_key)
    page.get_by_role("button", name="Continue").click()
    question = page.get_by_role("group", name="Would you report something like this again?")
    expect(question).to_contain_text("Answering is optional")
    look_at_both_widths(page, "15-follow-up-report-again", look)

    page.get_by_role("button", name="Save my answer").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look_at_both_widths(page, "16-follow-up-report-again-error", look)
    page.get_by_role("link", name="Choose yes, not sure or no").click()
    page.get_by_label("Not sure").check()
    page.get_by_role("button", name="Save my answer").click()
    page.get_by_text("Thank you: your answer is saved with the report.").wait_for()
    expect(page.get_by_label("Not sure")).to_be_checked()
    look_at_both_widths(page, "17-follow-up-report-again-saved", look)
