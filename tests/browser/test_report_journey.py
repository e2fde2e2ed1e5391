"""A person reports through the web form in a real browser, with and without JavaScript,
at 1280 and 375 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import fill_report
from tests.browser.widths import look_at_both_widths

pytestmark = pytest.mark.browser
WHAT_HAPPENED = ("The strategy discussion invitation went to an old shared mailbox, "
                 "so police missed it.")
CASE_KEY = re.compile(r"([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}")


def test_a_named_report_from_start_to_finish(look, page, live_server):
    page.goto(f"{live_server}/report")
    look_at_both_widths(page, "01-immediate-risk-question", look)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look_at_both_widths(page, "02-immediate-risk-error", look)
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    look_at_both_widths(page, "03-immediate-risk-act-now", look)
    page.get_by_role("button", name="I have made the referral: continue my report").click()

    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    look_at_both_widths(page, "04-details-errors", look)
    page.get_by_role("link", name="Describe what happened").click()
    expect(page.locator("#what_happened")).to_be_focused()

    fill_report(page, identity="Named", what_happened=WHAT_HAPPENED)
    page.get_by_label("Your role").fill("Health visitor")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text(WHAT_HAPPENED).wait_for()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Health visitor")
    look_at_both_widths(page, "05-check-your-answers", look)

    page.get_by_role("button", name="Change when it happened").click()
    expect(page).to_have_url(re.compile(r"#occurred_on-day$"))
    # Playwright waits for the focus, which the browser moves once the page has loaded.
    expect(page.locator("#occurred_on-day")).to_be_focused()
    page.go_back()  # back to check your answers: a page, not "resend the form?"
    page.get_by_role("heading", name="Check your answers before sending your report").wait_for()

    page.get_by_role("button", name="Send report").click()
    page.get_by_role("heading", name="Report sent").wait_for()
    expect(page.locator("main")).to_contain_text("Your name is on the report")
    look_at_both_widths(page, "06-confirmation-named", look)
    assert re.search(r"LL-[2-9A-Z]{4}-[2-9A-Z]{4}", page.locator(".govuk-panel").inner_text())
    page.go_back()  # the report was sent: Back starts a new one, never an error page
    page.get_by_role("heading", name="Is a child at immediate risk of harm right now?").wait_for()


def test_personal_details_are_pointed_out_as_the_reporter_types(look, page, live_server):
    page.goto(f"{live_server}/report/details?immediate_risk=no")
    page.get_by_label("What happened?").fill("Mum's email is jo.bloggs@example.com")
    warning = page.locator("#what_happened-personal-details")
    warning.get_by_text("jo.bloggs@example.com").wait_for()
    assert "looks like" in warning.inner_text()
    look_at_both_widths(page, "07-details-personal-details-warning", look)


def test_your_details_are_revealed_only_for_named_and_confidential(look, page, live_server):
    page.goto(f"{live_server}/report/details?immediate_risk=no")
    details = page.locator("#reporter-details")
    expect(details).to_be_hidden()
    page.get_by_label("Confidential", exact=True).check()
    expect(details).to_be_visible()
    look_at_both_widths(page, "13-details-confidential-revealed", look)
    page.get_by_label("Anonymous", exact=True).check()
    expect(details).to_be_hidden()
    # A paste is stopped at the limit: GOV.UK's count removes maxlength, our script restores it.
    expect(page.get_by_label("What happened?")).to_have_attribute("maxlength", "5000")


def test_an_anonymous_report_then_follow_up_with_the_case_key(look, browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server}/report")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    fill_report(page, identity="Anonymous", what_happened=WHAT_HAPPENED)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send report").click()
    page.get_by_role("heading", name="Report sent").wait_for()
    look_at_both_widths(page, "08-confirmation-anonymous-case-key", look)
    case_key = CASE_KEY.search(page.locator("#case-key").inner_text()).group(0)
    page.set_viewport_size({"width": 375, "height": 900})
    for group in page.locator(".learnloop-case-key__group").all():
        assert group.evaluate("g => g.getClientRects().length") == 1  # never broken
    copy = page.get_by_role("button", name="Copy case key")
    copy.focus()
    page.keyboard.press("Enter")  # from the keyboard, no mouse
    expect(page.locator("#case-key-copied")).to_contain_text("copied")
    assert page.evaluate("navigator.clipboard.readText()") == case_key

    page.goto(f"{live_server}/follow-up")
    look_at_both_widths(page, "09-follow-up-case-key", look)
    page.get_by_label("Case key").fill("WRONG-KEY")
    page.get_by_role("button", name="Continue").click()
    look_at_both_widths(page, "10-follow-up-wrong-key", look)
    page.get_by_label("Case key").fill(case_key)
    page.get_by_role("button", name="Continue").click()
    look_at_both_widths(page, "11-follow-up-report", look)
    page.get_by_label("Write to the learning group").fill("It was the Tuesday meeting.")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Your reply was sent to the learning group.").wait_for()
    look_at_both_widths(page, "12-follow-up-replied", look)
    page.get_by_role("button", name="Sign out of this report").click()
    page.get_by_text("Your report is still open with the learning group.").wait_for()
    look_at_both_widths(page, "14-follow-up-signed-out", look)
    context.close()


def test_the_whole_flow_works_without_javascript(page_without_javascript, live_server):
    page = page_without_javascript
    page.goto(f"{live_server}/report")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#reporter-details")).to_be_visible()  # shown, labelled, without JS
    fill_report(page, identity="Anonymous", what_happened=WHAT_HAPPENED)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Change what happened").click()
    assert page.get_by_label("What happened?").input_value() == WHAT_HAPPENED
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send report").click()
    case_key = CASE_KEY.search(page.locator("#case-key").inner_text()).group(0)
    expect(page.get_by_role("button", name="Copy case key")).to_be_hidden()
    page.goto(f"{live_server}/follow-up")
    page.get_by_label("Case key").fill(case_key)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name=re.compile("Your report LL-")).wait_for()
